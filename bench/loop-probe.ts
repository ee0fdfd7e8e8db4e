/**
 * Loaded into the daemon by the benchmark only (`node --import <this> dist/cli/main.js run`), so the
 * product carries no measuring code. The first SIGUSR2 starts a 5 ms ticker that records how late
 * each tick fires (the event-loop delay, as monitorEventLoopDelay samples it) with its wall-clock
 * time; the next SIGUSR2 writes the samples to $BENCH_LOOP_FILE as JSON and stops the ticker.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const TICK_MS = 5;
/** About ten minutes of ticks at most. */
const MAX_SAMPLES = 120_000;

const outFile = process.env['BENCH_LOOP_FILE'];
let ticker: NodeJS.Timeout | null = null;
let samples: [number, number][] = [];

function startRecording(): void {
  samples = [];
  let last = performance.now();
  ticker = setInterval(() => {
    const now = performance.now();
    if (samples.length < MAX_SAMPLES) samples.push([performance.timeOrigin + now, Math.max(0, now - last - TICK_MS)]);
    last = now;
  }, TICK_MS);
  ticker.unref();
}

function stopAndWrite(): void {
  if (ticker) clearInterval(ticker);
  ticker = null;
  if (!outFile) return;
  // Renamed into place whole, so the benchmark never reads half a file.
  writeFileSync(`${outFile}.tmp`, JSON.stringify({ samples }));
  renameSync(`${outFile}.tmp`, outFile);
}

process.on('SIGUSR2', () => (ticker ? stopAndWrite() : startRecording()));
