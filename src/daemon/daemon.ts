import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AgentxSession } from '../agentx/session.js';
import type { AgentxConfig, DaemonConfig } from '../config/types.js';
import { buildTree } from '../mib/index.js';
import { LiveTree } from '../snmp/oid-tree.js';
import { Notifier } from '../notify/notifier.js';
import { formatOid } from '../snmp/oid.js';
import { InstanceSet } from './instance-set.js';
import type { SecretScrubber } from '../common/secrets.js';

export interface DaemonOptions {
  readonly version: string;
  readonly logger: Logger;
  /** Told every configured key before anything about that configuration is logged. */
  readonly scrubber: SecretScrubber;
}

function sameAgentx(a: AgentxConfig, b: AgentxConfig): boolean {
  return (
    a.socket === b.socket &&
    formatOid(a.oidRoot) === formatOid(b.oidRoot) &&
    a.priority === b.priority &&
    a.timeoutSeconds === b.timeoutSeconds &&
    a.pingIntervalSeconds === b.pingIntervalSeconds
  );
}

/**
 * The running agent: one AgentX session serving a tree rebuilt from the monitors' snapshots
 * whenever one changes. Requests are answered from that tree, never from MISP.
 */
export class Daemon {
  private readonly tree = new LiveTree();
  private readonly instances: InstanceSet;
  private readonly startedAt = performance.now();
  private readonly logger: Logger;
  private session: AgentxSession | null = null;
  private readonly notifier: Notifier;

  constructor(
    private config: DaemonConfig,
    private readonly options: DaemonOptions,
  ) {
    this.logger = options.logger;
    this.notifier = new Notifier({ config: () => this.config, session: () => this.session, read: (oid) => this.tree.current.get(oid), logger: this.logger });
    this.instances = new InstanceSet(this.logger, () => this.rebuildTree());
    options.scrubber.add(config.instances.map((instance) => instance.apiKey));
  }

  get sessionState() {
    return this.session?.state ?? 'stopped';
  }

  /** Serves at once (values not yet polled) and starts polling. */
  async start(): Promise<void> {
    this.logWarnings(this.config);
    await this.instances.apply(this.config.instances);
    this.rebuildTree();
    this.session = this.openSession(this.config.agentx);
    this.logger.info(
      { version: this.options.version, config: this.config.source, instances: this.config.instances.map((i) => i.name), root: formatOid(this.config.agentx.oidRoot) },
      'misp-agentx started',
    );
  }

  /**
   * Switches to an already validated configuration without a gap: unchanged instances keep
   * polling, and a changed AgentX setting opens the new session before closing the old one.
   */
  async reload(next: DaemonConfig): Promise<void> {
    this.options.scrubber.add(next.instances.map((instance) => instance.apiKey));
    const previous = this.config;
    this.config = next;
    this.logger.level = next.log.level;
    if (next.log.format !== previous.log.format) this.logger.warn('log.format changes take effect at the next restart');
    this.logWarnings(next);
    await this.instances.apply(next.instances);
    this.rebuildTree();
    if (!sameAgentx(previous.agentx, next.agentx)) {
      this.logger.info({ socket: next.agentx.socket, root: formatOid(next.agentx.oidRoot) }, 'AgentX settings changed; opening a new session');
      const old = this.session;
      this.session = this.openSession(next.agentx);
      await old?.stop(this.stopBudgetMs());
    }
    this.logger.info({ config: next.source, instances: next.instances.map((i) => i.name) }, 'configuration reloaded');
  }

  /** Closes the AgentX session and stops polling, within agentx.shutdownTimeoutSeconds. */
  async stop(): Promise<void> {
    const budgetMs = this.stopBudgetMs();
    this.notifier.stop();
    const work = Promise.allSettled([this.session?.stop(budgetMs), this.instances.stopAll()]);
    const finished = await Promise.race([work.then(() => true), sleep(budgetMs, false, { ref: false })]);
    if (!finished) this.logger.warn({ timeoutMs: budgetMs }, 'shutdown did not finish in time; exiting anyway');
    this.logger.info('misp-agentx stopped');
  }

  private stopBudgetMs(): number {
    return this.config.agentx.shutdownTimeoutSeconds * 1000;
  }

  private openSession(agentx: AgentxConfig): AgentxSession {
    const session = new AgentxSession({
      socket: agentx.socket,
      root: agentx.oidRoot,
      tree: this.tree,
      logger: this.logger,
      priority: agentx.priority,
      timeoutSeconds: agentx.timeoutSeconds,
      pingIntervalMs: agentx.pingIntervalSeconds * 1000,
      description: `misp-agentx ${this.options.version}`,
    });
    // Notifications held while the session was down go out (or are dropped) once it is back.
    session.on('state', (state) => {
      if (state === 'ready') this.notifier.flush();
    });
    session.start();
    return session;
  }

  private rebuildTree(): void {
    const agent = {
      version: this.options.version,
      startedAt: this.startedAt,
      instanceCount: this.instances.size,
      sessionState: () => this.sessionState,
      notifications: () => this.notifier.tallyForMib,
    };
    const snapshots = this.instances.snapshots();
    this.tree.replace(buildTree(this.config.agentx.oidRoot, agent, snapshots));
    this.notifier.observe(snapshots);
  }

  private logWarnings(config: DaemonConfig): void {
    for (const warning of config.warnings) this.logger.warn({ config: config.source }, warning);
  }
}
