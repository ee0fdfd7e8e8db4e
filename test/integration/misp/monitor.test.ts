import { afterEach, describe, expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { ADMIN_KEY, capturedLogger, testConfig, waitForSnapshot } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sim(): Promise<SimulatedMisp> {
  const started = await startSimulatedMisp({ variant: '2.5', keys: { [ADMIN_KEY]: 'siteAdmin' } });
  cleanups.push(() => started.close());
  return started;
}

function monitor(...args: ConstructorParameters<typeof InstanceMonitor>): InstanceMonitor {
  const created = new InstanceMonitor(...args);
  cleanups.push(() => created.stop());
  return created;
}

describe('InstanceMonitor', () => {
  it('starts with notYetPolled and disabled groups', () => {
    const logs = capturedLogger();
    const m = monitor(1, testConfig('http://127.0.0.1:9', { intervals: { workers: 60 } }), logs.logger);
    const snapshot = m.snapshot();
    expect(snapshot.polls.workers.status).toBe('notYetPolled');
    expect(snapshot.polls.statistics.status).toBe('disabled');
    expect(snapshot.status).toBe('notYetPolled');
    expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.polls)).toBe(true);
    expect(logs.lines().filter((line) => Number(line.level) >= 40)).toHaveLength(0);
  });

  it('polls on its intervals, emits a new frozen snapshot each time, logs one line per state change', async () => {
    const server = await sim();
    const logs = capturedLogger();
    const m = monitor(1, testConfig(server.url, { intervals: { workers: 0.2 } }), logs.logger);
    const seen: InstanceSnapshot[] = [];
    m.on('snapshot', (snapshot: InstanceSnapshot) => seen.push(snapshot));
    m.start();
    await waitForSnapshot(m, (s) => s.polls.workers.status === 'ok');
    server.setFailure('/servers/getWorkers', 'http500');
    await waitForSnapshot(m, (s) => s.polls.workers.consecutiveFailures >= 3, 8000);
    server.setFailure('/servers/getWorkers', null);
    const recovered = await waitForSnapshot(m, (s) => s.polls.workers.status === 'ok' && s.polls.workers.failuresTotal >= 3, 8000);
    await waitForSnapshot(m, (s) => s.polls.workers.lastAttemptAt !== recovered.polls.workers.lastAttemptAt);
    await m.stop();

    const groupLines = logs.lines().filter((line) => line.group === 'workers').map((line) => [line.msg, line.status]);
    expect(groupLines).toEqual([
      ['poll group ok', 'ok'],
      ['poll group failing', 'serverError'],
      ['poll group ok', 'ok'],
    ]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.every((snapshot) => Object.isFrozen(snapshot) && Object.isFrozen(snapshot.workers ?? {}))).toBe(true);
    expect(logs.text()).not.toContain(ADMIN_KEY.slice(0, 12));
    expect(JSON.stringify(seen)).not.toContain(ADMIN_KEY.slice(0, 12));
  });

  it('asks a group whose last poll failed again as soon as the probe recovers, not at its next turn an hour later', async () => {
    const server = await sim();
    const m = monitor(1, testConfig(server.url, { intervals: { probe: 0.2, statistics: 3600 } }), capturedLogger().logger);
    server.setFailure('/users/heartbeat', 'reset');
    server.setFailure('/users/statistics', 'notFound');
    m.start();
    await waitForSnapshot(m, (s) => s.polls.probe.status === 'unreachable' && s.polls.statistics.status === 'notFound', 8000);
    server.setFailure('/users/heartbeat', null);
    server.setFailure('/users/statistics', null);
    const recovered = await waitForSnapshot(m, (s) => s.polls.probe.status === 'ok' && s.polls.statistics.status === 'ok', 5000);
    expect(recovered.statistics).not.toBeNull();
  });

  it('never has two requests in flight to one endpoint, even with check polls during scheduled ones', async () => {
    const server = await sim();
    server.state.slowBodyChunkMs = 5;
    server.setFailure('/servers/getVersion', 'slowBody');
    const config = testConfig(server.url, { intervals: { probe: 0.2, version: 0.2 }, timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 2000 } });
    const m = monitor(1, config, capturedLogger().logger);
    m.start();
    await Promise.all([m.pollOnce(), m.pollOnce(), new Promise((resolve) => setTimeout(resolve, 600))]);
    await m.stop();
    expect(server.state.requests.get('/servers/getVersion')).toBeGreaterThan(1);
    expect(server.state.maxConcurrent.get('/servers/getVersion')).toBe(1);
  });

  it('watches several instances at once, each with its own status', async () => {
    const [a, b] = [await sim(), await sim()];
    b.setFailure('*', 'http502');
    const logs = capturedLogger();
    const first = monitor(1, testConfig(a.url, { name: 'alpha', intervals: { probe: 5, statistics: 5 } }), logs.logger);
    const second = monitor(2, testConfig(b.url, { name: 'beta', intervals: { probe: 5, statistics: 5 } }), logs.logger);
    const [one, two] = await Promise.all([first.pollOnce(), second.pollOnce()]);
    expect(one).toMatchObject({ index: 1, name: 'alpha', status: 'ok' });
    expect(two).toMatchObject({ index: 2, name: 'beta', status: 'serverError', reachable: false });
    expect(logs.lines().some((line) => line.instance === 'beta' && line.status === 'serverError')).toBe(true);
    expect(logs.lines().some((line) => line.instance === 'alpha' && line.level === 40)).toBe(false);
  });

  it('stop() aborts a hanging request promptly', async () => {
    const server = await sim();
    server.setFailure('/users/statistics', 'hang');
    const m = monitor(1, testConfig(server.url, { intervals: { statistics: 30 }, timeouts: { connectMs: 20_000, headersMs: 20_000, bodyMs: 20_000 } }), capturedLogger().logger);
    const polling = m.pollOnce();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await m.stop();
    await polling;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(m.snapshot().polls.statistics.status).toBe('timeout');
  });

});
