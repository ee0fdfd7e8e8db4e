import { type ManagerVarbind, SnmpClient, T } from '../src/snmp/manager.js';
import { elapsedMs, type LatencySummary, summarize } from './stats.js';

export interface Target {
  readonly name: string;
  readonly oid: string;
}

/** One GET from send to answer, in ms; throws when the answer carries no value. */
export async function timedGet(client: SnmpClient, oid: string): Promise<number> {
  const start = process.hrtime.bigint();
  const vbs: ManagerVarbind[] = await client.get([oid]);
  const ms = elapsedMs(start);
  const type = vbs[0]?.type;
  if (type === undefined || type >= T.NoSuchObject) throw new Error(`GET ${oid}: no value (type ${type})`);
  return ms;
}

/**
 * Sequential GETs, one client, the targets taken in turn so that every target sees the same
 * moments of a busy shared machine. A warm-up of a tenth as many requests is not counted.
 */
export async function measureGetLatency(port: number, targets: readonly Target[], samples: number, deadlineMs: number): Promise<Map<string, LatencySummary>> {
  const client = new SnmpClient(port, { timeoutMs: 2000 });
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const warmUp = Math.ceil(samples / 10);
  const deadline = performance.now() + deadlineMs;
  try {
    for (let i = 0; i < warmUp + samples && performance.now() < deadline; i++) {
      for (const target of targets) {
        const ms = await timedGet(client, target.oid);
        if (i >= warmUp) times.get(target.name)?.push(ms);
      }
    }
  } finally {
    client.close();
  }
  return new Map([...times].map(([name, values]) => [name, summarize(values)]));
}

/**
 * GETs of extend lines cached for `cacheSeconds`, each asked only once its cache has expired, so
 * every sample runs the script: the lines are taken in turn, waiting when one is not due yet.
 */
export async function measureUncachedExtend(port: number, oids: readonly string[], cacheSeconds: number, samples: number, deadlineMs: number): Promise<LatencySummary> {
  const client = new SnmpClient(port, { timeoutMs: 5000 });
  const dueAt = new Map<string, number>();
  const times: number[] = [];
  const deadline = performance.now() + deadlineMs;
  try {
    for (let i = 0; i < samples && performance.now() < deadline; i++) {
      const oid = oids[i % oids.length] as string;
      const wait = (dueAt.get(oid) ?? 0) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      times.push(await timedGet(client, oid));
      // A little past the cache time: snmpd compares whole seconds.
      dueAt.set(oid, performance.now() + cacheSeconds * 1000 + 150);
    }
  } finally {
    client.close();
  }
  return summarize(times);
}
