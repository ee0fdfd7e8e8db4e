import { keptUtf8 } from '../../common/text.js';
import { invalid, isRecord, optional, readBoolean, readCount, readUtf8Field, type JsonRecord } from '../../http/json-values.js';
import type { ExpectedSource, QueueData, WorkerCounts, WorkerData, WorkersData } from './model.js';
import { assignQueueIndexes } from './queue-index.js';
import type { ConfiguredProcesses } from './supervisord.js';

/** Queue names and worker users are short names: kept to this many characters. */
const MAX_NAME_CHARACTERS = 64;

/** A worker as MISP lists it; liveness null for "N/A" (MISP could not read /proc). */
function parseWorker(raw: unknown, what: string): Omit<WorkerData, 'index'> {
  if (!isRecord(raw)) throw invalid(what, 'is not an object');
  const pid = readCount(raw.pid, `${what}.pid`);
  const user = readUtf8Field(raw.user, `${what}.user`, MAX_NAME_CHARACTERS);
  let alive: boolean | null;
  if (raw.alive === 'N/A') alive = null;
  else if (typeof raw.alive === 'boolean') alive = raw.alive;
  else throw invalid(`${what}.alive`, 'is neither true, false nor "N/A"');
  const correctUser = readBoolean(raw.correct_user, `${what}.correct_user`);
  // MISP's own verdict; PHP treats "N/A" as true, so without the flag it is alive-or-unknown and the right user.
  const ok = raw.ok === undefined ? alive !== false && correctUser : readBoolean(raw.ok, `${what}.ok`);
  return { pid, user, alive, correctUser, ok };
}

/** Queues are the keys whose value is an object; proc_accessible, controls, supervisord_status are not. */
function queueEntries(body: JsonRecord): Array<[string, JsonRecord]> {
  return Object.entries(body).filter((entry): entry is [string, JsonRecord] => isRecord(entry[1]));
}

/** Expected and missing for `running` workers when `expected` should run. */
export function expectation(running: number, expected: number): Pick<WorkerCounts, 'workersExpected' | 'workersMissing'> {
  return { workersExpected: expected, workersMissing: Math.max(0, expected - running) };
}

function parseQueue(name: string, raw: JsonRecord, index: number): QueueData {
  const what = `getWorkers.${name}`;
  // SimpleBackgroundJobs lists only processes with a pid: a queue with none has no workers key.
  if (raw.workers !== undefined && !Array.isArray(raw.workers)) throw invalid(`${what}.workers`, 'is not a list');
  const listed = (raw.workers ?? []).map((worker, position) => parseWorker(worker, `${what}.workers[${position}]`));
  const workers: WorkerData[] = [...listed].sort((a, b) => a.pid - b.pid).map((worker, position) => ({ index: position + 1, ...worker }));
  const running = listed.filter((worker) => worker.ok).length;
  return {
    index,
    name,
    // Judged by its workers: 2.4.130 reported ok for a queue whose only worker had crashed.
    ok: running > 0,
    // The CakeResque scheduler queue has no jobCount (nor does any queue when Redis is down).
    jobsPending: raw.jobCount === undefined ? null : readCount(raw.jobCount, `${what}.jobCount`),
    workersAlive: listed.filter((worker) => worker.alive === true).length,
    workersDead: listed.filter((worker) => worker.alive === false).length,
    workersUnknown: listed.filter((worker) => worker.alive === null).length,
    workersNotOk: listed.length - running,
    workersRunning: running,
    // Until an expectation is applied (worker-expectations.ts), what is listed is what is expected.
    ...expectation(running, listed.length),
    workers,
    expectedSource: 'mostSeen',
  };
}

const sum = (values: readonly number[]): number => Math.min(values.reduce((a, b) => a + b, 0), Number.MAX_SAFE_INTEGER);

/** The totals over all queues, and the queues' common source of expectation. */
export function workerTotals(queues: readonly QueueData[]): WorkerCounts & Pick<WorkersData, 'queuesOk' | 'queuesNotOk' | 'jobsPending' | 'expectedSource'> {
  const total = (field: keyof WorkerCounts): number => sum(queues.map((queue) => queue[field]));
  const sources = new Set<ExpectedSource>(queues.map((queue) => queue.expectedSource));
  const [only] = sources;
  return {
    workersAlive: total('workersAlive'),
    workersDead: total('workersDead'),
    workersUnknown: total('workersUnknown'),
    workersNotOk: total('workersNotOk'),
    workersRunning: total('workersRunning'),
    workersExpected: total('workersExpected'),
    workersMissing: total('workersMissing'),
    queuesOk: queues.filter((queue) => queue.ok).length,
    queuesNotOk: queues.filter((queue) => !queue.ok).length,
    jobsPending: sum(queues.map((queue) => queue.jobsPending ?? 0)),
    expectedSource: sources.size === 1 && only !== undefined ? only : sources.size === 0 ? 'mostSeen' : 'mixed',
  };
}

/**
 * /servers/getWorkers. With background jobs off MISP answers a list (["Background jobs not
 * enabled"]); otherwise an object with one key per queue plus a few non-queue keys.
 */
export function parseWorkers(body: unknown): WorkersData {
  if (Array.isArray(body)) {
    return { backgroundJobsEnabled: false, supervisordRunning: null, mispLive: null, queues: [], ...workerTotals([]) };
  }
  if (!isRecord(body)) throw invalid('getWorkers', 'answer is neither an object nor a list');
  // Names stay UTF-8 (a queue an admin named in another script is served as written), cut to 64 characters.
  const entries = queueEntries(body).map(([key, raw]) => [keptUtf8(key, MAX_NAME_CHARACTERS), raw] as const);
  if (entries.length === 0) throw invalid('getWorkers', 'answer lists no queue');
  const indexes = assignQueueIndexes(entries.map(([name]) => name));
  const seen = new Set<number>();
  const queues: QueueData[] = [];
  for (const [name, raw] of entries) {
    const index = indexes.get(name);
    // Two keys that are the same once cut (or cleaned of control characters) keep only the first: one row per index.
    if (index === undefined || seen.has(index)) continue;
    seen.add(index);
    queues.push(parseQueue(name, raw, index));
  }
  queues.sort((a, b) => a.index - b.index);
  return {
    backgroundJobsEnabled: true,
    // SimpleBackgroundJobs only; false while supervisord is down (every queue then says ok:false).
    supervisordRunning: optional(readBoolean, body.supervisord_status, 'getWorkers.supervisord_status'),
    mispLive: null,
    queues,
    ...workerTotals(queues),
  };
}

/**
 * How many workers each queue should have, from the best source available for it: the agent
 * configuration (exact, when the admin says so), else the processes supervisord runs for MISP
 * (every state: a STOPPED or FATAL worker is still expected), else the most workers seen for the
 * queue since the agent started (from MISP's lists and supervisord's answers), so that a worker
 * that vanishes from SimpleBackgroundJobs' list is still missed after supervisord went down too.
 */
export class WorkerExpectations {
  private readonly mostSeen = new Map<string, number>();

  constructor(private readonly configured: Readonly<Record<string, number>> = {}) {}

  apply(listed: WorkersData, supervisord: ConfiguredProcesses | null): WorkersData {
    if (!listed.backgroundJobsEnabled) return listed;
    const queues = listed.queues.map((queue) => this.expect(queue, supervisord));
    return { ...listed, queues, ...workerTotals(queues) };
  }

  private expect(queue: QueueData, supervisord: ConfiguredProcesses | null): QueueData {
    const fromSupervisord = supervisord === null ? undefined : (supervisord.get(queue.name) ?? 0);
    const seen = Math.max(this.mostSeen.get(queue.name) ?? 0, queue.workers.length, fromSupervisord ?? 0);
    this.mostSeen.set(queue.name, seen);
    const configured = Object.hasOwn(this.configured, queue.name) ? this.configured[queue.name] : undefined;
    const [expected, source]: [number, ExpectedSource] =
      configured !== undefined ? [configured, 'configured'] : fromSupervisord !== undefined ? [fromSupervisord, 'supervisord'] : [seen, 'mostSeen'];
    return { ...queue, ...expectation(queue.workersRunning, expected), expectedSource: source };
  }
}
