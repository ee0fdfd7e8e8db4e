import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JobsTracker, parseJobs } from '../../../src/endpoints/jobs/parse.js';
import { PollError } from '../../../src/http/poll-error.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));
/** Ten minutes after the captures (00:41-00:43 on 2026-11-29, MISP's local time, read as ours). */
const NOW = new Date(2026, 10, 29, 0, 53, 0).getTime();

type Row = { Job: Record<string, unknown>; Org: unknown };
const rows = (name: string): Row[] => fixture(name) as Row[];
const withJob = (row: Row, job: Record<string, unknown>): Row => ({ ...row, Job: { ...row.Job, ...job } });

describe('parseJobs on real MISP 2.5.1 answers', () => {
  it('takes the outcome from jobs.status: a failed pull and push are failed although job_status says Completed', () => {
    const jobs = parseJobs(fixture('jobs_index_after_pull_push'), NOW);
    const byType = Object.fromEntries(jobs.map((job) => [job.type, job]));
    expect(byType.pull).toMatchObject({ outcome: 'failed', input: 'Server: 6', queue: 'default' });
    expect(byType.pull?.message).toMatch(/^ERROR: curl error 7/);
    expect(byType.push).toMatchObject({ outcome: 'failed' });
    expect(byType.cache_servers).toMatchObject({ outcome: 'completed' });
  });

  it('counts a not-ended pull whose worker runs as running, and the feed fetch that failed as failed', () => {
    const running = parseJobs(fixture('jobs_index_pull_running'), NOW).find((job) => job.id === 22);
    expect(running).toMatchObject({ type: 'pull', outcome: 'running' });
    const feeds = parseJobs(fixture('jobs_index_after_feeds'), NOW);
    expect(feeds.find((job) => job.type === 'fetch_feeds')).toMatchObject({ outcome: 'failed', input: 'Feed: 7' });
    // cache_feeds says status 4 even when a feed failed ("Failed: 1"): MISP's verdict is served as it is.
    expect(feeds.filter((job) => job.type === 'cache_feeds').map((job) => job.outcome)).toEqual(['completed', 'completed']);
  });

  it('counts a row left at status 0 after its worker ended more than an hour ago as stale (the worker died)', () => {
    const [row] = rows('jobs_index_pull_running');
    const dead = withJob(row!, { status: '0', job_status: 'Unknown', date_modified: '2026-11-28 22:00:00' });
    const finishing = withJob(row!, { status: '0', job_status: 'Completed', date_modified: '2026-11-29 00:52:30' });
    expect(parseJobs([dead, finishing], NOW).map((job) => job.outcome)).toEqual(['stale', 'running']);
  });

  it('keeps names and messages as UTF-8 and bounds them', () => {
    const [row] = rows('jobs_index_after_pull_push');
    const [job] = parseJobs([withJob(row!, { message: `Failed pull from agentx sync test ÄÖ\n${'é'.repeat(1000)}` })], NOW);
    expect(job?.message.startsWith('Failed pull from agentx sync test ÄÖ é')).toBe(true);
    expect(Array.from(job?.message ?? '')).toHaveLength(255);
  });

  it.each<[string, unknown, RegExp]>([
    ['an object instead of the list', { name: 'Background jobs are not enabled on this instance.' }, /jobs\/index: answer is not a list/],
    ['a row without Job', [{ Org: {} }], /jobs\/index\[0\]: has no "Job" object/],
    ['a status MISP never writes', [withJob(rows('jobs_index_after_pull_push')[0]!, { status: '9' })], /jobs\/index\[0\]\.Job\.status: is 9/],
    ['a date in another format', [withJob(rows('jobs_index_after_pull_push')[0]!, { date_modified: '29/11/2026' })], /Job\.date_modified: is not a date/],
  ])('refuses %s with an error naming the field', (_what, body, message) => {
    expect(() => parseJobs(body, NOW)).toThrow(PollError);
    expect(() => parseJobs(body, NOW)).toThrow(message);
  });
});

describe('JobsTracker', () => {
  const base = rows('jobs_index_after_feeds');

  it('counts outcomes over the window and per type, and names the newest failure', () => {
    const data = new JobsTracker().apply(parseJobs(base, NOW), NOW);
    // The posts_alert job of 23:34 the day before is inside the 24 h window too.
    expect(data).toMatchObject({ read: 7, windowFull: false, failed: 3, completed: 4, running: 0, pending: 0, stale: 0, windowSeconds: 86_400 });
    expect(data.newestFailure).toMatchObject({ id: 19, type: 'fetch_feeds', input: 'Feed: 7' });
    const types = Object.fromEntries(data.types.map((t) => [t.name, t]));
    expect(types.pull).toMatchObject({ failed: 1, completed: 0 });
    expect(types.cache_feeds).toMatchObject({ failed: 0, completed: 2 });
    expect(new Set(data.types.map((t) => t.index)).size).toBe(data.types.length);
    expect(data.types.every((t) => t.index >= 1000)).toBe(true);
  });

  it('leaves jobs created before the window out of the counts', () => {
    const data = new JobsTracker().apply(parseJobs(base, NOW + 2 * 86_400_000), NOW + 2 * 86_400_000);
    expect(data).toMatchObject({ read: 7, failed: 0, completed: 0, newestFailure: null, types: [] });
  });

  it('takes note of the failures at the first poll, then counts each new one once', () => {
    const tracker = new JobsTracker();
    expect(tracker.apply(parseJobs(base, NOW), NOW)).toMatchObject({ newFailed: 0, failedTotal: 0 });
    const newPull = withJob(base[0]!, { id: '30', job_type: 'pull', job_input: 'Server: 6', status: '3', message: 'ERROR: again' });
    const second = tracker.apply(parseJobs([newPull, ...base], NOW), NOW);
    expect(second).toMatchObject({ newFailed: 1, failedTotal: 1 });
    expect(second.newestFailure).toMatchObject({ id: 30, message: 'ERROR: again' });
    expect(tracker.apply(parseJobs([newPull, ...base], NOW), NOW)).toMatchObject({ newFailed: 0, failedTotal: 1 });
  });

  it('keeps the newest job of each type and input after it left the page', () => {
    const tracker = new JobsTracker();
    tracker.apply(parseJobs(base, NOW), NOW);
    const later = withJob(base[0]!, { id: '40', job_type: 'publish_event', job_input: 'Event ID: 3' });
    const data = tracker.apply(parseJobs([later], NOW), NOW);
    expect(data.latest.get('pull|Server: 6')).toMatchObject({ id: 16, outcome: 'failed' });
    expect(data.latest.get('publish_event|Event ID: 3')).toMatchObject({ id: 40 });
  });

  it('says the window is full when all 100 jobs read were created within it', () => {
    const page = Array.from({ length: 100 }, (_, i) => withJob(base[0]!, { id: String(200 - i) }));
    expect(new JobsTracker().apply(parseJobs(page, NOW), NOW).windowFull).toBe(true);
  });
});
