import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_INDEX, type GroupName, STATUS_CODES, type Status } from '../../../src/domain/snapshot.js';
import { type SimulatedMisp, startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import type { SimEndpoint, SimFailure } from '../../../src/sim/scenario.js';
import { type SelfSignedCertificate, createSelfSignedCertificate } from '../../../src/sim/self-signed-cert.js';
import { FAILURE_STATUSES } from '../../helpers/failure-statuses.js';
import { SnmpClient, T, counter64Value } from '../../../src/snmp/manager.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../../src/common/wait.js';
import { Evidence, FAULT_KEY, FaultDaemon, type InstanceSpec } from '../harness/daemon.js';
import { ROOT, oidOf } from '../harness/mib-oids.js';
import { childPids, rssMb } from '../harness/proc-stats.js';
import { EVIL_QUEUE_NAMES, beyond64Bits, deeplyNested, fiveMillionObjects, hostileNames, hostileVersion, nanLiteral, nanText, negativeCount } from './hostile-bodies.js';

/** One MISP instance of the daemon, with its own simulated MISP, and what it must show when broken. */
interface Case {
  readonly name: string;
  readonly sim: SimulatedMisp;
  readonly group: GroupName;
  /** Status once broken; null for a case whose answer is accepted (clamped or sanitized). */
  readonly broken: Status | null;
  readonly breakIt: () => void | Promise<void>;
  readonly mendIt: () => void | Promise<void>;
  readonly spec?: Partial<InstanceSpec>;
}


const STATS: SimEndpoint = '/users/statistics';
const evidence = new Evidence();
const sims: SimulatedMisp[] = [];
const cases: Case[] = [];
let snmpd: Snmpd;
let daemon: FaultDaemon;
let client: SnmpClient;
let certA: SelfSignedCertificate;
let certB: SelfSignedCertificate;
let slowestGetMs = 0;

async function sim(tls?: SelfSignedCertificate, port?: number): Promise<SimulatedMisp> {
  const started = await startSimulatedMisp({ keys: { [FAULT_KEY]: 'siteAdmin' }, ...(tls ? { tls } : {}), ...(port ? { port } : {}) });
  sims.push(started);
  return started;
}

function failureCase(failure: SimFailure, status: Status, misp: SimulatedMisp): Case {
  if (failure === 'slowBody') {
    // One byte a second.
    misp.state.slowBodyChunkBytes = 1;
    misp.state.slowBodyChunkMs = 1000;
  }
  return { name: `f-${failure}`, sim: misp, group: 'statistics', broken: status, breakIt: () => misp.setFailure(STATS, failure), mendIt: () => misp.setFailure(STATS, null) };
}

function rawCase(name: string, misp: SimulatedMisp, endpoint: SimEndpoint, group: GroupName, broken: Status | null, body: string): Case {
  return { name, sim: misp, group, broken, breakIt: () => void misp.state.rawBodies.set(endpoint, body), mendIt: () => void misp.state.rawBodies.delete(endpoint) };
}

/** The TLS-changed case: the server is started again on its port with another certificate. */
function certificateChangeCase(initial: SimulatedMisp): Case {
  let current = initial;
  const swap = async (cert: SelfSignedCertificate): Promise<void> => {
    await current.close();
    current = await sim(cert, initial.port);
  };
  return { name: 'tls-changed', sim: initial, group: 'statistics', broken: 'tlsError', breakIt: () => swap(certB), mendIt: () => swap(certA), spec: { caFile: certA.certFile } };
}

async function get(oids: string[]): Promise<unknown[]> {
  const started = performance.now();
  const varbinds = await client.get(oids);
  slowestGetMs = Math.max(slowestGetMs, performance.now() - started);
  return varbinds.map((vb) => (vb.type === T.NoSuchInstance || vb.type === T.NoSuchObject ? null : vb.value));
}

const statusOf = (index: number, group: GroupName) => oidOf('mispPollStatus', index, GROUP_INDEX[group]);

async function statuses(): Promise<Status[]> {
  const codes = await get(cases.map((c, i) => statusOf(i + 1, c.group)));
  const byCode = new Map<unknown, Status>(Object.entries(STATUS_CODES).map(([name, code]) => [code, name as Status]));
  return codes.map((code) => byCode.get(code) ?? 'notYetPolled');
}

async function waitForStatuses(what: string, expected: (c: Case) => Status): Promise<void> {
  let last: Status[] = [];
  try {
    await waitFor(what, async () => {
      last = await statuses();
      return cases.every((c, i) => last[i] === expected(c));
    }, 30_000, 250);
  } catch (error) {
    const wrong = cases.flatMap((c, i) => (last[i] === expected(c) ? [] : [`${c.name}: ${last[i]} (expected ${expected(c)})`]));
    const agentx = daemon.logMessages().filter((msg) => msg.includes('AgentX'));
    throw new Error(`${(error as Error).message}: ${wrong.join('; ')}; daemon's AgentX log: ${agentx.join('; ')}`);
  }
}

beforeAll(async () => {
  [snmpd, certA, certB] = await Promise.all([Snmpd.start(), createSelfSignedCertificate(), createSelfSignedCertificate()]);
  const expired = await createSelfSignedCertificate({ expired: true });
  for (const [failure, status] of FAILURE_STATUSES) cases.push(failureCase(failure, status, await sim()));
  const hostile = await Promise.all(Array.from({ length: 8 }, () => sim()));
  const [negative, nan, nanJson, deep, expanding, beyond, names, version] = hostile as [SimulatedMisp, SimulatedMisp, SimulatedMisp, SimulatedMisp, SimulatedMisp, SimulatedMisp, SimulatedMisp, SimulatedMisp];
  cases.push(
    rawCase('v-negative', negative, STATS, 'statistics', 'invalidResponse', negativeCount(negative.state)),
    rawCase('v-nan-text', nan, STATS, 'statistics', 'invalidResponse', nanText(nan.state)),
    rawCase('v-nan-literal', nanJson, STATS, 'statistics', 'invalidResponse', nanLiteral(nanJson.state)),
    rawCase('v-deep', deep, STATS, 'statistics', 'invalidResponse', deeplyNested()),
    rawCase('v-expanding', expanding, STATS, 'statistics', 'invalidResponse', fiveMillionObjects()),
    rawCase('v-beyond-64-bits', beyond, STATS, 'statistics', null, beyond64Bits(beyond.state)),
    rawCase('v-names', names, '/servers/getWorkers', 'workers', null, hostileNames(names.state)),
    rawCase('v-version', version, '/servers/getVersion', 'version', null, hostileVersion()),
    certificateChangeCase(await sim(certA)),
  );
  const selfSigned = await sim(certA);
  const expiredSim = await sim(expired);
  const instances: InstanceSpec[] = [
    ...cases.map((c) => ({
      name: c.name,
      url: c.sim.url,
      intervals: { probe: 5, version: c.group === 'version' ? 5 : 0, workers: c.group === 'workers' ? 5 : 0, statistics: 5 },
      timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 2500 },
      ...c.spec,
    })),
    // Broken from the start: never any good data.
    { name: 'dns', url: 'http://misp.invalid:8080', intervals: { probe: 5, statistics: 5 } },
    { name: 'tls-self-signed', url: selfSigned.url, intervals: { probe: 5, statistics: 5 } },
    { name: 'tls-expired', url: expiredSim.url, caFile: expired.certFile, intervals: { probe: 5, statistics: 5 } },
  ];
  daemon = new FaultDaemon({ socket: snmpd.agentxUnix, instances });
  // One retry: on a loaded machine a UDP request may be late; slowestGetMs still sees it.
  client = new SnmpClient(snmpd.udpPort, { timeoutMs: 2000, retries: 1 });
}, 60_000);

afterAll(async () => {
  client?.close();
  await daemon?.stop();
  evidence.add(daemon?.output ?? '');
  await Promise.all([snmpd?.stop(), ...sims.map((s) => s.close())]);
  expect(evidence.leaks()).toEqual([]);
}, 30_000);

describe('the daemon serving through MISP failures and hostile answers', () => {
  it('serves every instance once its first polls succeed', async () => {
    await waitForStatuses('every case ok', () => 'ok');
    expect(await get([oidOf('mispStatEvents', 1)])).toEqual([1200]);
  }, 40_000);

  it('shows DNS failure (a .invalid name, refused without any query) and untrusted, expired certificates', async () => {
    const first = cases.length + 1;
    await waitFor('broken-from-start instances polled', async () => {
      const codes = await get([statusOf(first, 'probe'), statusOf(first + 1, 'probe'), statusOf(first + 2, 'probe')]);
      return codes.every((code) => code !== STATUS_CODES.notYetPolled);
    }, 10_000, 200);
    const status = await get([first, first + 1, first + 2].map((i) => oidOf('mispInstanceStatus', i)));
    expect(status).toEqual([STATUS_CODES.dnsError, STATUS_CODES.tlsError, STATUS_CODES.tlsError]);
    const errors = (await get([first, first + 1, first + 2].map((i) => oidOf('mispInstanceLastError', i)))).map(String);
    expect(errors[0]).toBe('DNS lookup failed: ENOTFOUND');
    expect(errors[1]).toMatch(/SELF_SIGNED/);
    expect(errors[2]).toMatch(/CERT_HAS_EXPIRED/);
  }, 20_000);

  for (const round of [1, 2]) {
    it(`round ${round}: each failure shows its status, the last good values stay served, and all recover`, async () => {
      for (const c of cases) await c.breakIt();
      await waitForStatuses('every case broken', (c) => c.broken ?? 'ok');
      const refused = cases.flatMap((c, i) => (c.broken !== null && c.group === 'statistics' ? [i + 1] : []));
      // Good values survive a failed poll: the events count the simulator held before.
      expect(await get(refused.map((i) => oidOf('mispStatEvents', i)))).toEqual(refused.map(() => 1200));
      const lastErrors = (await get(refused.map((i) => oidOf('mispPollLastError', i, GROUP_INDEX.statistics)))).map(String);
      for (const text of lastErrors) expect(text).toMatch(/^[\x20-\x7e]{1,200}$/);
      evidence.add(lastErrors.join('\n'));
      const rss = rssMb(daemon.pid);
      console.log(`round ${round}: daemon RSS ${Math.round(rss)} MB while broken`);
      // Bodies that would expand enormously are refused before parsing (json-shape.ts).
      expect(rss, 'RSS after a 100 MB body, a million-deep nesting, 5 million objects and a trickle').toBeLessThan(250);

      for (const c of cases) await c.mendIt();
      await waitForStatuses('every case recovered', () => 'ok');
      const failures = await get(refused.map((i) => oidOf('mispPollFailuresTotal', i, GROUP_INDEX.statistics)));
      for (const count of failures) expect(count).toBeGreaterThanOrEqual(round);
    }, 60_000);
  }

  it('clamped and sanitized what it accepted: counts beyond 2^64, hostile names, a 10 kB version', async () => {
    const index = (name: string): number => cases.findIndex((c) => c.name === name) + 1;
    const beyond = index('v-beyond-64-bits');
    const names = index('v-names');
    const version = index('v-version');
    for (const name of ['v-beyond-64-bits', 'v-names', 'v-version']) await cases[index(name) - 1]!.breakIt();
    await waitFor('hostile answers served', async () => {
      const [events] = await get([oidOf('mispStatEvents', beyond)]);
      const [versionNumber] = await get([oidOf('mispInstanceVersionNumber', version)]);
      const queues = await client.walk(oidOf('mispQueueName', names));
      return events === 4294967295 && versionNumber === 4294967295 && queues.length > 5;
    }, 20_000, 250);
    const [attributes] = await client.get([oidOf('mispStatAttributes', beyond)]);
    expect(counter64Value(attributes?.value)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    const queueNames = (await client.walk(oidOf('mispQueueName', names))).map((vb) => String(vb.value));
    expect(queueNames).toHaveLength(5 + EVIL_QUEUE_NAMES.length);
    // UTF-8 kept, control characters made spaces, at most 64 characters.
    for (const name of queueNames) expect(name).toMatch(/^[^\u0000-\u001f\u007f-\u009f]{1,64}$/u);
    expect(queueNames).toContain('[31mred   {"level":60,"msg":"forged"}');
    expect(queueNames).toContain('ünïcödé-队列-🙂');
    const users = (await client.walk(oidOf('mispWorkerUser', names))).map((vb) => String(vb.value));
    for (const user of users) expect(Array.from(user).length).toBeLessThanOrEqual(64);
    const [versionText] = await get([oidOf('mispInstanceVersion', version)]);
    expect(String(versionText)).toMatch(/^9999\.999\.999[\x20-\x7e]{0,20}$/);
    const lines = daemon.output.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(() => JSON.parse(line), 'every log line stays one JSON object').not.toThrow();
    expect(daemon.process.logLines().some((line) => line['msg'] === 'forged')).toBe(false);
  }, 30_000);

  it('refuses SET, answered every GET promptly throughout, started no process, and a full walk holds no key', async () => {
    const writer = new SnmpClient(snmpd.udpPort, { community: snmpd.writeCommunity });
    await expect(writer.set([{ oid: oidOf('mispInstanceName', 1), type: T.OctetString, value: 'x' }])).rejects.toThrow(/NotWritable/);
    writer.close();
    const walk = await client.walk(ROOT);
    expect(walk.length).toBeGreaterThan(500);
    evidence.add(walk.map((vb) => `${vb.oid} = ${Buffer.isBuffer(vb.value) ? vb.value.toString() : String(vb.value)}`).join('\n'));
    console.log(`MISP faults: ${cases.length + 3} instances, slowest GET ${Math.round(slowestGetMs)} ms, daemon RSS ${Math.round(rssMb(daemon.pid))} MB, ${evidence.size} characters searched for the key`);
    // Includes this process's own loop, which also serves the simulated MISPs' 100 MB and 15 MB bodies.
    expect(slowestGetMs).toBeLessThan(1500);
    expect(daemon.process.child.exitCode).toBeNull();
    expect(childPids(daemon.pid), 'the daemon started no process').toEqual([]);
  }, 30_000);
});
