import type { GroupName } from './snapshot.js';

/** One MISP instance to watch, as the configuration loader hands it to the collectors. */
export interface InstanceConfig {
  readonly name: string;
  /** Base URL, e.g. https://misp.example.org (no credentials, no trailing slash). */
  readonly url: string;
  /** Sent only as the Authorization header; never logged. */
  readonly apiKey: string;
  /** PEM file of extra CA certificates to trust, if any. */
  readonly caFile?: string;
  /** false only by explicit opt-out; the collectors log a warning when it is off. */
  readonly tlsVerify: boolean;
  /** Poll interval per endpoint group in seconds; 0 switches the group off. */
  readonly intervals: Readonly<Record<GroupName, number>>;
  /**
   * Seconds between connection tests of each sync server (MISP connects out to it); 0 or absent: off.
   * The configuration allows 0 or 3600-86400 (intervals.serverConnectionTest).
   */
  readonly serverTestSeconds?: number;
  readonly timeouts: {
    readonly connectMs: number;
    readonly headersMs: number;
    readonly bodyMs: number;
  };
  /** Answers larger than this are refused (status tooLarge). */
  readonly maxBodyBytes: number;
  /** How many workers each queue should have (docs/polling.md, "Workers that should be there"). */
  readonly workers?: {
    /** Per queue name, exact counts that win over any other source. */
    readonly expected: Readonly<Record<string, number>>;
    /** The supervisord XML-RPC MISP uses; when set, the processes it runs per queue are expected. */
    readonly supervisor?: SupervisorConfig;
  };
}

/** supervisord's XML-RPC, as MISP's SimpleBackgroundJobs.supervisor_host/port/user/password reach it. */
export interface SupervisorConfig {
  /** http://host:port (MISP calls http://<supervisor_host>:<supervisor_port>/RPC2). */
  readonly url: string;
  readonly username: string;
  /** Never logged; MISP redacts it in /servers/getSetting, so the agent has its own copy. */
  readonly password: string;
}

/** Per request; docs/configuration.md says why. */
export const DEFAULT_TIMEOUTS = Object.freeze({
  connectMs: 5_000,
  headersMs: 10_000,
  bodyMs: 20_000,
});

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
