import type { WorkerCounts } from '../../domain/snapshot.js';
import { readOnly, type ReadableObject } from '../../mib/definition/define.js';
import { EXPECTED_SOURCE, GAUGE32 } from '../../mib/definition/syntaxes.js';
import type { ExpectedSource } from '../../domain/snapshot.js';

const WORKERS = 'GET /servers/getWorkers';

const LIVENESS = [
  { suffix: 'Alive', field: 'workersAlive', alive: 'true', meaning: 'that MISP lists with alive true' },
  {
    suffix: 'Dead',
    field: 'workersDead',
    alive: 'false',
    meaning:
      'that MISP lists with alive false. Only CakeResque (MISP before 2.4.151) lists a crashed worker; ' +
      'SimpleBackgroundJobs (2.4.151 and later, supervisord) drops a stopped or crashed worker from its ' +
      'list, which the Missing object counts',
  },
  { suffix: 'Unknown', field: 'workersUnknown', alive: "'N/A'", meaning: 'whose liveness MISP could not tell because it cannot read /proc' },
] as const;

/** The alive, dead and unknown worker counts, at three consecutive arcs from `firstArc`. */
export function workerCountColumns<Row extends WorkerCounts>(prefix: string, firstArc: number, scope: string): ReadableObject<Row>[] {
  return LIVENESS.map((l, i) =>
    readOnly({
      name: `${prefix}${l.suffix}`,
      arc: firstArc + i,
      syntax: GAUGE32,
      units: 'workers',
      description: `Workers${scope} ${l.meaning}.`,
      source: `${WORKERS}: workers[].alive = ${l.alive}`,
      permission: 'siteAdmin',
      read: (row: Row) => row[l.field],
    }),
  );
}

const EXPECTATION = [
  {
    suffix: 'NotOk',
    field: 'workersNotOk',
    description: "that MISP lists with its ok flag false (not alive, or not running as the web server user): MISP's worker tab shows them as a problem",
    source: `${WORKERS}: workers[].ok = false`,
  },
  { suffix: 'Running', field: 'workersRunning', description: 'that MISP lists with its ok flag true', source: `${WORKERS}: workers[].ok = true` },
  {
    suffix: 'Expected',
    field: 'workersExpected',
    description: 'that should run; the ExpectedSource object says where this number comes from',
    source: 'supervisord XML-RPC supervisor.getAllProcessInfo, the agent setting workers.expected, or the most seen since the agent started',
  },
  {
    suffix: 'Missing',
    field: 'workersMissing',
    description: 'expected but not running (Expected minus Running, never below 0): stopped, crashed, or listed but not ok',
    source: 'misp-agentx: Expected minus Running',
  },
] as const;

/**
 * The not ok, running, expected and missing counts and where the expectation comes from, at five
 * consecutive arcs from `firstArc`.
 */
export function workerExpectationColumns<Row extends WorkerCounts & { readonly expectedSource: ExpectedSource | 'mixed' }>(
  prefix: string,
  firstArc: number,
  scope: string,
): ReadableObject<Row>[] {
  const counts = EXPECTATION.map((e, i) =>
    readOnly({
      name: `${prefix}${e.suffix}`,
      arc: firstArc + i,
      syntax: GAUGE32,
      units: 'workers',
      description: `Workers${scope} ${e.description}.`,
      source: e.source,
      permission: 'siteAdmin',
      read: (row: Row) => row[e.field],
    }),
  );
  const source = readOnly({
    name: `${prefix}ExpectedSource`,
    arc: firstArc + EXPECTATION.length,
    syntax: EXPECTED_SOURCE,
    description: `Where the number of workers${scope} that should run comes from.`,
    source: 'misp-agentx: the agent setting workers, and whether supervisord answers',
    permission: 'siteAdmin',
    read: (row: Row) => row.expectedSource,
  });
  return [...counts, source];
}
