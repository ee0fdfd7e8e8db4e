import type { InstanceConfig } from '../../../src/domain/instance-config.js';
import type { GroupName, InstanceSnapshot } from '../../../src/domain/snapshot.js';
import type { InstanceMonitor } from '../../../src/poller/monitor.js';

export const ADMIN_KEY = 'AdminKey0123456789abcdefghijklmnopqrstuv';
export const READER_KEY = 'ReaderKey123456789abcdefghijklmnopqrstu';

export { capturedLogger } from '../../helpers/log-capture.js';

const OFF: Record<GroupName, number> = { probe: 0, version: 0, workers: 0, statistics: 0, diagnostics: 0, jobs: 0, servers: 0, feeds: 0 };

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
