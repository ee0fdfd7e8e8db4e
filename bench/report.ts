import { markdownTable } from '../src/common/table.js';
import type { Rss } from './proc.js';
import type { BenchResults, MemoryPoint } from './results.js';
import type { WalkRate } from './walk.js';
import { ratio } from './stats.js';

/** One line of the table; empty strings where a figure does not apply. */
interface Row {
  readonly measure: string;
  readonly misp: string;
  /** net-snmp's C subagent with one registration (the equal terms) and with one per object. */
  readonly cTable: string;
  readonly cOverride: string;
  readonly native: string;
  readonly ratio: string;
  readonly target: string;
  /** true / false for a target, null for a figure without one. */
  readonly met: boolean | null;
}

/** The daemon's CPU per GET at 8 clients before issue 16 (docs/benchmarks.md): the target is half of it. */
export const DAEMON_CPU_BASELINE_US = 21;
const MB_PER_MIB = 1.048576;
/** The issue's RSS target, in MB (10^6 bytes). */
const RSS_TARGET_MB = 64;

const ms = (value: number): string => `${value.toFixed(3)} ms`;
const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
const mib = (value: number): string => `${value.toFixed(1)} MiB`;
const times = (value: number): string => `${value.toFixed(2)}x`;
const us = (value: number | undefined): string => `${(value ?? Number.NaN).toFixed(1)} µs`;

const row = (fields: Partial<Row> & Pick<Row, 'measure' | 'misp'>): Row => ({ cTable: '', cOverride: '', native: '', ratio: '', target: '', met: null, ...fields });

function registrationRows(r: BenchResults): Row[] {
  const { misp, cSubagent } = r.registrations;
  return [row({ measure: "registrations in snmpd's nsModuleTable", misp: `${misp}`, cTable: `${cSubagent.table}`, cOverride: `${cSubagent.override}` })];
}

function latencyRows(r: BenchResults): Row[] {
  const { native, misp, cSubagent, extendCached, extendUncached } = r.latency;
  const against = (p: 'p50' | 'p99'): Row => {
    const share = ratio(misp[p], cSubagent.table[p]);
    return row({
      measure: `GET ${p}, a MISP object / a C subagent's`,
      misp: ms(misp[p]),
      cTable: ms(cSubagent.table[p]),
      cOverride: ms(cSubagent.override[p]),
      native: ms(native[p]),
      ratio: times(share),
      target: '<= C subagent',
      met: share <= 1,
    });
  };
  const extend = (measure: string, value: number, base: number): Row => row({ measure, misp: ms(value), native: ms(base), ratio: `${times(ratio(value, base))} native` });
  return [
    against('p50'),
    against('p99'),
    extend('GET p50, extend (cached 5 s)', extendCached.p50, native.p50),
    extend('GET p99, extend (cached 5 s)', extendCached.p99, native.p99),
    extend(`GET p50, extend running Python (uncached, ${extendUncached.samples} samples)`, extendUncached.p50, native.p50),
    extend('GET p99, extend running Python (uncached)', extendUncached.p99, native.p99),
  ];
}

function walkRows(r: BenchResults): Row[] {
  const { objects, getNext, getBulk } = r.walks;
  // Time for the same number of objects over the C subagent's time: the inverse of the rates' ratio.
  const walk = (measure: string, rates: BenchResults['walks']['getNext']): Row => {
    const time = ratio(rates.cSubagent.table.objectsPerSecond, rates.misp.objectsPerSecond);
    const rate = (w: WalkRate): string => perSecond(w.objectsPerSecond);
    return row({ measure, misp: rate(rates.misp), cTable: rate(rates.cSubagent.table), cOverride: rate(rates.cSubagent.override), native: rate(rates.native), ratio: `time ${times(time)}`, target: 'time <= C subagent', met: time <= 1 });
  };
  return [walk(`walk (GETNEXT), ${objects} objects per second`, getNext), walk(`bulk walk (GETBULK, ${getBulk.maxRepetitions} per request), ${objects} objects per second`, getBulk)];
}

function throughputRows(r: BenchResults): Row[] {
  return r.throughput.map(({ native, misp, cSubagent, sessionDrops }) => {
    const share = ratio(misp.requestsPerSecond, cSubagent.requestsPerSecond);
    return row({
      measure: `throughput, ${misp.clients} client${misp.clients === 1 ? '' : 's'} (errors; session drops)`,
      misp: `${perSecond(misp.requestsPerSecond)} (${misp.errors}; ${sessionDrops})`,
      cTable: `${perSecond(cSubagent.requestsPerSecond)} (${cSubagent.errors})`,
      native: `${perSecond(native.requestsPerSecond)} (${native.errors})`,
      ratio: times(share),
      target: '>= C subagent, 0 errors, 0 drops',
      met: share >= 1 && misp.errors === 0 && sessionDrops === 0,
    });
  });
}

/** Where the CPU goes at 8 clients: the AgentX hop costs snmpd work as well as the subagent's. */
function cpuRows(r: BenchResults): Row[] {
  const eight = r.throughput.find((t) => t.misp.clients === 8);
  if (!eight) return [];
  const { native, misp, cSubagent } = eight;
  const daemon = misp.cpuUsPerRequest['daemon'] ?? Number.NaN;
  return [
    row({
      measure: "CPU per GET at 8 clients, the subagent's own",
      misp: us(daemon),
      cTable: us(cSubagent.cpuUsPerRequest['cSubagent']),
      ratio: times(ratio(daemon, cSubagent.cpuUsPerRequest['cSubagent'] ?? Number.NaN)),
      target: `<= ${DAEMON_CPU_BASELINE_US / 2} µs (half of ${DAEMON_CPU_BASELINE_US})`,
      met: daemon <= DAEMON_CPU_BASELINE_US / 2,
    }),
    row({ measure: 'CPU per GET at 8 clients, snmpd', misp: us(misp.cpuUsPerRequest['snmpd']), cTable: us(cSubagent.cpuUsPerRequest['snmpd']), native: us(native.cpuUsPerRequest['snmpd']) }),
  ];
}

function memoryRows(r: BenchResults): Row[] {
  const { rss } = r;
  // The rounds' own counts: a time bound (--quick: 20 s) can stop a round well before requestsEach.
  const count = (round: number): string => {
    const answered = rss.rounds[round]?.requests ?? 0;
    const asked = answered < rss.requestsEach ? ` (stopped by the time bound; ${rss.requestsEach.toLocaleString('en-US')} asked)` : '';
    return `${answered.toLocaleString('en-US')}${asked}`;
  };
  const figure = (value: Rss): string => `${mib(value.totalMiB)} (private ${mib(value.anonMiB)})`;
  const point = (p: MemoryPoint): string => `${figure(p.raw)}; after GC ${mib(p.afterGc.totalMiB)} (heap ${mib(p.afterGc.heapUsedMiB)})`;
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${mib(value)}`;
  const rawGrowth = rss.afterSecond.raw.totalMiB - rss.afterFirst.raw.totalMiB;
  // What stayed alive: RSS read right after a full collection, not wherever the GC cycle happened to be.
  const retainedGrowth = rss.afterSecond.afterGc.totalMiB - rss.afterFirst.afterGc.totalMiB;
  const heapGrowth = rss.afterSecond.afterGc.heapUsedMiB - rss.afterFirst.afterGc.heapUsedMiB;
  return [
    row({ measure: 'RSS of a bare node process, the floor', misp: figure(rss.bareNode) }),
    row({ measure: 'daemon RSS at start', misp: point(rss.atStart) }),
    row({ measure: `daemon RSS after ${count(0)} requests`, misp: point(rss.afterFirst), target: `<= ${RSS_TARGET_MB} MB (${(RSS_TARGET_MB / MB_PER_MIB).toFixed(1)} MiB)`, met: rss.afterFirst.raw.totalMiB * MB_PER_MIB <= RSS_TARGET_MB }),
    row({
      measure: `RSS growth over a further ${count(1)} (after GC)`,
      misp: `${signed(rawGrowth)} (after GC ${signed(retainedGrowth)}, heap ${signed(heapGrowth)})`,
      target: '< 2 MB after GC',
      met: retainedGrowth * MB_PER_MIB < 2,
    }),
    row({ measure: 'daemon RSS after the large polls below', misp: point(rss.afterLargePolls) }),
  ];
}

function largePollRows(r: BenchResults): Row[] {
  const { largePoll } = r;
  const loop = largePoll.eventLoopDelay;
  const size = `${(largePoll.bodyBytes / 1024 / 1024).toFixed(0)} MiB`;
  return [
    row({ measure: `event-loop delay p99 during ${largePoll.polls} polls of a ${size} statistics answer`, misp: ms(loop.p99), target: '< 20 ms', met: loop.p99 < 20 }),
    row({
      measure: 'GET p99 during those polls (between them)',
      misp: `${ms(largePoll.getDuringPolls.p99)} (${ms(largePoll.getBetweenPolls.p99)})`,
      native: ms(r.latency.native.p99),
      ratio: `${times(ratio(largePoll.getDuringPolls.p99, r.latency.native.p99))} native`,
    }),
  ];
}

function requestRows(r: BenchResults): Row[] {
  const { total, old } = r.requestsPerHour;
  return [row({ measure: 'MISP requests per hour at the default intervals', misp: `${total}`, ratio: `old script: ${old.mispRequestsPerHour}` })];
}

export function reportRows(r: BenchResults): Row[] {
  return [...registrationRows(r), ...latencyRows(r), ...walkRows(r), ...throughputRows(r), ...cpuRows(r), ...memoryRows(r), ...largePollRows(r), ...requestRows(r)];
}

/** A Markdown table: readable in a terminal, and pasted as it is into docs/benchmarks.md. */
export function renderTable(r: BenchResults): string {
  const header = ['measure', 'misp-agentx', 'C subagent, one table registration', 'C subagent, one registration per object', 'snmpd native', 'misp-agentx / C (table)', 'target', 'met'];
  const lines = reportRows(r).map((l) => [l.measure, l.misp, l.cTable, l.cOverride, l.native, l.ratio, l.target, l.met === null ? '' : l.met ? 'yes' : 'NO']);
  return markdownTable(header, lines);
}

/** Each target with its verdict, and the machine's load when the run started (figures are only as quiet as it was). */
export function renderVerdicts(r: BenchResults): string {
  const targets = reportRows(r).filter((l) => l.met !== null);
  const missed = targets.filter((l) => l.met === false);
  const load = r.machine.loadAverage.map((n) => n.toFixed(2)).join(', ');
  const environment = Object.entries(r.daemonEnvironment).map(([name, value]) => `${name}=${value}`);
  return [
    `Targets met: ${targets.length - missed.length} of ${targets.length}${missed.length === 0 ? '' : `; missed: ${missed.map((l) => `${l.measure} (${l.target})`).join('; ')}`}.`,
    `Load average at the start: ${load} on ${r.machine.cpus} CPUs; daemon node flags: ${r.daemonNodeOptions.join(' ') || 'none'}; other environment: ${environment.join(' ') || 'none'}.`,
  ].join('\n');
}

export function renderRequestsPerHour(r: BenchResults): string {
  const { endpoints, total, observedOverSeconds, old } = r.requestsPerHour;
  const lines = endpoints.map((e) => `| ${e.endpoint} | ${e.intervalSeconds} s | ${e.perHour} | ${e.observed} |`);
  return [
    `| endpoint | default interval | per hour | seen by the simulator in ${Math.round(observedOverSeconds)} s |`,
    '| --- | --- | --- | --- |',
    ...lines,
    `| total | | ${total} | |`,
    `| old script (Cacti every 5 min) | 300 s | ${old.mispRequestsPerHour} getWorkers, ${old.pollsPerHour} Python starts | |`,
  ].join('\n');
}
