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
  /** MISP's own verdict (alive or "N/A", and the right user): what its worker tab shows as a problem when false. */
  readonly ok: boolean;
}

/**
 * Where the number of workers a queue should have comes from: the supervisord XML-RPC MISP itself
 * uses (every process of the misp-workers group, whatever its state), the agent configuration,
 * or the most workers MISP listed for the queue since the agent started.
 */
export type ExpectedSource = 'supervisord' | 'configured' | 'mostSeen';

/** Counts of workers of a queue, or of all queues together. */
export interface WorkerCounts {
  /** Listed with alive true. */
  readonly workersAlive: number;
  /** Listed with alive false: only CakeResque (MISP before 2.4.151) lists a crashed worker. */
  readonly workersDead: number;
  /** Listed with alive "N/A": MISP cannot read /proc. */
  readonly workersUnknown: number;
  /** Listed and MISP's ok flag false (not alive, or the wrong user). */
  readonly workersNotOk: number;
  /** Listed and MISP's ok flag true. */
  readonly workersRunning: number;
  /** How many workers should run (see ExpectedSource). */
  readonly workersExpected: number;
  /** Expected but not running: stopped, crashed, or listed but not ok. */
  readonly workersMissing: number;
}

export interface QueueData extends WorkerCounts {
  /** Stable: default 1, prio 2, email 3, cache 4, update 5, scheduler 6; others after, stable across restarts. */
  readonly index: number;
  readonly name: string;
  readonly ok: boolean;
  /** null when MISP gives no jobCount (the CakeResque scheduler queue). */
  readonly jobsPending: number | null;
  readonly workers: readonly WorkerData[];
  readonly expectedSource: ExpectedSource;
}

export interface WorkersData extends WorkerCounts {
  readonly backgroundJobsEnabled: boolean;
  /** getWorkers' supervisord_status (MISP 2.4.151+); null when MISP does not report it. */
  readonly supervisordRunning: boolean | null;
  /** The queues' common source of expectation, or 'mixed'. */
  readonly expectedSource: ExpectedSource | 'mixed';
  /** MISP.live (read with the workers poll, also site admin); false = maintenance; null when unknown. */
  readonly mispLive: boolean | null;
  readonly queuesOk: number;
  readonly queuesNotOk: number;
  /** Sum of every queue's jobCount. */
  readonly jobsPending: number;
  readonly queues: readonly QueueData[];
}

/** Totals that can drop (deletions, month start): served as gauges, never counters. */
/** Each null when MISP's answer lacks that field: one missing value does not cost the others. */
export interface StatisticsData {
  readonly events: number | null;
  readonly eventsMonth: number | null;
  readonly attributes: number | null;
  readonly attributesMonth: number | null;
  readonly correlations: number | null;
  readonly proposals: number | null;
  readonly users: number | null;
  readonly usersPgp: number | null;
  readonly organisations: number | null;
  readonly localOrganisations: number | null;
  readonly contributingOrganisations: number | null;
  readonly threads: number | null;
  readonly threadsMonth: number | null;
  readonly posts: number | null;
  readonly postsMonth: number | null;
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

export interface InstanceSnapshot {
  /** 1..N in configuration order. */
  readonly index: number;
  readonly name: string;
  /** The base URL, without credentials. */
  readonly url: string;
  readonly status: Status;
  readonly reachable: boolean;
  readonly polls: Readonly<Record<GroupName, PollState>>;
  /** Times of the last probe; null when it failed. */
  readonly probe: ProbeData | null;
  /** HTTP status of the last probe, failed or not; 0 when it got no HTTP answer; null before the first. */
  readonly probeHttpStatus: number | null;
  readonly version: VersionData | null;
  readonly workers: WorkersData | null;
  readonly statistics: StatisticsData | null;
  readonly diagnostics: DiagnosticsData | null;
}
