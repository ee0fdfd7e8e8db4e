import { SimMispError, type SimJob, type SimState } from '../../sim/scenario.js';
import { BACKGROUND_JOBS_OFF_TEXT, JOBS_PAGE } from './parse.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** MISP's date columns: the server's local time, no zone. */
export function mispDate(agoSeconds: number): string {
  const d = new Date(Date.now() - agoSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One row as JobsController::index builds it in 2.5.1 (captured: every column a string). */
function jobAnswer(job: SimJob): unknown {
  return {
    Job: {
      id: String(job.id),
      worker: job.queue,
      job_type: job.type,
      job_input: job.input,
      status: String(job.status),
      retries: '0',
      message: job.message,
      progress: job.status === 0 ? '0' : '100',
      org_id: '1',
      process_id: `00000000-0000-4000-8000-${String(job.id).padStart(12, '0')}`,
      date_created: mispDate(job.createdAgoSeconds),
      date_modified: mispDate(job.modifiedAgoSeconds),
      job_status: job.jobStatus,
      // The redis record's view: a failed pull still says Completed and failed false.
      failed: job.jobStatus === 'Failed',
      worker_status: true,
    },
    Org: { id: '1', name: 'ORGNAME', uuid: '92473ca9-8b8b-4d1b-896a-f5906f638daf' },
  };
}

/** /jobs/index/limit:100/sort:id/direction:desc; with background jobs off, MISP's 404 with its own text. */
export function jobsAnswer(state: SimState): unknown {
  if (!state.backgroundJobs) throw new SimMispError(404, BACKGROUND_JOBS_OFF_TEXT);
  return [...state.jobs].sort((a, b) => b.id - a.id).slice(0, JOBS_PAGE).map(jobAnswer);
}
