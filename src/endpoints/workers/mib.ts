import type { WorkersData } from '../../domain/snapshot.js';
import { readOnly, tableBranch } from '../../mib/definition/define.js';
import { GAUGE32, TRUTH_VALUE } from '../../mib/definition/syntaxes.js';
import { instanceIndex } from '../../mib/objects/instance.js';
import { instanceRows } from '../../mib/objects/per-instance.js';
import { workerCountColumns, workerExpectationColumns } from './mib-counts.js';

const WORKERS = 'GET /servers/getWorkers';

/** Worker and queue totals per instance: what a graph of "workers alive / dead" needs. */
export const workersTable = tableBranch<WorkersData>({
  name: 'mispWorkersTable',
  arc: 3,
  description:
    'Background worker totals of each MISP instance. An instance has a row only when the agent has worker ' +
    'data for it; a key without site-admin rights never has one.',
  entry: { name: 'mispWorkersEntry', description: 'Worker totals of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispWorkersGroup',
    description: 'Background worker and queue totals of each MISP instance.',
    compliance: {
      mandatory: false,
      description: 'Served only for instances polled with a site-admin API key.',
    },
  },
  rows: instanceRows((i) => i.workers),
  columns: [
    ...workerCountColumns<WorkersData>('mispWorkers', 1, ', over all queues,'),
    readOnly({
      name: 'mispWorkersQueuesOk',
      arc: 4,
      syntax: GAUGE32,
      units: 'queues',
      description: "Queues with at least one worker MISP marks ok (its ok flag: alive or of unknown liveness, and the right user).",
      source: `${WORKERS}: judged from each queue's workers' ok flags`,
      permission: 'siteAdmin',
      read: (w: WorkersData) => w.queuesOk,
    }),
    readOnly({
      name: 'mispWorkersQueuesNotOk',
      arc: 5,
      syntax: GAUGE32,
      units: 'queues',
      description: 'Queues without any working worker: jobs put there wait.',
      source: `${WORKERS}: judged from each queue's workers' ok flags`,
      permission: 'siteAdmin',
      read: (w: WorkersData) => w.queuesNotOk,
    }),
    readOnly({
      name: 'mispWorkersJobsPending',
      arc: 6,
      syntax: GAUGE32,
      units: 'jobs',
      description: 'Jobs waiting in all queues together.',
      source: `${WORKERS}: the sum of every queue's jobCount`,
      permission: 'siteAdmin',
      read: (w: WorkersData) => w.jobsPending,
    }),
    readOnly({
      name: 'mispWorkersBackgroundJobs',
      arc: 7,
      syntax: TRUTH_VALUE,
      description: 'true when background jobs are enabled on the instance; when false, the other totals are 0.',
      source: `${WORKERS}: false when the answer is the list Background jobs not enabled`,
      permission: 'siteAdmin',
      read: (w: WorkersData) => w.backgroundJobsEnabled,
    }),
    ...workerExpectationColumns<WorkersData>('mispWorkers', 8, ', over all queues,'),
    readOnly({
      name: 'mispWorkersSupervisord',
      arc: 13,
      syntax: TRUTH_VALUE,
      description:
        'Whether MISP reaches a running supervisord (MISP 2.4.151 and later, SimpleBackgroundJobs). While it is ' +
        'false every queue is not ok and MISP lists no worker. No value when MISP does not report it (CakeResque).',
      source: `${WORKERS}: supervisord_status`,
      permission: 'siteAdmin',
      read: (w: WorkersData) => w.supervisordRunning,
    }),
  ],
});
