import type { InstanceSnapshot } from '../../domain/snapshot.js';
import { indexColumn, readOnly, tableBranch, type ReadableObject } from '../../smi/define.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';
import { enumerated, GAUGE32, integer32, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import type { ExpectedSource, QueueData, WorkerCounts, WorkerData, WorkersData } from './model.js';

/** Where a queue's expected worker count comes from. */
export const EXPECTED_SOURCE: Syntax<ExpectedSource | 'mixed'> = enumerated(
  'MispExpectationSource',
  { supervisord: 1, configured: 2, mostSeen: 3, mixed: 4 },
  'Where the number of workers that should run comes from: supervisord (the processes the ' +
    "supervisord XML-RPC MISP uses runs in its misp-workers group, whatever their state), configured (the " +
    "agent setting workers.expected), mostSeen (the most workers seen since the agent started, from MISP's " +
    'lists and supervisord), mixed (a total over queues whose sources differ).',
);


const WORKERS = 'GET /servers/getWorkers';

const LIVENESS = [
  { suffix: 'Alive', field: 'workersAlive', alive: 'true', meaning: 'that MISP lists with alive true' },
  {
    suffix: 'Dead',
    field: 'workersDead',
    alive: 'false',
    meaning:
      'that MISP lists with alive false. Only CakeResque (MISP before 2.4.151) lists a crashed worker; ' +
      'SimpleBackgroundJobs (2.4.151 and later, supervisord) drops a stopped or crashed worker from its ' +
      'list, which the Missing object counts',
  },
  { suffix: 'Unknown', field: 'workersUnknown', alive: "'N/A'", meaning: 'whose liveness MISP could not tell because it cannot read /proc' },
] as const;

/** The alive, dead and unknown worker counts, at three consecutive arcs from `firstArc`. */
export function workerCountColumns<Row extends WorkerCounts>(prefix: string, firstArc: number, scope: string): ReadableObject<Row>[] {
  return LIVENESS.map((l, i) =>
    readOnly({
      name: `${prefix}${l.suffix}`,
      arc: firstArc + i,
      syntax: GAUGE32,
      units: 'workers',
      description: `Workers${scope} ${l.meaning}.`,
      source: `${WORKERS}: workers[].alive = ${l.alive}`,
      permission: 'siteAdmin',
      read: (row: Row) => row[l.field],
    }),
  );
}

const EXPECTATION = [
  {
    suffix: 'NotOk',
    field: 'workersNotOk',
    description: "that MISP lists with its ok flag false (not alive, or not running as the web server user): MISP's worker tab shows them as a problem",
    source: `${WORKERS}: workers[].ok = false`,
  },
  { suffix: 'Running', field: 'workersRunning', description: 'that MISP lists with its ok flag true', source: `${WORKERS}: workers[].ok = true` },
  {
    suffix: 'Expected',
    field: 'workersExpected',
    description: 'that should run; the ExpectedSource object says where this number comes from',
    source: 'supervisord XML-RPC supervisor.getAllProcessInfo, the agent setting workers.expected, or the most seen since the agent started',
  },
  {
    suffix: 'Missing',
    field: 'workersMissing',
    description: 'expected but not running (Expected minus Running, never below 0): stopped, crashed, or listed but not ok',
    source: 'misp-agentx: Expected minus Running',
  },
] as const;

/**
 * The not ok, running, expected and missing counts and where the expectation comes from, at five
 * consecutive arcs from `firstArc`.
 */
export function workerExpectationColumns<Row extends WorkerCounts & { readonly expectedSource: ExpectedSource | 'mixed' }>(
  prefix: string,
  firstArc: number,
  scope: string,
): ReadableObject<Row>[] {
  const counts = EXPECTATION.map((e, i) =>
    readOnly({
      name: `${prefix}${e.suffix}`,
      arc: firstArc + i,
      syntax: GAUGE32,
      units: 'workers',
      description: `Workers${scope} ${e.description}.`,
      source: e.source,
      permission: 'siteAdmin',
      read: (row: Row) => row[e.field],
    }),
  );
  const source = readOnly({
    name: `${prefix}ExpectedSource`,
    arc: firstArc + EXPECTATION.length,
    syntax: EXPECTED_SOURCE,
    description: `Where the number of workers${scope} that should run comes from.`,
    source: 'misp-agentx: the agent setting workers, and whether supervisord answers',
    permission: 'siteAdmin',
    read: (row: Row) => row.expectedSource,
  });
  return [...counts, source];
}

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

/** A queue and the name of its instance, so an NMS can name a queue row without a second walk. */
type QueueRow = QueueData & { readonly instanceName: string };

/** One row per background job queue of each instance. */
export const queueTable = tableBranch<QueueRow>({
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
    instances.flatMap((i) => (i.workers?.queues ?? []).map((queue) => ({ index: [i.index, queue.index], row: { ...queue, instanceName: i.name } }))),
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
    readOnly({
      name: 'mispQueueInstanceName',
      arc: 13,
      syntax: UTF8_STRING,
      description: 'The name of the instance the queue belongs to (mispInstanceName of the same mispInstanceIndex), for naming the queue in an NMS.',
      source: 'configuration: the instance name',
      permission: 'siteAdmin',
      read: (q: QueueRow) => q.instanceName,
    }),
  ],
});

const WORKER_LIST = 'GET /servers/getWorkers: workers[]';

const workerIndex = indexColumn({
  name: 'mispWorkerIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: 'The position of the worker in its queue, from 1, in process id order.',
  source: WORKER_LIST,
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
      source: `${WORKER_LIST}.pid`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.pid,
    }),
    readOnly({
      name: 'mispWorkerUser',
      arc: 3,
      syntax: UTF8_STRING,
      description: 'The system user the worker runs as.',
      source: `${WORKER_LIST}.user`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.user,
    }),
    readOnly({
      name: 'mispWorkerAlive',
      arc: 4,
      syntax: TRUTH_VALUE,
      description: 'Whether MISP sees the process alive. No value when MISP reports N/A because it cannot read /proc.',
      source: `${WORKER_LIST}.alive`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.alive,
    }),
    readOnly({
      name: 'mispWorkerCorrectUser',
      arc: 5,
      syntax: TRUTH_VALUE,
      description: 'Whether the worker runs as the user MISP expects (the web server user).',
      source: `${WORKER_LIST}.correct_user`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.correctUser,
    }),
    readOnly({
      name: 'mispWorkerOk',
      arc: 6,
      syntax: TRUTH_VALUE,
      description: "MISP's own verdict on the worker: alive (or of unknown liveness) and running as the right user.",
      source: `${WORKER_LIST}.ok`,
      permission: 'siteAdmin',
      read: (w: WorkerData) => w.ok,
    }),
  ],
});

/** MISP.live, read with each workers poll, is a column of mispInstanceTable. */
export const liveColumn: ReadableObject<InstanceSnapshot> = readOnly({
      name: 'mispInstanceLive',
      arc: 18,
      syntax: TRUTH_VALUE,
      description:
        "MISP's MISP.live setting: false while MISP is in maintenance, when only site admins may use it (a " +
        'site-admin key still gets normal answers, so only this setting shows it). Read with each workers ' +
        'poll; no value without a site-admin key or before the first workers poll.',
      source: 'GET /servers/getSetting/MISP.live: value',
      permission: 'siteAdmin',
      read: (i: InstanceSnapshot) => i.workers?.mispLive ?? null,
    });
