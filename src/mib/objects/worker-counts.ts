import { readOnly, type ReadableObject } from '../definition/define.js';
import { GAUGE32 } from '../definition/syntaxes.js';

interface WorkerCounts {
  readonly workersAlive: number;
  readonly workersDead: number;
  readonly workersUnknown: number;
}

const LIVENESS = [
  { suffix: 'Alive', field: 'workersAlive', alive: 'true', meaning: 'that MISP reports alive' },
  { suffix: 'Dead', field: 'workersDead', alive: 'false', meaning: 'that MISP lists as not alive' },
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
      source: `GET /servers/getWorkers: workers[].alive = ${l.alive}`,
      permission: 'siteAdmin',
      read: (row: Row) => row[l.field],
    }),
  );
}
