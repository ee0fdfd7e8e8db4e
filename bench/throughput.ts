import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker.js';

/** Client threads: as many as the machine has cores would starve snmpd and the daemon on 2 cores. */
const MAX_LOAD_THREADS = 2;
const WORKER_FILE = new URL('./load-worker.js', import.meta.url);

export interface Throughput {
  readonly clients: number;
  readonly requests: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
}

/** Several measurements of the same load taken as one. */
export function combineThroughput(parts: readonly Throughput[]): Throughput {
  const requests = parts.reduce((sum, p) => sum + p.requests, 0);
  const elapsedMs = parts.reduce((sum, p) => sum + p.elapsedMs, 0);
  return {
    clients: parts[0]?.clients ?? 0,
    requests,
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    errorSamples: parts.flatMap((p) => p.errorSamples).slice(0, 5),
    elapsedMs,
    requestsPerSecond: (requests / elapsedMs) * 1000,
  };
}

function runWorker(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: job });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load worker exited with ${code} before reporting`)));
  });
}

/** Split `total` into `parts` near-equal whole shares. */
function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/**
 * `clients` closed-loop clients (each sends its next request when the last is answered) spread
 * over up to two worker threads, so the load does not share the benchmark's event loop; stops at
 * `requests` in all or after `seconds`, whichever comes first.
 */
export async function measureThroughput(job: Omit<LoadJob, 'clients' | 'requests' | 'deadlineMs'> & { clients: number; requests: number; seconds: number }): Promise<Throughput> {
  const threads = Math.min(job.clients, MAX_LOAD_THREADS);
  const clientShares = shares(job.clients, threads);
  const requestShares = shares(job.requests, threads);
  const results = await Promise.all(
    clientShares.map((clients, i) => runWorker({ port: job.port, kind: job.kind, oid: job.oid, clients, requests: requestShares[i] as number, deadlineMs: job.seconds * 1000 })),
  );
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    clients: job.clients,
    requests,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    elapsedMs,
    requestsPerSecond: (requests / elapsedMs) * 1000,
  };
}
