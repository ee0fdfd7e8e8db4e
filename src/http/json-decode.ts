import { Worker } from 'node:worker_threads';
import { pruneJson } from './json-prune.js';
import { jsonShapeProblem } from './json-shape.js';
import { PollError } from './poll-error.js';
import { sanitizeText } from '../common/text.js';

/** Bodies up to this size parse on the main thread (well under a millisecond of work). */
export const INLINE_PARSE_LIMIT = 256 * 1024;

/** Longest a parse in the worker may take before the answer counts as a timeout. */
const WORKER_PARSE_TIMEOUT_MS = 15_000;

/**
 * An idle worker is ended after this long: its heap still holds the last large answer's garbage
 * (well over 100 MB after a 12 MiB body), and large answers come minutes apart.
 */
const WORKER_IDLE_MS = 10_000;

// The worker runs plain JavaScript from a string, so it works from src/ under vitest and from dist/.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const pruneJson = ${pruneJson.toString()};
const jsonShapeProblem = ${jsonShapeProblem.toString()};
parentPort.on('message', ({ id, bytes }) => {
  try {
    const problem = jsonShapeProblem(bytes);
    if (problem !== null) throw new Error(problem);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    parentPort.postMessage({ id, ok: true, value: pruneJson(JSON.parse(text)) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String(error && error.message || error) });
  }
});
`;

interface WorkerReply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly message?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** The thread asked: only its own end fails the parse (an idle thread may end after a new one took over). */
  worker: Worker;
}

/** A worker thread for large parses, created on first need and ended when idle. */
export class ParseWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly idleMs = WORKER_IDLE_MS) {}

  /** Whether a worker thread exists now (for tests of its lifetime). */
  get running(): boolean {
    return this.worker !== null;
  }

  parse(body: Buffer): Promise<unknown> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PollError('timeout', 'parsing the JSON answer took too long'));
        this.restart();
      }, WORKER_PARSE_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer, worker });
      // A body that owns its whole memory is handed over instead of copied (a copy of megabytes costs ms).
      const ownsBuffer = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
      worker.postMessage({ id, bytes: body }, ownsBuffer ? [body.buffer as ArrayBuffer] : []);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(worker, new Error('JSON parse worker exited'));
    });
    // After the listeners: adding a 'message' listener refs the worker again, and an idle worker
    // must never keep the process alive (a pending parse's timer does that while it runs).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.restart(), this.idleMs).unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new PollError('invalidResponse', `invalid JSON: ${reply.message ?? 'unknown error'}`));
  }

  private failAll(worker: Worker, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new PollError('invalidResponse', `JSON parse failed: ${sanitizeText(error.message, 80)}`));
    }
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }
}

/** Shared by every monitor in the process. */
const sharedWorker = new ParseWorker();

/**
 * Parses a JSON body without stalling the event loop: small bodies inline, large ones in a worker
 * thread (JSON.parse of megabytes would hold the loop for longer than snmpd waits for an answer).
 * Either way the result is bounded by pruneJson.
 */
export async function decodeJson(body: Buffer): Promise<unknown> {
  if (body.length > INLINE_PARSE_LIMIT) return sharedWorker.parse(body);
  const problem = jsonShapeProblem(body);
  if (problem !== null) throw new PollError('invalidResponse', problem);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new PollError('invalidResponse', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return pruneJson(parsed);
  } catch (error) {
    throw new PollError('invalidResponse', error instanceof Error ? error.message : String(error));
  }
}
