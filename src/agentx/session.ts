import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { type Oid, formatOid } from '../snmp/oid.js';
import type { VarBind } from '../snmp/value.js';
import { type AgentxAddress, formatAgentxAddress, parseAgentxAddress } from './address.js';
import { connectToMaster } from './connect.js';
import { ERROR } from './constants.js';
import { MasterConnection, errorName } from './connection.js';
import type { ResponsePdu } from './pdu.js';
import { answer } from './responder.js';
import type { CurrentTree } from './served-tree.js';
import type { SessionState } from './session-state.js';

export interface AgentxSessionOptions {
  /** snmpd's agentXSocket syntax: "/var/agentx/master", "unix:/path", "tcp:host:port". */
  readonly socket: string;
  /** The subtree registered and served. */
  readonly root: Oid;
  readonly tree: CurrentTree;
  readonly logger: Logger;
  /** Shown by the master (Open's o.descr). */
  readonly description?: string;
  /** Registration priority, 1 (highest) .. 255; the RFC's default is 127. */
  readonly priority?: number;
  /** How long the master waits for our answers, in seconds (Open's session default and Register's region timeout); 0 leaves it to the master (agentXTimeout). */
  readonly timeoutSeconds?: number;
  /** How long we wait for the master to answer Open, Register, Ping and Close. */
  readonly requestTimeoutMs?: number;
  /** 0 turns the liveness Ping off. */
  readonly pingIntervalMs?: number;
  /** Listed in the master's sysORTable; null to skip. Defaults to the root with the description. */
  readonly agentCaps?: { readonly id: Oid; readonly description: string } | null;
  /** Reconnect backoff bounds; each delay is randomised up to twice the computed value. */
  readonly reconnectMinDelayMs?: number;
  readonly reconnectMaxDelayMs?: number;
}

/** A session that lasts this long is healthy: the next loss reconnects at once. */
const STABLE_SESSION_MS = 2000;

/** p-retry's schedule (randomised x1..x2, then capped), for the pause after a session the master ended early. */
function backoffDelayMs(round: number, { factor, minTimeout, maxTimeout }: { factor: number; minTimeout: number; maxTimeout: number }): number {
  return Math.min(maxTimeout, Math.round((1 + Math.random()) * minTimeout * factor ** (round - 1)));
}

class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

/**
 * The subagent's side of one AgentX session that outlives its connections: it connects, opens,
 * registers the subtree, pings the master, and starts over whenever the master goes away,
 * until stop(). Every request is answered synchronously from `tree.current`.
 */
export class AgentxSession extends EventEmitter<{ state: [SessionState] }> {
  private readonly address: AgentxAddress;
  private readonly logger: Logger;
  private readonly requestTimeoutMs: number;
  private readonly stopping = new AbortController();
  private connection: MasterConnection | null = null;
  private current: SessionState = 'disconnected';
  private running: Promise<void> | null = null;
  private lastLoggedFailure = '';
  private pingTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AgentxSessionOptions) {
    super();
    this.address = parseAgentxAddress(options.socket);
    this.logger = options.logger.child({ component: 'agentx', master: formatAgentxAddress(this.address) });
    this.requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  }

  get state(): SessionState {
    return this.current;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Closes the session with reason shutdown, waiting at most `timeoutMs` for the master. */
  async stop(timeoutMs = 2000): Promise<void> {
    this.stopping.abort();
    const connection = this.connection;
    if (connection?.isOpen && this.current === 'ready') {
      this.setState('closing');
      await connection.request({ type: 'close', reason: 'shutdown' }, Math.min(timeoutMs, this.requestTimeoutMs)).catch(() => undefined);
    }
    connection?.end('shutdown');
    await this.running;
    this.setState('stopped');
    this.logger.info('AgentX session closed');
  }

  /**
   * Sends a Notify (RFC 2741 6.2.10) on the current connection: `varbinds` start with snmpTrapOID.0
   * (sysUpTime.0 before it is optional). Resolves once the master answers noAgentXError; rejects
   * when the session is not ready, the master refuses, or no answer comes within requestTimeoutMs.
   */
  async notify(varbinds: readonly VarBind[]): Promise<void> {
    const connection = this.connection;
    if (this.current !== 'ready' || connection === null || !connection.isOpen) throw new Error(`AgentX session is ${this.current}, not ready`);
    const reply = await connection.request({ type: 'notify', varbinds }, this.requestTimeoutMs);
    if (reply.error !== ERROR.noAgentXError) throw new Error(`master refused Notify: ${errorName(reply.error)}`);
  }

  private setState(state: SessionState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    const backoff = { factor: 2, minTimeout: this.options.reconnectMinDelayMs ?? 100, maxTimeout: this.options.reconnectMaxDelayMs ?? 500 };
    // Sessions in a row that the master ended within STABLE_SESSION_MS of opening them.
    let shortSessions = 0;
    while (!signal.aborted) {
      try {
        const connection = await pRetry(() => this.establish(shortSessions > 1), {
          forever: true,
          randomize: true,
          signal,
          onFailedAttempt: (error) => this.reportFailure(error),
          ...backoff,
        });
        this.lastLoggedFailure = '';
        const openedAt = performance.now();
        const reason = await connection.closed;
        this.stopPing();
        if (signal.aborted) break;
        this.setState('disconnected');
        shortSessions = performance.now() - openedAt < STABLE_SESSION_MS ? shortSessions + 1 : 0;
        // A master that ends every session at once must not get a reconnect storm, nor the log a line per round.
        this.logger[shortSessions > 1 ? 'debug' : 'warn']({ reason }, 'AgentX session lost; reconnecting');
        if (shortSessions > 0) await sleep(backoffDelayMs(shortSessions, backoff), undefined, { signal }).catch(() => undefined);
      } catch (error) {
        if (signal.aborted) break;
        // Only a bug gets here (p-retry gives up on TypeErrors): never spin.
        this.logger.error({ err: error }, 'AgentX session loop failed; retrying in 1 s');
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Logs a reconnect failure once per distinct cause, not once per attempt. */
  private reportFailure(error: Error): void {
    this.setState('disconnected');
    if (error.message === this.lastLoggedFailure) {
      this.logger.debug({ err: error.message }, 'AgentX connect attempt failed');
      return;
    }
    this.lastLoggedFailure = error.message;
    this.logger.warn({ err: error.message }, 'cannot establish the AgentX session; retrying');
  }

  private async establish(quietly: boolean): Promise<MasterConnection> {
    this.setState('connecting');
    let reader: MasterConnection | null = null;
    const socket = await connectToMaster(this.address, this.requestTimeoutMs, (chunk) => reader?.receive(chunk));
    const connection = new MasterConnection(
      socket,
      (pdu, sessionId): ResponsePdu | null => answer(pdu, this.options.tree.current, sessionId, (err) => this.logger.error({ err }, 'a served value failed')),
      this.logger,
    );
    reader = connection;
    this.connection = connection;
    try {
      await this.openAndRegister(connection);
    } catch (error) {
      connection.end(`setup failed: ${(error as Error).message}`);
      throw error;
    }
    if (this.stopping.signal.aborted) {
      connection.end('shutdown');
      throw new Error('stopped');
    }
    this.setState('ready');
    this.startPing(connection);
    this.logger[quietly ? 'debug' : 'info']({ sessionId: connection.sessionId, root: formatOid(this.options.root) }, 'AgentX session open; subtree registered');
    return connection;
  }

  private async openAndRegister(connection: MasterConnection): Promise<void> {
    const { root } = this.options;
    const description = Buffer.from(this.options.description ?? 'misp-agentx');
    this.setState('opening');
    const opened = await connection.request({ type: 'open', timeout: this.options.timeoutSeconds ?? 0, id: root, description }, this.requestTimeoutMs);
    if (opened.error !== ERROR.noAgentXError) throw new RegistrationError(`master refused Open: ${errorName(opened.error)}`);
    connection.sessionId = opened.sessionId;

    this.setState('registering');
    const registered = await connection.request(
      { type: 'register', instanceRegistration: false, timeout: this.options.timeoutSeconds ?? 0, priority: this.options.priority ?? 127, subtree: root },
      this.requestTimeoutMs,
    );
    if (registered.error === ERROR.duplicateRegistration) {
      // The master still holds a previous session of ours; it drops it soon.
      throw new RegistrationError(`master refused Register of ${formatOid(root)}: duplicateRegistration (an older session still holds it)`);
    }
    if (registered.error !== ERROR.noAgentXError) throw new RegistrationError(`master refused Register of ${formatOid(root)}: ${errorName(registered.error)}`);

    const caps = this.options.agentCaps === undefined ? { id: root, description: description.toString() } : this.options.agentCaps;
    if (caps) {
      const added = await connection.request({ type: 'addAgentCaps', id: caps.id, description: Buffer.from(caps.description) }, this.requestTimeoutMs);
      if (added.error !== ERROR.noAgentXError) this.logger.warn({ error: errorName(added.error) }, 'master refused AddAgentCaps; not listed in sysORTable');
    }
  }

  private startPing(connection: MasterConnection): void {
    const interval = this.options.pingIntervalMs ?? 5000;
    if (interval <= 0) return;
    let inFlight = false;
    this.pingTimer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      connection
        .request({ type: 'ping' }, this.requestTimeoutMs)
        .then((reply) => {
          if (reply.error !== ERROR.noAgentXError) connection.end(`master answered Ping with ${errorName(reply.error)}`);
        })
        .catch((error: Error) => connection.end(`liveness check failed: ${error.message}`))
        .finally(() => (inFlight = false));
    }, interval);
    this.pingTimer.unref();
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
