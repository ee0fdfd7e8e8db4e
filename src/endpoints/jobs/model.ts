/**
 * What a job row says about its run. MISP's jobs.status column is the truth (docs/design/sharing-health.md,
 * fact 1): 4 completed, 3 failed, 0 not ended. A not-ended job is running or pending by the worker's
 * redis record (job_status), and stale once that record says the process ended (or is gone) for
 * longer than the grace time without the row being finished: the worker died.
 */
export type JobOutcome = 'completed' | 'failed' | 'running' | 'pending' | 'stale';

/** One row of /jobs/index, as the agent keeps it. */
export interface JobRecord {
  readonly id: number;
  readonly type: string;
  /** e.g. "Server: 6", "Feed: 7", "Event ID: 12". */
  readonly input: string;
  readonly queue: string;
  readonly outcome: JobOutcome;
  readonly message: string;
  /** Wall-clock epoch milliseconds of date_created and date_modified, read as the agent's local time. */
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface JobCounts {
  readonly failed: number;
  readonly completed: number;
  readonly running: number;
  readonly pending: number;
  readonly stale: number;
}

export interface JobTypeData extends JobCounts {
  /** Stable: 1000 plus FNV-1a of the name (src/common/name-index.ts). */
  readonly index: number;
  readonly name: string;
}

export interface JobsData extends JobCounts {
  /** false when MISP answers 404 because background jobs are off: then every count is 0. */
  readonly backgroundJobsEnabled: boolean;
  /** Counts cover the jobs read whose date_created lies within this many seconds. */
  readonly windowSeconds: number;
  /** Jobs read in the last poll (at most one page of 100, newest first). */
  readonly read: number;
  /** true when the page was full and its oldest job still lies within the window: the counts are lower bounds. */
  readonly windowFull: boolean;
  /** Failed or stale jobs first seen in the last poll (the first poll only takes note of those present). */
  readonly newFailed: number;
  /** Failed or stale jobs first seen since the agent started. */
  readonly failedTotal: number;
  readonly newestFailure: JobRecord | null;
  readonly types: readonly JobTypeData[];
  /**
   * The newest job of each `type` + "|" + `input` seen since the agent started (bounded), so that the
   * last pull of a server stays known after newer jobs push it off the page.
   */
  readonly latest: ReadonlyMap<string, JobRecord>;
}
