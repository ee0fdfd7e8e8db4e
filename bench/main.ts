import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SnmpClient } from '../src/snmp/manager.js';
import { C_SUBAGENT_OBJECTS, C_SUBAGENTS, SNMPD_PATH } from './c-subagent.js';
import { UNCACHED_CACHE_SECONDS } from './extend-lines.js';
import { measureLargePolls } from './large-poll.js';
import { measureGetLatency, measureUncachedExtend } from './latency.js';
import { MISP_GET_OID, MISP_ROOT, SYS_DESCR } from './mib-oids.js';
import { type BenchSettings, parseBenchArgs } from './options.js';
import { countRegistrations } from './registrations.js';
import { renderRequestsPerHour, renderTable, renderVerdicts } from './report.js';
import { requestsPerHour } from './requests-per-hour.js';
import type { BenchResults, MemoryPoint } from './results.js';
import { type BenchStack, startStack } from './stack.js';
import { bareNodeRss } from './node-floor.js';
import { CpuMeter, type Rss, rss } from './proc.js';
import { combineThroughput, measureThroughput, type Throughput } from './throughput.js';
import { BULK_MAX_REPETITIONS, measureWalks, type WalkKind, walkOids } from './walk.js';

/** The native subtree walked for comparison: the first objects of mib-2 (system, then interfaces...). */
const NATIVE_ROOT = '1.3.6.1.2.1';
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function machine(): BenchResults['machine'] {
  const snmpd = execFileSync(SNMPD_PATH, ['-v'], { encoding: 'utf8' }).match(/NET-SNMP version:\s*(\S+)/)?.[1] ?? 'unknown';
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverage: loadavg(), node: process.version, snmpd };
}

async function latencyPhase(stack: BenchStack, s: BenchSettings): Promise<BenchResults['latency']> {
  const port = stack.snmpd.udpPort;
  log(`GET latency: ${s.latencySamples} samples each of sysDescr.0, a MISP object, each C subagent's object, a cached extend line`);
  const targets = [
    { name: 'native', oid: SYS_DESCR },
    { name: 'misp', oid: MISP_GET_OID },
    { name: 'cTable', oid: C_SUBAGENTS.table.getOid },
    { name: 'cOverride', oid: C_SUBAGENTS.override.getOid },
    { name: 'extendCached', oid: stack.extend.cachedOid },
  ];
  const got = await measureGetLatency(port, targets, s.latencySamples, s.maxLoopSeconds * 1000);
  log(`GET latency: ${s.uncachedSamples} uncached extend samples (each runs Python)`);
  const runsBefore = stack.extend.runs();
  const extendUncached = await measureUncachedExtend(port, stack.extend.uncachedOids, UNCACHED_CACHE_SECONDS, s.uncachedSamples, s.maxLoopSeconds * 1000);
  const pick = (name: string) => {
    const summary = got.get(name);
    if (!summary) throw new Error(`no latency for ${name}`);
    return summary;
  };
  return { native: pick('native'), misp: pick('misp'), cSubagent: { table: pick('cTable'), override: pick('cOverride') }, extendCached: pick('extendCached'), extendUncached, uncachedScriptRuns: stack.extend.runs() - runsBefore };
}

async function walkPhase(stack: BenchStack, s: BenchSettings): Promise<BenchResults['walks']> {
  const port = stack.snmpd.udpPort;
  const client = new SnmpClient(port);
  const objects = (await walkOids(client, MISP_ROOT, 'getNext')).length;
  const nativeOids = await walkOids(client, NATIVE_ROOT, 'getNext', objects);
  client.close();
  if (nativeOids.length < objects) throw new Error(`mib-2 has only ${nativeOids.length} objects, fewer than the MISP subtree's ${objects}`);
  if (C_SUBAGENT_OBJECTS < objects) throw new Error(`the C subagents serve ${C_SUBAGENT_OBJECTS} objects, fewer than the MISP subtree's ${objects}`);
  log(`walks: ${s.walks} x ${objects} objects of mib-2, the MISP subtree and each C subagent's, by GETNEXT and by GETBULK`);
  const roots = [NATIVE_ROOT, MISP_ROOT, C_SUBAGENTS.table.root, C_SUBAGENTS.override.root];
  const rates = async (kind: WalkKind) => {
    const [native, misp, table, override] = await measureWalks(port, roots, objects, kind, s.walks, s.maxLoopSeconds * 1000);
    if (!native || !misp || !table || !override) throw new Error(`a ${kind} walk measurement is missing`);
    return { native, misp, cSubagent: { table, override } };
  };
  return {
    objects,
    nativeRoot: NATIVE_ROOT,
    nativeRange: [nativeOids[0] ?? '', nativeOids.at(-1) ?? ''],
    getNext: await rates('getNext'),
    getBulk: { ...(await rates('getBulk')), maxRepetitions: BULK_MAX_REPETITIONS },
  };
}

function snmpdPid(stack: BenchStack): number {
  const pid = stack.snmpd.pid;
  if (pid === undefined) throw new Error('snmpd is not running');
  return pid;
}

async function throughputPhase(stack: BenchStack, s: BenchSettings): Promise<BenchResults['throughput']> {
  const port = stack.snmpd.udpPort;
  const pids = { snmpd: snmpdPid(stack), daemon: stack.daemon.pid, cSubagent: stack.cSubagents.table.pid };
  const rows = [];
  for (const clients of s.clientCounts) {
    log(`throughput: ${clients} clients, ${s.throughputSeconds} s each for sysDescr.0, a MISP object and the C subagent's (one registration), in ${s.throughputSlices} turns`);
    const slice = { port, kind: 'get' as const, clients, requests: Number.MAX_SAFE_INTEGER, seconds: s.throughputSeconds / s.throughputSlices };
    const side = (oid: string) => ({ oid, cpu: new CpuMeter(pids), parts: [] as Throughput[] });
    const sides = { native: side(SYS_DESCR), misp: side(MISP_GET_OID), cSubagent: side(C_SUBAGENTS.table.getOid) };
    const dropsBefore = stack.daemon.sessionDrops();
    for (let i = 0; i < s.throughputSlices; i++) {
      for (const { oid, cpu, parts } of Object.values(sides)) parts.push(await cpu.measure(() => measureThroughput({ ...slice, oid })));
    }
    const total = ({ cpu, parts }: ReturnType<typeof side>) => {
      const combined = combineThroughput(parts);
      return { ...combined, cpuUsPerRequest: cpu.perRequestUs(combined.requests) };
    };
    rows.push({ native: total(sides.native), misp: total(sides.misp), cSubagent: total(sides.cSubagent), sessionDrops: stack.daemon.sessionDrops() - dropsBefore });
  }
  return rows;
}

/** Read from snmpd itself, not assumed: what each subagent costs snmpd's lookup depends on it. */
async function registrationsOf(stack: BenchStack): Promise<BenchResults['registrations']> {
  const client = new SnmpClient(stack.snmpd.udpPort);
  try {
    const [misp = 0, table = 0, override = 0] = await countRegistrations(client, [MISP_ROOT, C_SUBAGENTS.table.root, C_SUBAGENTS.override.root]);
    return { misp, cSubagent: { table, override } };
  } finally {
    client.close();
  }
}

async function memoryAt(stack: BenchStack): Promise<MemoryPoint> {
  const raw = rss(stack.daemon.pid);
  const { memory } = await stack.daemon.probe('memory');
  if (!memory) throw new Error('the daemon probe sent no memory figures');
  return { raw, afterGc: memory };
}

async function rssPhase(stack: BenchStack, s: BenchSettings, atStart: MemoryPoint, bareNode: Rss): Promise<Omit<BenchResults['rss'], 'afterLargePolls'>> {
  const dropsBefore = stack.daemon.sessionDrops();
  const round = async (which: string) => {
    log(`RSS: ${which} ${s.rssRequests} requests (GET, GETNEXT, GETBULK in turn) from 8 clients`);
    return measureThroughput({ port: stack.snmpd.udpPort, kind: 'mixed', oid: MISP_GET_OID, clients: 8, requests: s.rssRequests, seconds: s.maxLoopSeconds });
  };
  const first = await round('first');
  const afterFirst = await memoryAt(stack);
  const second = await round('a further');
  const afterSecond = await memoryAt(stack);
  return { bareNode, atStart, afterFirst, afterSecond, requestsEach: s.rssRequests, rounds: [first, second], sessionDrops: stack.daemon.sessionDrops() - dropsBefore };
}

async function main(): Promise<void> {
  const { settings: s, outFile, daemonNodeOptions, daemonEnvironment } = parseBenchArgs(process.argv.slice(2));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  // Before anything of ours runs: the load others put on the machine.
  const machineAtStart = machine();
  log(`settings: ${s.name}; starting the simulated MISP, snmpd and the daemon`);
  const stack = await startStack(daemonNodeOptions, daemonEnvironment);
  let results: BenchResults;
  try {
    const atStart = await memoryAt(stack);
    const registrations = await registrationsOf(stack);
    const latency = await latencyPhase(stack, s);
    const walks = await walkPhase(stack, s);
    const throughput = await throughputPhase(stack, s);
    const memory = await rssPhase(stack, s, atStart, await bareNodeRss(daemonNodeOptions, daemonEnvironment));
    // Counted before the large polls, which poll statistics every 5 s instead of the default.
    const perHour = requestsPerHour(new Map(stack.misp.state.requests), (performance.now() - stack.daemonStartedAt) / 1000);
    log(`large statistics answer: ${s.largePolls} polls of ${s.largeBodyBytes} bytes`);
    const largePoll = await measureLargePolls(stack.misp, stack.daemon, stack.snmpd.udpPort, { polls: s.largePolls, bodyBytes: s.largeBodyBytes, deadlineMs: s.maxLoopSeconds * 1000 });
    results = {
      settings: s.name,
      startedAt,
      durationSeconds: (performance.now() - started) / 1000,
      machine: machineAtStart,
      registrations,
      latency,
      walks,
      throughput,
      daemonNodeOptions,
      daemonEnvironment,
      rss: { ...memory, afterLargePolls: await memoryAt(stack) },
      largePoll,
      requestsPerHour: perHour,
    };
  } finally {
    await stack.stop();
  }
  const file = outFile ?? join(RESULTS_DIR, `bench-${s.name}-${startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(results)}\n\n${renderVerdicts(results)}\n\n${renderRequestsPerHour(results)}\n\nResults: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
