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
import { type ManagerVarbind, SnmpClient, T, counter64Value } from '../../src/snmp/manager.js';
import { waitFor } from '../../src/common/wait.js';
import { assignNameIndexes } from '../../src/common/name-index.js';
import { MISP_URL, SUPERVISOR_URL, adminKey, api, cake, ensureRealMisp, sh, sql, stopRealMisp, supervisorPassword, supervisorStates, supervisordRuns } from './kit.js';
import {
  LoopbackFeed,
  newestJob,
  NOTHING_LISTENS,
  addFeed,
  addSyncServer,
  STAYS_ON_LOOPBACK,
  authFailThrottleKey,
  cacheFeed,
  cacheServer,
  enabledBeyondLoopback,
  failedLogin,
  failureRows,
  fetchFeed,
  jobEnded,
  SilentListener,
  sync,
  refused,
  removeSharing,
  statusWithKey,
  wrongApiKey,
} from './sharing.js';

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
/** MispJobOutcome. */
const OUTCOME = { completed: 1, failed: 2, running: 3, pending: 4, stale: 5, unknown: 6 } as const;
/** jobs.status as MISP writes it (docs/design/sharing-health.md fact 1). */
const JOB_FAILED = 3;
const JOB_COMPLETED = 4;
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
/** Whether this suite started the kit's services (then it stops them at the end). */
let startedKit = false;
/** What the sharing tests added to MISP: removed by the last of them, or by afterAll when a test failed before. */
const sharing = { serverIds: [] as number[], feedId: null as number | null, firstJobId: 0 };
let feedServer: LoopbackFeed | null = null;
/** The wrong API key of the failed-authentication test (checked never to show in anything served). */
let wrongKey = '';

const oidOf = (name: string, ...index: number[]): string => formatOid(objectOid(DEFAULT_ROOT, name, ...index));

function valueOf(varbind: ManagerVarbind | undefined): number | string | null {
  if (!varbind || varbind.type === T.NoSuchInstance || varbind.type === T.NoSuchObject || varbind.type === T.EndOfMibView) return null;
  if (varbind.type === T.Counter64) return Number(counter64Value(varbind.value));
  return Buffer.isBuffer(varbind.value) ? varbind.value.toString('utf8') : Number(varbind.value);
}

/** The value served at `name.index` (scalars: index 0): a number, a string, or null when there is none. */
async function served(name: string, ...index: number[]): Promise<number | string | null> {
  const [varbind] = await client.get([oidOf(name, ...index)]);
  return valueOf(varbind);
}

/** Every value of the column `name` walked through snmpd, by row index ("1.6": instance 1, row 6). */
async function column(name: string): Promise<Map<string, number | string | null>> {
  const root = oidOf(name);
  return new Map((await client.walk(root)).map((varbind) => [varbind.oid.slice(root.length + 1), valueOf(varbind)]));
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

/** A sync server's or feed's cache time as MISP's index and redis hold it, and its age served within a poll. */
async function expectCacheAgeServed(kind: 'server' | 'feed', id: number): Promise<void> {
  const [index, model, object] = kind === 'server' ? ['/servers/index', 'Server', 'mispSyncServerCacheAge'] : ['/feeds/index', 'Feed', 'mispFeedCacheAge'];
  const cachedAt = Number(((await api(index, admin)).json as any[]).find((row) => Number(row[model].id) === id)[model].cache_timestamp);
  expect(cachedAt).toBe(Number(sh(`redis-cli -n 13 get misp:${kind}_cache_timestamp:${id}`)));
  await until(`${object} served`, async () => (await served(object, 1, id)) !== null, 30_000);
  expect(Math.abs(Number(await served(object, 1, id)) - (Date.now() / 1000 - cachedAt))).toBeLessThanOrEqual(2);
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

/** The groups the first tests change reality for, polled every 5 s; the others at their defaults. */
const FIRST_INTERVALS = { probe: INTERVAL_SECONDS, version: INTERVAL_SECONDS, workers: INTERVAL_SECONDS, statistics: INTERVAL_SECONDS, diagnostics: INTERVAL_SECONDS };
/**
 * The sharing tests' polls: jobs, sync servers and feeds every 5 s, the rest slower, so that the
 * whole suite does not load a shared 2-core machine's MISP into poll timeouts.
 */
const SHARING_INTERVALS = {
  probe: INTERVAL_SECONDS,
  version: 60,
  workers: 30,
  statistics: 30,
  diagnostics: 30,
  jobs: INTERVAL_SECONDS,
  servers: INTERVAL_SECONDS,
  feeds: INTERVAL_SECONDS,
  authFailures: INTERVAL_SECONDS,
  // The opt-in connection test at its shortest, hourly: a new server is tested at the next servers poll.
  serverConnectionTest: 3_600,
};
/** The failed-authentication test makes 5 rows within seconds: a burst; over 20 s after. */
const AUTH_FAILURE_BURST = { burstThreshold: 5, burstSeconds: 20 };
/** The log id the authFailures group started counting after (its cursor at its first poll). */
let authCursorStart = 0;
/** MispConnectionTestStatus: MISP's testConnection status 2, it could not connect. */
const TEST_CONNECTION_FAILED = 2;
let supervisorLogin: { url: string; username: string; passwordFile: string };

function writeConfig(intervals: Readonly<Record<string, number>>): void {
  const config = {
    agentx: { socket: snmpd.agentxUnix, pingIntervalSeconds: 1 },
    log: { level: 'debug', format: 'json' },
    notifications: { clearAfterSeconds: 5, authFailures: AUTH_FAILURE_BURST },
    instances: [{ name: 'real', url: MISP_URL, keyFile, intervals, workers: { supervisor: supervisorLogin } }],
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
}

beforeAll(async () => {
  startedKit = await ensureRealMisp();
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
  supervisorLogin = { url: SUPERVISOR_URL, username: supervisor.username, passwordFile };
  writeConfig(FIRST_INTERVALS);
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
  await removeSharing(admin, sharing).catch((error: unknown) => console.error('removing the sync server and feed failed', error));
  await feedServer?.stop();
  // MISP's hourly throttle keys of the wrong key and of the revoked daemon keys (their auth_fail rows stay).
  for (const key of [wrongKey, ...madeKeys.map((made) => made.key)].filter(Boolean)) sh(`redis-cli -n 13 del '${authFailThrottleKey(key)}' >/dev/null`);
  if (daemon) {
    // What went wrong on the way, for a failed run: the daemon's warnings and errors.
    const problems = daemon.logLines().filter((line) => Number(line['level']) >= 40);
    console.log(`daemon warnings and errors: ${problems.length}\n${problems.slice(0, 40).map((line) => JSON.stringify(line)).join('\n')}`);
    daemon.child.kill('SIGTERM');
    await Promise.race([daemon.done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    daemon.kill();
  }
  client?.close();
  await Promise.all([snmpd?.stop(), trapd?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (startedKit) stopRealMisp();
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
      // Two polls: serverSettings alone can outlast a 5 s poll's budget (4.25 s) on a loaded machine, and that poll then times out.
      const seconds = await until('schema mismatch', async () => (await served('mispDiagDbSchemaOk', 1)) === FALSE && (await statusIs(STATUS.degraded)), 2 * ONE_POLL_MS);
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

  it('MISP is kept on loopback: update checks, e-mail, proxy and modules off, no server or feed enabled beyond 127.0.0.1', async () => {
    const settings = await Promise.all(Object.keys(STAYS_ON_LOOPBACK).map(async (name) => [name, (await api(`/servers/getSetting/${name}`, admin)).json.value]));
    expect(Object.fromEntries(settings)).toEqual(STAYS_ON_LOOPBACK);
    expect(enabledBeyondLoopback()).toEqual([]);
  });

  it('a sync server where nothing listens: its pull and push fail, served as MISP\'s API and database say, notified', { timeout: 180_000 }, async () => {
    expect(await refused(NOTHING_LISTENS.host, NOTHING_LISTENS.port)).toBe(true);
    const logTipBefore = Number(sql('SELECT MAX(id) FROM logs'));
    writeConfig(SHARING_INTERVALS);
    await reloadDaemon();
    // A new monitor: once its first jobs poll has taken note of the failures already there, new ones count,
    // and its authFailures group counts the log rows after the newest one it found at its start.
    await until('a jobs poll and an authFailures poll', async () => (await served('mispJobsRead', 1)) !== null && (await served('mispAuthLogCursor', 1)) !== null, 30_000);
    authCursorStart = Number(await served('mispAuthLogCursor', 1));
    expect(authCursorStart).toBeGreaterThanOrEqual(logTipBefore);
    expect(authCursorStart).toBeLessThanOrEqual(Number(sql('SELECT MAX(id) FROM logs')));
    sharing.firstJobId = Number(sql('SELECT COALESCE(MAX(id), 0) FROM jobs'));
    const failedTotalBefore = Number(await served('mispJobsFailedTotal', 1));
    const before = received().length;
    const id = await addSyncServer(admin, 'agentx sync test ÄÖ', `http://${NOTHING_LISTENS.host}:${NOTHING_LISTENS.port}`);
    sharing.serverIds.push(id);
    await sync(admin, id, 'pull');
    await sync(admin, id, 'push');
    const pull = await jobEnded('pull', `Server: ${id}`, sharing.firstJobId);
    const push = await jobEnded('push', `Server: ${id}`, sharing.firstJobId);
    // MISP's table: both failed (status 3) with the connection error; its redis record says Completed (fact 1).
    expect([pull.status, push.status]).toEqual([JOB_FAILED, JOB_FAILED]);
    expect(pull.message).toMatch(/^ERROR: curl error 7 /);
    expect(push.message).toMatch(/^Job failed\. Reason: .*curl error 7 /);
    const page = (await api('/jobs/index/limit:100/sort:id/direction:desc', admin)).json as Array<{ Job: Record<string, unknown> }>;
    const pulled = page.find((j) => Number(j.Job['id']) === pull.id)?.Job;
    expect([pulled?.['status'], pulled?.['job_status'], pulled?.['failed']]).toEqual(['3', 'Completed', false]);
    const seconds = await until(
      'the failed pull and push served',
      async () => (await served('mispSyncServerPullOutcome', 1, id)) === OUTCOME.failed && (await served('mispSyncServerPushOutcome', 1, id)) === OUTCOME.failed,
      30_000,
    );

    const listed = ((await api('/servers/index', admin)).json as any[]).find((s) => Number(s.Server.id) === id);
    const [name, url, pullOn, pushOn, caching, lastPulled, lastPushed] = sql(
      `SELECT name, url, pull, push, caching_enabled, COALESCE(lastpulledid, 'NULL'), COALESCE(lastpushedid, 'NULL') FROM servers WHERE id = ${id}`,
    ).split('\t');
    const remoteOrg = sql('SELECT name FROM organisations WHERE id = 2');
    expect([listed.Server.name, name]).toEqual(['agentx sync test ÄÖ', 'agentx sync test ÄÖ']);
    expect(await served('mispSyncServerName', 1, id)).toBe(name);
    expect([listed.Server.url, url]).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:9']);
    expect(await served('mispSyncServerHost', 1, id)).toBe('127.0.0.1:9');
    expect(listed.RemoteOrg.name).toBe(remoteOrg);
    expect(await served('mispSyncServerRemoteOrg', 1, id)).toBe(remoteOrg);
    expect([listed.Server.pull, listed.Server.push, listed.Server.caching_enabled, pullOn, pushOn, caching]).toEqual([true, true, true, '1', '1', '1']);
    for (const flag of ['mispSyncServerPull', 'mispSyncServerPush', 'mispSyncServerCaching']) expect([flag, await served(flag, 1, id)]).toEqual([flag, TRUE]);
    // MISP 2.5.1 never writes lastpulledid; a push that fails to connect does not move lastpushedid: both absent.
    expect([listed.Server.lastpulledid, listed.Server.lastpushedid, lastPulled, lastPushed]).toEqual([null, null, 'NULL', 'NULL']);
    expect(await served('mispSyncServerLastPulledId', 1, id)).toBeNull();
    expect(await served('mispSyncServerLastPushedId', 1, id)).toBeNull();
    expect(listed.Server.cache_timestamp).toBe(false);
    expect(await served('mispSyncServerCacheAge', 1, id)).toBeNull();
    // A cache run that cannot reach the server still ends "Job done." and sets the cache time (Server::__cacheInstance).
    await cacheServer(admin, id);
    const cached = await jobEnded('cache_servers', String(id), sharing.firstJobId);
    expect([cached.status, cached.message]).toEqual([JOB_COMPLETED, 'Job done.']);
    await expectCacheAgeServed('server', id);
    for (const [label, job] of [['Pull', pull], ['Push', push]] as const) {
      expect(await served(`mispSyncServer${label}Message`, 1, id)).toBe(job.message);
      const age = Number(await served(`mispSyncServer${label}Age`, 1, id));
      const nowAge = Number(sql(`SELECT TIMESTAMPDIFF(SECOND, date_modified, NOW()) FROM jobs WHERE id = ${job.id}`));
      expect(Math.abs(age - nowAge)).toBeLessThanOrEqual(2);
    }
    expect(await served('mispSyncServerInstanceName', 1, id)).toBe('real');
    // The connection test the agent asked MISP for, as MISP answers it and logs it.
    const tested = await until('the connection test served', async () => (await served('mispSyncServerTestStatus', 1, id)) === TEST_CONNECTION_FAILED, 30_000);
    expect(await served('mispSyncServerRemoteVersion', 1, id)).toBeNull();
    expect(Number(await served('mispSyncServerTestAge', 1, id))).toBeLessThanOrEqual(30);
    expect((await api(`/servers/testConnection/${id}`, admin, {})).json.status).toBe(TEST_CONNECTION_FAILED);
    const testLogged = `SELECT COUNT(*) FROM logs WHERE model = 'Server' AND model_id = ${id} AND action = 'error' AND title LIKE 'Error: Connection test failed.%'`;
    expect(sql(testLogged)).toBe('2');
    // Every row served is a server of MISP's table, and every server of it is served.
    const ids = sql('SELECT id FROM servers ORDER BY id').split('\n').filter(Boolean).map((serverId) => `1.${serverId}`);
    expect([...(await column('mispSyncServerName')).keys()]).toEqual(ids);

    const notified = await notifications(['mispSyncServerFailing', 'mispJobsFailedAppeared', 'mispSyncServerTestFailed'], before);
    const testFailed = received().slice(before).find((r) => r.name === 'mispSyncServerTestFailed');
    expect(testFailed?.varbinds.get(oidOf('mispSyncServerTestStatus', 1, id))).toBe(`INTEGER: ${TEST_CONNECTION_FAILED}`);
    const failing = received().slice(before).find((r) => r.name === 'mispSyncServerFailing');
    expect(Object.fromEntries(failing?.varbinds ?? [])).toMatchObject({ [oidOf('mispSyncServerHost', 1, id)]: 'STRING: "127.0.0.1:9"', [oidOf('mispSyncServerPullOutcome', 1, id)]: `INTEGER: ${OUTCOME.failed}` });
    // The name as UTF-8 on the wire (snmptrapd shows it in hex).
    const hex = failing?.varbinds.get(oidOf('mispSyncServerName', 1, id))?.replace(/^Hex-STRING: /, '') ?? '';
    expect(Buffer.from(hex.replace(/\s/g, ''), 'hex').toString('utf8')).toBe(name);
    const appeared = received().slice(before).find((r) => r.name === 'mispJobsFailedAppeared');
    expect(Object.fromEntries(appeared?.varbinds ?? [])).toMatchObject({ [oidOf('mispJobsNewestFailureType', 1)]: expect.stringMatching(/^STRING: "pu(ll|sh)"$/) });
    // Counted once each, as the table holds them.
    const failedSince = Number(sql(`SELECT COUNT(*) FROM jobs WHERE id > ${sharing.firstJobId} AND status = ${JOB_FAILED}`));
    await until('the failures counted', async () => Number(await served('mispJobsFailedTotal', 1)) - failedTotalBefore === failedSince, 15_000);
    reality.push({
      change: `/servers/add at 127.0.0.1:9 (nothing listens), /servers/pull and /servers/push`,
      mispSaid: `jobs rows pull and push status 3 "curl error 7" (job_status Completed)`,
      served: 'mispSyncServerPull/PushOutcome failed(2), messages and ages as the jobs rows, TestStatus connectionFailed(2); mispSyncServerFailing, mispJobsFailedAppeared, mispSyncServerTestFailed',
      seconds: Math.max(seconds, tested, notified),
    });
  });

  it('a pull held by a loopback listener that never answers: running while MISP waits, failed once the listener resets', { timeout: 120_000 }, async () => {
    const listener = await SilentListener.start();
    let id = 0;
    let seconds = 0;
    try {
      id = await addSyncServer(admin, 'agentx held pull', listener.url, false);
      sharing.serverIds.push(id);
      await sync(admin, id, 'pull');
      await waitFor('MISP to connect to the listener', () => listener.held > 0, 30_000, 100);
      seconds = await until('the running pull served', async () => (await served('mispSyncServerPullOutcome', 1, id)) === OUTCOME.running, 30_000);
      // MISP's table says not ended (0), its worker record Running (fact 1).
      const running = newestJob('pull', `Server: ${id}`);
      expect(running?.status).toBe(0);
      const page = (await api('/jobs/index/limit:100/sort:id/direction:desc', admin)).json as Array<{ Job: Record<string, unknown> }>;
      const job = page.find((j) => Number(j.Job['id']) === running?.id)?.Job;
      expect([job?.['status'], job?.['job_status']]).toEqual(['0', 'Running']);
      expect(Number(await served('mispJobsRunning', 1))).toBeGreaterThanOrEqual(1);
      expect(await served('mispSyncServerPushOutcome', 1, id)).toBe(OUTCOME.unknown);
    } finally {
      await listener.close();
    }
    const failed = await jobEnded('pull', `Server: ${id}`, sharing.firstJobId);
    expect(failed.status).toBe(JOB_FAILED);
    expect(failed.message).toMatch(/^ERROR: curl error 56 /);
    const ended = await until('the failed pull served', async () => (await served('mispSyncServerPullOutcome', 1, id)) === OUTCOME.failed, 30_000);
    expect(await served('mispSyncServerPullMessage', 1, id)).toBe(failed.message);
    reality.push({
      change: '/servers/add at a loopback listener that accepts and never answers, /servers/pull; the listener reset',
      mispSaid: 'jobs row pull status 0, job_status Running; then status 3 "curl error 56"',
      served: 'mispSyncServerPullOutcome running(3), mispJobsRunning ≥ 1; then failed(2) with the message',
      seconds: Math.max(seconds, ended),
    });
  });

  it('a feed on a loopback server: its fetch fails, then works, served as MISP\'s API and database say, notified', { timeout: 180_000 }, async () => {
    feedServer = await LoopbackFeed.start();
    const events = sql('SELECT COUNT(*) FROM events');
    const before = received().length;
    const id = await addFeed(admin, 'agentx loopback feed ÅÉ', 'agentx ÅÉ', feedServer.url);
    sharing.feedId = id;
    // Everything the suite added MISP may connect to is on loopback.
    expect(enabledBeyondLoopback()).toEqual([]);
    await fetchFeed(admin, id);
    const failed = await jobEnded('fetch_feeds', `Feed: ${id}`, sharing.firstJobId);
    expect(failed.status).toBe(JOB_FAILED);
    expect(failed.message).toBe('Job failed. See error log for more details.');
    expect(feedServer.requests).toContain('GET /feed/manifest.json');
    const seconds = await until('the failed fetch served', async () => (await served('mispFeedFetchOutcome', 1, id)) === OUTCOME.failed, 30_000);

    const listed = (await api('/feeds/index', admin)).json as any[];
    const mine = listed.find((f) => Number(f.Feed.id) === id).Feed;
    const [name, provider, format, input, enabled, caching] = sql(`SELECT name, provider, source_format, input_source, enabled, caching_enabled FROM feeds WHERE id = ${id}`).split('\t');
    expect([mine.name, name, mine.provider, provider]).toEqual(['agentx loopback feed ÅÉ', 'agentx loopback feed ÅÉ', 'agentx ÅÉ', 'agentx ÅÉ']);
    expect(await served('mispFeedName', 1, id)).toBe(name);
    expect(await served('mispFeedProvider', 1, id)).toBe(provider);
    expect([mine.source_format, format, mine.input_source, input]).toEqual(['misp', 'misp', 'network', 'network']);
    expect(await served('mispFeedSourceFormat', 1, id)).toBe(1);
    expect(await served('mispFeedInputSource', 1, id)).toBe(1);
    expect([mine.enabled, enabled, mine.caching_enabled, caching]).toEqual([true, '1', true, '1']);
    expect(await served('mispFeedEnabled', 1, id)).toBe(TRUE);
    expect(await served('mispFeedCaching', 1, id)).toBe(TRUE);
    expect(await served('mispFeedFetchMessage', 1, id)).toBe(failed.message);
    expect(Math.abs(Number(await served('mispFeedFetchAge', 1, id)) - Number(sql(`SELECT TIMESTAMPDIFF(SECOND, date_modified, NOW()) FROM jobs WHERE id = ${failed.id}`)))).toBeLessThanOrEqual(2);
    // A cache run that fails ends as completed, says so in its message, and sets no cache time (unlike a server's).
    await cacheFeed(admin, id);
    const uncached = await jobEnded('cache_feeds', String(id), sharing.firstJobId);
    expect([uncached.status, uncached.message]).toEqual([JOB_COMPLETED, '0 feeds from 1 cached. Failed: 1 See error logs for more details.']);
    expect(((await api('/feeds/index', admin)).json as any[]).find((f) => Number(f.Feed.id) === id).Feed.cache_timestamp).toBe(false);
    expect(await served('mispFeedCacheAge', 1, id)).toBeNull();
    expect(await served('mispFeedInstanceName', 1, id)).toBe('real');
    // Counts as MISP's table holds them; the table lists the feeds with fetching or caching on.
    const counts = { mispFeedCount: 'TRUE', mispFeedEnabledCount: 'enabled = 1', mispFeedCachingCount: 'caching_enabled = 1' };
    for (const [object, where] of Object.entries(counts)) expect([object, await served(object, 1)]).toEqual([object, Number(sql(`SELECT COUNT(*) FROM feeds WHERE ${where}`))]);
    expect(await served('mispFeedCount', 1)).toBe(listed.length);
    const rows = sql('SELECT id FROM feeds WHERE enabled = 1 OR caching_enabled = 1 ORDER BY id').split('\n').filter(Boolean).map((feedId) => `1.${feedId}`);
    expect([...(await column('mispFeedName')).keys()]).toEqual(rows);
    const failing = await notifications(['mispFeedFailing'], before);
    expect(received().slice(before).find((r) => r.name === 'mispFeedFailing')?.varbinds.has(oidOf('mispFeedName', 1, id))).toBe(true);
    reality.push({
      change: '/feeds/add (MISP format, a loopback server answering 503), /feeds/fetchFromFeed',
      mispSaid: 'jobs row fetch_feeds "Feed: <id>" status 3 "Job failed. See error log for more details."',
      served: 'mispFeedFetchOutcome failed(2) and the message; counts and rows as the feeds table; mispFeedFailing',
      seconds: Math.max(seconds, failing),
    });

    // The server now serves an empty manifest: the fetch completes and creates nothing.
    feedServer.serve = true;
    const middle = received().length;
    await fetchFeed(admin, id);
    const worked = await jobEnded('fetch_feeds', `Feed: ${id}`, failed.id);
    expect(worked.status).toBe(JOB_COMPLETED);
    const back = await until('the completed fetch served', async () => (await served('mispFeedFetchOutcome', 1, id)) === OUTCOME.completed, 30_000);
    expect(await served('mispFeedFetchMessage', 1, id)).toBe(worked.message);
    expect(sql('SELECT COUNT(*) FROM events')).toBe(events);
    // A cache run that works sets the feed's cache time: its age is served.
    await cacheFeed(admin, id);
    const cachedRun = await jobEnded('cache_feeds', String(id), uncached.id);
    expect([cachedRun.status, cachedRun.message]).toEqual([JOB_COMPLETED, '1 feed from 1 cached. Failed: 0']);
    await expectCacheAgeServed('feed', id);
    const cleared = await notifications(['mispFeedWorking'], middle);
    expect(feedServer.requests.every((r) => r.startsWith('GET /feed/'))).toBe(true);
    expect(feedServer.requests).toContain('GET /feed/hashes.csv');
    reality.push({
      change: 'the loopback feed serves an empty manifest; /feeds/fetchFromFeed',
      mispSaid: `jobs row fetch_feeds status 4 "${worked.message}"; cache_feeds "${cachedRun.message}", cache_timestamp set`,
      served: 'mispFeedFetchOutcome completed(1), mispFeedCacheAge; mispFeedWorking',
      seconds: Math.max(back, cleared),
    });
  });

  it('the jobs tables count what /jobs/index and MISP\'s jobs table hold', { timeout: 120_000 }, async () => {
    // The newest 100 rows (one page) created within the window, by type and jobs.status.
    const newest = `(SELECT id, job_type, status, date_created FROM jobs ORDER BY id DESC LIMIT 100) newest`;
    const byType = (): Map<string, { failed: number; completed: number; notEnded: number }> => {
      const counts = new Map<string, { failed: number; completed: number; notEnded: number }>();
      const lines = sql(`SELECT job_type, status, COUNT(*) FROM ${newest} WHERE date_created >= NOW() - INTERVAL 86400 SECOND GROUP BY job_type, status`);
      for (const [type, status, count] of lines.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string, string])) {
        const row = counts.get(type) ?? { failed: 0, completed: 0, notEnded: 0 };
        if (Number(status) === JOB_FAILED) row.failed += Number(count);
        else if (Number(status) === JOB_COMPLETED) row.completed += Number(count);
        else row.notEnded += Number(count);
        counts.set(type, row);
      }
      return counts;
    };
    const servedByType = async (): Promise<Map<string, { failed: number; completed: number; notEnded: number }>> => {
      const names = await column('mispJobTypeName');
      const [failed, completed, running, pending, stale] = await Promise.all(
        ['mispJobTypeFailed', 'mispJobTypeCompleted', 'mispJobTypeRunning', 'mispJobTypePending', 'mispJobTypeStale'].map((c) => column(c)),
      );
      return new Map(
        [...names.entries()].map(([index, type]) => [
          String(type),
          { failed: Number(failed!.get(index)), completed: Number(completed!.get(index)), notEnded: Number(running!.get(index)) + Number(pending!.get(index)) + Number(stale!.get(index)) },
        ]),
      );
    };
    const total = (counts: Map<string, { failed: number; completed: number; notEnded: number }>) =>
      [...counts.values()].reduce((sum, c) => ({ failed: sum.failed + c.failed, completed: sum.completed + c.completed, notEnded: sum.notEnded + c.notEnded }), { failed: 0, completed: 0, notEnded: 0 });
    const sorted = <V>(map: Map<string, V>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
    // Served values are those of the last poll: wait until one has followed the last job's end.
    let database = byType();
    const seconds = await until('the jobs tables to agree with the database', async () => {
      database = byType();
      return JSON.stringify(sorted(await servedByType())) === JSON.stringify(sorted(database));
    }, 15_000).catch(() => -1);
    expect(sorted(await servedByType())).toEqual(sorted(database));
    expect(seconds).toBeGreaterThanOrEqual(0);
    // Each type's row index is the one the documented rule gives its name (1000 + FNV-1a, the same after restarts).
    const typeNames = [...(await column('mispJobTypeName')).entries()];
    const indexes = assignNameIndexes(typeNames.map(([, name]) => String(name)));
    expect(typeNames.map(([index]) => index)).toEqual(typeNames.map(([, name]) => `1.${indexes.get(String(name))}`));
    const sum = total(database);
    expect(await served('mispJobsFailed', 1)).toBe(sum.failed);
    expect(await served('mispJobsCompleted', 1)).toBe(sum.completed);
    const notEnded = ['mispJobsRunning', 'mispJobsPending', 'mispJobsStale'];
    expect((await Promise.all(notEnded.map((o) => served(o, 1)))).reduce<number>((a, b) => a + Number(b), 0)).toBe(sum.notEnded);
    // The same page through MISP's API.
    const page = (await api('/jobs/index/limit:100/sort:id/direction:desc', admin)).json as Array<{ Job: { job_type: string; status: string } }>;
    const rows = Number(sql('SELECT COUNT(*) FROM jobs'));
    expect(page.length).toBe(Math.min(100, rows));
    expect(await served('mispJobsRead', 1)).toBe(page.length);
    expect(page.filter((j) => Number(j.Job.status) === JOB_FAILED).length).toBe(Number(sql(`SELECT COUNT(*) FROM ${newest} WHERE status = ${JOB_FAILED}`)));
    expect(await served('mispJobsWindow', 1)).toBe(86_400);
    expect(await served('mispJobsWindowFull', 1)).toBe(page.length === 100 && Number(sql(`SELECT MIN(date_created) >= NOW() - INTERVAL 86400 SECOND FROM ${newest}`)) === 1 ? TRUE : FALSE);
    expect(await served('mispJobsBackgroundJobs', 1)).toBe(TRUE);
    expect(await served('mispJobsNewFailed', 1)).toBe(0);
    // The newest failure is the newest status 3 row of the page.
    const [type, input, message, age] = sql(
      `SELECT j.job_type, j.job_input, j.message, TIMESTAMPDIFF(SECOND, j.date_modified, NOW()) FROM jobs j JOIN ${newest} USING (id) ` +
        `WHERE j.status = ${JOB_FAILED} AND j.date_created >= NOW() - INTERVAL 86400 SECOND ORDER BY j.id DESC LIMIT 1`,
    ).split('\t');
    expect(await served('mispJobsNewestFailureType', 1)).toBe(type);
    expect(await served('mispJobsNewestFailureInput', 1)).toBe(input);
    expect(await served('mispJobsNewestFailureMessage', 1)).toBe(message);
    expect(Math.abs(Number(await served('mispJobsNewestFailureAge', 1)) - Number(age))).toBeLessThanOrEqual(2);
    console.log(`jobs table (newest 100 in the window) by type: ${JSON.stringify(Object.fromEntries(database))}`);
  });

  it('failed API keys and failed logins through the login form: counted as the auth_fail and login_fail rows MISP writes, a burst notified', { timeout: 120_000 }, async () => {
    const logBefore = Number(sql('SELECT MAX(id) FROM logs'));
    const before = received().length;
    wrongKey = wrongApiKey();
    // Three calls with one wrong key make one row (MISP logs a masked key once an hour); a call without a key makes two.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await statusWithKey('/servers/getVersion', wrongKey));
    statuses.push(await statusWithKey('/servers/getVersion', null));
    expect(statuses).toEqual([403, 403, 403, 403]);
    // Each failed login through the form is one row; an unknown address, new each run, so no bruteforce block carries over.
    const email = `agentx-${wrongKey.slice(-8)}@agentx.invalid`;
    expect([await failedLogin(email), await failedLogin(email)]).toEqual([200, 200]);
    const rows = failureRows(logBefore);
    expect([rows.authFail, rows.loginFail]).toEqual([3, 2]);
    const masked = `${wrongKey.slice(0, 4)}${'*'.repeat(32)}${wrongKey.slice(-4)}`;
    expect(rows.titles).toContain(`Failed authentication using API key (${masked})`);
    expect(rows.titles.filter((t) => t === `Failed login attempt using username ${email} from IP: 127.0.0.1.`)).toHaveLength(2);
    expect(rows.titles.join('\n')).not.toContain(wrongKey);
    // The cursor window's request (fact 3) returns exactly these rows through MISP's API.
    const ids = Array.from({ length: 1000 }, (_, i) => logBefore + 1 + i);
    const window = (await api('/admin/logs/index', admin, { action: ['auth_fail', 'login_fail'], id: ids })).json as Array<{ Log: { action: string } }>;
    expect(window.map((r) => r.Log.action).sort()).toEqual([...Array(3).fill('auth_fail'), ...Array(2).fill('login_fail')]);

    // The agent counts every such row after the log id it started at, each once.
    const counted = failureRows(authCursorStart);
    const seconds = await until(
      'the failures counted',
      async () => (await served('mispAuthFailures', 1)) === counted.authFail && (await served('mispLoginFailures', 1)) === counted.loginFail,
      30_000,
    );
    const [newestTitle, newestAge] = sql(
      `SELECT title, TIMESTAMPDIFF(SECOND, created, NOW()) FROM logs WHERE id > ${authCursorStart} AND action IN ('auth_fail', 'login_fail') ORDER BY id DESC LIMIT 1`,
    ).split('\t');
    expect(await served('mispAuthFailuresLastTitle', 1)).toBe(newestTitle);
    expect(Math.abs(Number(await served('mispAuthFailuresLastAge', 1)) - Number(newestAge))).toBeLessThanOrEqual(2);
    const cursor = Number(await served('mispAuthLogCursor', 1));
    expect(cursor).toBeGreaterThanOrEqual(authCursorStart);
    expect(cursor).toBeLessThanOrEqual(Number(sql('SELECT MAX(id) FROM logs')));
    expect(await served('mispAuthLogLag', 1)).toBe(0);
    for (const title of (await column('mispAuthFailuresLastTitle')).values()) expect(String(title)).not.toContain(wrongKey);
    // Five rows within seconds reach the burst threshold of 5; the burst is over once they leave the 20 s window.
    const burst = await notifications(['mispAuthFailureBurst'], before);
    const varbinds = [...(received().slice(before).find((r) => r.name === 'mispAuthFailureBurst')?.varbinds.entries() ?? [])];
    expect(Object.fromEntries(varbinds)).toMatchObject({ [oidOf('mispAuthFailures', 1)]: `Counter32: ${counted.authFail}`, [oidOf('mispLoginFailures', 1)]: `Counter32: ${counted.loginFail}` });
    expect(JSON.stringify(varbinds)).not.toContain(wrongKey);
    const middle = received().length;
    const over = await notifications(['mispAuthFailureBurstOver'], middle);
    reality.push({
      change: '3 calls with one wrong API key, 1 without a key, 2 failed logins through the form',
      mispSaid: `logs: ${rows.authFail} auth_fail (1 masked key, 2 for the missing key), ${rows.loginFail} login_fail`,
      served: `mispAuthFailures ${counted.authFail}, mispLoginFailures ${counted.loginFail} (the rows after the cursor), the newest title; mispAuthFailureBurst, then Over`,
      seconds: Math.max(seconds, burst),
    });
    console.log(`mispAuthFailureBurstOver ${over.toFixed(1)} s after the burst (burstSeconds ${AUTH_FAILURE_BURST.burstSeconds}, clearAfterSeconds 5)`);
  });

  it('the sync server and the feed removed: their rows go, the counts follow', { timeout: 120_000 }, async () => {
    const { serverIds, feedId } = sharing;
    expect([serverIds.length, feedId]).toEqual([2, expect.any(Number)]);
    const before = received().length;
    await removeSharing(admin, sharing);
    sharing.serverIds = [];
    sharing.feedId = null;
    await feedServer?.stop();
    feedServer = null;
    const seconds = await until('the rows gone', async () => (await column('mispSyncServerName')).size === 0 && (await served('mispFeedName', 1, feedId!)) === null, 30_000);
    expect(sql('SELECT COUNT(*) FROM servers')).toBe('0');
    expect((await api('/servers/index', admin)).json).toEqual([]);
    expect(await served('mispFeedCount', 1)).toBe(Number(sql('SELECT COUNT(*) FROM feeds')));
    const inputs = [...serverIds.flatMap((id) => [`'Server: ${id}'`, `'${id}'`]), `'Feed: ${feedId}'`].join(', ');
    expect(sql(`SELECT COUNT(*) FROM jobs WHERE id > ${sharing.firstJobId} AND job_input IN (${inputs})`)).toBe('0');
    // A server gone is forgotten, not cleared (docs/notifications.md): the NMS hears no mispSyncServerWorking.
    expect(received().slice(before).map((r) => r.name)).not.toContain('mispSyncServerWorking');
    reality.push({ change: '/servers/delete (both), /feeds/delete, their jobs rows deleted', mispSaid: 'no sync server, no such feed', served: 'their rows gone, no mispSyncServerWorking', seconds });
  });

  it('counts every notification it sent, as snmptrapd received them, and never showed a key', async () => {
    expect(await served('mispAgentNotificationsSent', 0)).toBe(received().length);
    expect(await served('mispAgentNotificationsHeld', 0)).toBe(0);
    const everything = daemon!.stdout + daemon!.stderr + trapd.all().map((r) => [...r.varbinds.values()].join(' ')).join('\n');
    expect(everything).not.toContain(admin);
    for (const { key } of madeKeys) expect(everything).not.toContain(key);
    if (wrongKey !== '') expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(supervisorPassword().password);
  });
});
