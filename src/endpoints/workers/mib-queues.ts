import type { QueueData } from '../../domain/snapshot.js';
import { indexColumn, readOnly, tableBranch } from '../../mib/definition/define.js';
import { GAUGE32, integer32, TRUTH_VALUE, UTF8_STRING } from '../../mib/definition/syntaxes.js';
import { instanceIndex } from '../../mib/objects/instance.js';
import { workerCountColumns, workerExpectationColumns } from './mib-counts.js';

const WORKERS = 'GET /servers/getWorkers';

export const queueIndex = indexColumn({
  name: 'mispQueueIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description:
    'A number that stays with the queue name: default 1, prio 2, email 3, cache 4, update 5, ' +
    'scheduler 6; any other queue gets 1000 plus a number computed from its name (FNV-1a modulo ' +
    '1000000), so its row is the same after every agent restart.',
  source: `${WORKERS}: the queue name`,
  permission: 'siteAdmin',
});

/** One row per background job queue of each instance. */
export const queueTable = tableBranch<QueueData>({
  name: 'mispQueueTable',
  arc: 4,
  description: 'The background job queues of each MISP instance.',
  entry: { name: 'mispQueueEntry', description: 'One queue of one MISP instance.' },
  index: [instanceIndex, queueIndex],
  group: {
    name: 'mispQueueGroup',
    description: 'The state of each background job queue.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) => (i.workers?.queues ?? []).map((row) => ({ index: [i.index, row.index], row }))),
  columns: [
    queueIndex,
    readOnly({
      name: 'mispQueueName',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The queue name, e.g. default, prio, email, cache, update.',
      source: `${WORKERS}: the queue's key`,
      permission: 'siteAdmin',
      read: (q: QueueData) => q.name,
    }),
    readOnly({
      name: 'mispQueueOk',
      arc: 3,
      syntax: TRUTH_VALUE,
      description: "true when MISP marks at least one worker of the queue ok (its ok flag: alive or of unknown liveness, and the right user).",
      source: `${WORKERS}: judged from the workers' ok flags, not the queue's (MISP 2.4.130 says ok for a crashed worker)`,
      permission: 'siteAdmin',
      read: (q: QueueData) => q.ok,
    }),
    ...workerCountColumns<QueueData>('mispQueueWorkers', 4, ' of the queue'),
    readOnly({
      name: 'mispQueueJobsPending',
      arc: 7,
      syntax: GAUGE32,
      units: 'jobs',
      description: 'Jobs waiting in the queue. No value for a queue without a job count (the CakeResque scheduler).',
      source: `${WORKERS}: jobCount`,
      permission: 'siteAdmin',
      read: (q: QueueData) => q.jobsPending,
    }),
    ...workerExpectationColumns<QueueData>('mispQueueWorkers', 8, ' of the queue'),
  ],
});
