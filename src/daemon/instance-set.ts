import type { Logger } from 'pino';
import type { ConfiguredInstance } from '../config/types.js';
import type { InstanceSnapshot } from '../domain/snapshot.js';
import { InstanceMonitor } from '../poller/monitor.js';

interface Running {
  readonly config: ConfiguredInstance;
  readonly monitor: InstanceMonitor;
}

/** Equal configurations keep their monitor across a reload (and its data); the key is compared too. */
function sameConfig(a: ConfiguredInstance, b: ConfiguredInstance): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The running InstanceMonitors, one per configured instance, in configuration order (their index
 * is their position, 1-based, as the MIB's tables number them).
 */
export class InstanceSet {
  private running: Running[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly onSnapshot: () => void,
  ) {}

  snapshots(): InstanceSnapshot[] {
    return this.running.map(({ monitor }) => monitor.snapshot());
  }

  get size(): number {
    return this.running.length;
  }

  /**
   * Switches to `configs`: an instance whose configuration and position are unchanged keeps its
   * monitor; the others get a new one, and monitors no longer needed are stopped.
   */
  async apply(configs: readonly ConfiguredInstance[]): Promise<void> {
    const previous = this.running;
    this.running = configs.map((config, i) => {
      const kept = previous[i];
      if (kept !== undefined && sameConfig(kept.config, config)) return kept;
      const monitor = new InstanceMonitor(i + 1, config, this.logger);
      monitor.on('snapshot', this.onSnapshot);
      monitor.start();
      return { config, monitor };
    });
    const retired = previous.filter((old) => !this.running.includes(old));
    await Promise.allSettled(retired.map(({ monitor }) => this.retire(monitor)));
  }

  async stopAll(): Promise<void> {
    const all = this.running;
    this.running = [];
    await Promise.allSettled(all.map(({ monitor }) => this.retire(monitor)));
  }

  private async retire(monitor: InstanceMonitor): Promise<void> {
    monitor.off('snapshot', this.onSnapshot);
    await monitor.stop();
  }
}
