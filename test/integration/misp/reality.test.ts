import { afterEach, describe, expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import type { InstanceConfig } from '../../../src/domain/instance-config.js';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { startSimulatedSupervisord } from '../../../src/sim/simulated-supervisord.js';
import type { MispVariant } from '../../../src/sim/scenario.js';
import { ADMIN_KEY, READER_KEY, capturedLogger, testConfig } from './helpers.js';

/**
 * What issue 13 found on a real MISP 2.5.1, replayed through the simulator over real HTTP: a
 * stopped worker, supervisord down, MISP.live off for a site-admin key, a schema mismatch, the
 * pre-2.4.194 heartbeat, a cut heartbeat answer, an unreachable MISP.
 */
const SUPERVISOR = { username: 'supervisor', password: 'sup-loopback-pw' };
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulated(variant: MispVariant = '2.5'): Promise<SimulatedMisp> {
  const sim = await startSimulatedMisp({ variant, keys: { [ADMIN_KEY]: 'siteAdmin', [READER_KEY]: 'readOnly' } });
  cleanups.push(() => sim.close());
  return sim;
}

function monitorFor(config: InstanceConfig): { poll: () => Promise<InstanceSnapshot>; logs: ReturnType<typeof capturedLogger> } {
  const logs = capturedLogger();
  const monitor = new InstanceMonitor(1, config, logs.logger);
  cleanups.push(() => monitor.stop());
  return { poll: () => monitor.pollOnce(), logs };
}

const queue = (snapshot: InstanceSnapshot, name: string) => snapshot.workers?.queues.find((q) => q.name === name);

describe('workers that should be there (MISP 2.5, SimpleBackgroundJobs)', () => {
  it('a stopped worker vanishes from MISP\'s list; supervisord still runs it as a process, so it is missing', async () => {
    const sim = await simulated();
    const supervisord = await startSimulatedSupervisord(sim.state, SUPERVISOR);
    cleanups.push(() => supervisord.close());
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5, workers: 5 }, workers: { expected: {}, supervisor: { url: supervisord.url, ...SUPERVISOR } } }));
    const atRest = await poll();
    expect(atRest.workers).toMatchObject({ workersRunning: 6, workersExpected: 6, workersMissing: 0, expectedSource: 'supervisord', supervisordRunning: true });
    expect(atRest.status).toBe('ok');
    sim.state.queues.default!.workers[0]!.state = 'dead';
    const stopped = await poll();
    expect(queue(stopped, 'default')).toMatchObject({ ok: true, workersRunning: 1, workersExpected: 2, workersMissing: 1, workersDead: 0 });
    expect(stopped.workers).toMatchObject({ workersMissing: 1, workersDead: 0, queuesNotOk: 0 });
    expect(stopped.status).toBe('degraded');
  });

  it('without supervisord configured, the most seen since start is expected', async () => {
    const sim = await simulated();
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { workers: 5 } }));
    await poll();
    sim.state.queues.prio!.workers[0]!.state = 'dead';
    const stopped = await poll();
    expect(queue(stopped, 'prio')).toMatchObject({ ok: false, workers: [], workersExpected: 1, workersMissing: 1, expectedSource: 'mostSeen' });
  });

  it('supervisord down: MISP says so, lists no worker, and every expected worker is missing', async () => {
    const sim = await simulated();
    const supervisord = await startSimulatedSupervisord(sim.state, SUPERVISOR);
    cleanups.push(() => supervisord.close());
    const { poll, logs } = monitorFor(testConfig(sim.url, { intervals: { workers: 5 }, workers: { expected: {}, supervisor: { url: supervisord.url, ...SUPERVISOR } } }));
    await poll();
    sim.state.supervisord = false;
    const down = await poll();
    expect(down.workers).toMatchObject({ supervisordRunning: false, workersRunning: 0, workersExpected: 6, workersMissing: 6, queuesNotOk: 5, expectedSource: 'mostSeen' });
    expect(down.status).toBe('degraded');
    expect(logs.lines().some((line) => String(line['msg']).startsWith('supervisord XML-RPC failed'))).toBe(true);
    sim.state.supervisord = true;
    expect((await poll()).workers).toMatchObject({ supervisordRunning: true, workersMissing: 0, expectedSource: 'supervisord' });
  });

  it('a wrong supervisord password falls back without failing the group, and never shows the password', async () => {
    const sim = await simulated();
    const supervisord = await startSimulatedSupervisord(sim.state, SUPERVISOR);
    cleanups.push(() => supervisord.close());
    const { poll, logs } = monitorFor(testConfig(sim.url, { intervals: { workers: 5 }, workers: { expected: { default: 3 }, supervisor: { url: supervisord.url, username: 'supervisor', password: 'WrongPassword77' } } }));
    const snapshot = await poll();
    expect(snapshot.polls.workers.status).toBe('ok');
    expect(queue(snapshot, 'default')).toMatchObject({ workersExpected: 3, workersMissing: 1, expectedSource: 'configured' });
    expect(queue(snapshot, 'prio')?.expectedSource).toBe('mostSeen');
    expect(JSON.stringify(logs.lines())).toContain('401');
    expect(JSON.stringify(logs.lines())).not.toContain('WrongPassword77');
  });
});

describe('status as the MIB says', () => {
  it('MISP.live off: a site-admin key still gets answers, the status is maintenance', async () => {
    const sim = await simulated();
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5, version: 5, workers: 5, statistics: 5 } }));
    expect((await poll()).status).toBe('ok');
    sim.state.live = false;
    const snapshot = await poll();
    expect(snapshot.polls.statistics.status).toBe('ok');
    expect(snapshot.workers?.mispLive).toBe(false);
    expect(snapshot.status).toBe('maintenance');
    sim.state.live = true;
    expect((await poll()).status).toBe('ok');
  });

  it('a changed column or an update lock is degraded', async () => {
    const sim = await simulated();
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5, diagnostics: 5 } }));
    expect((await poll()).status).toBe('ok');
    sim.state.dbSchema.differences = 1;
    const changed = await poll();
    expect(changed.diagnostics?.dbSchemaOk).toBe(false);
    expect(changed.status).toBe('degraded');
    sim.state.dbSchema.differences = 0;
    sim.state.dbSchema.updateLocked = true;
    expect((await poll()).status).toBe('degraded');
  });

  it('a read-only key: permissionDenied where MISP says 403, no MISP.live, the rest served', async () => {
    const sim = await simulated();
    const { poll } = monitorFor(testConfig(sim.url, { apiKey: READER_KEY, intervals: { version: 5, workers: 5, statistics: 5 } }));
    const snapshot = await poll();
    expect(snapshot.polls).toMatchObject({ version: { status: 'ok' }, workers: { status: 'permissionDenied' }, statistics: { status: 'ok' } });
    expect(snapshot.workers).toBeNull();
  });
});

describe('the probe', () => {
  it('MISP before 2.4.194 answers the keyless heartbeat 403: getVersion with the key probes, the key is not "refused"', async () => {
    const sim = await simulated('2.4.130');
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5, version: 5 } }));
    const snapshot = await poll();
    expect(snapshot.polls.probe.status).toBe('ok');
    expect(snapshot.probe).toMatchObject({ endpoint: '/servers/getVersion', httpStatus: 200 });
    expect(snapshot.status).toBe('ok');
  });

  it('a heartbeat 404 also falls back to getVersion', async () => {
    const sim = await simulated();
    sim.setFailure('/users/heartbeat', 'notFound');
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5 } }));
    expect((await poll()).probe?.endpoint).toBe('/servers/getVersion');
  });

  it('a heartbeat 200 whose JSON is cut is not ok', async () => {
    const sim = await simulated();
    sim.state.rawBodies.set('/users/heartbeat', '{"message": "You must construct addi');
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5 } }));
    const snapshot = await poll();
    expect(snapshot.polls.probe.status).toBe('invalidResponse');
    expect(snapshot.probeHttpStatus).toBe(200);
    expect(snapshot.probe).toBeNull();
  });

  it('an unreachable MISP has probe HTTP status 0 and no probe times, not the last 200', async () => {
    const sim = await simulated();
    const { poll } = monitorFor(testConfig(sim.url, { intervals: { probe: 5 } }));
    expect((await poll()).probeHttpStatus).toBe(200);
    await sim.close();
    const snapshot = await poll();
    expect(snapshot).toMatchObject({ status: 'unreachable', probeHttpStatus: 0, probe: null });
  });
});
