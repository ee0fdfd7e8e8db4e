import type { Logger } from 'pino';
import type { ConfiguredInstance } from '../config/types.js';
import type { InstanceSnapshot } from '../domain/snapshot.js';
import { InstanceMonitor } from '../poller/monitor.js';

/** Polls every instance once, all at the same time, and returns their snapshots in configuration order. */
export async function pollEveryInstanceOnce(instances: readonly ConfiguredInstance[], logger: Logger): Promise<InstanceSnapshot[]> {
  return Promise.all(
    instances.map(async (config, i) => {
      // A one-off poll never makes MISP connect out to its sync servers: the test keeps its own hourly pace.
      const monitor = new InstanceMonitor(i + 1, { ...config, serverTestSeconds: 0 }, logger);
      try {
        return await monitor.pollOnce();
      } finally {
        await monitor.stop();
      }
    }),
  );
}
