import type { QueueData, WorkerData, WorkersData } from './model.js';
import { assignQueueIndexes } from './queue-index.js';
import { sanitizeText } from './text.js';
import { invalid, isRecord, readBoolean, readCount, readText, type JsonRecord } from './values.js';

const MAX_QUEUE_NAME_LENGTH = 64;

/** A worker as MISP lists it; liveness null for "N/A" (MISP could not read /proc). */
function parseWorker(raw: unknown, what: string): Omit<WorkerData, 'index'> & { ok: boolean } {
  if (!isRecord(raw)) throw invalid(what, 'is not an object');
  const pid = readCount(raw.pid, `${what}.pid`);
  const user = raw.user === undefined ? '' : readText(raw.user, `${what}.user`);
  let alive: boolean | null;
  if (raw.alive === 'N/A') alive = null;
  else if (typeof raw.alive === 'boolean') alive = raw.alive;
  else throw invalid(`${what}.alive`, 'is neither true, false nor "N/A"');
  const correctUser = readBoolean(raw.correct_user, `${what}.correct_user`);
  // PHP treats "N/A" as true, so MISP's own verdict is alive-or-unknown and the right user.
  const ok = raw.ok === undefined ? alive !== false && correctUser : readBoolean(raw.ok, `${what}.ok`);
  return { pid, user, alive, correctUser, ok };
}

/** Queues are the keys whose value is an object; proc_accessible, controls, supervisord_status are not. */
function queueEntries(body: JsonRecord): Array<[string, JsonRecord]> {
  return Object.entries(body).filter((entry): entry is [string, JsonRecord] => isRecord(entry[1]));
}

function parseQueue(name: string, raw: JsonRecord, index: number): QueueData {
  const what = `getWorkers.${name}`;
  if (raw.workers !== undefined && !Array.isArray(raw.workers)) throw invalid(`${what}.workers`, 'is not a list');
  const listed = (raw.workers ?? []).map((worker, position) => parseWorker(worker, `${what}.workers[${position}]`));
  const sorted = [...listed].sort((a, b) => a.pid - b.pid);
  const workers: WorkerData[] = sorted.map(({ pid, user, alive, correctUser }, position) => ({
    index: position + 1,
    pid,
    user,
    alive,
    correctUser,
  }));
  const unknown = listed.filter((worker) => worker.alive === null).length;
  return {
    index,
    name,
    // Judged by its workers: 2.4.130 reported ok for a queue whose only worker had crashed.
    ok: listed.some((worker) => worker.ok),
    // The CakeResque scheduler queue has no jobCount (nor does any queue when Redis is down).
    jobsPending: raw.jobCount === undefined ? null : readCount(raw.jobCount, `${what}.jobCount`),
    workersAlive: listed.filter((worker) => worker.alive === true).length,
    workersDead: listed.filter((worker) => worker.alive !== null && !worker.ok).length,
    workersUnknown: unknown,
    workers,
  };
}

const sum = (values: readonly number[]): number => Math.min(values.reduce((a, b) => a + b, 0), Number.MAX_SAFE_INTEGER);

/**
 * /servers/getWorkers. With background jobs off MISP answers a list (["Background jobs not
 * enabled"]); otherwise an object with one key per queue plus a few non-queue keys.
 */
export function parseWorkers(body: unknown): WorkersData {
  if (Array.isArray(body)) {
    return {
      backgroundJobsEnabled: false,
      workersAlive: 0,
      workersDead: 0,
      workersUnknown: 0,
      queuesOk: 0,
      queuesNotOk: 0,
      jobsPending: 0,
      queues: [],
    };
  }
  if (!isRecord(body)) throw invalid('getWorkers', 'answer is neither an object nor a list');
  const entries = queueEntries(body).map(([key, raw]) => [sanitizeText(key, MAX_QUEUE_NAME_LENGTH), raw] as const);
  if (entries.length === 0) throw invalid('getWorkers', 'answer lists no queue');
  const indexes = assignQueueIndexes(entries.map(([name]) => name));
  const seen = new Set<number>();
  const queues: QueueData[] = [];
  for (const [name, raw] of entries) {
    const index = indexes.get(name);
    // Two keys that sanitize to the same name keep only the first: one row per index.
    if (index === undefined || seen.has(index)) continue;
    seen.add(index);
    queues.push(parseQueue(name, raw, index));
  }
  queues.sort((a, b) => a.index - b.index);
  return {
    backgroundJobsEnabled: true,
    workersAlive: sum(queues.map((queue) => queue.workersAlive)),
    workersDead: sum(queues.map((queue) => queue.workersDead)),
    workersUnknown: sum(queues.map((queue) => queue.workersUnknown)),
    queuesOk: queues.filter((queue) => queue.ok).length,
    queuesNotOk: queues.filter((queue) => !queue.ok).length,
    jobsPending: sum(queues.map((queue) => queue.jobsPending ?? 0)),
    queues,
  };
}
