import { markdownTable } from '../src/common/table.js';
import type { Rss } from './proc.js';
import type { BenchResults, MemoryPoint } from './results.js';
import type { WalkRate } from './walk.js';
import { ratio } from './stats.js';

interface Row {
  readonly measure: string;
  readonly misp: string;
  readonly native: string;
  readonly ratio: string;
  readonly target: string;
  /** true / false for a target, null for a figure without one. */
  readonly met: boolean | null;
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;
const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
const mib = (value: number): string => `${value.toFixed(1)} MiB`;
const times = (value: number): string => `${value.toFixed(2)}x`;
const MB_PER_MIB = 1.048576;

function latencyRows(r: BenchResults): Row[] {
  const { native, misp, cSubagent, extendCached, extendUncached } = r.latency;
  const p50 = ratio(misp.p50, native.p50);
  const row = (measure: string, value: number, base: number, target = '', met: boolean | null = null): Row => ({ measure, misp: ms(value), native: ms(base), ratio: times(ratio(value, base)), target, met });
  return [
    row('GET p50, MISP object', misp.p50, native.p50, '<= 1.5x native', p50 <= 1.5),
    row('GET p99, MISP object', misp.p99, native.p99),
    row('GET p50, C subagent (snmpd -X) object, for reference', cSubagent.p50, native.p50),
    row('GET p99, C subagent (snmpd -X) object', cSubagent.p99, native.p99),
    row('GET p50, extend (cached 5 s)', extendCached.p50, native.p50),
    row('GET p99, extend (cached 5 s)', extendCached.p99, native.p99),
    row(`GET p50, extend running Python (uncached, ${extendUncached.samples} samples)`, extendUncached.p50, native.p50),
    row('GET p99, extend running Python (uncached)', extendUncached.p99, native.p99),
  ];
}

function walkRows(r: BenchResults): Row[] {
  const { objects, getNext, getBulk } = r.walks;
  const bulk = `bulk walk (GETBULK, ${getBulk.maxRepetitions} per request)`;
  // Time for the same number of objects over native's time: the inverse of the rates' ratio.
  const row = (measure: string, rate: WalkRate, native: WalkRate, maxTime?: number): Row => {
    const time = ratio(native.objectsPerSecond, rate.objectsPerSecond);
    const target = maxTime === undefined ? '' : `time <= ${maxTime}x native`;
    return { measure, misp: perSecond(rate.objectsPerSecond), native: perSecond(native.objectsPerSecond), ratio: `time ${times(time)}`, target, met: maxTime === undefined ? null : time <= maxTime };
  };
  return [
    row(`walk (GETNEXT), ${objects} objects`, getNext.misp, getNext.native),
    row(`walk (GETNEXT), ${objects} objects of the C subagent`, getNext.cSubagent, getNext.native),
    row(`${bulk}, ${objects} objects`, getBulk.misp, getBulk.native, 2),
    row(`${bulk}, ${objects} objects of the C subagent`, getBulk.cSubagent, getBulk.native),
  ];
}

function throughputRows(r: BenchResults): Row[] {
  return r.throughput.map(({ native, misp, sessionDrops }) => {
    const share = ratio(misp.requestsPerSecond, native.requestsPerSecond);
    const clean = misp.errors === 0 && native.errors === 0;
    const target = misp.clients === 8 ? '>= 60% of native, 0 errors, 0 drops' : misp.clients === 16 ? '0 errors' : '';
    const met = misp.clients === 8 ? share >= 0.6 && clean && sessionDrops === 0 : misp.clients === 16 ? clean : null;
    return {
      measure: `throughput, ${misp.clients} client${misp.clients === 1 ? '' : 's'} (errors; session drops)`,
      misp: `${perSecond(misp.requestsPerSecond)} (${misp.errors}; ${sessionDrops})`,
      native: `${perSecond(native.requestsPerSecond)} (${native.errors})`,
      ratio: `${(share * 100).toFixed(0)}%`,
      target,
      met,
    };
  });
}

/** Where the CPU goes at 8 clients: the AgentX hop costs snmpd work as well as the daemon's. */
function cpuRows(r: BenchResults): Row[] {
  const eight = r.throughput.find((t) => t.misp.clients === 8);
  if (!eight) return [];
  const us = (value: number | undefined): string => `${(value ?? Number.NaN).toFixed(1)} µs`;
  const { native, misp } = eight;
  return [
    {
      measure: 'CPU per GET at 8 clients: snmpd + daemon (daemon)',
      misp: `${us((misp.cpuUsPerRequest['snmpd'] ?? 0) + (misp.cpuUsPerRequest['daemon'] ?? 0))} (${us(misp.cpuUsPerRequest['daemon'])})`,
      native: us(native.cpuUsPerRequest['snmpd']),
      ratio: times(ratio((misp.cpuUsPerRequest['snmpd'] ?? 0) + (misp.cpuUsPerRequest['daemon'] ?? 0), native.cpuUsPerRequest['snmpd'] ?? 0)),
      target: '',
      met: null,
    },
  ];
}

function memoryRows(r: BenchResults): Row[] {
  const { rss } = r;
  const count = rss.requestsEach.toLocaleString('en-US');
  const figure = (value: Rss): string => `${mib(value.totalMiB)} (private ${mib(value.anonMiB)})`;
  const point = (p: MemoryPoint): string => `${figure(p.raw)}; after GC ${mib(p.afterGc.totalMiB)} (heap ${mib(p.afterGc.heapUsedMiB)})`;
  const row = (measure: string, misp: string, target = '', met: boolean | null = null): Row => ({ measure, misp, native: '', ratio: '', target, met });
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${mib(value)}`;
  const rawGrowth = rss.afterSecond.raw.totalMiB - rss.afterFirst.raw.totalMiB;
  // What stayed alive: RSS read right after a full collection, not wherever the GC cycle happened to be.
  const retainedGrowth = rss.afterSecond.afterGc.totalMiB - rss.afterFirst.afterGc.totalMiB;
  const heapGrowth = rss.afterSecond.afterGc.heapUsedMiB - rss.afterFirst.afterGc.heapUsedMiB;
  return [
    row('RSS of a bare node process, the floor', figure(rss.bareNode)),
    row('daemon RSS at start', point(rss.atStart)),
    row(`daemon RSS after ${count} requests`, point(rss.afterFirst), '<= 64 MB', rss.afterFirst.raw.totalMiB * MB_PER_MIB <= 64),
    row(`RSS growth over a further ${count} (after GC)`, `${signed(rawGrowth)} (after GC ${signed(retainedGrowth)}, heap ${signed(heapGrowth)})`, '< 2 MB after GC', retainedGrowth * MB_PER_MIB < 2),
    row('daemon RSS after the large polls below', point(rss.afterLargePolls)),
  ];
}

function largePollRows(r: BenchResults): Row[] {
  const { largePoll } = r;
  const loop = largePoll.eventLoopDelay;
  const size = `${(largePoll.bodyBytes / 1024 / 1024).toFixed(0)} MiB`;
  return [
    { measure: `event-loop delay p99 during ${largePoll.polls} polls of a ${size} statistics answer`, misp: ms(loop.p99), native: '', ratio: '', target: '< 20 ms', met: loop.p99 < 20 },
    {
      measure: 'GET p99 during those polls (between them)',
      misp: `${ms(largePoll.getDuringPolls.p99)} (${ms(largePoll.getBetweenPolls.p99)})`,
      native: ms(r.latency.native.p99),
      ratio: times(ratio(largePoll.getDuringPolls.p99, r.latency.native.p99)),
      target: '',
      met: null,
    },
  ];
}

function requestRows(r: BenchResults): Row[] {
  const { total, old } = r.requestsPerHour;
  return [{ measure: 'MISP requests per hour at the default intervals', misp: `${total}`, native: '', ratio: `old script: ${old.mispRequestsPerHour}`, target: '', met: null }];
}

export function reportRows(r: BenchResults): Row[] {
  return [...latencyRows(r), ...walkRows(r), ...throughputRows(r), ...cpuRows(r), ...memoryRows(r), ...largePollRows(r), ...requestRows(r)];
}

/** A Markdown table: readable in a terminal, and pasted as it is into docs/benchmarks.md. */
export function renderTable(r: BenchResults): string {
  const header = ['measure', 'misp-agentx', 'snmpd native', 'ratio', 'target', 'met'];
  const lines = reportRows(r).map((row) => [row.measure, row.misp, row.native, row.ratio, row.target, row.met === null ? '' : row.met ? 'yes' : 'NO']);
  return markdownTable(header, lines);
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
