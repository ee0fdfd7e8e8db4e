import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_DEFAULTS } from '../../../src/config/notifications.js';
import type { DaemonConfig, NotificationsConfig } from '../../../src/config/types.js';
import { Daemon } from '../../../src/daemon/daemon.js';
import { SecretScrubber } from '../../../src/common/secrets.js';
import { SnmpdProcess } from '../../../src/demo/snmpd-process.js';
import { DEFAULT_ROOT, listOids } from '../../../src/mib/index.js';
import type { GroupName } from '../../../src/domain/snapshot.js';
import { type SimulatedMisp, startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { waitFor } from '../../../src/common/wait.js';
import { LOGS_INDEX } from '../../../src/endpoints/auth-failures/parse.js';
import { appendLogs } from '../../../src/endpoints/auth-failures/sim.js';
import { type Received, TrapReceiver } from './snmptrapd.js';

const KEY = 'NotifyKey0123456789abcdefghijABCDEFGHIJ0';
const ROOT = formatOid(DEFAULT_ROOT);
const NOTIFICATIONS_ARC = `${ROOT}.0`;
const OIDS = new Map(listOids(DEFAULT_ROOT).map((o) => [o.name, formatOid(o.oid)]));
const NAMES = new Map([...OIDS].map(([name, numeric]) => [numeric, name]));
const COLUMNS = listOids(DEFAULT_ROOT).filter((o) => o.kind === 'column').map((o) => [o.name, formatOid(o.oid)] as const);
const OFF: Record<GroupName, number> = { probe: 0, version: 0, workers: 0, statistics: 0, diagnostics: 0, jobs: 0, servers: 0, feeds: 0, authFailures: 0 };

let trapd: TrapReceiver;
let snmpd: SnmpdProcess;
let sim: SimulatedMisp;
let daemon: Daemon | null = null;

beforeAll(async () => {
  trapd = await TrapReceiver.start();
  snmpd = await SnmpdProcess.start({ extraConfig: `trap2sink 127.0.0.1:${trapd.port} public` });
});
afterEach(async () => {
  await daemon?.stop();
  daemon = null;
  await sim?.close();
});
afterAll(async () => {
  await Promise.all([snmpd?.stop(), trapd?.stop()]);
});

/** The real Daemon against the simulated MISP, polling every second. */
async function startDaemon(intervals: Partial<Record<GroupName, number>>, notifications: Partial<NotificationsConfig>, serverTestSeconds = 0) {
  sim = await startSimulatedMisp({ keys: { [KEY]: 'siteAdmin' } });
  const log = capturedLogger('debug');
  const config: DaemonConfig = {
    source: 'test',
    agentx: { socket: snmpd.agentxUnix, oidRoot: DEFAULT_ROOT, priority: 127, timeoutSeconds: 0, pingIntervalSeconds: 1, shutdownTimeoutSeconds: 5 },
    log: { level: 'debug', format: 'json' },
    notifications: { ...NOTIFICATION_DEFAULTS, ...notifications },
    instances: [
      {
        name: 'main',
        url: sim.url,
        apiKey: KEY,
        keySource: 'test',
        tlsVerify: true,
        maxBodyBytes: 1024 * 1024,
        intervals: { ...OFF, ...intervals },
        serverTestSeconds,
        timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000 },
      },
    ],
    warnings: [],
  };
  daemon = new Daemon(config, { version: 'test', logger: log.logger, scrubber: new SecretScrubber() });
  await daemon.start();
  await waitFor('the first polls', () => log.lines().some((l) => l['msg'] === 'instance status changed' && l['status'] === 'ok'));
  return log;
}

/** Notifications of this agent received so far, by name. */
function received(): (Received & { name: string })[] {
  return trapd.under(NOTIFICATIONS_ARC).map((r) => ({ ...r, name: NAMES.get(r.trapOid) ?? r.trapOid }));
}

/** Waits for the next notification `name` after the first `after` received, and returns it. */
async function next(name: string, after: number): Promise<Received> {
  await waitFor(`notification ${name}`, () => received().slice(after).some((r) => r.name === name), 15_000);
  return received().slice(after).find((r) => r.name === name) as Received;
}

/** The varbinds as object name and index -> value as snmptrapd printed it. */
function named(r: Received): Record<string, string> {
  return Object.fromEntries(
    [...r.varbinds].map(([numeric, value]) => {
      const column = COLUMNS.find(([, o]) => numeric.startsWith(`${o}.`));
      return [column ? `${column[0]}${numeric.slice(column[1].length)}` : numeric, value];
    }),
  );
}

/**
 * Resolves once the daemon has handled `count` more diagnostics polls. A group's polls never
 * overlap, so the request of the poll after them proves the last one was handled.
 */
async function diagnosticsPolls(count: number): Promise<void> {
  const asked = (): number => sim.state.requests.get('/servers/dbSchemaDiagnostic') ?? 0;
  const target = asked() + count + 1;
  await waitFor(`${count} diagnostics polls handled`, () => asked() >= target);
}

describe('notifications through snmpd to a real snmptrapd', () => {
  it('sends each notification with its OID and varbinds as the simulated MISP changes state', { timeout: 120_000 }, async () => {
    const log = await startDaemon({ probe: 1, workers: 1, diagnostics: 1 }, { clearAfterSeconds: 0, staleAfterSeconds: 3, jobsPendingHigh: 100, jobsPendingClear: 50 });
    const start = received().length;
    const expectPair = async (change: () => void, restore: () => void, raise: string, clear: string): Promise<[Record<string, string>, Record<string, string>]> => {
      const before = received().length;
      change();
      const raised = await next(raise, before);
      const middle = received().length;
      restore();
      const cleared = await next(clear, middle);
      return [named(raised), named(cleared)];
    };

    const email = sim.state.queues['email']!.workers[0]!;
    const [queueDown, queueUp] = await expectPair(() => (email.state = 'wrongUser'), () => (email.state = 'alive'), 'mispQueueNotOk', 'mispQueueOkAgain');
    expect(queueDown).toEqual({
      'mispInstanceName.1': 'STRING: "main"',
      'mispQueueName.1.3': 'STRING: "email"',
      'mispQueueOk.1.3': 'INTEGER: 2',
      'mispQueueWorkersRunning.1.3': 'Gauge32: 0',
      'mispQueueWorkersMissing.1.3': 'Gauge32: 1',
    });
    expect(queueUp).toMatchObject({ 'mispQueueOk.1.3': 'INTEGER: 1', 'mispQueueWorkersRunning.1.3': 'Gauge32: 1', 'mispQueueWorkersMissing.1.3': 'Gauge32: 0' });
    // The worker of the wrong user is not ok by MISP's flag: one missing of the 6 most seen.
    await next('mispWorkersMissingCleared', start);
    const missing = received().filter((r) => r.name.startsWith('mispWorkersMissing')).map(named);
    expect(missing).toEqual([
      { 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersMissing.1': 'Gauge32: 1', 'mispWorkersRunning.1': 'Gauge32: 5', 'mispWorkersExpected.1': 'Gauge32: 6', 'mispWorkersExpectedSource.1': 'INTEGER: 3' },
      { 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersMissing.1': 'Gauge32: 0', 'mispWorkersRunning.1': 'Gauge32: 6', 'mispWorkersExpected.1': 'Gauge32: 6', 'mispWorkersExpectedSource.1': 'INTEGER: 3' },
    ]);
    const dead = received().filter((r) => r.name.startsWith('mispWorkersDead')).map(named);
    expect(dead).toEqual([
      { 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersDead.1': 'Gauge32: 1', 'mispWorkersAlive.1': 'Gauge32: 5' },
      { 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersDead.1': 'Gauge32: 0', 'mispWorkersAlive.1': 'Gauge32: 6' },
    ]);

    const queue = sim.state.queues['default']!;
    const [high, normal] = await expectPair(() => (queue.jobCount = 500), () => (queue.jobCount = 3), 'mispJobsPendingHigh', 'mispJobsPendingNormal');
    expect(high).toEqual({ 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersJobsPending.1': 'Gauge32: 506' });
    expect(normal).toEqual({ 'mispInstanceName.1': 'STRING: "main"', 'mispWorkersJobsPending.1': 'Gauge32: 9' });

    const schema = sim.state.dbSchema;
    const [mismatch, match] = await expectPair(() => (schema.differences = 1), () => (schema.differences = 0), 'mispDbSchemaMismatch', 'mispDbSchemaOkAgain');
    expect(mismatch).toEqual({
      'mispInstanceName.1': 'STRING: "main"',
      'mispDiagDbSchemaOk.1': 'INTEGER: 2',
      'mispDiagDbSchemaActual.1': 'STRING: "140"',
      'mispDiagDbSchemaExpected.1': 'STRING: "140"',
    });
    expect(match['mispDiagDbSchemaOk.1']).toBe('INTEGER: 1');
    const [locked, unlocked] = await expectPair(() => (schema.updateLocked = true), () => (schema.updateLocked = false), 'mispUpdateLocked', 'mispUpdateUnlocked');
    expect([locked['mispDiagUpdateLocked.1'], unlocked['mispDiagUpdateLocked.1']]).toEqual(['INTEGER: 1', 'INTEGER: 2']);

    const keys = sim.state.keys;
    const [refused, accepted] = await expectPair(() => (sim.state.keys = {}), () => (sim.state.keys = keys), 'mispInstanceAuthFailed', 'mispInstanceAuthOk');
    expect(refused).toMatchObject({ 'mispInstanceName.1': 'STRING: "main"', 'mispInstanceStatus.1': 'INTEGER: 4' });
    expect(refused['mispInstanceLastError.1']).toMatch(/^STRING: ".*Authentication failed/);
    expect(accepted['mispInstanceStatus.1']).toBe('INTEGER: 1');

    const beforeOutage = received().length;
    const [down, up] = await expectPair(
      () => sim.setFailure('*', 'reset'),
      () => undefined,
      'mispInstanceUnreachable',
      'mispInstanceDataStale',
    );
    expect(down).toMatchObject({ 'mispInstanceReachable.1': 'INTEGER: 2', 'mispInstanceStatus.1': 'INTEGER: 3' });
    expect(Number(up['mispInstanceDataAge.1']?.replace('Gauge32: ', ''))).toBeGreaterThanOrEqual(3);
    const afterOutage = received().length;
    sim.setFailure('*', null);
    const back = named(await next('mispInstanceReachableAgain', afterOutage));
    expect(back).toMatchObject({ 'mispInstanceReachable.1': 'INTEGER: 1' });
    await next('mispInstanceDataFresh', afterOutage);
    expect(received().slice(beforeOutage).map((r) => r.name).sort()).toEqual(
      ['mispInstanceDataFresh', 'mispInstanceDataStale', 'mispInstanceReachableAgain', 'mispInstanceUnreachable'],
    );

    // Each kind but supervisordDown once raised and once cleared; nothing else; the key nowhere.
    expect(received().slice(start).length).toBe(18);
    expect(log.text()).not.toContain(KEY);
    expect(trapd.all().map((r) => [...r.varbinds.values()].join(' ')).join('\n')).not.toContain(KEY);
  });

  it('names the critical setting and the misp-modules type in their raised and cleared notifications', { timeout: 60_000 }, async () => {
    await startDaemon({ probe: 1, diagnostics: 1 }, { clearAfterSeconds: 0 });
    const before = received().length;
    const emailing = sim.state.criticalSettings.find((setting) => setting.name === 'MISP.disable_emailing')!;
    emailing.flagged = true;
    const appeared = named(await next('mispCriticalSettingAppeared', before));
    const middle = received().length;
    emailing.flagged = false;
    const cleared = named(await next('mispCriticalSettingCleared', middle));
    const row = Object.keys(appeared).find((key) => key.startsWith('mispDiagCriticalSettingName.1.'))!.slice('mispDiagCriticalSettingName'.length);
    expect(appeared).toEqual({
      'mispInstanceName.1': 'STRING: "main"',
      [`mispDiagCriticalSettingName${row}`]: 'STRING: "MISP.disable_emailing"',
      [`mispDiagCriticalSettingMessage${row}`]: 'STRING: "E-mailing is blocked."',
    });
    // The row stays once MISP stops flagging the setting, so the clear names it too (snmptrapd prints an empty string as "").
    expect(cleared).toEqual({ ...appeared, [`mispDiagCriticalSettingMessage${row}`]: '""' });

    const curl = "curl error 7 'Couldn't connect to server': Failed to connect to 127.0.0.1 port 6666 after 0 ms: Couldn't connect to server";
    const beforeModules = received().length;
    sim.state.moduleStatus = { ...sim.state.moduleStatus, Import: curl };
    const unreachable = named(await next('mispModulesUnreachable', beforeModules));
    const middleModules = received().length;
    sim.state.moduleStatus = { ...sim.state.moduleStatus, Import: 0 };
    const reachable = named(await next('mispModulesReachable', middleModules));
    expect(unreachable).toEqual({ 'mispInstanceName.1': 'STRING: "main"', 'mispDiagModuleType.1.2': 'STRING: "Import"', 'mispDiagModuleMessage.1.2': `STRING: "${curl}"` });
    expect(reachable).toEqual({ 'mispInstanceName.1': 'STRING: "main"', 'mispDiagModuleType.1.2': 'STRING: "Import"', 'mispDiagModuleMessage.1.2': '""' });
    expect(received().slice(before).map((r) => r.name)).toEqual(['mispCriticalSettingAppeared', 'mispCriticalSettingCleared', 'mispModulesUnreachable', 'mispModulesReachable']);
  });

  it('raises mispSyncServerTestFailed when the connection test fails and clears it when it passes', { timeout: 60_000 }, async () => {
    // A test every servers poll: below the configuration's hourly limit, which only the loader enforces.
    const log = await startDaemon({ probe: 1, servers: 1 }, { clearAfterSeconds: 0 }, 0.001);
    const server = sim.state.servers[0]!;
    const before = received().length;
    server.testStatus = 4;
    const failed = named(await next('mispSyncServerTestFailed', before));
    // snmptrapd prints UTF-8 text beyond ASCII as hex.
    const utf8 = Buffer.from('Partner CERT Ålesund').toString('hex').toUpperCase().replace(/(..)/g, '$1 ');
    expect(failed).toEqual({
      'mispInstanceName.1': 'STRING: "main"',
      'mispSyncServerName.1.1': `Hex-STRING: ${utf8}`,
      'mispSyncServerHost.1.1': 'STRING: "misp.partner.example:8443"',
      'mispSyncServerTestStatus.1.1': 'INTEGER: 4',
    });
    const middle = received().length;
    server.testStatus = 1;
    const passed = named(await next('mispSyncServerTestOk', middle));
    expect(passed['mispSyncServerTestStatus.1.1']).toBe('INTEGER: 1');
    expect(received().slice(before).map((r) => r.name)).toEqual(['mispSyncServerTestFailed', 'mispSyncServerTestOk']);
    expect(log.text()).not.toContain('secret');
  });

  it('with the default rate limit, delivers every notification of supervisord stopping and starting, in order', { timeout: 60_000 }, async () => {
    const { rateLimit } = NOTIFICATION_DEFAULTS;
    await startDaemon({ probe: 1, workers: 1 }, { clearAfterSeconds: 1, rateLimit });
    // Until a workers poll has seen them, no worker is expected.
    await waitFor('two workers polls', () => (sim.state.requests.get('/servers/getWorkers') ?? 0) >= 2);
    const before = received().length;
    sim.state.supervisord = false;
    await next('mispSupervisordDown', before);
    const middle = received().length;
    sim.state.supervisord = true;
    await next('mispSupervisordUp', middle);
    const queues = ['default', 'prio', 'email', 'cache', 'update'];
    const names = received().slice(before).map((r) => r.name);
    expect(names).toEqual([
      ...queues.map(() => 'mispQueueNotOk'),
      'mispWorkersMissingFound',
      'mispSupervisordDown',
      ...queues.map(() => 'mispQueueOkAgain'),
      'mispWorkersMissingCleared',
      'mispSupervisordUp',
    ]);
    const queueNames = received().slice(before).filter((r) => r.name === 'mispQueueNotOk').map((r) => Object.entries(named(r)).find(([key]) => key.startsWith('mispQueueName'))?.[1]);
    expect(queueNames).toEqual(queues.map((queue) => `STRING: "${queue}"`));
    expect(named(received().find((r, i) => i >= before && r.name === 'mispSupervisordDown')!)).toMatchObject({ 'mispWorkersSupervisord.1': 'INTEGER: 2', 'mispWorkersMissing.1': 'Gauge32: 6' });
  });

  it('sends a change made while snmpd was down once the session is back, and drops one that went back', { timeout: 60_000 }, async () => {
    const log = await startDaemon({ probe: 1, workers: 1, diagnostics: 1 }, { clearAfterSeconds: 0 });
    const before = received().length;
    await snmpd.kill();
    sim.state.queues['email']!.workers[0]!.state = 'wrongUser';
    sim.state.dbSchema.updateLocked = true;
    await diagnosticsPolls(2);
    expect(log.lines().filter((l) => l['msg'] === 'AgentX session not ready; notifications wait for it')).toHaveLength(1);
    sim.state.dbSchema.updateLocked = false;
    await diagnosticsPolls(2);
    await snmpd.launch();
    const queueDown = await next('mispQueueNotOk', before);
    expect(named(queueDown)).toMatchObject({ 'mispQueueName.1.3': 'STRING: "email"' });
    await waitFor('the drop logged', () =>
      log.lines().some((l) => l['msg'] === 'notification dropped: the condition is no longer true' && l['kind'] === 'updateLocked'),
    );
    expect(received().slice(before).map((r) => r.name)).not.toContain('mispUpdateLocked');
  });

  it('raises a burst of failed authentications with the counts and the newest title, and clears it once the rows age out', { timeout: 60_000 }, async () => {
    await startDaemon({ probe: 1, authFailures: 1 }, { clearAfterSeconds: 0, authFailures: { burstThreshold: 3, burstSeconds: 10 } });
    // The tip search is over once a poll asks the window above it.
    await waitFor('the tip search and a first window read', () => (sim.state.requests.get(LOGS_INDEX) ?? 0) >= 14);
    const before = received().length;
    appendLogs(sim.state, 'auth_fail', 2);
    appendLogs(sim.state, 'login_fail', 1, 'Failed login attempt using username åsa@example.org from IP: 192.0.2.7.');
    const burst = named(await next('mispAuthFailureBurst', before));
    expect(burst).toEqual({
      'mispInstanceName.1': 'STRING: "main"',
      'mispAuthFailures.1': 'Counter32: 2',
      'mispLoginFailures.1': 'Counter32: 1',
      // Not ASCII, so snmptrapd prints hex (its first line): "Failed login att".
      'mispAuthFailuresLastTitle.1': expect.stringMatching(/^Hex-STRING: 46 61 69 6C 65 64 20 6C 6F 67 69 6E 20 61 74 74/),
    });
    const over = named(await next('mispAuthFailureBurstOver', before));
    expect(over).toMatchObject({ 'mispAuthFailures.1': 'Counter32: 2', 'mispLoginFailures.1': 'Counter32: 1' });
    expect(received().slice(before).map((r) => r.name)).toEqual(['mispAuthFailureBurst', 'mispAuthFailureBurstOver']);
  });

  it('bounds what a flapping MISP sends', { timeout: 90_000 }, async () => {
    /** Toggles MISP between down and up every 700 ms for 11 s; returns the reachability notifications and the status changes logged. */
    const flap = async (notifications: Partial<NotificationsConfig>): Promise<{ sent: number; changes: number }> => {
      const log = await startDaemon({ probe: 1 }, { ...notifications, kinds: { ...NOTIFICATION_DEFAULTS.kinds, dataStale: false } });
      const before = received().length;
      for (let i = 0; i < 16; i++) {
        sim.setFailure('*', i % 2 === 0 ? 'reset' : null);
        await sleep(700);
      }
      await sleep(1500);
      await daemon?.stop();
      daemon = null;
      await sim.close();
      const sent = received().slice(before).filter((r) => r.name === 'mispInstanceUnreachable' || r.name === 'mispInstanceReachableAgain').length;
      const changes = log.lines().filter((l) => l['msg'] === 'instance status changed' && (l['status'] === 'unreachable' || l['was'] === 'unreachable')).length;
      return { sent, changes };
    };
    const unlimited = await flap({ clearAfterSeconds: 0, rateLimit: { burst: 100, refillSeconds: 1, globalPerMinute: 10_000 } });
    const limited = await flap({});
    console.log(`flapping 11 s: ${unlimited.sent} notifications without limits (${unlimited.changes} changes); ${limited.sent} with the defaults (${limited.changes} changes)`);
    expect(unlimited.changes).toBeGreaterThanOrEqual(3);
    expect(unlimited.sent).toBe(unlimited.changes);
    expect(limited.changes).toBeGreaterThanOrEqual(3);
    // Raised at once, then held raised: clearAfterSeconds (60) outlasts the storm.
    expect(limited.sent).toBe(1);
  });
});
