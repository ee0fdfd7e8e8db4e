import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpdProcess } from '../../src/demo/snmpd-process.js';
import { DEFAULT_ROOT, listOids } from '../../src/mib/index.js';
import { objectOid } from '../../src/mib/oid-list.js';
import { formatOid } from '../../src/snmp/oid.js';
import { CliProcess } from '../integration/cli/cli-process.js';
import { type Received, TrapReceiver } from '../integration/notify/snmptrapd.js';
import { SnmpClient, T, counter64Value } from '../../src/snmp/manager.js';
import { waitFor } from '../../src/common/wait.js';
import { MISP_URL, SUPERVISOR_URL, adminKey, api, cake, ensureRealMisp, sh, sql, supervisorPassword, supervisorStates, supervisordRuns } from './kit.js';

/**
 * The real daemon (dist/cli/main.js run) and a private snmpd against the real MISP 2.5.1 of
 * ../shared/real-misp: every served value at rest against MISP's API and database, then each
 * change of reality the issue lists, and MISP put back as it was. Not part of npm test: it needs
 * root, minutes and machine-wide services (npm run test:real-misp).
 */

const INTERVAL_SECONDS = 5;
/** One workers poll: its interval (jittered up to 10 %), the requests, and a GET's round trip. */
const ONE_POLL_MS = INTERVAL_SECONDS * 1_100 + 3_000;
const NOTIFICATION_WAIT_MS = 60_000;
const QUEUES = ['default', 'prio', 'email', 'cache', 'update'] as const;
const QUEUE_INDEX: Readonly<Record<(typeof QUEUES)[number], number>> = { default: 1, prio: 2, email: 3, cache: 4, update: 5 };
const STATUS = { ok: 1, degraded: 2, unreachable: 3, authFailed: 4, permissionDenied: 5, maintenance: 7 } as const;
const TRUE = 1;
const FALSE = 2;
const NOTIFICATION_NAMES = new Map(listOids(DEFAULT_ROOT).map((o) => [formatOid(o.oid), o.name]));
const NOTIFICATIONS_ARC = `${formatOid(DEFAULT_ROOT)}.0`;

/** What the report's table says for one change of reality. */
interface RealityRow {
  readonly change: string;
  readonly mispSaid: string;
  readonly served: string;
  readonly seconds: number;
}
const reality: RealityRow[] = [];

let trapd: TrapReceiver;
let snmpd: SnmpdProcess;
let client: SnmpClient;
let daemon: CliProcess | null = null;
let dir = '';
let keyFile = '';
let configFile = '';
let admin = '';
interface MadeKey {
  readonly id: string;
  readonly key: string;
}
/** Auth keys this suite made (deleted at the end), the one the daemon uses, and the read-only user. */
const madeKeys: MadeKey[] = [];
let daemonKey: MadeKey;
let readOnlyUserId: string | null = null;

const oidOf = (name: string, ...index: number[]): string => formatOid(objectOid(DEFAULT_ROOT, name, ...index));

/** The value served at `name.index` (scalars: index 0): a number, a string, or null when there is none. */
async function served(name: string, ...index: number[]): Promise<number | string | null> {
  const [varbind] = await client.get([oidOf(name, ...index)]);
  if (!varbind || varbind.type === T.NoSuchInstance || varbind.type === T.NoSuchObject || varbind.type === T.EndOfMibView) return null;
  if (varbind.type === T.Counter64) return Number(counter64Value(varbind.value));
  return Buffer.isBuffer(varbind.value) ? varbind.value.toString('utf8') : Number(varbind.value);
}

/** Polls SNMP until `check` holds; the seconds it took. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = ONE_POLL_MS): Promise<number> {
  return (await waitFor(what, check, timeoutMs, 250)) / 1000;
}

function received(): Array<Received & { name: string }> {
  return trapd.under(NOTIFICATIONS_ARC).map((r) => ({ ...r, name: NOTIFICATION_NAMES.get(r.trapOid) ?? r.trapOid }));
}

/** Waits for every notification in `names` (with repeats) after the first `after` received; the seconds it took. */
async function notifications(names: readonly string[], after: number): Promise<number> {
  const enough = (): boolean => {
    const got = received().slice(after).map((r) => r.name);
    return names.every((name) => got.filter((n) => n === name).length >= names.filter((n) => n === name).length);
  };
  return (await waitFor(`notifications ${names.join(', ')}`, enough, NOTIFICATION_WAIT_MS, 250)) / 1000;
}

function writeKey(key: string): void {
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
}

/** A new API key of `userId`, remembered for deletion. */
async function newKey(userId: string, comment: string): Promise<MadeKey> {
  const answer = await api(`/auth_keys/add/${userId}`, admin, { comment });
  expect(answer.status).toBe(200);
  const made = { id: String(answer.json.AuthKey.id), key: String(answer.json.AuthKey.authkey_raw) };
  madeKeys.push(made);
  return made;
}

/** Gives the running daemon `key` (a new key file and SIGHUP). */
async function useKey(key: MadeKey): Promise<void> {
  writeKey(key.key);
  await reloadDaemon();
}

async function reloadDaemon(): Promise<void> {
  const before = daemon!.logLines().filter((l) => l['msg'] === 'configuration reloaded').length;
  daemon!.child.kill('SIGHUP');
  await waitFor('the daemon to reload', () => daemon!.logLines().filter((l) => l['msg'] === 'configuration reloaded').length > before, 10_000);
}

async function statusIs(status: number): Promise<boolean> {
  return (await served('mispInstanceStatus', 1)) === status;
}

beforeAll(async () => {
  await ensureRealMisp();
  admin = adminKey();
  dir = mkdtempSync(join(tmpdir(), 'misp-agentx-real-'));
  chmodSync(dir, 0o700);
  keyFile = join(dir, 'misp-api-key');
  daemonKey = await newKey('1', 'misp-agentx test:real-misp');
  writeKey(daemonKey.key);
  const supervisor = supervisorPassword();
  const passwordFile = join(dir, 'supervisor-password');
  writeFileSync(passwordFile, `${supervisor.password}\n`, { mode: 0o600 });
  trapd = await TrapReceiver.start();
  snmpd = await SnmpdProcess.start({ extraConfig: `trap2sink 127.0.0.1:${trapd.port} public` });
  client = new SnmpClient(snmpd.udpPort, { timeoutMs: 3_000, retries: 1 });
  configFile = join(dir, 'config.yaml');
  const interval = INTERVAL_SECONDS;
  const config = {
    agentx: { socket: snmpd.agentxUnix, pingIntervalSeconds: 1 },
    log: { level: 'debug', format: 'json' },
    notifications: { clearAfterSeconds: 5 },
    instances: [
      {
        name: 'real',
        url: MISP_URL,
        keyFile,
        intervals: { probe: interval, version: interval, workers: interval, statistics: interval, diagnostics: interval },
        workers: { supervisor: { url: SUPERVISOR_URL, username: supervisor.username, passwordFile } },
      },
    ],
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  daemon = new CliProcess(['run', '--config', configFile]);
  await until('the first polls of every group', async () => (await statusIs(STATUS.ok)) && (await served('mispStatEvents', 1)) !== null && (await served('mispDiagDbSchemaOk', 1)) !== null, 60_000);
}, 30 * 60_000);

afterAll(async () => {
  // MISP as it was found: every change below restores itself; these are the suite's own traces.
  if (readOnlyUserId !== null) {
    // MISP gives a new user a key of its own and keeps it when the user goes: delete those too.
    const keysOfUser = sql(`SELECT id FROM auth_keys WHERE user_id = ${Number(readOnlyUserId)}`).split('\n').filter(Boolean);
    for (const id of keysOfUser) await api(`/auth_keys/delete/${id}`, admin, {}).catch(() => undefined);
    await api(`/admin/users/delete/${readOnlyUserId}`, admin, {}).catch(() => undefined);
  }
  for (const { id } of madeKeys) await api(`/auth_keys/delete/${id}`, admin, {}).catch(() => undefined);
  if (daemon) {
    daemon.child.kill('SIGTERM');
    await Promise.race([daemon.done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    daemon.kill();
  }
  client?.close();
  await Promise.all([snmpd?.stop(), trapd?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(
    ['| change to the real MISP | what MISP said | what the daemon served | seconds |', '|---|---|---|---|', ...reality.map((r) => `| ${r.change} | ${r.mispSaid} | ${r.served} | ${r.seconds.toFixed(1)} |`)].join('\n'),
  );
}, 120_000);

describe('misp-agentx against a real MISP 2.5.1', () => {
  it('serves at rest what MISP\'s API and database say', async () => {
    const version = await api('/servers/getVersion', admin);
    const workers = await api('/servers/getWorkers', admin);
    const stats = (await api('/users/statistics', admin)).json.stats as Record<string, string>;
    const schema = (await api('/servers/dbSchemaDiagnostic', admin)).json;
    const running = [...supervisorStates().values()].filter((state) => state === 'RUNNING').length;
    expect(await served('mispInstanceVersion', 1)).toBe(version.json.version);
    expect(await served('mispInstanceReachable', 1)).toBe(TRUE);
    expect(await served('mispInstanceProbeHttpStatus', 1)).toBe(200);
    expect(await served('mispInstanceLive', 1)).toBe(TRUE);
    // Counts as MISP's database holds them, and as MISP's statistics page shows them.
    const database: Record<string, string> = {
      mispStatEvents: sql('SELECT COUNT(*) FROM events'),
      mispStatAttributes: sql('SELECT COUNT(*) FROM attributes WHERE deleted = 0'),
      mispStatProposals: sql('SELECT COUNT(*) FROM shadow_attributes WHERE deleted = 0'),
      mispStatUsers: sql('SELECT COUNT(*) FROM users'),
      mispStatUsersPgp: sql("SELECT COUNT(*) FROM users WHERE gpgkey != ''"),
      mispStatOrganisations: sql('SELECT COUNT(*) FROM organisations'),
      mispStatLocalOrganisations: sql('SELECT COUNT(*) FROM organisations WHERE local = 1'),
      mispStatContributingOrgs: sql('SELECT COUNT(DISTINCT orgc_id) FROM events'),
      mispStatThreads: sql('SELECT COUNT(*) FROM threads WHERE post_count > 0'),
      mispStatPosts: sql('SELECT COUNT(*) FROM posts'),
    };
    for (const [name, count] of Object.entries(database)) expect([name, await served(name, 1)]).toEqual([name, Number(count)]);
    const fromApi: Record<string, string> = {
      mispStatEvents: 'event_count',
      mispStatEventsMonth: 'event_count_month',
      mispStatAttributes: 'attribute_count',
      mispStatAttributesMonth: 'attribute_count_month',
      mispStatCorrelations: 'correlation_count',
      mispStatThreadsMonth: 'thread_count_month',
      mispStatPostsMonth: 'post_count_month',
    };
    for (const [name, field] of Object.entries(fromApi)) expect([name, await served(name, 1)]).toEqual([name, Number(stats[field])]);
    // Workers: MISP's list, supervisord's processes, and the daemon's totals agree.
    expect(running).toBe(21);
    expect(await served('mispWorkersRunning', 1)).toBe(running);
    expect(await served('mispWorkersExpected', 1)).toBe(21);
    expect(await served('mispWorkersMissing', 1)).toBe(0);
    expect(await served('mispWorkersNotOk', 1)).toBe(0);
    expect(await served('mispWorkersExpectedSource', 1)).toBe(1);
    expect(await served('mispWorkersSupervisord', 1)).toBe(workers.json.supervisord_status ? TRUE : FALSE);
    expect(await served('mispWorkersQueuesOk', 1)).toBe(5);
    for (const queue of QUEUES) {
      const listed = workers.json[queue].workers as Array<{ pid: number }>;
      const index = QUEUE_INDEX[queue];
      expect(await served('mispQueueName', 1, index)).toBe(queue);
      expect(await served('mispQueueWorkersRunning', 1, index)).toBe(listed.length);
      expect(await served('mispQueueJobsPending', 1, index)).toBe(workers.json[queue].jobCount);
      const pids = listed.map((w) => w.pid).sort((a, b) => a - b);
      for (const [position, pid] of pids.entries()) expect(await served('mispWorkerPid', 1, index, position + 1)).toBe(pid);
    }
    expect(await served('mispDiagDbSchemaActual', 1)).toBe(schema.actual_db_version);
    expect(await served('mispDiagDbSchemaOk', 1)).toBe(TRUE);
    // Critical settings as MISP's own report flags them (level 0, error set), with its messages; ZeroMQ and proxy as codes.
    const report = (await api('/servers/serverSettings', admin)).json;
    const critical = (report.finalSettings as Array<Record<string, unknown>>).filter((setting) => setting.level === 0 && setting.error != null);
    const names = await client.walk(oidOf('mispDiagCriticalSettingName', 1));
    const messages = await client.walk(oidOf('mispDiagCriticalSettingMessage', 1));
    const servedSettings = names.map((vb, i) => [(vb.value as Buffer).toString('utf8'), (messages[i]?.value as Buffer).toString('utf8')]);
    expect(servedSettings.sort()).toEqual(critical.map((setting) => [String(setting.setting), String(setting.errorMessage)]).sort());
    expect(await served('mispDiagSettingsCritical', 1)).toBe(critical.length);
    expect(await served('mispDiagZmqStatusCode', 1)).toBe(Number(report.zmqStatus) + 1);
    expect(await served('mispDiagProxyStatus', 1)).toBe(report.proxyStatus);
    expect(await served('mispInstanceStatus', 1)).toBe(STATUS.ok);
    reality.push({ change: 'none (at rest)', mispSaid: `version ${version.json.version}, 21 workers, ${stats.event_count} events`, served: 'every value above equal; status ok', seconds: 0 });
  });

  it('one stopped worker: one missing in its queue and in the totals within one workers poll, notified, then back', { timeout: 180_000 }, async () => {
    const before = received().length;
    sh('supervisorctl stop misp-workers:default_00');
    try {
      const seconds = await until('one missing worker', async () => (await served('mispQueueWorkersMissing', 1, 1)) === 1 && (await served('mispWorkersMissing', 1)) === 1);
      const listed = (await api('/servers/getWorkers', admin)).json.default.workers.length as number;
      expect(listed).toBe(4);
      expect(await served('mispQueueWorkersRunning', 1, 1)).toBe(4);
      expect(await served('mispWorkersRunning', 1)).toBe(20);
      expect(await served('mispQueueOk', 1, 1)).toBe(TRUE);
      expect(await served('mispInstanceStatus', 1)).toBe(STATUS.degraded);
      expect(seconds).toBeLessThanOrEqual(ONE_POLL_MS / 1000);
      const notified = await notifications(['mispWorkersMissingFound'], before);
      reality.push({ change: 'supervisorctl stop misp-workers:default_00', mispSaid: 'getWorkers lists 4 default workers, all ok', served: 'queue default missing 1, total missing 1, running 20, status degraded; mispWorkersMissingFound', seconds: Math.max(seconds, notified) });
    } finally {
      sh('supervisorctl start misp-workers:default_00');
    }
    const middle = received().length;
    const back = await until('no missing worker', async () => (await served('mispWorkersMissing', 1)) === 0, 30_000);
    const cleared = await notifications(['mispWorkersMissingCleared'], middle);
    reality.push({ change: 'supervisorctl start misp-workers:default_00', mispSaid: '5 default workers', served: 'missing 0; mispWorkersMissingCleared (after clearAfterSeconds 5)', seconds: Math.max(back, cleared) });
  });

  it('supervisord stopped and started: every expected notification arrives, in order, within a minute of each change', { timeout: 300_000 }, async () => {
    const down = [...QUEUES.map(() => 'mispQueueNotOk'), 'mispWorkersMissingFound', 'mispSupervisordDown'];
    const up = [...QUEUES.map(() => 'mispQueueOkAgain'), 'mispWorkersMissingCleared', 'mispSupervisordUp'];
    const before = received().length;
    sh('supervisorctl shutdown');
    let middle = before;
    try {
      await waitFor('supervisord to stop', () => !supervisordRuns(), 60_000, 250);
      const notified = await notifications(down, before);
      const workers = (await api('/servers/getWorkers', admin)).json;
      expect(workers.supervisord_status).toBe(false);
      expect(await served('mispWorkersSupervisord', 1)).toBe(FALSE);
      expect(await served('mispWorkersMissing', 1)).toBe(21);
      expect(await served('mispWorkersExpectedSource', 1)).toBe(3);
      expect(await served('mispInstanceStatus', 1)).toBe(STATUS.degraded);
      reality.push({ change: 'supervisorctl shutdown', mispSaid: 'supervisord_status false, every queue ok false without workers', served: `supervisord false(2), missing 21 of 21 (most seen), status degraded; ${down.length} notifications`, seconds: notified });
    } finally {
      middle = received().length;
      if (!supervisordRuns()) sh('/usr/bin/supervisord -c /etc/supervisor/supervisord.conf');
    }
    const notified = await notifications(up, middle);
    await waitFor('21 workers RUNNING', () => [...supervisorStates().values()].filter((s) => s === 'RUNNING').length === 21, 60_000, 500);
    // Everything of the stop before anything of the start, nothing else; within a poll, in kind order.
    const names = received().slice(before).map((r) => r.name);
    expect(names).toHaveLength(down.length + up.length);
    expect(names.slice(0, down.length).sort()).toEqual([...down].sort());
    expect(names.slice(down.length).sort()).toEqual([...up].sort());
    console.log(`supervisord stop and start, notifications in the order received: ${names.join(', ')}`);
    expect(await served('mispWorkersMissing', 1)).toBe(0);
    reality.push({ change: 'supervisord started again', mispSaid: 'supervisord_status true, 21 workers', served: `missing 0, status ok; ${up.length} notifications`, seconds: notified });
  });

  it('MISP.live false: the site-admin key still gets answers, the daemon says maintenance', { timeout: 120_000 }, async () => {
    cake('Admin setSetting MISP.live false --force');
    try {
      const seconds = await until('maintenance', async () => (await served('mispInstanceLive', 1)) === FALSE && (await statusIs(STATUS.maintenance)));
      const setting = await api('/servers/getSetting/MISP.live', admin);
      const statistics = await api('/users/statistics', admin);
      expect([setting.json.value, statistics.status]).toEqual([false, 200]);
      reality.push({ change: 'cake Admin setSetting MISP.live false', mispSaid: 'getSetting MISP.live: false; statistics 200 to the site admin', served: 'mispInstanceLive false(2), status maintenance(7)', seconds });
    } finally {
      cake('Admin setSetting MISP.live true --force');
    }
    await until('ok again', () => statusIs(STATUS.ok), 30_000);
  });

  it('a changed column: degraded', { timeout: 120_000 }, async () => {
    const create = sql('SHOW CREATE TABLE news').replace(/\\n/g, '\n');
    const original = /^\s*(`user_id` [^\n]*?),?$/m.exec(create)?.[1];
    expect(original).toBeDefined();
    sql('ALTER TABLE news MODIFY `user_id` bigint(20) NOT NULL');
    try {
      const seconds = await until('schema mismatch', async () => (await served('mispDiagDbSchemaOk', 1)) === FALSE && (await statusIs(STATUS.degraded)));
      const diagnostic = (await api('/servers/dbSchemaDiagnostic', admin)).json.diagnostic;
      expect(diagnostic.news[0].column_name).toBe('user_id');
      reality.push({ change: 'ALTER TABLE news MODIFY user_id bigint(20)', mispSaid: 'dbSchemaDiagnostic: news.user_id column_different, schema versions equal', served: 'mispDiagDbSchemaOk false(2), status degraded(2)', seconds });
    } finally {
      sql(`ALTER TABLE news MODIFY ${original}`);
    }
    await until('ok again', () => statusIs(STATUS.ok), 30_000);
  });

  it('a read-only key: permissionDenied where MISP says 403, the rest served', { timeout: 120_000 }, async () => {
    const user = await api('/admin/users/add', admin, { email: 'agentx-readonly@admin.test', org_id: 1, role_id: 6, notify: false });
    expect(user.status).toBe(200);
    readOnlyUserId = String(user.json.User.id);
    const readOnly = await newKey(readOnlyUserId, 'misp-agentx test:real-misp read-only');
    try {
      await useKey(readOnly);
      const workersPoll = 3;
      const seconds = await until('permissionDenied', async () => (await served('mispPollStatus', 1, workersPoll)) === STATUS.permissionDenied);
      const refused = await api('/servers/getWorkers', readOnly.key);
      expect([refused.status, refused.json.message]).toEqual([403, 'You do not have permission to use this functionality.']);
      expect(await served('mispPollStatus', 1, 4)).toBe(STATUS.ok);
      expect(await served('mispStatEvents', 1)).toBe(Number(sql('SELECT COUNT(*) FROM events')));
      reality.push({ change: "daemon key: a Read Only role user's key", mispSaid: 'getWorkers, dbSchemaDiagnostic, serverSettings 403 "You do not have permission"; statistics 200', served: 'workers and diagnostics polls permissionDenied(5); statistics served; status degraded', seconds });
    } finally {
      await useKey(daemonKey);
    }
    await until('ok again', () => statusIs(STATUS.ok), 30_000);
  });

  it('a revoked key: authFailed, the values kept', { timeout: 120_000 }, async () => {
    // The reload before this gave the instance a new monitor: wait for its values.
    await until('statistics and workers served', async () => (await served('mispStatEvents', 1)) !== null && (await served('mispWorkersRunning', 1)) === 21, 30_000);
    const events = await served('mispStatEvents', 1);
    const before = received().length;
    await api(`/auth_keys/delete/${daemonKey.id}`, admin, {});
    try {
      const seconds = await until('authFailed', () => statusIs(STATUS.authFailed));
      const refused = await api('/servers/getVersion', daemonKey.key);
      expect(refused.status).toBe(403);
      expect(refused.json.message).toMatch(/^Authentication failed/);
      expect(await served('mispStatEvents', 1)).toBe(events);
      expect(await served('mispWorkersRunning', 1)).toBe(21);
      const notified = await notifications(['mispInstanceAuthFailed'], before);
      reality.push({ change: "the daemon's auth key deleted (/auth_keys/delete)", mispSaid: '403 "Authentication failed..."', served: 'status authFailed(4), statistics and workers kept; mispInstanceAuthFailed', seconds: Math.max(seconds, notified) });
    } finally {
      daemonKey = await newKey('1', 'misp-agentx test:real-misp restored');
      await useKey(daemonKey);
    }
    await until('ok again', () => statusIs(STATUS.ok), 30_000);
  });

  it('Apache stopped: unreachable, HTTP status 0, notified; then back', { timeout: 120_000 }, async () => {
    const before = received().length;
    sh('service apache2 stop');
    try {
      const seconds = await until('unreachable', async () => (await statusIs(STATUS.unreachable)) && (await served('mispInstanceProbeHttpStatus', 1)) === 0);
      expect(await served('mispInstanceReachable', 1)).toBe(FALSE);
      const notified = await notifications(['mispInstanceUnreachable'], before);
      reality.push({ change: 'service apache2 stop', mispSaid: 'connection refused on 127.0.0.1:8080', served: 'status unreachable(3), reachable false, probe HTTP status 0; mispInstanceUnreachable', seconds: Math.max(seconds, notified) });
    } finally {
      sh('service apache2 start');
    }
    const middle = received().length;
    const back = await until('ok again', () => statusIs(STATUS.ok), 30_000);
    await notifications(['mispInstanceReachableAgain'], middle);
    reality.push({ change: 'service apache2 start', mispSaid: 'answers again', served: 'status ok; mispInstanceReachableAgain', seconds: back });
  });

  it('counts every notification it sent, as snmptrapd received them, and never showed a key', async () => {
    expect(await served('mispAgentNotificationsSent', 0)).toBe(received().length);
    expect(await served('mispAgentNotificationsHeld', 0)).toBe(0);
    const everything = daemon!.stdout + daemon!.stderr + trapd.all().map((r) => [...r.varbinds.values()].join(' ')).join('\n');
    expect(everything).not.toContain(admin);
    for (const { key } of madeKeys) expect(everything).not.toContain(key);
    expect(everything).not.toContain(supervisorPassword().password);
  });
});
