import { parentPort, workerData } from 'node:worker_threads';
import { type ManagerVarbind, SnmpClient, T } from '../src/snmp/manager.js';

/** What one load worker thread runs: `clients` closed-loop SNMP clients, each with its own session. */
export interface LoadJob {
  readonly port: number;
  readonly clients: number;
  /** GET of `oid`; or "mixed": GET, GETNEXT and GETBULK of the subtree in turn. */
  readonly kind: 'get' | 'mixed';
  readonly oid: string;
  /** Requests this worker sends in all (shared by its clients), and its time limit. */
  readonly requests: number;
  readonly deadlineMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly elapsedMs: number;
}

/** A value where one was due: not an exception, and a GETBULK of the right length. */
function answered(vbs: ManagerVarbind[], expected: number): boolean {
  return vbs.length === expected && vbs.every((vb) => vb.type < T.NoSuchObject);
}

async function run(job: LoadJob): Promise<LoadResult> {
  let sent = 0;
  let ok = 0;
  const errorSamples: string[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + job.deadlineMs;
  const fail = (message: string): void => {
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(message);
  };
  async function client(): Promise<void> {
    const snmp = new SnmpClient(job.port, { timeoutMs: 2000 });
    try {
      while (sent < job.requests && performance.now() < deadline) {
        const n = sent++;
        const kind = job.kind === 'get' ? 0 : n % 3;
        try {
          if (kind === 0) {
            if (answered(await snmp.get([job.oid]), 1)) ok += 1;
            else fail(`GET ${job.oid}: no value`);
          } else if (kind === 1) {
            if (answered(await snmp.getNext([job.oid]), 1)) ok += 1;
            else fail(`GETNEXT ${job.oid}: no value`);
          } else if (answered((await snmp.getBulk([job.oid], 0, 10)).flat(), 10)) ok += 1;
          else fail(`GETBULK ${job.oid}: short answer`);
        } catch (error) {
          fail((error as Error).message);
        }
      }
    } finally {
      snmp.close();
    }
  }
  await Promise.all(Array.from({ length: job.clients }, () => client()));
  return { requests: ok + errors, errors, errorSamples, elapsedMs: performance.now() - start };
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as LoadJob).then((result) => port.postMessage(result));
}
