import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWorkers } from '../../../src/endpoints/workers/parse.js';
import { PollError } from '../../../src/http/poll-error.js';

const worker = (pid: number, alive: boolean | 'N/A', correctUser = true) => ({
  pid,
  user: correctUser ? 'www-data' : 'misp',
  alive,
  correct_user: correctUser,
  ok: alive !== false && correctUser,
});

describe('parseWorkers', () => {
  it('counts workers, sums every queue jobCount and ignores non-queue keys (SimpleBackgroundJobs)', () => {
    const data = parseWorkers({
      default: { ok: true, workers: [worker(12, true), worker(11, true)], jobCount: 3 },
      prio: { ok: true, workers: [worker(20, true)], jobCount: 4 },
      email: { ok: false, workers: [worker(30, false, false)], jobCount: 0 },
      update: { ok: false, jobCount: 7 },
      proc_accessible: true,
      controls: 1,
      supervisord_status: true,
    });
    expect(data).toMatchObject({
      backgroundJobsEnabled: true,
      workersAlive: 3,
      workersDead: 1,
      workersUnknown: 0,
      queuesOk: 2,
      queuesNotOk: 2,
      jobsPending: 14,
    });
    expect(data.queues.map((queue) => [queue.name, queue.index])).toEqual([
      ['default', 1],
      ['prio', 2],
      ['email', 3],
      ['update', 5],
    ]);
    expect(data.queues[0]?.workers.map((w) => [w.index, w.pid])).toEqual([
      [1, 11],
      [2, 12],
    ]);
    expect(data.queues[3]).toMatchObject({ ok: false, workers: [], jobsPending: 7 });
  });

  it('counts alive "N/A" on its own, neither alive nor dead, and keeps the raw facts', () => {
    const data = parseWorkers({
      default: { ok: true, workers: [worker(1, 'N/A'), worker(2, 'N/A', false)], jobCount: 0 },
      proc_accessible: false,
      controls: 1,
    });
    expect(data).toMatchObject({ workersAlive: 0, workersDead: 0, workersUnknown: 2, queuesOk: 1 });
    expect(data.queues[0]?.workers.map((w) => [w.alive, w.correctUser])).toEqual([
      [null, true],
      [null, false],
    ]);
  });

  it('reads CakeResque (2.4.130): scheduler without jobCount, a crashed worker listed, queue judged by its workers', () => {
    const data = parseWorkers({
      default: { ok: true, workers: [worker(5, false)], jobCount: 2 },
      scheduler: { ok: true, workers: [worker(6, true)] },
      proc_accessible: true,
      controls: 1,
    });
    const [defaultQueue, scheduler] = data.queues;
    // MISP 2.4.130 said ok for default although its only worker had crashed.
    expect(defaultQueue).toMatchObject({ ok: false, workersDead: 1, workersAlive: 0, jobsPending: 2 });
    expect(scheduler).toMatchObject({ index: 6, ok: true, jobsPending: null });
    expect(data.jobsPending).toBe(2);
  });

  it('reads "background jobs off" (a list) as disabled with no queues', () => {
    expect(parseWorkers(['Background jobs not enabled'])).toMatchObject({ backgroundJobsEnabled: false, queues: [], jobsPending: 0 });
  });

  it('accepts a numeric-string pid and jobCount', () => {
    const data = parseWorkers({ default: { workers: [{ ...worker(1, true), pid: '77' }], jobCount: '12' } });
    expect(data.queues[0]).toMatchObject({ jobsPending: 12, workers: [{ pid: 77 }] });
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['no queue', { proc_accessible: true }],
    ['workers not a list', { default: { workers: 'x' } }],
    ['alive of the wrong type', { default: { workers: [{ ...worker(1, true), alive: 'yes' }] } }],
    ['negative jobCount', { default: { jobCount: -1 } }],
    ['NaN-like jobCount', { default: { jobCount: 'NaN' } }],
    ['pid not a number', { default: { workers: [{ ...worker(1, true), pid: 'abc' }] } }],
  ])('refuses %s with a clear invalidResponse error', (_label, body) => {
    expect(() => parseWorkers(body)).toThrow(PollError);
    try {
      parseWorkers(body);
    } catch (error) {
      expect((error as PollError).status).toBe('invalidResponse');
      expect((error as PollError).message).toMatch(/getWorkers/);
    }
  });

  it('bounds a hostile 10 kB queue name with control characters and clamps a huge jobCount', () => {
    const name = `evil\n\u0007${'日'.repeat(10_000)}`;
    const data = parseWorkers({ [name]: { workers: [worker(1, true)], jobCount: 1e300 } });
    const queue = data.queues[0];
    expect(Array.from(queue?.name ?? '').length).toBeLessThanOrEqual(64);
    expect(queue?.name).toMatch(/^evil  日+$/);
    expect(queue?.jobsPending).toBe(Number.MAX_SAFE_INTEGER);
    expect(queue?.index).toBeGreaterThan(6);
  });

  it('keeps queue names and worker users as UTF-8 (not folded to ASCII), each queue with a stable index of its own', () => {
    const body = { 'file_d’attente_é': { workers: [{ ...worker(1, true), user: 'wébmestre' }], jobCount: 0 }, '日本語🚀': { workers: [worker(2, true)], jobCount: 0 } };
    const data = parseWorkers(body);
    expect(data.queues.map((q) => q.name).sort()).toEqual(['file_d’attente_é', '日本語🚀']);
    expect(data.queues.flatMap((q) => q.workers.map((w) => w.user))).toContain('wébmestre');
    expect(parseWorkers(body).queues.map((q) => q.index)).toEqual(data.queues.map((q) => q.index));
    expect(() => parseWorkers({ default: { workers: [{ ...worker(1, true), user: { name: 'x' } }] } })).toThrow(/getWorkers.default.workers\[0\].user/);
  });

  it('never throws anything but PollError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseWorkers(value);
        } catch (error) {
          return error instanceof PollError;
        }
        return true;
      }),
    );
  });
});
