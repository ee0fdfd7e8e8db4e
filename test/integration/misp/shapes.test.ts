import { afterEach, describe, expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import type { MispVariant } from '../../../src/sim/scenario.js';
import { ADMIN_KEY, capturedLogger, testConfig } from './helpers.js';

const ALL_GROUPS = { probe: 5, version: 5, workers: 5, statistics: 5, diagnostics: 5, jobs: 5 };
const opened: Array<{ sim: SimulatedMisp; monitor: InstanceMonitor }> = [];

async function pollVariant(variant: MispVariant, prepare: (sim: SimulatedMisp) => void = () => undefined) {
  const sim = await startSimulatedMisp({ variant, keys: { [ADMIN_KEY]: 'siteAdmin' } });
  prepare(sim);
  const monitor = new InstanceMonitor(1, testConfig(sim.url, { intervals: ALL_GROUPS }), capturedLogger().logger);
  opened.push({ sim, monitor });
  return { sim, snapshot: await monitor.pollOnce() };
}

afterEach(async () => {
  for (const { sim, monitor } of opened.splice(0)) {
    await monitor.stop();
    await sim.close();
  }
});

describe('every MISP variant over real HTTP', () => {
  it.each<MispVariant>(['2.4.130', '2.4-sbj', '2.5'])('%s: all groups ok, same statistics whatever the encoding', async (variant) => {
    const { snapshot } = await pollVariant(variant);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.reachable).toBe(true);
    expect(snapshot.statistics).toMatchObject({ events: 1200, attributes: 250_000, correlations: 88_001 >> (variant === '2.4.130' ? 1 : 0) });
    expect(snapshot.workers?.jobsPending).toBe(9);
    expect(snapshot.diagnostics).toMatchObject({ dbSchemaOk: true, settingsRecommended: 2, settingsOptional: 5, redisMemoryBytes: 12_582_912 });
    expect(snapshot.jobs).toMatchObject({ read: 3, completed: 3, failed: 0, newFailed: 0 });
  });

  it('2.4.130 has no heartbeat: the probe falls back to getVersion', async () => {
    const { snapshot, sim } = await pollVariant('2.4.130');
    expect(snapshot.probe).toMatchObject({ endpoint: '/servers/getVersion', httpStatus: 200 });
    expect(snapshot.probe?.totalUs).toBeGreaterThanOrEqual(snapshot.probe?.ttfbUs ?? Infinity);
    expect(snapshot.probe?.connectUs).toBeGreaterThan(0);
    expect(sim.state.requests.get('/users/heartbeat')).toBe(1);
    expect(snapshot.workers?.queues.find((queue) => queue.name === 'scheduler')).toMatchObject({ index: 6, jobsPending: null });
  });

  it('2.4.130 keeps a crashed worker listed: counted dead, queue not ok despite MISP saying ok', async () => {
    const { snapshot } = await pollVariant('2.4.130', (sim) => {
      const email = sim.state.queues.email;
      if (email?.workers[0]) email.workers[0].state = 'dead';
    });
    expect(snapshot.workers).toMatchObject({ workersDead: 1, queuesNotOk: 1 });
    expect(snapshot.workers?.queues.find((queue) => queue.name === 'email')).toMatchObject({ ok: false, workersDead: 1 });
    expect(snapshot.status).toBe('degraded');
  });

  it('SimpleBackgroundJobs forgets stopped workers: the queue has no workers and is not ok', async () => {
    const { snapshot } = await pollVariant('2.5', (sim) => {
      const prio = sim.state.queues.prio;
      if (prio?.workers[0]) prio.workers[0].state = 'dead';
    });
    expect(snapshot.workers?.queues.find((queue) => queue.name === 'prio')).toMatchObject({ ok: false, workers: [], workersDead: 0 });
  });

  it('wrong user workers are dead with the raw facts kept; /proc unreadable makes every worker unknown', async () => {
    const wrong = await pollVariant('2.5', (sim) => {
      const cache = sim.state.queues.cache;
      if (cache?.workers[0]) cache.workers[0].state = 'wrongUser';
    });
    expect(wrong.snapshot.workers?.queues.find((queue) => queue.name === 'cache')?.workers[0]).toMatchObject({ alive: false, correctUser: false, user: 'misp' });
    const unknown = await pollVariant('2.5', (sim) => (sim.state.procAccessible = false));
    expect(unknown.snapshot.workers).toMatchObject({ workersAlive: 0, workersDead: 0, workersUnknown: 6, queuesOk: 5 });
  });

  it('an unknown queue gets a stable index above the known ones', async () => {
    const { snapshot } = await pollVariant('2.5', (sim) => (sim.state.queues.custom = { workers: [{ pid: 9, state: 'alive' }], jobCount: 4 }));
    const custom = snapshot.workers?.queues.find((queue) => queue.name === 'custom');
    expect(custom?.index).toBeGreaterThan(6);
    expect(snapshot.workers?.jobsPending).toBe(13);
  });

  it('background jobs off is a valid state, not a failure', async () => {
    const { snapshot } = await pollVariant('2.4-sbj', (sim) => (sim.state.backgroundJobs = false));
    expect(snapshot.polls.workers.status).toBe('ok');
    expect(snapshot.workers).toMatchObject({ backgroundJobsEnabled: false, queues: [] });
  });
});
