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
