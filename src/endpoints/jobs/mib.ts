import { indexColumn, readOnly, tableBranch, wallAgeSeconds, type ReadableObject } from '../../smi/define.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';
import { COUNTER32, enumerated, GAUGE32, integer32, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import type { JobCounts, JobOutcome, JobsData, JobTypeData } from './model.js';
import { JOBS_PAGE, JOBS_WINDOW_SECONDS, STALE_AFTER_SECONDS } from './parse.js';

const JOBS = `GET /jobs/index/limit:${JOBS_PAGE}/sort:id/direction:desc`;
const WINDOW = `created within the window (mispJobsWindow, ${JOBS_WINDOW_SECONDS} s) among the newest ${JOBS_PAGE} jobs`;

/** The outcome of one MISP background job, for the rows that name their newest job (sync servers, feeds). */
export const JOB_OUTCOME: Syntax<JobOutcome | 'unknown'> = enumerated(
  'MispJobOutcome',
  { completed: 1, failed: 2, running: 3, pending: 4, stale: 5, unknown: 6 },
  "The outcome of a MISP background job, from MISP's jobs.status column (not job_status, which says " +
    'Completed for a failed pull): completed (4), failed (3), running or pending (0, by the worker record), ' +
    'stale (0 although its worker ended over an hour ago: it died), unknown (no such job seen since the agent started).',
);

const OUTCOMES = [
  { suffix: 'Failed', field: 'failed', meaning: 'that failed (jobs.status 3; MISP\'s job_status may still say Completed)' },
  { suffix: 'Completed', field: 'completed', meaning: 'that completed (jobs.status 4)' },
  { suffix: 'Running', field: 'running', meaning: 'not ended (jobs.status 0) whose worker runs them (job_status Running)' },
  { suffix: 'Pending', field: 'pending', meaning: 'not ended (jobs.status 0) and waiting for a worker (job_status Waiting)' },
  {
    suffix: 'Stale',
    field: 'stale',
    meaning: `not ended (jobs.status 0) although their worker ended or its record expired more than ${STALE_AFTER_SECONDS} s ago: the worker died`,
  },
] as const;

/** The five outcome counts, at consecutive arcs from `firstArc`. */
function outcomeColumns<Row extends JobCounts>(prefix: string, firstArc: number, scope: string): ReadableObject<Row>[] {
  return OUTCOMES.map((o, i) =>
    readOnly({
      name: `${prefix}${o.suffix}`,
      arc: firstArc + i,
      syntax: GAUGE32,
      units: 'jobs',
      description: `Background jobs${scope} ${WINDOW} ${o.meaning}.`,
      source: `${JOBS}: Job.status, Job.job_status, Job.date_created`,
      permission: 'siteAdmin',
      read: (row: Row) => row[o.field],
    }),
  );
}

/** The text columns of the newest failure, at consecutive arcs. */
const NEWEST_FAILURE = [
  { suffix: 'Type', field: 'job_type', read: 'type', description: 'The job type (e.g. pull, push, fetch_feeds, publish_event)' },
  { suffix: 'Message', field: 'message', read: 'message', description: "MISP's message (e.g. the connection error of a pull)" },
  { suffix: 'Input', field: 'job_input', read: 'input', description: 'What the job worked on, as MISP writes it (e.g. Server: 6, Feed: 7)' },
] as const;

/** Job outcome totals per instance over the window. */
export const jobsTable = tableBranch<JobsData>({
  name: 'mispJobsTable',
  arc: 9,
  description:
    "Outcomes of MISP's recent background jobs (publish, pull, push, feed fetch, cache, e-mail ...), as " +
    "MISP's Jobs page lists them. MISP has no date filter: the agent reads the newest " +
    `${JOBS_PAGE} jobs each poll and counts those created within the window. The outcome comes from ` +
    "MISP's jobs.status column, not from job_status, which says Completed for a pull that failed. " +
    "Dates are MISP's local time without a zone, read in the agent's time zone.",
  entry: { name: 'mispJobsEntry', description: 'The recent background job outcomes of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispJobsGroup',
    description: 'Recent background job outcomes of each MISP instance.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key and background jobs enabled.' },
  },
  rows: instanceRows((i) => i.jobs),
  columns: [
    readOnly({
      name: 'mispJobsWindow',
      arc: 1,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'The window the counts cover: jobs created this many seconds ago or later.',
      source: 'misp-agentx',
      permission: 'siteAdmin',
      read: (j: JobsData) => j.windowSeconds,
    }),
    readOnly({
      name: 'mispJobsRead',
      arc: 2,
      syntax: GAUGE32,
      units: 'jobs',
      description: `Jobs read in the last poll (at most ${JOBS_PAGE}, the most MISP returns in one page).`,
      source: JOBS,
      permission: 'siteAdmin',
      read: (j: JobsData) => j.read,
    }),
    readOnly({
      name: 'mispJobsWindowFull',
      arc: 3,
      syntax: TRUTH_VALUE,
      description: `true when all ${JOBS_PAGE} jobs read lie within the window: more jobs ran in it, and the counts are lower bounds.`,
      source: `${JOBS}: Job.date_created of the oldest job read`,
      permission: 'siteAdmin',
      read: (j: JobsData) => j.windowFull,
    }),
    ...outcomeColumns<JobsData>('mispJobs', 4, ''),
    readOnly({
      name: 'mispJobsNewFailed',
      arc: 9,
      syntax: GAUGE32,
      units: 'jobs',
      description:
        'Failed or stale jobs the last poll saw for the first time. The first poll after the agent starts only ' +
        'takes note of the failures already there, so a restart does not report them again.',
      source: `${JOBS}: Job.id of failed and stale jobs`,
      permission: 'siteAdmin',
      read: (j: JobsData) => j.newFailed,
    }),
    readOnly({
      name: 'mispJobsFailedTotal',
      arc: 10,
      syntax: COUNTER32,
      units: 'jobs',
      description: 'Failed or stale jobs seen for the first time since the agent started: the rate of failures.',
      source: `${JOBS}: Job.id of failed and stale jobs`,
      permission: 'siteAdmin',
      read: (j: JobsData) => j.failedTotal,
    }),
    readOnly({
      name: 'mispJobsNewestFailureAge',
      arc: 11,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'Seconds since the newest failed or stale job in the window last changed. No value when the window holds none.',
      source: `${JOBS}: Job.date_modified`,
      permission: 'siteAdmin',
      read: (j: JobsData) => (j.newestFailure === null ? null : wallAgeSeconds(j.newestFailure.modifiedAt)),
    }),
    ...NEWEST_FAILURE.map((f, i) =>
      readOnly({
        name: `mispJobsNewestFailure${f.suffix}`,
        arc: 12 + i,
        syntax: UTF8_STRING,
        description: `${f.description} of the newest failed or stale job in the window. No value when the window holds none.`,
        source: `${JOBS}: Job.${f.field}`,
        permission: 'siteAdmin',
        read: (j: JobsData) => j.newestFailure?.[f.read] ?? null,
      }),
    ),
    readOnly({
      name: 'mispJobsBackgroundJobs',
      arc: 15,
      syntax: TRUTH_VALUE,
      description: 'false when MISP answers /jobs/index with 404 because background jobs are off on the instance; the counts are then 0.',
      source: `${JOBS}: HTTP 404`,
      permission: 'siteAdmin',
      read: (j: JobsData) => j.backgroundJobsEnabled,
    }),
  ],
});

const jobTypeIndex = indexColumn({
  name: 'mispJobTypeIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: 'A number that stays with the job type: 1000 plus FNV-1a of the type name modulo 1000000, the same after every agent restart.',
  source: `${JOBS}: Job.job_type`,
  permission: 'siteAdmin',
});

/** One row per job type seen in the window. */
export const jobTypeTable = tableBranch<JobTypeData>({
  name: 'mispJobTypeTable',
  arc: 10,
  description: 'Recent background job outcomes per job type, over the same jobs and window as mispJobsTable. A type has a row while the window holds a job of it.',
  entry: { name: 'mispJobTypeEntry', description: 'The recent outcomes of one job type of one MISP instance.' },
  index: [instanceIndex, jobTypeIndex],
  group: {
    name: 'mispJobTypeGroup',
    description: 'Recent background job outcomes per job type.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key and background jobs enabled.' },
  },
  rows: ({ instances }) => instances.flatMap((i) => (i.jobs?.types ?? []).map((row) => ({ index: [i.index, row.index], row }))),
  columns: [
    jobTypeIndex,
    readOnly({
      name: 'mispJobTypeName',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The job type as MISP names it (pull, push, fetch_feeds, cache_feeds, publish_event, ...).',
      source: `${JOBS}: Job.job_type`,
      permission: 'siteAdmin',
      read: (t: JobTypeData) => t.name,
    }),
    ...outcomeColumns<JobTypeData>('mispJobType', 3, ' of this type'),
  ],
});
