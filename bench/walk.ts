import { SnmpClient, T } from '../src/snmp/manager.js';
import { elapsedMs } from './stats.js';

/** snmpbulkwalk's default is 10, net-snmp's subtree() 20; the middle of common NMS settings. */
export const BULK_MAX_REPETITIONS = 20;

export type WalkKind = 'getNext' | 'getBulk';

/** Objects under `root`, in order, stopping after `limit` of them. */
export async function walkOids(client: SnmpClient, root: string, kind: WalkKind, limit = Infinity): Promise<string[]> {
  const found: string[] = [];
  let cursor = root;
  while (found.length < limit) {
    // net-snmp answers a GETBULK with one array of rows per repeated OID.
    const vbs = kind === 'getNext' ? await client.getNext([cursor]) : (await client.getBulk([cursor], 0, Math.min(BULK_MAX_REPETITIONS, limit - found.length))).flat();
    for (const vb of vbs) {
      if (vb.type === T.EndOfMibView || !vb.oid.startsWith(`${root}.`)) return found;
      found.push(vb.oid);
      if (found.length === limit) return found;
    }
    const last = vbs.at(-1);
    if (!last) return found;
    cursor = last.oid;
  }
  return found;
}

export interface WalkRate {
  readonly objects: number;
  readonly walks: number;
  readonly objectsPerSecond: number;
  /** Milliseconds per walk of `objects` objects. */
  readonly msPerWalk: number;
}

/**
 * Walks each subtree `walks` times by `kind`, the subtrees taken in turn (same moments of a busy
 * machine for each), each stopping after `objects` objects.
 */
export async function measureWalks(port: number, roots: readonly string[], objects: number, kind: WalkKind, walks: number, deadlineMs: number): Promise<WalkRate[]> {
  const client = new SnmpClient(port, { timeoutMs: 2000 });
  const totals = roots.map(() => ({ objects: 0, ms: 0, walks: 0 }));
  const deadline = performance.now() + deadlineMs;
  try {
    for (let w = 0; w < walks && performance.now() < deadline; w++) {
      for (const [i, root] of roots.entries()) {
        const start = process.hrtime.bigint();
        const found = await walkOids(client, root, kind, objects);
        const total = totals[i] as { objects: number; ms: number; walks: number };
        total.ms += elapsedMs(start);
        total.objects += found.length;
        total.walks += 1;
      }
    }
  } finally {
    client.close();
  }
  return totals.map((t) => ({ objects: t.walks === 0 ? 0 : t.objects / t.walks, walks: t.walks, objectsPerSecond: (t.objects / t.ms) * 1000, msPerWalk: t.ms / t.walks }));
}
