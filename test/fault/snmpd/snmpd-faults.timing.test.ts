import { chmodSync, unlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedMisp, startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../../src/common/wait.js';
import { Evidence, FAULT_KEY, FaultDaemon } from '../harness/daemon.js';
import { servedName } from '../harness/served.js';

const NOBODY = { uid: 65534, gid: 65534 };
const evidence = new Evidence();
let sim: SimulatedMisp;
const started: Array<{ daemon: FaultDaemon; snmpd: Snmpd }> = [];

beforeAll(async () => {
  sim = await startSimulatedMisp({ keys: { [FAULT_KEY]: 'siteAdmin' } });
});
afterAll(async () => {
  for (const { daemon, snmpd } of started) {
    daemon.process.kill();
    evidence.add(daemon.output);
    await snmpd.stop();
  }
  await sim.close();
  expect(evidence.leaks()).toEqual([]);
});

async function setUp(options: { launch: boolean; user?: { uid: number; gid: number } }): Promise<{ daemon: FaultDaemon; snmpd: Snmpd }> {
  const snmpd = options.launch ? await Snmpd.start() : await Snmpd.prepare();
  const daemon = new FaultDaemon({ socket: snmpd.agentxUnix, instances: [{ name: 'fault', url: sim.url }], ...(options.user ? { user: options.user } : {}) });
  started.push({ daemon, snmpd });
  return { daemon, snmpd };
}

const serves = (snmpd: Snmpd) => async () => (await servedName(snmpd.udpPort)) === 'fault';
const lines = (daemon: FaultDaemon, msg: string) => daemon.process.logLines().filter((line) => line['msg'] === msg);
const ms = (list: number[]): string => list.map((t) => `${Math.round(t)}`).join(', ');

describe('the daemon while snmpd fails around it', () => {
  it('starts before snmpd, then survives SIGKILL+restart x5, SIGSTOP 10 s, and its socket file removed and made again', async () => {
    const { daemon, snmpd } = await setUp({ launch: false });
    await new Promise((r) => setTimeout(r, 1500));
    expect(daemon.process.child.exitCode, 'alive without snmpd').toBeNull();
    await snmpd.launch();
    const first = await waitFor('served after snmpd started', serves(snmpd), 5000, 20);

    const afterKill: number[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      await snmpd.kill();
      await snmpd.launch();
      afterKill.push(await waitFor('served after SIGKILL and restart', serves(snmpd), 5000, 10));
    }

    snmpd.signal('SIGSTOP');
    await new Promise((r) => setTimeout(r, 10_000));
    snmpd.signal('SIGCONT');
    const afterStop = await waitFor('served after SIGCONT', serves(snmpd), 10_000, 20);

    // Unlinked while snmpd runs: the open session does not notice; new connections would get ENOENT.
    unlinkSync(snmpd.agentxUnix);
    expect(await serves(snmpd)()).toBe(true);
    await snmpd.kill();
    await waitFor('a reconnect refused: ENOENT', () => daemon.output.includes('ENOENT'), 5000);
    await snmpd.launch();
    const afterRemoved = await waitFor('served once the socket is made again', serves(snmpd), 5000, 10);

    console.log(`daemon vs snmpd (ms): first ${Math.round(first)} after snmpd answered; SIGKILL+restart ${ms(afterKill)}; SIGSTOP 10 s ${Math.round(afterStop)} after SIGCONT; socket removed ${Math.round(afterRemoved)}`);
    expect(first).toBeLessThan(3000);
    expect(Math.max(...afterKill)).toBeLessThan(3000);
    expect(afterStop).toBeLessThan(5000);
    expect(daemon.process.child.exitCode).toBeNull();
    // 5 kills, 1 hang, 1 kill after the unlink: each loss logged once.
    expect(lines(daemon, 'AgentX session lost; reconnecting')).toHaveLength(7);
    expect(await daemon.stop()).toBe(0);
  }, 60_000);

  it('permission denied on the socket: a clear error logged once, retried, and served once the mode is fixed', async () => {
    const { daemon, snmpd } = await setUp({ launch: true, user: NOBODY });
    // The folder may be entered; the socket itself (agentXPerms 0660, root) may not be opened by nobody.
    chmodSync(snmpd.dir, 0o755);
    await waitFor('the refusal logged', () => daemon.output.includes('EACCES'), 5000);
    await new Promise((r) => setTimeout(r, 1500));
    const refusals = daemon.process.logLines().filter((line) => String(line['err'] ?? '').includes('EACCES'));
    const warned = refusals.filter((line) => line['level'] === 40);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ msg: 'cannot establish the AgentX session; retrying', err: `connect EACCES ${snmpd.agentxUnix}: the daemon's user may not open the socket: check agentXPerms in snmpd.conf and the daemon's group` });
    expect(refusals.length, 'keeps retrying (each further attempt at debug level)').toBeGreaterThanOrEqual(3);
    expect(await servedName(snmpd.udpPort)).toBeNull();

    chmodSync(snmpd.agentxUnix, 0o666);
    const recovered = await waitFor('served after chmod', serves(snmpd), 5000, 10);
    console.log(`permission denied: ${refusals.length} refused attempts; served ${Math.round(recovered)} ms after chmod 0666`);
    // snmpd serves the subtree once it has taken the Register, a moment before the daemon reads the
    // answer and its log line comes through the pipe: wait for the line, then count.
    await waitFor('the session logged open', () => lines(daemon, 'AgentX session open; subtree registered').length > 0, 2000);
    expect(lines(daemon, 'AgentX session open; subtree registered')).toHaveLength(1);
    expect(await daemon.stop()).toBe(0);
  }, 30_000);
});
