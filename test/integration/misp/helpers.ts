import type { InstanceConfig } from '../../../src/domain/instance-config.js';
import type { GroupName, InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { capturedLogger as captureLogs } from '../../helpers/log-capture.js';

export const ADMIN_KEY = 'AdminKey0123456789abcdefghijklmnopqrstuv';
export const READER_KEY = 'ReaderKey123456789abcdefghijklmnopqrstu';

export { capturedLogger } from '../../helpers/log-capture.js';

const OFF: Record<GroupName, number> = { probe: 0, version: 0, workers: 0, statistics: 0, diagnostics: 0, jobs: 0, servers: 0, feeds: 0, authFailures: 0 };

type ConfigOverrides = Partial<Omit<InstanceConfig, 'intervals' | 'timeouts'>> & {
  intervals?: Partial<Record<GroupName, number>>;
  timeouts?: Partial<InstanceConfig['timeouts']>;
};

export function testConfig(url: string, overrides: ConfigOverrides = {}): InstanceConfig {
  return {
    name: 'test',
    url,
    apiKey: ADMIN_KEY,
    tlsVerify: true,
    maxBodyBytes: 16 * 1024 * 1024,
    ...overrides,
    intervals: { ...OFF, ...overrides.intervals },
    timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000, ...overrides.timeouts },
  };
}

/** Resolves with the first emitted snapshot that satisfies `predicate` (or fails after timeoutMs). */
export function waitForSnapshot(
  monitor: InstanceMonitor,
  predicate: (snapshot: InstanceSnapshot) => boolean,
  timeoutMs = 5000,
): Promise<InstanceSnapshot> {
  if (predicate(monitor.snapshot())) return Promise.resolve(monitor.snapshot());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off('snapshot', listener);
      reject(new Error(`no matching snapshot within ${timeoutMs} ms; last: ${JSON.stringify(monitor.snapshot().polls)}`));
    }, timeoutMs);
    const listener = (snapshot: InstanceSnapshot): void => {
      if (!predicate(snapshot)) return;
      clearTimeout(timer);
      monitor.off('snapshot', listener);
      resolve(snapshot);
    };
    monitor.on('snapshot', listener);
  });
}

/** Condition context for readConditions in these tests: nothing stale, nothing raised before. */
export const FRESH_CONDITIONS = {
  now: 0,
  staleAfterMs: 1e9,
  jobsPendingHigh: 100,
  jobsPendingClear: 50,
  wallNow: Date.now(),
  authFailureBurst: { burstThreshold: 10, burstSeconds: 300 },
  isRaised: () => false,
};

const watched: Array<{ sim: SimulatedMisp; monitor: InstanceMonitor }> = [];

/** A simulated MISP 2.5 with a site-admin key and a (not started) monitor of it with these intervals; closed by closeWatched. */
export async function watchSimulated(intervals: ConfigOverrides['intervals'], overrides: ConfigOverrides = {}): Promise<{ sim: SimulatedMisp; monitor: InstanceMonitor }> {
  const sim = await startSimulatedMisp({ keys: { [ADMIN_KEY]: 'siteAdmin' } });
  const monitor = new InstanceMonitor(1, testConfig(sim.url, { ...overrides, intervals }), captureLogs().logger);
  watched.push({ sim, monitor });
  return { sim, monitor };
}

/** For afterEach: stops every monitor and simulator watchSimulated opened. */
export async function closeWatched(): Promise<void> {
  for (const { sim, monitor } of watched.splice(0)) {
    await monitor.stop();
    await sim.close();
  }
}
