/**
 * What the agent learns about each MISP instance, independent of SNMP. The poller (src/poller/)
 * produces these snapshots from the endpoint groups (src/endpoints/); the MIB layer (src/mib/)
 * turns them into OIDs.
 * Times are monotonic milliseconds from performance.now(), so a wall-clock jump never
 * makes data look fresh or ancient.
 */
import type { DiagnosticsData } from '../endpoints/diagnostics/model.js';
import type { JobsData } from '../endpoints/jobs/model.js';
import type { ServersData } from '../endpoints/servers/model.js';
import type { FeedsData } from '../endpoints/feeds/model.js';
import type { AuthFailuresData } from '../endpoints/auth-failures/model.js';
import type { ProbeData } from '../endpoints/probe/model.js';
import type { StatisticsData } from '../endpoints/statistics/model.js';
import type { VersionData } from '../endpoints/version/model.js';
import type { WorkersData } from '../endpoints/workers/model.js';

/** Health of one poll group or of a whole instance. The numbers are the MIB's enumeration. */
export const STATUS_CODES = {
  ok: 1,
  degraded: 2,
  unreachable: 3,
  authFailed: 4,
  permissionDenied: 5,
  invalidResponse: 6,
  maintenance: 7,
  timeout: 8,
  tlsError: 9,
  dnsError: 10,
  rateLimited: 11,
  serverError: 12,
  notFound: 13,
  notYetPolled: 14,
  disabled: 15,
  tooLarge: 16,
} as const;
export type Status = keyof typeof STATUS_CODES;

/** Endpoint groups, each polled on its own interval. The numbers are the poll table's index. */
export const GROUP_INDEX = {
  probe: 1,
  version: 2,
  workers: 3,
  statistics: 4,
  diagnostics: 5,
  // 6 was authFailures, retired with revision 202611290000Z: not to be reused.
  jobs: 7,
  servers: 8,
  feeds: 9,
  authFailures: 10,
} as const;
export type GroupName = keyof typeof GROUP_INDEX;
export const GROUP_NAMES = Object.keys(GROUP_INDEX) as GroupName[];

export interface PollState {
  readonly status: Status;
  /** performance.now() when the last poll started; null before the first. */
  readonly lastAttemptAt: number | null;
  /** performance.now() when good data was last stored; null if never. */
  readonly lastSuccessAt: number | null;
  readonly lastDurationMs: number | null;
  readonly consecutiveFailures: number;
  readonly failuresTotal: number;
  /** Human-readable cause of the last failure, '' when the last poll succeeded. Never holds the key. */
  readonly lastError: string;
}

/**
 * What each endpoint group yields when its poll succeeds; its module in src/endpoints/<group>/
 * defines the type, how it is read from MISP and the MIB objects it feeds.
 */
export interface GroupResults {
  readonly probe: ProbeData;
  readonly version: VersionData;
  readonly workers: WorkersData;
  readonly statistics: StatisticsData;
  readonly diagnostics: DiagnosticsData;
  readonly jobs: JobsData;
  readonly servers: ServersData;
  readonly feeds: FeedsData;
  readonly authFailures: AuthFailuresData;
}

/** The last good data of each group; null before the first success (the probe's: also after a failure). */
export type GroupData = { readonly [G in GroupName]: GroupResults[G] | null };

export interface InstanceSnapshot extends GroupData {
  /** 1..N in configuration order. */
  readonly index: number;
  readonly name: string;
  /** The base URL, without credentials. */
  readonly url: string;
  readonly status: Status;
  readonly reachable: boolean;
  readonly polls: Readonly<Record<GroupName, PollState>>;
  /** HTTP status of the last probe, failed or not; 0 when it got no HTTP answer; null before the first. */
  readonly probeHttpStatus: number | null;
}
