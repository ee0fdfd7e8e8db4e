import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import type { BenchResults } from '../../../bench/results.js';

// A timing test (run alone, after the others): the benchmark loads both cores for a few seconds.
const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-bench-smoke-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs every part of the benchmark on the quick setting and reports each figure', async () => {
  // `npm test` builds dist/ (the daemon) first; the benchmark has its own build.
  await run(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.bench.json')], { cwd: root });
  const out = join(dir, 'results.json');
  const { stdout } = await run(process.execPath, [join(root, 'dist-bench/bench/main.js'), '--quick', '--out', out], { cwd: root, timeout: 50_000 });
  const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;

  expect(stdout).toContain('| GET p50, a MISP object');
  expect(stdout).toMatch(/^Targets met: \d+ of \d+/m);
  // Counted in snmpd itself: one subtree for misp-agentx, one table and one per object for the C subagents.
  expect(results.registrations).toEqual({ misp: 1, cSubagent: { table: 1, override: 400 } });
  expect(results.settings).toBe('quick');
  const { latency: l, walks } = results;
  for (const latency of [l.native, l.misp, l.cSubagent.table, l.cSubagent.override, l.extendCached]) {
    expect(latency.samples).toBe(300);
    expect(latency.p50).toBeGreaterThan(0);
  }
  // Every uncached sample ran the Python script.
  expect(l.uncachedScriptRuns).toBeGreaterThanOrEqual(l.extendUncached.samples);
  expect(walks.objects).toBeGreaterThan(50);
  for (const rate of [walks.getNext.misp, walks.getNext.cSubagent.table, walks.getNext.cSubagent.override, walks.getBulk.misp, walks.getBulk.native, walks.getBulk.cSubagent.table, walks.getBulk.cSubagent.override]) {
    expect(rate.objects).toBe(walks.objects);
  }
  expect(results.throughput.map((t) => t.misp.clients)).toEqual([1, 8, 16]);
  for (const t of results.throughput) {
    expect(t.misp.requests).toBeGreaterThan(0);
    expect(t.misp.errors).toBe(0);
    expect(t.native.errors).toBe(0);
    expect(t.cSubagent.errors).toBe(0);
    expect(t.misp.cpuUsPerRequest['daemon']).toBeGreaterThan(0);
  }
  expect(results.rss.rounds.map((r) => r.requests)).toEqual([3000, 3000]);
  // The memory rows name the requests the rounds answered, not only the number asked for.
  expect(stdout).toContain('| daemon RSS after 3,000 requests ');
  expect(results.rss.afterFirst.raw.totalMiB).toBeGreaterThan(results.rss.bareNode.anonMiB);
  expect(results.rss.afterFirst.afterGc.heapUsedMiB).toBeGreaterThan(0);
  expect(results.largePoll.polls).toBe(1);
  expect(results.largePoll.failedPolls).toBe(0);
  expect(results.largePoll.eventLoopDelay.samples).toBeGreaterThan(0);
  expect(results.largePoll.getDuringPolls.samples).toBeGreaterThan(0);
  expect(results.requestsPerHour.total).toBe(215);
}, 60_000);
