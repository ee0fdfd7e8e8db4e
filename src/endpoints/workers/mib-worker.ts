import type { WorkerData } from '../../domain/snapshot.js';
import { indexColumn, readOnly, tableBranch } from '../../mib/definition/define.js';
import { integer32, TRUTH_VALUE, UTF8_STRING } from '../../mib/definition/syntaxes.js';
import { instanceIndex } from '../../mib/objects/instance.js';
import { queueIndex } from './mib-queues.js';

const WORKERS = 'GET /servers/getWorkers: workers[]';

const workerIndex = indexColumn({
  name: 'mispWorkerIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: 'The position of the worker in its queue, from 1, in process id order.',
  source: WORKERS,
  permission: 'siteAdmin',
});

/** One row per background worker process: the raw facts behind the queue verdicts. */
export const workerTable = tableBranch<WorkerData>({
  name: 'mispWorkerTable',
  arc: 5,
  description:
    'The background worker processes MISP lists for each queue (SimpleBackgroundJobs lists only processes that run), with the raw facts MISP reports, ' +
    'so that a wrong web-server user can be told from a dead worker.',
  entry: { name: 'mispWorkerEntry', description: 'One worker process of one queue.' },
  index: [instanceIndex, queueIndex, workerIndex],
  group: {
    name: 'mispWorkerGroup',
    description: 'The process facts of each background worker.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) =>
      (i.workers?.queues ?? []).flatMap((q) => q.workers.map((row) => ({ index: [i.index, q.index, row.index], row }))),
    ),
  columns: [
    workerIndex,
    readOnly({
      name: 'mispWorkerPid',
      arc: 2,
      syntax: integer32(0, 2147483647),
      description: 'The process id of the worker on the MISP server.',
      source: `${WORKERS}.pid`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.pid,
    }),
    readOnly({
      name: 'mispWorkerUser',
      arc: 3,
      syntax: UTF8_STRING,
      description: 'The system user the worker runs as.',
      source: `${WORKERS}.user`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.user,
    }),
    readOnly({
      name: 'mispWorkerAlive',
      arc: 4,
      syntax: TRUTH_VALUE,
      description: 'Whether MISP sees the process alive. No value when MISP reports N/A because it cannot read /proc.',
      source: `${WORKERS}.alive`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.alive,
    }),
    readOnly({
      name: 'mispWorkerCorrectUser',
      arc: 5,
      syntax: TRUTH_VALUE,
      description: 'Whether the worker runs as the user MISP expects (the web server user).',
      source: `${WORKERS}.correct_user`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.correctUser,
    }),
    readOnly({
      name: 'mispWorkerOk',
      arc: 6,
      syntax: TRUTH_VALUE,
      description: "MISP's own verdict on the worker: alive (or of unknown liveness) and running as the right user.",
      source: `${WORKERS}.ok`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.ok,
    }),
  ],
});
