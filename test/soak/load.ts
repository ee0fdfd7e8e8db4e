import { SnmpClient, T, type ManagerVarbind } from '../../src/snmp/manager.js';
import { ROOT, oidOf } from '../fault/harness/mib-oids.js';
import type { History } from './truth.js';

/** What the simulated MISP holds that does not change during the soak. */
export interface FixedTruth {
  readonly name: string;
  readonly workersAlive: number;
  readonly events: History;
}

export interface LoadCounters {
  requests: number;
  /** Answers that contradict the simulated MISP, or malformed answers. */
  wrong: string[];
  /** Requests that got no answer while snmpd was being restarted (expected). */
  unansweredInRestart: number;
  /** Requests that got no answer while snmpd was up. */
  unansweredOtherwise: number;
}

const OK = 1;
const GET_OIDS = [oidOf('mispInstanceName', 1), oidOf('mispStatEvents', 1), oidOf('mispWorkersAlive', 1), oidOf('mispPollStatus', 1, 4), oidOf('mispAgentInstanceCount') + '.0'];

const text = (vb: ManagerVarbind | undefined): string => (Buffer.isBuffer(vb?.value) ? vb.value.toString() : String(vb?.value));

function checkGet(varbinds: ManagerVarbind[], truth: FixedTruth): string | null {
  const [name, events, alive, status, count] = varbinds;
  if (text(name) !== truth.name) return `name ${text(name)}`;
  if (typeof events?.value !== 'number' || !truth.events.recent(events.value)) return `events ${String(events?.value)} not held by the simulator lately`;
  if (alive?.value !== truth.workersAlive) return `workers alive ${String(alive?.value)}, simulator has ${truth.workersAlive}`;
  if (status?.value !== OK) return `statistics poll status ${String(status?.value)}`;
  if (count?.value !== 1) return `instance count ${String(count?.value)}`;
  return null;
}

function checkNext(varbinds: ManagerVarbind[], truth: FixedTruth): string | null {
  const [name, events] = varbinds;
  if (name?.oid !== oidOf('mispInstanceName', 1) || text(name) !== truth.name) return `getNext name ${name?.oid} ${text(name)}`;
  if (events?.oid !== oidOf('mispStatEvents', 1) || typeof events.value !== 'number' || !truth.events.recent(events.value)) return `getNext events ${events?.oid} ${String(events?.value)}`;
  return null;
}

const compareOids = (a: string, b: string): number => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
};

function checkBulk(varbinds: ManagerVarbind[], start: string): string | null {
  if (varbinds.length !== 10) return `getBulk gave ${varbinds.length} varbinds, asked 10`;
  let previous = start;
  for (const vb of varbinds) {
    if (vb.type === T.EndOfMibView) continue;
    if (!vb.oid.startsWith(`${ROOT}.`) || compareOids(vb.oid, previous) <= 0) return `getBulk out of order: ${vb.oid} after ${previous}`;
    previous = vb.oid;
  }
  return null;
}

/**
 * Counts snmpd restarts: odd while one is under way (from the kill until values are served
 * again), so a request knows whether a restart overlapped it.
 */
export class RestartClock {
  generation = 0;

  begin(): void {
    this.generation++;
  }

  end(): void {
    this.generation++;
  }

  /** True when a restart was under way at `since` (a generation read then) or has been since. */
  overlapped(since: number): boolean {
    return since % 2 === 1 || this.generation !== since;
  }
}

/**
 * One client issuing GET, GETNEXT and GETBULK in turn until `until()` says stop, checking each
 * answer against the simulator; requests a restart overlapped are counted apart.
 */
export async function runClient(port: number, truth: FixedTruth, counters: LoadCounters, until: () => boolean, restarts: RestartClock): Promise<void> {
  const client = new SnmpClient(port, { timeoutMs: 1000 });
  const bulkStarts = [ROOT, oidOf('mispInstanceName'), oidOf('mispPollStatus')];
  try {
    for (let i = 0; !until(); i++) {
      const kind = i % 4;
      const since = restarts.generation;
      try {
        let problem: string | null;
        if (kind < 2) {
          problem = checkGet(await client.get(GET_OIDS), truth);
        } else if (kind === 2) {
          problem = checkNext(await client.getNext([oidOf('mispInstanceName'), oidOf('mispStatEvents')]), truth);
        } else {
          const start = bulkStarts[i % bulkStarts.length] as string;
          // net-snmp gives each repeater's rows as one array.
          problem = checkBulk((await client.getBulk([start], 0, 10)).flat(), start);
        }
        counters.requests++;
        if (problem !== null && !restarts.overlapped(since)) counters.wrong.push(problem);
      } catch (error) {
        counters.requests++;
        if (restarts.overlapped(since)) counters.unansweredInRestart++;
        else {
          counters.unansweredOtherwise++;
          if (counters.unansweredOtherwise <= 20) counters.wrong.push(`no answer while snmpd was up: ${(error as Error).message}`);
        }
      }
    }
  } finally {
    client.close();
  }
}
