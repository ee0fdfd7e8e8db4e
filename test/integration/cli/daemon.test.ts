import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROOT, objectOid } from '../../../src/mib/index.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { type SimulatedMisp, startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { SnmpClient } from '../../../src/snmp/manager.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../../src/common/wait.js';
import { tempDir } from '../../helpers/config-fixture.js';
import { CliProcess, type CliResult } from './cli-process.js';

const ADMIN_KEY = 'AdminKey0123456789abcdefghijABCDEFGHIJ01';
const READ_KEY = 'ReadKey00123456789abcdefghijABCDEFGHIJ01';
const ORG_ADMIN_KEY = 'OrgAdmin0123456789abcdefghijABCDEFGHIJ0';
const USER_KEY = 'UserKey00123456789abcdefghijABCDEFGHIJ01';
const NAME_COLUMN = formatOid(objectOid(DEFAULT_ROOT, 'mispInstanceName'));

let snmpd: Snmpd;
let sim: SimulatedMisp;
let client: SnmpClient;
/** Every process this file starts, so the last test can search all their output for the keys. */
const processes: CliProcess[] = [];

beforeAll(async () => {
  [snmpd, sim] = await Promise.all([Snmpd.start(), startSimulatedMisp({ keys: { [ADMIN_KEY]: 'siteAdmin', [READ_KEY]: 'readOnly', [ORG_ADMIN_KEY]: 'orgAdmin', [USER_KEY]: 'user' } })]);
  client = new SnmpClient(snmpd.udpPort);
});
afterEach(() => processes.forEach((process) => process.kill()));
afterAll(async () => {
  client?.close();
  await Promise.all([snmpd?.stop(), sim?.close()]);
});

function start(args: string[]): CliProcess {
  const process = new CliProcess(args);
  processes.push(process);
  return process;
}

async function finish(args: string[]): Promise<CliResult> {
  return start(args).done;
}

/** A configuration in a temp folder with both keys in 0600 files; returns its path. */
function writeConfig(dir: string, instances: string, agentx = `socket: ${snmpd.agentxUnix}`): string {
  writeFileSync(join(dir, 'config.yaml'), `agentx: { ${agentx} }\nlog: { level: debug, format: json }\ninstances:\n${instances}`);
  return join(dir, 'config.yaml');
}

const admin = (name: string, extra = '') => `  - { name: ${name}, url: "${sim.url}", keyFile: admin.key${extra} }\n`;
const readOnly = (name: string, extra = '') => `  - { name: ${name}, url: "${sim.url}", keyFile: read.key${extra} }\n`;

async function servedName(index: number): Promise<string | null> {
  const [varbind] = await client.get([`${NAME_COLUMN}.${index}`]).catch(() => []);
  return Buffer.isBuffer(varbind?.value) ? varbind.value.toString() : null;
}

describe('misp-agentx run', () => {
  it('serves through snmpd, reloads on SIGHUP, keeps serving after a bad reload, and stops on SIGTERM', async () => {
    const dir = tempDir({ 'admin.key': ADMIN_KEY, 'read.key': READ_KEY });
    const config = writeConfig(dir, admin('main'));
    const daemon = start(['run', '--config', config]);
    await waitFor('the first instance served', async () => (await servedName(1)) === 'main');

    writeConfig(dir, admin('main') + readOnly('second'));
    daemon.child.kill('SIGHUP');
    await waitFor('the reloaded configuration served', async () => (await servedName(2)) === 'second');

    writeFileSync(config, 'instances: [ {\n');
    daemon.child.kill('SIGHUP');
    await waitFor('the refused reload logged', () => daemon.logLines().some((line) => line['msg'] === 'configuration reload refused; still serving the previous configuration'));
    expect(await servedName(2)).toBe('second');

    const stopAsked = performance.now();
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(performance.now() - stopAsked).toBeLessThan(5000);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    const messages = daemon.logLines().map((line) => line['msg']);
    expect(messages).toEqual(expect.arrayContaining(['misp-agentx started', 'configuration reloaded', 'AgentX session closed', 'misp-agentx stopped']));
    expect(await servedName(1)).toBeNull();
  });

  it('doctor passes while the daemon serves, with a site-admin key', async () => {
    const dir = tempDir({ 'admin.key': ADMIN_KEY });
    const config = writeConfig(dir, admin('main'));
    const daemon = start(['run', '--config', config]);
    await waitFor('the daemon serving', async () => (await servedName(1)) === 'main');
    const doctor = await finish(['doctor', '--config', config, '--snmp-port', String(snmpd.udpPort), '--verbose']);
    expect(doctor.stdout).toContain(`[ok]   AgentX socket ${snmpd.agentxUnix}: connected`);
    expect(doctor.stdout).toContain(`the subtree ${formatOid(DEFAULT_ROOT)} answers`);
    expect(doctor.stdout).toMatch(/^\[ok\] {3}main workers: ok/m);
    expect(doctor.stdout).toContain('0 problem(s), 0 warning(s).');
    expect(doctor.code).toBe(0);
    daemon.child.kill('SIGTERM');
    expect((await daemon.done).code).toBe(0);
  });
});

describe('misp-agentx check and doctor without the daemon', () => {
  it('check prints each group and each value, exit 0 when healthy', async () => {
    const dir = tempDir({ 'admin.key': ADMIN_KEY });
    const result = await finish(['check', '--config', writeConfig(dir, admin('main'))]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Instance 1 "main" http:\/\/127\.0\.0\.1:\d+: ok$/m);
    expect(result.stdout).toMatch(/^ {2}workers +ok +60 s /m);
    expect(result.stdout).toMatch(new RegExp(`^${NAME_COLUMN.replaceAll('.', '\\.')}\\.1 +mispInstanceName\\.1 +OctetString +"main"$`, 'm'));
  });

  it('check exits 1 and names the failing group when the key may not read it', async () => {
    const dir = tempDir({ 'read.key': READ_KEY });
    const result = await finish(['check', '--config', writeConfig(dir, readOnly('ro')), '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}workers +permissionDenied +60 s .*You do not have permission/m);
    expect(result.stderr).toContain('check: not healthy: ro/workers');
  });

  it('doctor explains a read-only key, a missing AgentX socket and a silent snmpd', async () => {
    const dir = tempDir({ 'read.key': READ_KEY });
    const config = writeConfig(dir, readOnly('ro', ', intervals: { workers: 0 }'), `socket: ${join(dir, 'no-such.sock')}`);
    const result = await finish(['doctor', '--config', config, '--snmp-port', String(snmpd.udpPort)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[warn] ro workers: permissionDenied: HTTP 403: You do not have permission to use this functionality. (off in the configuration: no harm)');
    expect(result.stdout).toContain(`[FAIL] AgentX socket ${join(dir, 'no-such.sock')}: does not exist: snmpd is not running as an AgentX master with this socket`);
    expect(result.stdout).toContain(`snmpd answers, but nothing under ${formatOid(DEFAULT_ROOT)}`);
    expect(result.stdout).toMatch(/^ {8}fix: start the daemon/m);
  });

  it("check says per enabled group whether the key's role may read it, with one fix naming the groups (site admin, org admin, user keys)", async () => {
    const dir = tempDir({ 'admin.key': ADMIN_KEY, 'org.key': ORG_ADMIN_KEY, 'user.key': USER_KEY });
    const instance = (name: string, key: string) => `  - { name: ${name}, url: "${sim.url}", keyFile: ${key}, intervals: { diagnostics: 3600, version: 0 } }\n`;
    const result = await finish(['check', '--config', writeConfig(dir, instance('admin', 'admin.key') + instance('org', 'org.key') + instance('user', 'user.key'))]);
    expect(result.code).toBe(1);
    const [admin, org, user] = result.stdout.split(/^Instance \d /m).slice(1) as [string, string, string];
    expect(admin).toContain('  key rights: role "admin" (site admin): enough for every enabled group (probe, workers, statistics, diagnostics, jobs, servers, feeds)\n');
    expect(admin).toMatch(/^ {2}workers +ok +60 s +enough /m);
    expect(admin).toMatch(/^ {2}version +disabled +off *$/m);
    expect(admin).not.toContain('fix:');
    expect(org).toContain('  key rights: role "Org Admin" (not site admin): workers, diagnostics, jobs, servers, feeds need a site-admin key\n');
    expect(org).toContain(
      `    fix: give the key's user a site-admin role (perm_site_admin, e.g. MISP's "admin" role; docs/install.md), or switch those groups off: instances[1].intervals: { workers: 0, diagnostics: 0, jobs: 0, servers: 0, feeds: 0 }\n`,
    );
    expect(org).toMatch(/^ {2}workers +permissionDenied +60 s +site admin needed /m);
    expect(org).toMatch(/^ {2}statistics +ok +600 s +enough /m);
    // MISP lists feeds to any role (without cache_timestamp and hidden feeds): no 403, yet not enough.
    expect(org).toMatch(/^ {2}feeds +ok +900 s +site admin needed /m);
    expect(user).toContain('  key rights: role "User" (not site admin): workers, diagnostics, jobs, servers, feeds need a site-admin key\n');
    expect(user).toContain('switch those groups off: instances[2].intervals: { workers: 0, diagnostics: 0, jobs: 0, servers: 0, feeds: 0 }');
    expect(result.stderr).toContain('check: not healthy: org/workers, org/diagnostics, org/jobs, org/servers, org/feeds, user/workers');
  });

  it("doctor names the key's role and the groups it cannot read once, with one fix, not one per group", async () => {
    const dir = tempDir({ 'admin.key': ADMIN_KEY, 'user.key': USER_KEY });
    const config = writeConfig(dir, admin('main') + `  - { name: usr, url: "${sim.url}", keyFile: user.key, intervals: { feeds: 0 } }\n`);
    const result = await finish(['doctor', '--config', config, '--snmp-port', String(snmpd.udpPort)]);
    expect(result.stdout).toContain('[ok]   main key rights: role "admin" (site admin): enough for every enabled group (probe, version, workers, statistics, jobs, servers, feeds)');
    expect(result.stdout).toContain('[FAIL] usr key rights: role "User" (not site admin): workers, jobs, servers need a site-admin key');
    expect(result.stdout.match(/fix: give the key's user a site-admin role/g)).toHaveLength(1);
    expect(result.stdout).toContain('or switch those groups off: instances[1].intervals: { workers: 0, jobs: 0, servers: 0 }');
    expect(result.stdout).toContain("[FAIL] usr workers: permissionDenied: HTTP 403: You do not have permission to use this functionality. (the key's role, above)");
    // A group switched off is polled by doctor too, and fails for the same reason without a fix of its own.
    expect(result.stdout).toContain("[warn] usr diagnostics: permissionDenied: HTTP 403: You do not have permission to use this functionality. (off in the configuration: no harm) (the key's role, above)");
    expect(result.stdout).not.toMatch(/fix: the key may not call/);
  });

  it('no output of any process in this file contains a key', async () => {
    expect(processes.length).toBeGreaterThanOrEqual(5);
    const output = (await Promise.all(processes.map((process) => process.done))).map((result) => result.stdout + result.stderr).join('\n');
    expect(output.length).toBeGreaterThan(1000);
    expect(output).not.toContain(ADMIN_KEY);
    expect(output).not.toContain(READ_KEY);
    // The simulated /users/view/me sends the key back (legacy keys), as MISP does with Security.advanced_authkeys off.
    expect(output).not.toContain(ORG_ADMIN_KEY);
    expect(output).not.toContain(USER_KEY);
  });
});
