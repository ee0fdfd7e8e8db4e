/**
 * What the collectors learn about each MISP instance, independent of SNMP. The collectors
 * (src/misp/) produce these snapshots; the MIB layer (src/mib/) turns them into OIDs.
 * Times are monotonic milliseconds from performance.now(), so a wall-clock jump never
 * makes data look fresh or ancient.
 */

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
  authFailures: 6,
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
 * Times are cumulative from the start of the probe, like curl -w's time_namelookup, time_connect,
 * time_appconnect, time_starttransfer and time_total; each probe uses a new connection.
 */
export interface ProbeData {
  readonly endpoint: '/users/heartbeat' | '/servers/getVersion';
  readonly httpStatus: number;
  readonly dnsUs: number;
  readonly connectUs: number;
  /** 0 for plain HTTP. */
  readonly tlsUs: number;
  readonly ttfbUs: number;
  readonly totalUs: number;
}

export interface VersionData {
  readonly text: string;
  /** major * 1_000_000 + minor * 1_000 + patch: 2.4.130 -> 2004130. */
  readonly number: number;
}

export interface WorkerData {
  /** 1..n within its queue, in pid order. */
  readonly index: number;
  readonly pid: number;
  readonly user: string;
  /** null when MISP reports "N/A" (it could not read /proc). */
  readonly alive: boolean | null;
  readonly correctUser: boolean;
}

export interface QueueData {
  /** Stable: default 1, prio 2, email 3, cache 4, update 5, scheduler 6; others after, stable across restarts. */
  readonly index: number;
  readonly name: string;
  readonly ok: boolean;
  /** null when MISP gives no jobCount (the CakeResque scheduler queue). */
  readonly jobsPending: number | null;
  readonly workersAlive: number;
  readonly workersDead: number;
  readonly workersUnknown: number;
  readonly workers: readonly WorkerData[];
}

export interface WorkersData {
  readonly backgroundJobsEnabled: boolean;
  readonly workersAlive: number;
  readonly workersDead: number;
  readonly workersUnknown: number;
  readonly queuesOk: number;
  readonly queuesNotOk: number;
  /** Sum of every queue's jobCount. */
  readonly jobsPending: number;
  readonly queues: readonly QueueData[];
}

/** Totals that can drop (deletions, month start): served as gauges, never counters. */
export interface StatisticsData {
  readonly events: number;
  readonly eventsMonth: number;
  readonly attributes: number;
  readonly attributesMonth: number;
  readonly correlations: number;
  readonly proposals: number;
  readonly users: number;
  readonly usersPgp: number;
  readonly organisations: number;
  readonly localOrganisations: number;
  readonly contributingOrganisations: number;
  readonly threads: number;
  readonly posts: number;
  // Added with the collectors (issue 4) so every value MISP reports is kept. Optional only so that
  // snapshots written before they existed still type-check; the collectors always set them.
  readonly threadsMonth?: number;
  readonly postsMonth?: number;
  /** MISP's rounded ratio attributes / events (a float in 2.4, a string in 2.5). */
  readonly attributesPerEvent?: number;
  /** MISP's users / local organisations, rounded to one decimal. */
  readonly averageUsersPerOrganisation?: number;
}

/** Site-admin diagnostics; a null field is one this MISP did not report. */
export interface DiagnosticsData {
  readonly dbSchemaActual: string | null;
  readonly dbSchemaExpected: string | null;
  readonly dbSchemaOk: boolean | null;
  readonly updateLocked: boolean | null;
  readonly settingsCritical: number | null;
  readonly settingsRecommended: number | null;
  readonly settingsOptional: number | null;
  readonly zmqStatus: string | null;
  readonly redisMemoryBytes: number | null;
  readonly databaseSizeBytes: number | null;
  readonly backgroundJobsStatus: string | null;
  readonly newestVersion: string | null;
  readonly updateAvailable: boolean | null;
}

/** Audit-log entries of failed logins, as MISP counts them. */
export interface AuthFailuresData {
  readonly authFail: number;
  readonly loginFail: number;
}

export interface InstanceSnapshot {
  /** 1..N in configuration order. */
  readonly index: number;
  readonly name: string;
  /** The base URL, without credentials. */
  readonly url: string;
  readonly status: Status;
  readonly reachable: boolean;
  readonly polls: Readonly<Record<GroupName, PollState>>;
  readonly probe: ProbeData | null;
  readonly version: VersionData | null;
  readonly workers: WorkersData | null;
  readonly statistics: StatisticsData | null;
  readonly diagnostics: DiagnosticsData | null;
  readonly authFailures: AuthFailuresData | null;
}
