import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { SessionState } from '../agentx/session-state.js';
import type { ConfiguredInstance, NotificationsConfig } from '../config/types.js';
import { MISP_AGENTX_NOTIFICATIONS } from '../mib/index.js';
import { NOTIFICATION_KINDS } from '../domain/notification-kinds.js';
import type { NotificationTally } from '../domain/agent-status.js';
import type { InstanceSnapshot, GroupName } from '../domain/snapshot.js';
import type { Oid } from '../snmp/oid.js';
import type { SnmpValue, VarBind } from '../snmp/value.js';
import { type ConditionReading, readConditions } from './conditions.js';
import { RateLimiter } from './rate-limiter.js';
import { notificationVarbinds } from './varbinds.js';

/** What the notifier needs of the AgentX session. */
export interface NotifySession {
  readonly state: SessionState;
  notify(varbinds: readonly VarBind[]): Promise<void>;
}

export interface NotifierOptions {
  /** Read at each use, so a reload applies at once. */
  readonly config: () => {
    readonly agentx: { readonly oidRoot: Oid };
    readonly notifications: NotificationsConfig;
    readonly instances: readonly Pick<ConfiguredInstance, 'name' | 'intervals'>[];
  };
  /** The current session, if any. */
  readonly session: () => NotifySession | null;
  /** The value a GET of `oid` returns now: notifications carry what the agent serves. */
  readonly read: (oid: Oid) => SnmpValue;
  readonly logger: Logger;
  /** Monotonic milliseconds, the snapshots' clock; tests may replace it. */
  readonly now?: () => number;
}

/** Why a due notification is waiting. */
type Hold = 'session' | 'rateLimit';

interface Condition {
  reading: ConditionReading;
  latch: Latch;
  /** What the NMS was last told: raised (true) or cleared (false, also the start). */
  announced: boolean;
  /** Raises and clears since the last one sent, not yet judged. */
  changes: number;
  /** Changes dropped or collapsed since the last notification sent: told with the next one. */
  missed: number;
  heldBy: Hold | null;
  /** The rate limit was logged for this condition since its last notification went out. */
  limitLogged: boolean;
  sending: boolean;
}

export interface NotifierCounts {
  sent: number;
  /** Changes never sent because the rate limit held them until they were superseded. */
  suppressed: number;
  /** Changes never sent because the session was down until they were no longer true. */
  dropped: number;
  /** Notify requests the master refused or did not answer (retried). */
  failed: number;
}

/** The rate limit applies per kind and instance: a MISP's queues share one budget. */
const rateKey = (reading: ConditionReading): string => `${reading.kind}/${reading.instance}`;

/**
 * Turns the monitors' snapshots into notifications: it reads each condition, latches it with
 * hysteresis, and sends what the NMS has not been told yet. A notification due while the session
 * is down or the rate limit is spent waits; it is sent as soon as the session is back or the rate
 * limit allows (a timer, not the next poll) if still true, or dropped with a log line if the
 * condition has gone back to what the NMS last heard.
 */
export class Notifier {
  /** In the order of the latest readings (kind, then row), which is the order notifications go out in. */
  private conditions = new Map<string, Condition>();
  private readonly limiter = new RateLimiter();
  private readonly now: () => number;
  private readonly logger: Logger;
  private waitingForSession = false;
  private readonly tally: NotifierCounts = { sent: 0, suppressed: 0, dropped: 0, failed: 0 };
  /** Wakes flush() when the rate limit next allows a held notification, even if no poll comes. */
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? (() => performance.now());
    this.logger = options.logger.child({ component: 'notify' });
  }

  get counts(): Readonly<NotifierCounts> {
    return { ...this.tally };
  }

  /** What the agent branch serves: sent, held now, and never sent (superseded while held). */
  get tallyForMib(): NotificationTally {
    let held = 0;
    for (const condition of this.conditions.values()) if (condition.heldBy !== null && condition.latch.raised !== condition.announced) held++;
    return { sent: this.tally.sent, held, dropped: this.tally.suppressed + this.tally.dropped };
  }

  /** Stops the rate-limit timer (daemon shutdown). */
  stop(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Reads every instance's conditions, then sends what is due. Never throws: a bug is logged, not fatal. */
  observe(snapshots: readonly InstanceSnapshot[]): void {
    try {
      this.update(snapshots);
      this.flush();
    } catch (error) {
      this.logger.error({ err: error }, 'checking the notification conditions failed');
    }
  }

  /** Sends every due notification that the session and the rate limit allow; call when the session is ready again. */
  flush(): void {
    const session = this.options.session();
    const ready = session !== null && session.state === 'ready';
    if (ready) this.waitingForSession = false;
    const limits = this.options.config().notifications.rateLimit;
    let nextAllowedInMs = Infinity;
    for (const condition of this.conditions.values()) {
      if (condition.sending) continue;
      const due = condition.latch.raised !== condition.announced;
      // While the session is down nothing is decided: what went back and forth meanwhile is judged once it is back.
      if (!ready) {
        if (due) this.hold(condition, 'session');
      } else if (!due) {
        if (condition.changes > 0) this.drop(condition);
      } else if (!this.limiter.take(rateKey(condition.reading), this.now(), limits)) {
        this.hold(condition, 'rateLimit');
        nextAllowedInMs = Math.min(nextAllowedInMs, this.limiter.msUntilAllowed(rateKey(condition.reading), this.now(), limits));
      } else {
        void this.send(session, condition);
      }
    }
    this.wakeAfter(nextAllowedInMs);
  }

  /** One timer at most, for the earliest held notification the rate limit will allow. */
  private wakeAfter(ms: number): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!Number.isFinite(ms)) return;
    // A few ms past the refill, so the token is whole when flush() asks for it.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      try {
        this.flush();
      } catch (error) {
        this.logger.error({ err: error }, 'sending held notifications failed');
      }
    }, Math.ceil(ms) + 5);
    this.retryTimer.unref();
  }

  private update(snapshots: readonly InstanceSnapshot[]): void {
    const { notifications, instances } = this.options.config();
    const kinds = notifications.enabled ? NOTIFICATION_KINDS.filter((kind) => notifications.kinds[kind]) : [];
    const now = this.now();
    const current = new Map<string, Condition>();
    for (const snapshot of snapshots) {
      const instance = instances.find((i) => i.name === snapshot.name);
      if (instance === undefined) continue;
      const ctx = {
        now,
        staleAfterMs: staleAfterMs(notifications, instance.intervals),
        jobsPendingHigh: notifications.jobsPendingHigh,
        jobsPendingClear: notifications.jobsPendingClear,
        wallNow: Date.now(),
        authFailureBurst: notifications.authFailures,
        isRaised: (key: string) => this.conditions.get(key)?.latch.raised ?? false,
      };
      for (const reading of readConditions(snapshot, kinds, ctx)) {
        current.set(reading.key, this.apply(reading, now, notifications.clearAfterSeconds * 1000));
      }
    }
    // A queue gone from MISP's answer, a removed instance or a kind switched off is not in `current`: forgotten.
    this.conditions = current;
    const inUse = new Set([...this.conditions.values()].map((c) => rateKey(c.reading)));
    this.limiter.retain((key) => inUse.has(key));
  }

  private apply(reading: ConditionReading, now: number, clearAfterMs: number): Condition {
    const known = this.conditions.get(reading.key);
    const condition = known ?? { reading, latch: NOT_RAISED, announced: false, changes: 0, missed: 0, heldBy: null, limitLogged: false, sending: false };
    const latch = nextLatch(condition.latch, reading.active, now, clearAfterMs);
    if (latch.raised !== condition.latch.raised) condition.changes += 1;
    condition.latch = latch;
    condition.reading = reading;
    return condition;
  }

  private hold(condition: Condition, reason: Hold): void {
    if (reason === 'session' && !this.waitingForSession) {
      this.waitingForSession = true;
      this.logger.warn('AgentX session not ready; notifications wait for it');
    }
    if (reason === 'rateLimit' && !condition.limitLogged) {
      condition.limitLogged = true;
      this.logger.warn({ kind: condition.reading.kind, subject: condition.reading.subject }, 'notification rate limit reached; holding the change until it allows one');
    }
    condition.heldBy = reason;
  }

  /**
   * The condition went back to what the NMS last heard before its change could be sent. Held back
   * by the session, that is logged; by the rate limit, only counted (its warning was logged once,
   * and the next notification sent says how many changes it stands for).
   */
  private drop(condition: Condition): void {
    const { changes, heldBy, reading } = condition;
    this.count(heldBy, changes);
    condition.missed += changes;
    condition.changes = 0;
    condition.heldBy = null;
    const fields = { kind: reading.kind, subject: reading.subject, changes, heldBy: heldBy ?? 'sending' };
    if (heldBy === 'rateLimit') this.logger.debug(fields, 'notification dropped: the condition is no longer true');
    else this.logger.info(fields, 'notification dropped: the condition is no longer true');
  }

  private count(heldBy: Hold | null, changes: number): void {
    if (heldBy === 'rateLimit') this.tally.suppressed += changes;
    else this.tally.dropped += changes;
  }

  private async send(session: NotifySession, condition: Condition): Promise<void> {
    const { reading, heldBy, changes } = condition;
    const raised = condition.latch.raised;
    const pair = MISP_AGENTX_NOTIFICATIONS[reading.kind];
    const notification = raised ? pair.raise : pair.clear;
    condition.sending = true;
    try {
      await session.notify(notificationVarbinds(this.options.config().agentx.oidRoot, notification, reading.index, this.options.read));
      // Changes in between (a flap while held) were never sent.
      this.count(heldBy, changes - 1);
      const missed = condition.missed + changes - 1;
      condition.announced = raised;
      condition.changes -= changes;
      condition.missed = 0;
      condition.heldBy = null;
      condition.limitLogged = false;
      this.tally.sent += 1;
      this.logger.info({ notification: notification.name, subject: reading.subject, ...(missed > 0 ? { changesNotSent: missed } : {}) }, 'notification sent');
    } catch (error) {
      this.tally.failed += 1;
      this.logger.warn({ notification: notification.name, subject: reading.subject, err: (error as Error).message }, 'notification not sent; trying again at the next poll');
    } finally {
      condition.sending = false;
    }
  }
}

/** How many of the shortest poll interval may pass without good data before it counts as stale. */
const STALE_INTERVALS = 3;

/** The data age (ms) past which an instance's data is stale: configured, or 3 x its shortest enabled interval. */
export function staleAfterMs(notifications: NotificationsConfig, intervals: Readonly<Record<GroupName, number>>): number {
  if (notifications.staleAfterSeconds > 0) return notifications.staleAfterSeconds * 1000;
  const enabled = Object.values(intervals).filter((seconds) => seconds > 0);
  return enabled.length === 0 ? Infinity : STALE_INTERVALS * Math.min(...enabled) * 1000;
}

/** Whether a condition counts as raised, and since when it has been over (while it is still raised). */
export interface Latch {
  readonly raised: boolean;
  /** When the condition was first seen over while raised; null when it holds (or is not raised). */
  readonly overSince: number | null;
}

/** Every condition starts as not raised: only a change from a healthy start is announced. */
export const NOT_RAISED: Latch = { raised: false, overSince: null };

/**
 * The latch after one reading. A condition is raised the moment it is seen; it is cleared only
 * once it has been seen over for `clearAfterMs`, so a MISP flapping faster than that stays raised.
 * An unknown reading (null) changes nothing.
 */
export function nextLatch(latch: Latch, active: boolean | null, now: number, clearAfterMs: number): Latch {
  if (active === null) return latch;
  if (active) return latch.raised && latch.overSince === null ? latch : { raised: true, overSince: null };
  if (!latch.raised) return latch;
  const overSince = latch.overSince ?? now;
  return now - overSince >= clearAfterMs ? NOT_RAISED : { raised: true, overSince };
}
