import type { InstanceConfig } from '../misp/instance-config.js';
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
  readonly pingIntervalSeconds: number;
  /** How long SIGTERM may take: stop the monitors and close the AgentX session. */
  readonly shutdownTimeoutSeconds: number;
}

export interface LogConfig {
  readonly level: LogLevel;
  readonly format: LogFormat;
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
