import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import { startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { ADMIN_KEY, capturedLogger, testConfig } from './helpers.js';

// A timing test: `npm test` runs *.timing.test.ts files one at a time, after the others.
it('keeps the event loop responsive while a large statistics answer arrives and is parsed', async () => {
  const server = await startSimulatedMisp({ variant: '2.5', keys: { [ADMIN_KEY]: 'siteAdmin' } });
  server.state.largeBodyBytes = 12 * 1024 * 1024;
  server.setFailure('/users/statistics', 'largeValidBody');
  const m = new InstanceMonitor(1, testConfig(server.url, { intervals: { statistics: 30 }, timeouts: { connectMs: 5000, headersMs: 5000, bodyMs: 10_000 } }), capturedLogger().logger);
  // Warm up once so the simulator's padding is built before measuring.
  await m.pollOnce();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  // A second, plain meter: the largest gap between 5 ms ticks (the histogram can miss one long stall).
  let lastTick = performance.now();
  let largestGapMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    largestGapMs = Math.max(largestGapMs, now - lastTick);
    lastTick = now;
  }, 5);
  histogram.enable();
  const snapshot = await m.pollOnce();
  // A stall at the very end (the parse) only shows at the next tick: let the meters see it.
  await new Promise((resolve) => setTimeout(resolve, 30));
  histogram.disable();
  clearInterval(ticker);
  const p99Ms = histogram.percentile(99) / 1e6;
  console.log(`event-loop delay during a 12 MiB statistics poll: p99 ${p99Ms.toFixed(1)} ms, largest tick gap ${largestGapMs.toFixed(1)} ms`);
  expect(p99Ms).toBeLessThan(50);
  expect(snapshot.polls.statistics.status).toBe('ok');
  expect(snapshot.statistics?.events).toBe(1200);
  await m.stop();
  await server.close();
});
