/**
 * Loaded into the daemon by the benchmark only (`node --expose-gc --import <this> dist/cli/entry.js
 * run`, with an IPC channel), so the product carries no measuring code. It answers the benchmark's
 * messages:
 * - startLoop: a 5 ms ticker starts recording how late each tick fires (the event-loop delay, as
 *   monitorEventLoopDelay samples it) with its wall-clock time;
 * - stopLoop: the ticker stops and the samples are sent back;
 * - memory: a full garbage collection, then the heap and RSS figures, so that growth between two
 *   readings is what stayed alive, not garbage waiting for the next collection.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProbeReply, ProbeRequest } from './probe-protocol.js';

const TICK_MS = 5;
/** About ten minutes of ticks at most. */
const MAX_SAMPLES = 120_000;

let ticker: NodeJS.Timeout | null = null;
let samples: [number, number][] = [];

function startLoop(): void {
  samples = [];
  let last = performance.now();
  ticker = setInterval(() => {
    const now = performance.now();
    if (samples.length < MAX_SAMPLES) samples.push([performance.timeOrigin + now, Math.max(0, now - last - TICK_MS)]);
    last = now;
  }, TICK_MS);
  ticker.unref();
}

function stopLoop(): [number, number][] {
  if (ticker) clearInterval(ticker);
  ticker = null;
  return samples;
}

function kib(status: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
}

function memoryAfterGc(): ProbeReply['memory'] {
  globalThis.gc?.({ type: 'major', execution: 'sync' });
  const status = readFileSync('/proc/self/status', 'utf8');
  return { heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024, totalMiB: kib(status, 'VmRSS') / 1024, anonMiB: kib(status, 'RssAnon') / 1024, fileMiB: kib(status, 'RssFile') / 1024 };
}

function handle(request: ProbeRequest): ProbeReply {
  switch (request.command) {
    case 'startLoop':
      startLoop();
      return { id: request.id };
    case 'stopLoop':
      return { id: request.id, samples: stopLoop() };
    case 'memory':
      return { id: request.id, memory: memoryAfterGc() };
  }
}

const send = process.send?.bind(process);
if (send) {
  // The channel must not keep the daemon alive once it has stopped serving.
  process.channel?.unref();
  process.on('message', (request: ProbeRequest) => send(handle(request)));
}
