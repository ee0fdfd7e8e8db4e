import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { buildTree, DEFAULT_ROOT, listServedValues } from '../../../src/mib/index.js';
import { readConditions } from '../../../src/notify/conditions.js';
import type { SimServer } from '../../../src/sim/scenario.js';
import { closeWatched, FRESH_CONDITIONS, watchSimulated } from './helpers.js';

afterEach(closeWatched);

const TESTS = '/servers/testConnection/<id>';
const HOURLY = { serverTestSeconds: 3600 };
/** Below the configuration's limit on purpose: the runtime takes what it is given, so a test can run every poll. */
const EVERY_POLL = { serverTestSeconds: 0.001 };

const partner = (id: number, changes: Partial<SimServer> = {}): SimServer => ({
  id,
  name: `Partner ${id}`,
  url: `https://misp${id}.partner.example`,
  remoteOrg: 'Partner',
  pull: true,
  push: false,
  caching: false,
  lastPushedId: null,
  cachedAgoSeconds: null,
  testStatus: 1,
  remoteVersion: '2.5.1',
  ...changes,
});

/** The served sync-server test columns of the first instance, as `check` prints them. */
function served(snapshot: InstanceSnapshot): Record<string, string> {
  const agent = { version: 't', startedAt: performance.now(), instanceCount: 1, sessionState: () => 'disconnected' as const, notifications: () => ({ sent: 0, held: 0, dropped: 0 }) };
  const values = listServedValues(DEFAULT_ROOT, buildTree(DEFAULT_ROOT, agent, [snapshot]));
  return Object.fromEntries(values.filter((v) => /^mispSyncServer(TestStatus|TestAge|RemoteVersion)\./.test(v.name)).map((v) => [v.name, v.value]));
}

describe('the sync server connection test through the simulated MISP over real HTTP', () => {
  it('is off by default: no testConnection request, every server notTested', async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 });
    const snapshot = await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBeUndefined();
    expect(served(snapshot)).toEqual({ 'mispSyncServerTestStatus.1.1': 'notTested(9)' });
    expect(readConditions(snapshot, ['syncServerTestFailed'], FRESH_CONDITIONS)[0]?.active).toBeNull();
  });

  it('when on, tests one server per poll, only those with pull or push, each at most once per interval', async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 }, HOURLY);
    sim.state.servers.push(partner(2, { push: true, pull: false, testStatus: 2 }), partner(3, { pull: false }));

    const first = await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBe(1);
    expect(served(first)).toMatchObject({ 'mispSyncServerTestStatus.1.1': 'ok(1)', 'mispSyncServerRemoteVersion.1.1': '"2.5.1"', 'mispSyncServerTestStatus.1.2': 'notTested(9)' });
    expect(Number(served(first)['mispSyncServerTestAge.1.1'])).toBeLessThanOrEqual(1);

    const second = await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBe(2);
    expect(served(second)).toMatchObject({ 'mispSyncServerTestStatus.1.1': 'ok(1)', 'mispSyncServerTestStatus.1.2': 'connectionFailed(2)', 'mispSyncServerTestStatus.1.3': 'notTested(9)' });
    expect(served(second)['mispSyncServerRemoteVersion.1.2']).toBeUndefined();

    // Both tested within the hour, server 3 has neither pull nor push: no more tests.
    await monitor.pollOnce();
    await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBe(2);
  });

  it("maps each of MISP's answers 1-8, and fails on 2-6 always, on 7 and 8 only for a server that pushes", async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 }, EVERY_POLL);
    const server = sim.state.servers[0] as SimServer;
    const seen: Array<[number, boolean, string, string | undefined, boolean | null]> = [];
    for (const push of [false, true]) {
      server.push = push;
      for (let status = 1; status <= 8; status++) {
        server.testStatus = status;
        const snapshot = await monitor.pollOnce();
        const values = served(snapshot);
        seen.push([status, push, values['mispSyncServerTestStatus.1.1'] as string, values['mispSyncServerRemoteVersion.1.1'], readConditions(snapshot, ['syncServerTestFailed'], FRESH_CONDITIONS)[0]?.active ?? null]);
      }
    }
    const names = ['ok(1)', 'connectionFailed(2)', 'unexpectedAnswer(3)', 'authenticationFailed(4)', 'passwordChangeRequired(5)', 'termsNotAccepted(6)', 'noSyncPermission(7)', 'sightingOnly(8)'];
    const expected = [false, true].flatMap((push) =>
      names.map((name, i) => [i + 1, push, name, [1, 7, 8].includes(i + 1) ? '"2.5.1"' : undefined, i === 0 ? false : i <= 5 ? true : push] as const),
    );
    expect(seen).toEqual(expected);
  });

  it('keeps the last answer when the test request fails, never retries it, and names a wrong answer', async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 }, EVERY_POLL);
    await monitor.pollOnce();
    sim.setFailure(TESTS, 'http500');
    const failed = await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBe(2);
    expect(failed.polls.servers.status).toBe('ok');
    expect(served(failed)['mispSyncServerTestStatus.1.1']).toBe('ok(1)');

    sim.setFailure(TESTS, null);
    sim.state.rawBodies.set(TESTS, '{"status":9,"client_certificate":null}');
    const wrong = await monitor.pollOnce();
    expect(wrong.polls.servers.status).toBe('ok');
    expect(served(wrong)['mispSyncServerTestStatus.1.1']).toBe('ok(1)');
  });

  it("waits for MISP's answer until the poll's deadline, not only timeouts.headersMs: MISP answers after its connection out ends", async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 }, { ...EVERY_POLL, timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 } });
    sim.setFailure(TESTS, 'hang');
    const snapshot = await monitor.pollOnce();
    // pollOnce's budget is twice the three timeouts: 1.8 s.
    expect(snapshot.polls.servers).toMatchObject({ status: 'ok', lastDurationMs: expect.toSatisfy((ms: number) => ms > 1_500) });
    expect(sim.state.requests.get(TESTS)).toBe(1);
    expect(served(snapshot)).toEqual({ 'mispSyncServerTestStatus.1.1': 'notTested(9)' });
  });

  it('forgets a removed server and does not test a server whose pull and push were switched off', async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 }, EVERY_POLL);
    await monitor.pollOnce();
    (sim.state.servers[0] as SimServer).pull = false;
    const off = await monitor.pollOnce();
    expect(sim.state.requests.get(TESTS)).toBe(1);
    expect(served(off)).toEqual({ 'mispSyncServerTestStatus.1.1': 'notTested(9)' });
    sim.state.servers.splice(0);
    expect((await monitor.pollOnce()).servers?.servers).toEqual([]);
  });
});
