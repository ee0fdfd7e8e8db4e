import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { SnmpdProcess } from '../../src/demo/snmpd-process.js';
import { ZABBIX_TEMPLATE_FILE } from '../../src/nms/generated-files.js';
import { TEMPLATE_NAME } from '../../src/nms/zabbix/template.js';
import type { SimFailure } from '../../src/sim/scenario.js';
import { appendLogs } from '../../src/endpoints/auth-failures/sim.js';
import { SIMULATED_ENDPOINTS, startSimulatedMisp, type SimulatedMisp } from '../../src/sim/simulated-misp.js';
import { waitFor } from '../../src/common/wait.js';
import { ZabbixKit } from './zabbix-kit.js';

/**
 * npm run test:zabbix: the shipped template imported into Debian's Zabbix 6.0 through the API, a
 * host on the daemon's private snmpd, every item against snmpget, then each failure the daemon can
 * see, driven through the simulated MISP, opening exactly the expected problems and closing them.
 * Loopback only; the run is bounded by the vitest timeouts.
 */
const run = promisify(execFile);
const KEY = 'ZabbixTestKey0123456789abcdefghijklmnopq';
const HOST = 'misp-agentx-test';
const INSTANCE = 'misp-zbx';
/** Short delays for the test; the template's defaults are the agent's (docs/zabbix.md). */
const HOST_MACROS = {
  '{$MISP.POLL.DELAY}': '2s',
  '{$MISP.STATS.DELAY}': '5s',
  '{$MISP.JOBS.DELAY}': '3s',
  '{$MISP.DISCOVERY.DELAY}': '10s',
  '{$MISP.NODATA.TIME}': '30s',
  '{$MISP.RESTART.WINDOW}': '40s',
  '{$MISP.DEGRADED.TIME}': '30s',
  '{$MISP.WORKERS.TIME}': '12s',
  '{$MISP.AUTH.BURST.TIME}': '30s',
  '{$MISP.AUTH.BURST.THRESHOLD}': '5',
  '{$SNMP_COMMUNITY}': 'public',
};
/** Values that move between two reads; compared for presence only. */
const VOLATILE = /^misp\.(agent\.uptime|instance\.(data_age|http\.)|agent\.notifications|(server|feed)\.\w*age\[)|^zabbix\[/;
/** The agent polls jobs more slowly than Zabbix reads them, so Zabbix sees each poll's newly failed jobs before the next poll clears them. */
const JOBS_INTERVAL_SECONDS = 15;
/** The simulator's sync server and enabled feed (src/sim/scenario.ts). */
const SERVER = 'Partner CERT Ålesund';
const FEED = 'Flux régional';
/** Opens for one jobs poll whenever a job fails (its own trigger), and closes at the next: not part of a scenario's exact set. */
const JOBS_FAILED = `MISP ${INSTANCE}: background jobs failed`;
/** MISP 2.5.1's messages (test/fixtures/real-misp-2.5.1/sharing/jobs_index_after_pull_push.json). */
const PULL_DONE = 'Pull completed. 0 events pulled, 0 events could not be pulled, 0 proposals pulled, 0 sightings pulled, 0 clusters pulled.';
const PULL_FAILED = "ERROR: curl error 7 'Couldn't connect to server': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server";
/** A critical setting the simulator flags at the start, so its discovered items exist (a row stays until the agent restarts). */
const CRITICAL_SETTING = 'MISP.disable_emailing';
/** MISP 2.5.1's moduleStatus text when the misp-modules server is down (docs/design/sharing-health.md). */
const MODULES_DOWN = "curl error 7 'Couldn't connect to server': Failed to connect to 127.0.0.1 port 6666 after 0 ms: Couldn't connect to server";

interface Problem {
  readonly name: string;
  readonly severity: string;
  readonly opdata: string;
}
interface Observation {
  readonly failure: string;
  readonly opened: string[];
  readonly seconds: number;
  readonly closedSeconds: number;
}

const kit = new ZabbixKit();
const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-zabbix-daemon-'));
let misp: SimulatedMisp;
let snmpd: SnmpdProcess;
let daemon: ChildProcess | undefined;
let configFile = '';
let hostid = '';
const observations: Observation[] = [];

function startDaemon(): ChildProcess {
  const log = openSync(join(dir, 'daemon.log'), 'a');
  return spawn(process.execPath, ['dist/cli/main.js', 'run', '--config', configFile], { stdio: ['ignore', log, log] });
}

async function stopDaemon(): Promise<void> {
  const d = daemon;
  daemon = undefined;
  if (!d || d.exitCode !== null || d.signalCode !== null) return;
  const exited = new Promise((resolve) => d.once('exit', resolve));
  d.kill('SIGTERM');
  await exited;
}

async function problems(): Promise<Problem[]> {
  const list = (await kit.call('problem.get', { hostids: [hostid], output: ['name', 'severity', 'opdata'], sortfield: ['eventid'] })) as Problem[];
  return list;
}

const names = (list: readonly Problem[]): string[] => list.map((p) => p.name).sort();

/** Waits until the open problems, less `transient` ones, are exactly `expected` (names), for 2 consecutive reads; returns seconds taken. */
async function expectProblems(expected: readonly string[], timeoutMs = 90_000, transient: readonly string[] = []): Promise<number> {
  const started = Date.now();
  let stable = 0;
  let seen: string[] = [];
  const want = [...expected].sort();
  while (Date.now() - started < timeoutMs) {
    seen = names(await problems()).filter((name) => !transient.includes(name));
    stable = JSON.stringify(seen) === JSON.stringify(want) ? stable + 1 : 0;
    if (stable >= 2) return Math.round((Date.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`open problems ${JSON.stringify(seen)}, expected ${JSON.stringify(want)}`);
}

/**
 * Drives one failure, checks that exactly `opens` open (a `transient` problem may come and go), restores,
 * checks that they close; returns the problems as opened, operational data included.
 */
async function scenario(
  failure: string,
  opens: readonly string[],
  apply: () => void | Promise<void>,
  restore: () => void | Promise<void>,
  afterRestore: readonly string[] = [],
  transient: readonly string[] = [],
): Promise<Problem[]> {
  await apply();
  const seconds = await expectProblems(
    opens.map((o) => o.replace('<I>', `MISP ${INSTANCE}`)),
    90_000,
    transient,
  );
  const openProblems = await problems();
  const opened = openProblems.filter((p) => !transient.includes(p.name)).map((p) => `${p.name} (severity ${p.severity}${p.opdata ? `; ${p.opdata}` : ''})`);
  await restore();
  let closedSeconds = await expectProblems(afterRestore, 90_000, transient);
  if (afterRestore.length > 0) {
    console.log(`test:zabbix: ${failure}: after the restore ${JSON.stringify(afterRestore)} in ${closedSeconds} s`);
    closedSeconds += await expectProblems([], 180_000);
  }
  // A transient problem closes at the next poll of its group: nothing stays open for the next scenario.
  if (transient.length > 0) closedSeconds += await expectProblems([], 90_000);
  observations.push({ failure, opened, seconds, closedSeconds });
  console.log(`test:zabbix: ${failure}: opened ${JSON.stringify(opened)} in ${seconds} s, closed in ${closedSeconds} s`);
  return openProblems;
}

/** Appends a job to the simulated MISP's jobs table, as MISP writes a finished one, newest id. */
function finishJob(type: string, input: string, outcome: 'failed' | 'completed', message: string): void {
  const id = Math.max(0, ...misp.state.jobs.map((job) => job.id)) + 1;
  const status = outcome === 'failed' ? 3 : 4;
  misp.state.jobs.push({ id, queue: 'default', type, input, status, jobStatus: 'Completed', message, createdAgoSeconds: 3, modifiedAgoSeconds: 1 });
}

const KEYED = SIMULATED_ENDPOINTS.filter((e) => e !== '/users/heartbeat');
function failKeyed(failure: SimFailure | null): void {
  for (const endpoint of KEYED) misp.setFailure(endpoint, failure);
}

function flagCriticalSetting(flagged: boolean): void {
  const setting = misp.state.criticalSettings.find((s) => s.name === CRITICAL_SETTING);
  if (!setting) throw new Error(`no ${CRITICAL_SETTING} in the simulator`);
  setting.flagged = flagged;
}

/**
 * The template ships the items of the opt-in groups disabled (docs/zabbix.md); the test's agent polls
 * those groups, so it enables them as an admin would, and every item is then proven with a value.
 */
async function enableTemplateItems(templateid: string): Promise<string> {
  const ids = async (method: string): Promise<string[]> =>
    ((await kit.call(method, { templateids: [templateid], filter: { status: 1 }, output: ['itemid'] })) as { itemid: string }[]).map((i) => i.itemid);
  const items = await ids('item.get');
  const prototypes = await ids('itemprototype.get');
  if (items.length > 0) await kit.call('item.update', items.map((itemid) => ({ itemid, status: 0 })));
  if (prototypes.length > 0) await kit.call('itemprototype.update', prototypes.map((itemid) => ({ itemid, status: 0 })));
  return `${items.length} items and ${prototypes.length} item prototypes`;
}

beforeAll(async () => {
  const started = Date.now();
  await kit.start();
  misp = await startSimulatedMisp({ variant: '2.5', keys: { [KEY]: 'siteAdmin' } });
  // A sync server that pulls and pushes and an enabled feed, each with a newest job that completed.
  const server = misp.state.servers[0];
  if (!server) throw new Error('no sync server in the simulator');
  Object.assign(server, { push: true, lastPushedId: 42 });
  finishJob('pull', 'Server: 1', 'completed', PULL_DONE);
  finishJob('push', 'Server: 1', 'completed', 'Job done.');
  finishJob('fetch_feeds', 'Feed: 3', 'completed', 'Job done.');
  flagCriticalSetting(true);
  snmpd = await SnmpdProcess.start();
  const keyFile = join(dir, 'key');
  writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
  configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    [
      'agentx:',
      `  socket: ${snmpd.agentxUnix}`,
      'log: { level: info, format: json }',
      'instances:',
      `  - name: ${INSTANCE}`,
      `    url: ${misp.url}`,
      `    keyFile: ${keyFile}`,
      // The opt-in groups on too, as the template's items for them need; the sync server is tested at the first servers poll.
      `    intervals: { probe: 5, version: 5, workers: 5, statistics: 5, jobs: ${JOBS_INTERVAL_SECONDS}, servers: 5, feeds: 5, diagnostics: 5, authFailures: 5, serverConnectionTest: 3600 }`,
      '',
    ].join('\n'),
  );
  daemon = startDaemon();
  console.log(`test:zabbix: Zabbix up in ${Math.round((Date.now() - started) / 1000)} s; snmpd udp:127.0.0.1:${snmpd.udpPort}, simulated MISP ${misp.url}`);
}, 20 * 60_000);

afterAll(async () => {
  await stopDaemon();
  await snmpd?.stop();
  await misp?.close();
  await kit.stop();
  rmSync(dir, { recursive: true, force: true });
  if (observations.length > 0) {
    console.log('test:zabbix: failure -> problems opened (then all closed)');
    for (const o of observations) console.log(`| ${o.failure} | ${o.opened.join('; ') || '(none)'} | ${o.seconds} s | ${o.closedSeconds} s |`);
  }
});

describe('Zabbix template in Zabbix 6.0', () => {
  it('imports through the API, discovers the instance and its queues, and every item equals snmpget', async () => {
    const version = (await kit.call('apiinfo.version', {})) as string;
    console.log(`test:zabbix: Zabbix API ${version}`);
    const source = readFileSync(ZABBIX_TEMPLATE_FILE, 'utf8');
    const rules = {
      templates: { createMissing: true, updateExisting: true },
      items: { createMissing: true, updateExisting: true, deleteMissing: true },
      triggers: { createMissing: true, updateExisting: true, deleteMissing: true },
      discoveryRules: { createMissing: true, updateExisting: true, deleteMissing: true },
      valueMaps: { createMissing: true, updateExisting: true },
      templateLinkage: { createMissing: true },
      ...(version.startsWith('6.0') ? { groups: { createMissing: true } } : { template_groups: { createMissing: true } }),
    };
    // Twice: the second import updates in place (stable UUIDs).
    for (let i = 0; i < 2; i++) expect(await kit.call('configuration.import', { format: 'yaml', source, rules })).toBe(true);
    const [template] = (await kit.call('template.get', { filter: { host: TEMPLATE_NAME }, output: ['templateid'] })) as { templateid: string }[];
    console.log(`test:zabbix: enabled the template's disabled ${await enableTemplateItems(template?.templateid ?? '')}`);
    const [group] = (await kit.call('hostgroup.get', { filter: { name: 'Linux servers' }, output: ['groupid'] })) as { groupid: string }[];
    const created = (await kit.call('host.create', {
      host: HOST,
      groups: [{ groupid: group?.groupid }],
      templates: [{ templateid: template?.templateid }],
      interfaces: [{ type: 2, main: 1, useip: 1, ip: '127.0.0.1', dns: '', port: String(snmpd.udpPort), details: { version: 2, bulk: 1, community: '{$SNMP_COMMUNITY}' } }],
      macros: Object.entries(HOST_MACROS).map(([macro, value]) => ({ macro, value })),
    })) as { hostids: string[] };
    hostid = created.hostids[0] ?? '';
    kit.reloadConfig();

    // Discovery: the instance items and the queue items.
    let items: any[] = [];
    await waitFor(
      'discovered items with values',
      async () => {
        if (daemon?.exitCode !== null) throw new Error(`the daemon exited:\n${readFileSync(join(dir, 'daemon.log'), 'utf8').slice(-2000)}`);
        items = (await kit.call('item.get', { hostids: [hostid], output: ['itemid', 'key_', 'name', 'lastvalue', 'lastclock', 'state', 'status', 'error', 'snmp_oid', 'type', 'value_type'] })) as any[];
        const discovered = ['misp.queue.', 'misp.server.', 'misp.feed.', 'misp.setting.', 'misp.module.'].every((prefix) => items.some((i) => i.key_.startsWith(prefix)));
        const waiting = items.filter((i) => i.status === '0' && i.lastclock === '0' && i.state === '0');
        if (discovered && waiting.length === 0) return true;
        kit.reloadConfig();
        // Items polled hourly (versions, instance count) get their first check at a random time within the hour: now, please.
        const checkable = waiting.filter((i) => i.type === '20' || i.type === '5');
        if (checkable.length > 0) await kit.call('task.create', checkable.map((i) => ({ type: 6, request: { itemid: i.itemid } })));
        return false;
      },
      180_000,
      3000,
    );
    const enabled = items.filter((i) => i.status === '0');
    const disabled = items.filter((i) => i.status !== '0');
    const unsupported = enabled.filter((i) => i.state !== '0');
    console.log(`test:zabbix: ${items.length} items (${disabled.length} disabled: ${disabled.map((i) => i.key_).join(', ')})`);
    expect(unsupported.map((i) => `${i.key_}: ${i.error}`)).toEqual([]);
    expect(items.filter((i) => i.name.includes('{#')).map((i) => i.name)).toEqual([]);
    expect(items.some((i) => i.name === `MISP ${INSTANCE} queue default: workers running`)).toBe(true);
    // Both sharing discovery rules created every item prototype for the simulated server and feed, named after them.
    const exported = YAML.parse(source) as { zabbix_export: { templates: { discovery_rules: { key: string; item_prototypes: unknown[] }[] }[] } };
    const prototypes = (key: string): number => exported.zabbix_export.templates[0]?.discovery_rules.find((r) => r.key === key)?.item_prototypes.length ?? 0;
    const serverItems = items.filter((i) => i.key_.startsWith('misp.server.'));
    const feedItems = items.filter((i) => i.key_.startsWith('misp.feed.'));
    console.log(`test:zabbix: discovered ${serverItems.length} sync server items, ${feedItems.length} feed items`);
    expect(serverItems.length).toBe(prototypes('misp.server.discovery'));
    expect(feedItems.length).toBe(prototypes('misp.feed.discovery'));
    expect(serverItems.filter((i) => !i.name.startsWith(`MISP ${INSTANCE} sync server ${SERVER}: `) || !i.key_.endsWith('[1.1]')).map((i) => `${i.key_} ${i.name}`)).toEqual([]);
    expect(feedItems.filter((i) => !i.name.startsWith(`MISP ${INSTANCE} feed ${FEED}: `) || !i.key_.endsWith('[1.3]')).map((i) => `${i.key_} ${i.name}`)).toEqual([]);
    expect(serverItems.find((i) => i.key_ === 'misp.server.pull_message[1.1]')?.lastvalue).toBe(PULL_DONE);
    // The opt-in groups: the connection test ran (ok), the four misp-modules types (disabled), the flagged setting.
    expect(disabled.map((i) => i.key_)).toEqual([]);
    expect(serverItems.find((i) => i.key_ === 'misp.server.test_status[1.1]')?.lastvalue).toBe('1');
    expect(items.filter((i) => i.key_.startsWith('misp.module.status[')).map((i) => i.lastvalue)).toEqual(['2', '2', '2', '2']);
    expect(items.find((i) => i.key_.startsWith('misp.setting.flagged['))?.name).toBe(`MISP ${INSTANCE} critical setting ${CRITICAL_SETTING}: flagged by MISP`);

    // Every SNMP item against snmpget of its OID, as Zabbix stores it (JavaScript steps: uptime in s, times in s).
    let compared = 0;
    for (const item of enabled.filter((i) => i.type === '20')) {
      const { stdout } = await run('snmpget', ['-v2c', '-c', 'public', '-Oqv', '-Ot', '-On', `127.0.0.1:${snmpd.udpPort}`, item.snmp_oid]);
      // An absent value (no failure in the window yet) reads as empty text in the template.
      const raw = stdout.trim().replace(/^"|"$/g, '').replace(/^No Such Instance currently exists at this OID$/, '');
      if (VOLATILE.test(item.key_)) {
        expect(item.lastvalue, item.key_).not.toBe('');
        continue;
      }
      expect(item.lastvalue, `${item.key_} (${item.snmp_oid})`).toBe(raw);
      compared++;
    }
    console.log(`test:zabbix: ${compared} stable items equal snmpget`);
    expect(compared).toBeGreaterThan(20);
    // The setting flagged for discovery opened its problem; no longer flagged, nothing stays open.
    flagCriticalSetting(false);
    await expectProblems([], 120_000);
  });

  it('opens exactly the expected problem for each failure and closes it', async () => {
    await scenario('key refused (403 on every keyed request)', ['<I>: MISP refuses the API key of the agent'], () => failKeyed('authFailed'), () => failKeyed(null));
    await scenario('key without site admin (403 permission)', ['<I>: MISP denies the agent access (the key needs the site admin role?)'], () => failKeyed('permissionDenied'), () => failKeyed(null));
    await scenario('MISP.live off', ['<I>: MISP is in maintenance mode'], () => void (misp.state.live = false), () => void (misp.state.live = true));
    await scenario('HTTP 429', ['<I>: MISP limits the requests of the agent (HTTP 429)'], () => failKeyed('rateLimited'), () => failKeyed(null));
    await scenario('HTTP 500 on the API, heartbeat fine', ['<I>: MISP answers with server errors (HTTP 5xx)'], () => failKeyed('http500'), () => failKeyed(null));
    await scenario('HTML with 200', ['<I>: MISP answers with data the agent cannot read'], () => failKeyed('htmlOk'), () => failKeyed(null));
    // A wrong base URL: only MISP's own "Background jobs are not enabled" 404 means jobs off, so every group agrees.
    await scenario('404 on every keyed request', ['<I>: MISP answers 404 Not Found'], () => failKeyed('notFound'), () => failKeyed(null));
    await scenario('no answer in time', ['<I>: MISP answers too slowly (timeout)'], () => failKeyed('hang'), () => failKeyed(null));
    await scenario('body too large', ['<I>: MISP answers are larger than the agent accepts'], () => failKeyed('hugeBody'), () => failKeyed(null));
    await scenario('statistics only: wrong shape', ['<I>: MISP is degraded'], () => misp.setFailure('/users/statistics', 'wrongShape'), () => misp.setFailure('/users/statistics', null));
    await scenario('connection reset (every request)', ['<I>: MISP is unreachable'], () => misp.setFailure('*', 'reset'), () => misp.setFailure('*', null));
    await scenario('HTTP 502 from a proxy (every request)', ['<I>: MISP is unreachable'], () => misp.setFailure('*', 'http502'), () => misp.setFailure('*', null));
    await scenario('supervisord down', ['<I>: MISP cannot reach supervisord, its workers do not run'], () => void (misp.state.supervisord = false), () => void (misp.state.supervisord = true));
    const queue = misp.state.queues['default'];
    if (!queue) throw new Error('no default queue in the simulator');
    const stopped = queue.workers[1];
    await scenario('one worker stopped', ['<I>: background workers are missing'], () => void queue.workers.pop(), () => void (stopped && queue.workers.push(stopped)));
    const email = misp.state.queues['email']?.workers[0];
    if (!email) throw new Error('no email worker in the simulator');
    // MISP says alive false for a worker of another user when it can read /proc (dead), "N/A" when it cannot (listed, not ok).
    await scenario('a worker under another user', ['<I>: background workers are dead'], () => void (email.state = 'wrongUser'), () => void (email.state = 'alive'));
    await scenario('a worker under another user, /proc unreadable', ['<I>: background workers are not ok'], () => {
      email.state = 'wrongUser';
      misp.state.procAccessible = false;
    }, () => {
      email.state = 'alive';
      misp.state.procAccessible = true;
    });
    // Sharing: the newest pull of the sync server fails, then a pull works; the same for a feed fetch.
    const syncProblems = await scenario(
      'sync server pull fails',
      [`<I> sync server ${SERVER}: sync fails`],
      () => finishJob('pull', 'Server: 1', 'failed', PULL_FAILED),
      () => finishJob('pull', 'Server: 1', 'completed', PULL_DONE),
      [],
      [JOBS_FAILED],
    );
    // Its operational data names the two messages ({ITEM.LASTVALUE7} and 8: items count by position, repeats
    // included); Zabbix cuts a text value in a macro to 20 characters and "...".
    expect(syncProblems.find((p) => p.name.endsWith(': sync fails'))?.opdata).toBe(`pull: ${PULL_FAILED.slice(0, 20)}..., push: Job done.`);
    await scenario(
      'feed fetch fails',
      [`<I> feed ${FEED}: fetching fails`],
      () => finishJob('fetch_feeds', 'Feed: 3', 'failed', 'Job failed. See error log for more details.'),
      () => finishJob('fetch_feeds', 'Feed: 3', 'completed', 'Job done.'),
      [],
      [JOBS_FAILED],
    );
    await scenario('2000 jobs pending', ['<I>: too many jobs pending'], () => void (queue.jobCount = 2000), () => void (queue.jobCount = 3));
    // The opt-in groups: diagnostics (a critical setting, misp-modules) and the log's failed authentications.
    await scenario('a critical setting flagged', [`<I> critical setting ${CRITICAL_SETTING}: MISP flags a critical setting`], () => flagCriticalSetting(true), () => flagCriticalSetting(false));
    await scenario(
      'misp-modules enabled but down',
      ['<I> misp-modules Enrichment: enabled but unreachable'],
      () => void (misp.state.moduleStatus.Enrichment = MODULES_DOWN),
      () => void (misp.state.moduleStatus.Enrichment = 1),
    );
    // Six auth_fail rows at once (threshold 5 in 30 s); it closes once they leave the window.
    await scenario('burst of failed API authentications', ['<I>: burst of failed logins or API authentications'], () => void appendLogs(misp.state, 'auth_fail', 6), () => undefined);
    // The restart opens its own problem once the agent answers again, for {$MISP.RESTART.WINDOW}.
    await scenario('misp-agentx stopped, then started', ['misp-agentx does not answer through snmpd'], () => stopDaemon(), () => void (daemon = startDaemon()), ['misp-agentx has been restarted']);
    expect(observations.length).toBeGreaterThan(0);
  });
});
