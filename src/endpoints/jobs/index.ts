import type { CollectContext, EndpointGroup } from '../endpoint.js';
import type { RetryBudget } from '../../http/bounded-retry.js';
import { PollError } from '../../http/poll-error.js';
import { JOB_OUTCOME, jobsTable, jobTypeTable } from './mib.js';
import type { JobsData } from './model.js';
import { BACKGROUND_JOBS_OFF_TEXT, JOBS_PAGE, JobsTracker, parseJobs } from './parse.js';
import { jobsAnswer } from './sim.js';

/** The newest page, asked for explicitly in id order (MISP's default order, but not promised by the API). */
export const JOBS_INDEX = `/jobs/index/limit:${JOBS_PAGE}/sort:id/direction:desc`;

/**
 * MISP's own 404 for background jobs off, a valid state as in getWorkers. Any other 404 (a wrong base
 * URL, a proxy) stays notFound, like every other group's.
 */
function isBackgroundJobsOff(error: unknown): boolean {
  return error instanceof PollError && error.status === 'notFound' && error.message.includes(BACKGROUND_JOBS_OFF_TEXT);
}

function collectJobs({ fetchJson }: CollectContext): (budget: RetryBudget) => Promise<JobsData> {
  const tracker = new JobsTracker();
  return async (budget) => {
    const now = Date.now();
    try {
      return tracker.apply(parseJobs(await fetchJson(JOBS_INDEX, budget), now), now);
    } catch (error) {
      if (isBackgroundJobsOff(error)) return tracker.backgroundJobsOff();
      throw error;
    }
  };
}

/**
 * Background jobs: outcomes of the newest 100 jobs (site admin; MISP answers 404 with its own text when
 * background jobs are off). One request: its cost to MISP is that of a getVersion plus a COUNT(*) of the jobs table and
 * a supervisord XML-RPC call (docs/design/sharing-health.md).
 */
export const jobsGroup: EndpointGroup<'jobs'> = {
  name: 'jobs',
  defaultIntervalSeconds: 300,
  asks: JOBS_INDEX,
  keyNeeds: 'siteAdmin',
  collector: collectJobs,
  conventions: [JOB_OUTCOME],
  tables: [jobsTable, jobTypeTable],
  simRoutes: {
    [JOBS_INDEX]: { answer: jobsAnswer, needsKey: true, siteAdminOnly: true },
  },
};
