import { afterEach, describe, expect, it } from 'vitest';
import { JOBS_INDEX } from '../../../src/endpoints/jobs/index.js';
import { readConditions } from '../../../src/notify/conditions.js';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import type { SimJob } from '../../../src/sim/scenario.js';
import { ADMIN_KEY, capturedLogger, FRESH_CONDITIONS, READER_KEY, testConfig } from './helpers.js';

const opened: Array<{ sim: SimulatedMisp; monitor: InstanceMonitor }> = [];

async function watch(key = ADMIN_KEY) {
  const sim = await startSimulatedMisp({ keys: { [ADMIN_KEY]: 'siteAdmin', [READER_KEY]: 'readOnly' } });
  const monitor = new InstanceMonitor(1, testConfig(sim.url, { apiKey: key, intervals: { jobs: 5, statistics: 5 } }), capturedLogger().logger);
  opened.push({ sim, monitor });
  return { sim, monitor };
}

afterEach(async () => {
  for (const { sim, monitor } of opened.splice(0)) {
    await monitor.stop();
    await sim.close();
  }
});

/** A pull that failed as 2.5.1 reports it: jobs.status 3, while the worker's record says Completed. */
const failedPull = (id: number): SimJob => ({
  id,
  queue: 'default',
  type: 'pull',
  input: 'Server: 6',
  status: 3,
  jobStatus: 'Completed',
  message: "ERROR: curl error 7 'Couldn't connect to server' (sync ÄÖ)",
  createdAgoSeconds: 30,
  modifiedAgoSeconds: 29,
});


describe('background jobs through the simulated MISP over real HTTP', () => {
  it('counts the newest jobs by jobs.status, and reports failures that appear after the first poll', async () => {
    const { sim, monitor } = await watch();
    const first = await monitor.pollOnce();
    expect(first.polls.jobs.status).toBe('ok');
    expect(first.jobs).toMatchObject({ read: 3, completed: 3, failed: 0, newFailed: 0, failedTotal: 0, newestFailure: null });
    expect(readConditions(first, ['jobsFailed'], FRESH_CONDITIONS)[0]?.active).toBe(false);

    sim.state.jobs.push(failedPull(4), { ...failedPull(5), type: 'fetch_feeds', input: 'Feed: 7', status: 0, jobStatus: 'Running', message: 'Fetching.' });
    const second = await monitor.pollOnce();
    expect(second.jobs).toMatchObject({ read: 5, failed: 1, running: 1, newFailed: 1, failedTotal: 1 });
    expect(second.jobs?.newestFailure).toMatchObject({ type: 'pull', input: 'Server: 6', message: "ERROR: curl error 7 'Couldn't connect to server' (sync ÄÖ)" });
    expect(second.jobs?.types.find((t) => t.name === 'pull')).toMatchObject({ failed: 1 });
    expect(readConditions(second, ['jobsFailed'], FRESH_CONDITIONS)[0]?.active).toBe(true);
    expect(sim.state.requests.get(JOBS_INDEX)).toBe(2);

    const third = await monitor.pollOnce();
    expect(third.jobs).toMatchObject({ newFailed: 0, failedTotal: 1 });
  });

  it('names a wrong-shaped answer, keeps the last good jobs data and the other groups', async () => {
    const { sim, monitor } = await watch();
    await monitor.pollOnce();
    sim.state.rawBodies.set(JOBS_INDEX, JSON.stringify([{ Job: { id: '1', status: 'x' } }]));
    const snapshot = await monitor.pollOnce();
    expect(snapshot.polls.jobs.status).toBe('invalidResponse');
    expect(snapshot.polls.jobs.lastError).toMatch(/jobs\/index\[0\]\.Job/);
    expect(snapshot.jobs).toMatchObject({ read: 3 });
    expect(snapshot.polls.statistics.status).toBe('ok');
  });

  it("background jobs off (MISP's own 404) is a valid state; a key without site admin is denied", async () => {
    const { sim, monitor } = await watch();
    sim.state.backgroundJobs = false;
    const off = await monitor.pollOnce();
    expect(off.polls.jobs.status).toBe('ok');
    expect(off.jobs).toMatchObject({ backgroundJobsEnabled: false, read: 0, failed: 0, newFailed: 0 });
    sim.state.backgroundJobs = true;
    expect((await monitor.pollOnce()).jobs).toMatchObject({ backgroundJobsEnabled: true, read: 3 });
    const reader = await watch(READER_KEY);
    expect((await reader.monitor.pollOnce()).polls.jobs.status).toBe('permissionDenied');
  });

  it('a plain 404 (e.g. a wrong base URL) is notFound, not background jobs off, and keeps the last good data', async () => {
    const { sim, monitor } = await watch();
    await monitor.pollOnce();
    sim.setFailure(JOBS_INDEX, 'notFound');
    const missing = await monitor.pollOnce();
    expect(missing.polls.jobs.status).toBe('notFound');
    expect(missing.polls.jobs.lastError).toMatch(/HTTP 404: Not Found/);
    expect(missing.jobs).toMatchObject({ backgroundJobsEnabled: true, read: 3 });
  });
});
