import { afterEach, describe, expect, it } from 'vitest';
import { checkMispAccess } from '../../../src/cli/doctor/misp-checks.js';
import { GAP_SEARCH_EVERY, GAP_SEARCH_PROBES } from '../../../src/endpoints/auth-failures/cursor.js';
import { LOGS_INDEX } from '../../../src/endpoints/auth-failures/parse.js';
import { appendLogs, skipLogIds } from '../../../src/endpoints/auth-failures/sim.js';
import { readConditions } from '../../../src/notify/conditions.js';
import { capturedLogger, closeWatched, FRESH_CONDITIONS, testConfig, watchSimulated } from './helpers.js';

afterEach(closeWatched);

const watch = () => watchSimulated({ authFailures: 60 });

describe('failed authentications through the simulated MISP over real HTTP', () => {
  it('finds the tip once, then counts new auth_fail and login_fail rows with 2 POSTs a poll, each row once', async () => {
    const { sim, monitor } = await watch();
    const first = await monitor.pollOnce();
    expect(first.polls.authFailures.status).toBe('ok');
    expect(first.authFailures).toMatchObject({ authFailures: 0, loginFailures: 0, cursor: 146, lagWindows: 0, newest: null });
    const tipSearch = sim.state.requests.get(LOGS_INDEX) ?? 0;
    console.log(`tip search over HTTP on the simulator's 146-row log: ${tipSearch} requests`);

    appendLogs(sim.state, 'auth_fail', 2);
    appendLogs(sim.state, 'login', 5);
    appendLogs(sim.state, 'login_fail', 1, 'Failed login attempt using username rüdiger@example.org from IP: 192.0.2.7.');
    const second = await monitor.pollOnce();
    expect(sim.state.requests.get(LOGS_INDEX)).toBe(tipSearch + 2);
    expect(second.authFailures).toMatchObject({ authFailures: 2, loginFailures: 1, cursor: 146 });
    expect(second.authFailures?.newest?.title).toBe('Failed login attempt using username rüdiger@example.org from IP: 192.0.2.7.');

    // The window completes over a run of unused ids; the rows read before are not counted again.
    skipLogIds(sim.state, 1500);
    appendLogs(sim.state, 'auth_fail', 1);
    const third = await monitor.pollOnce();
    expect(third.authFailures).toMatchObject({ authFailures: 3, loginFailures: 1, cursor: 1146 });
    expect(readConditions(third, ['authFailureBurst'], { ...FRESH_CONDITIONS, wallNow: Date.now(), authFailureBurst: { burstThreshold: 4, burstSeconds: 300 } })[0]?.active).toBe(true);
    expect(readConditions(third, ['authFailureBurst'], { ...FRESH_CONDITIONS, wallNow: Date.now(), authFailureBurst: { burstThreshold: 5, burstSeconds: 300 } })[0]?.active).toBe(false);
  });

  it("crosses the kit's run of 12,280 unused log ids: the gap search finds the rows beyond, the lag says so, each failure counted once", async () => {
    const { sim, monitor } = await watch();
    await monitor.pollOnce();
    skipLogIds(sim.state, 12_280);
    appendLogs(sim.state, 'auth_fail', 40);
    const requests = () => sim.state.requests.get(LOGS_INDEX) ?? 0;
    for (let quiet = 1; quiet < GAP_SEARCH_EVERY; quiet++) {
      const before = requests();
      const poll = await monitor.pollOnce();
      expect(requests() - before).toBe(2);
      expect(poll.authFailures).toMatchObject({ authFailures: 0, lagWindows: 0 });
    }
    const before = requests();
    const searched = await monitor.pollOnce();
    const searchRequests = requests() - before;
    console.log(`gap search over HTTP: ${searchRequests} requests on the poll that ran it`);
    expect(searchRequests).toBeLessThanOrEqual(2 + GAP_SEARCH_PROBES);
    expect(searched.polls.authFailures.status).toBe('ok');
    expect(searched.authFailures).toMatchObject({ authFailures: 0, cursor: 146, lagWindows: 12 });
    const crossed = await monitor.pollOnce();
    expect(crossed.authFailures).toMatchObject({ authFailures: 40, lagWindows: 0 });
    expect((await monitor.pollOnce()).authFailures).toMatchObject({ authFailures: 40 });
  });

  it('a wrong-shaped answer names what is wrong and keeps the last good counts', async () => {
    const { sim, monitor } = await watch();
    await monitor.pollOnce();
    appendLogs(sim.state, 'auth_fail', 1);
    const good = await monitor.pollOnce();
    sim.state.rawBodies.set(LOGS_INDEX, '{"Log":{"id":"147"}}');
    appendLogs(sim.state, 'auth_fail', 1);
    const bad = await monitor.pollOnce();
    expect(bad.polls.authFailures).toMatchObject({ status: 'invalidResponse', lastError: 'admin/logs/index: answer is not a list' });
    expect(bad.authFailures).toEqual(good.authFailures);
    sim.state.rawBodies.delete(LOGS_INDEX);
    expect((await monitor.pollOnce()).authFailures).toMatchObject({ authFailures: 2 });
  });

  it('a key without site admin gets MISP\'s 403, and doctor says the group needs a site-admin key', async () => {
    const { sim, monitor } = await watch();
    for (const key of Object.keys(sim.state.keys)) sim.state.keys[key] = 'readOnly';
    const denied = await monitor.pollOnce();
    expect(denied.polls.authFailures).toMatchObject({ status: 'permissionDenied', lastError: expect.stringContaining('You do not have permission to use this functionality.') });
    expect(denied.authFailures).toBeNull();

    const config = testConfig(sim.url, { intervals: { authFailures: 60 } });
    const findings = await checkMispAccess([{ ...config, keySource: 'test' }], capturedLogger().logger);
    // The key's rights finding names what the group needs, with the one fix; the group's 403 points there.
    const rights = findings.find((f) => f.subject === 'test key rights');
    expect(rights).toMatchObject({ level: 'fail', detail: 'role "Read Only" (not site admin): authFailures needs a site-admin key' });
    expect(rights?.fix).toContain('site-admin role');
    expect(rights?.fix).toContain('instances[0].intervals: { authFailures: 0 }');
    const finding = findings.find((f) => f.subject === 'test authFailures');
    expect(finding).toMatchObject({ level: 'fail', detail: expect.stringMatching(/^permissionDenied: .*\(the key's role, above\)$/) });
    expect(finding?.fix).toBeUndefined();

    // When the role cannot be read, the group's own advice names the rights.
    sim.setFailure('/users/view/me', 'http500');
    const unknown = await checkMispAccess([{ ...config, keySource: 'test' }], capturedLogger().logger);
    expect(unknown.find((f) => f.subject === 'test key rights')?.level).toBe('warn');
    expect(unknown.find((f) => f.subject === 'test authFailures')?.fix).toContain('use a site-admin key');
    expect(unknown.find((f) => f.subject === 'test authFailures')?.fix).toContain('instances[0].intervals.authFailures: 0');
  });
});
