import { assignNameIndexes } from '../../common/name-index.js';
import { invalid, isRecord, readCount, readUtf8Field } from '../../http/json-values.js';
import type { JobCounts, JobOutcome, JobRecord, JobsData, JobTypeData } from './model.js';

/** The page the group reads: CakePHP caps limit at 100. */
export const JOBS_PAGE = 100;
/** Jobs created within the last day count; older ones on the page are ignored. */
export const JOBS_WINDOW_SECONDS = 86_400;
/** A job whose worker ended (or whose redis record is gone) this long ago without finishing its row died. */
export const STALE_AFTER_SECONDS = 3_600;
/** MISP's 404 text when MISP.background_jobs is off (JobsController::index, 2.5.1); any other 404 is a plain notFound. */
export const BACKGROUND_JOBS_OFF_TEXT = 'Background jobs are not enabled on this instance.';
/** The newest job per type and input is remembered for at most this many pairs. */
const MAX_LATEST = 2_000;

const MISP_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** MISP's "YYYY-MM-DD HH:MM:SS", written in the MISP server's local time without a zone: read as the agent's. */
export function readMispDate(value: unknown, what: string): number {
  const match = typeof value === 'string' ? MISP_DATE.exec(value) : null;
  if (match === null) throw invalid(what, 'is not a date "YYYY-MM-DD HH:MM:SS"');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

/** jobs.status first; for a row not ended, the worker's redis state (job_status) and the row's age. */
function outcomeOf(status: number, jobStatus: unknown, modifiedAt: number, now: number, what: string): JobOutcome {
  switch (status) {
    case 4:
      return 'completed';
    case 3:
      return 'failed';
    // MISP's table never holds 1 or 2 (the worker does not write them), but the constants exist.
    case 2:
      return 'running';
    case 1:
      return 'pending';
    case 0:
      if (jobStatus === 'Waiting') return 'pending';
      if (jobStatus === 'Running') return 'running';
      return now - modifiedAt > STALE_AFTER_SECONDS * 1000 ? 'stale' : 'running';
    default:
      throw invalid(what, `is ${status}, expected 0 to 4`);
  }
}

export function parseJob(raw: unknown, position: number, now: number): JobRecord {
  const what = `jobs/index[${position}]`;
  if (!isRecord(raw) || !isRecord(raw.Job)) throw invalid(what, 'has no "Job" object');
  const job = raw.Job;
  const modifiedAt = readMispDate(job.date_modified, `${what}.Job.date_modified`);
  return {
    id: readCount(job.id, `${what}.Job.id`),
    type: readUtf8Field(job.job_type, `${what}.Job.job_type`, 64),
    input: readUtf8Field(job.job_input, `${what}.Job.job_input`, 64),
    queue: readUtf8Field(job.worker, `${what}.Job.worker`, 64),
    outcome: outcomeOf(readCount(job.status, `${what}.Job.status`), job.job_status, modifiedAt, now, `${what}.Job.status`),
    message: readUtf8Field(job.message, `${what}.Job.message`, 255),
    createdAt: readMispDate(job.date_created, `${what}.Job.date_created`),
    modifiedAt,
  };
}

/** /jobs/index: a list of {Job, Org}, newest first. */
export function parseJobs(body: unknown, now: number): JobRecord[] {
  if (!Array.isArray(body)) throw invalid('jobs/index', 'answer is not a list');
  return body.map((raw, position) => parseJob(raw, position, now));
}

const isFailure = (job: JobRecord): boolean => job.outcome === 'failed' || job.outcome === 'stale';

function countOutcomes(jobs: readonly JobRecord[]): JobCounts {
  const count = (outcome: JobOutcome): number => jobs.filter((job) => job.outcome === outcome).length;
  return { failed: count('failed'), completed: count('completed'), running: count('running'), pending: count('pending'), stale: count('stale') };
}

/**
 * What the group remembers between polls: the failed jobs already counted (so each counts once,
 * and the first poll only takes note), and the newest job of each type and input.
 */
export class JobsTracker {
  private counted: Set<number> | null = null;
  private failedTotal = 0;
  private readonly latest = new Map<string, JobRecord>();

  apply(jobs: readonly JobRecord[], now: number): JobsData {
    const failures = jobs.filter(isFailure);
    const fresh = this.counted === null ? [] : failures.filter((job) => !this.counted?.has(job.id));
    this.failedTotal += fresh.length;
    // Ids below the page can no longer be read, so they need not be remembered.
    const lowest = Math.min(...jobs.map((job) => job.id));
    this.counted = new Set([...(this.counted ?? [])].filter((id) => id >= lowest).concat(failures.map((job) => job.id)));
    this.remember(jobs);

    const inWindow = jobs.filter((job) => now - job.createdAt <= JOBS_WINDOW_SECONDS * 1000);
    const byType = new Map<string, JobRecord[]>();
    for (const job of inWindow) byType.set(job.type, [...(byType.get(job.type) ?? []), job]);
    const indexes = assignNameIndexes([...byType.keys()]);
    const types: JobTypeData[] = [...byType.entries()]
      .map(([name, ofType]) => ({ index: indexes.get(name) as number, name, ...countOutcomes(ofType) }))
      .sort((a, b) => a.index - b.index);
    const oldest = jobs.at(-1);
    return {
      backgroundJobsEnabled: true,
      windowSeconds: JOBS_WINDOW_SECONDS,
      read: jobs.length,
      windowFull: jobs.length >= JOBS_PAGE && oldest !== undefined && now - oldest.createdAt <= JOBS_WINDOW_SECONDS * 1000,
      newFailed: fresh.length,
      failedTotal: this.failedTotal,
      newestFailure: inWindow.filter(isFailure).reduce<JobRecord | null>((newest, job) => (newest === null || job.id > newest.id ? job : newest), null),
      types,
      latest: new Map(this.latest),
      ...countOutcomes(inWindow),
    };
  }

  /** Background jobs off: nothing ran, and what was remembered stays for when they are on again. */
  backgroundJobsOff(): JobsData {
    const none = { failed: 0, completed: 0, running: 0, pending: 0, stale: 0 };
    return { backgroundJobsEnabled: false, windowSeconds: JOBS_WINDOW_SECONDS, read: 0, windowFull: false, newFailed: 0, failedTotal: this.failedTotal, newestFailure: null, types: [], latest: new Map(this.latest), ...none };
  }

  private remember(jobs: readonly JobRecord[]): void {
    for (const job of jobs) {
      const key = `${job.type}|${job.input}`;
      const known = this.latest.get(key);
      if (known === undefined || job.id >= known.id) {
        this.latest.delete(key);
        this.latest.set(key, job);
      }
    }
    // Insertion order is recency of update: drop the pairs not seen for longest.
    for (const key of this.latest.keys()) {
      if (this.latest.size <= MAX_LATEST) break;
      this.latest.delete(key);
    }
  }
}
