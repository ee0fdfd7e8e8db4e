import type { NotificationKind } from '../domain/notification-kinds.js';
import type { InstanceConfig } from '../domain/instance-config.js';
import type { Oid } from '../snmp/oid.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** auto: human-readable in a terminal, JSON lines otherwise (journald). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface AgentxConfig {
  /** '/var/agentx/master', 'unix:/path' or 'tcp:host:port', as the AgentX engine takes it. */
  readonly socket: string;
  readonly oidRoot: Oid;
  /** Registration priority, 1 (highest) to 255, for when another subagent registers an overlapping subtree. */
  readonly priority: number;
  /** How long snmpd waits for our answers, in seconds; 0 leaves snmpd's agentXTimeout in force. */
  readonly timeoutSeconds: number;
  readonly pingIntervalSeconds: number;
  /** How long SIGTERM may take: stop the monitors and close the AgentX session. */
  readonly shutdownTimeoutSeconds: number;
}

export interface LogConfig {
  readonly level: LogLevel;
  readonly format: LogFormat;
}

/** Which notifications are sent, and what stops a flapping MISP from flooding the NMS. */
export interface NotificationsConfig {
  /** false sends none, whatever `kinds` says. */
  readonly enabled: boolean;
  readonly kinds: Readonly<Record<NotificationKind, boolean>>;
  /** Jobs pending (all queues) at which mispJobsPendingHigh is sent... */
  readonly jobsPendingHigh: number;
  /** ...and at or below which it is cleared (hysteresis: below jobsPendingHigh). */
  readonly jobsPendingClear: number;
  /** auth_fail + login_fail rows within burstSeconds (by their created time) that make mispAuthFailureBurst. */
  readonly authFailures: { readonly burstThreshold: number; readonly burstSeconds: number };
  /** Data older than this is stale; 0: three times the instance's shortest enabled poll interval. */
  readonly staleAfterSeconds: number;
  /** A condition is cleared only after it has been over for this long (hysteresis against flapping). */
  readonly clearAfterSeconds: number;
  readonly rateLimit: {
    /** Notifications each kind may send per instance in a burst... */
    readonly burst: number;
    /** ...getting one back every refillSeconds. */
    readonly refillSeconds: number;
    /** Over all kinds and instances. */
    readonly globalPerMinute: number;
  };
}

/** An instance as configured: what the collectors need plus where its key came from (for doctor and logs). */
export interface ConfiguredInstance extends InstanceConfig {
  /** e.g. "key file /etc/misp-agentx/key" — never the key. */
  readonly keySource: string;
}

export interface DaemonConfig {
  /** The file it was read from, or "environment" when there was none. */
  readonly source: string;
  readonly agentx: AgentxConfig;
  readonly log: LogConfig;
  readonly notifications: NotificationsConfig;
  readonly instances: readonly ConfiguredInstance[];
  /** Things an admin should know (open key file, plain HTTP, TLS off); logged once the logger exists. */
  readonly warnings: readonly string[];
}

/** Values the configuration falls back to; owned by the collectors (intervals, timeouts) and the MIB (root). */
export interface ConfigDefaults {
  readonly oidRoot: Oid;
  readonly intervals: InstanceConfig['intervals'];
  readonly timeouts: InstanceConfig['timeouts'];
  readonly maxBodyBytes: number;
}
