import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli-process.js';
import { TEST_KEY, tempDir } from '../../helpers/config-fixture.js';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = ['run', 'check', 'mib', 'oids', 'doctor'];

describe('misp-agentx command line', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('the installed entry point refuses a Node.js older than 18.19 in one line, before loading anything', () => {
    const entry = join(import.meta.dirname, '../../../dist/cli/entry.js');
    const as = (version: string) => {
      const pretend = `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });`;
      return spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(pretend)}`, entry, '--version'], { encoding: 'utf8' });
    };
    const old = as('18.18.2');
    expect(old.status).toBe(1);
    expect(old.stdout).toBe('');
    expect(old.stderr).toMatch(/^misp-agentx: needs Node\.js 18\.19 or newer; this is v\d+\.\d+\.\d+ \(.+\)\n$/);
    expect(as('18.19.0')).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
  });

  it('--help lists every command and the exit codes', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(stdout).toContain('78 configuration error');
  });

  it.each(COMMANDS)('%s --help shows its usage and options', async (command) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: misp-agentx ${command} \\[options\\]`));
    expect(stdout).toContain('-h, --help');
  });

  it('no command, an unknown command or an unknown option exit 2 with a pointer to help', async () => {
    expect(await cli([])).toMatchObject({ code: 2, stderr: 'misp-agentx: no command given\nRun "misp-agentx --help" for usage.\n' });
    expect(await cli(['chek'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "chek"; did you mean "check"?') });
    expect(await cli(['--verbose'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --verbose') });
    const unknownOption = await cli(['check', '--confg', 'x']);
    expect(unknownOption).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --confg for "check"; did you mean --config?') });
    expect(unknownOption.stderr).toContain('Run "misp-agentx check --help" for usage.');
    expect(await cli(['oids', '--config'])).toMatchObject({ code: 2, stderr: expect.stringContaining('option --config needs a value') });
    expect(await cli(['oids', 'extra'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected argument "extra" for "oids"') });
  });

  it('a bad configuration exits 78 and names the field, the value and what was expected', async () => {
    const dir = tempDir({ 'config.yaml': 'agentx: { pingIntervalSeconds: -1 }\ninstances: []\n' });
    for (const command of ['run', 'check', 'doctor']) {
      const { code, stderr, stdout } = await cli([command, '--config', join(dir, 'config.yaml')]);
      expect(code).toBe(78);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${join(dir, 'config.yaml')}:1:11: agentx.pingIntervalSeconds: got -1, expected an integer from 0 to 3600`);
      expect(stderr).toContain('instances: no MISP instance configured');
    }
  });

  it('check --config-only validates the file and the keys without contacting anything; the credential error says how to run it by hand', async () => {
    // Nothing listens on port 1: a poll would fail, the validation alone passes.
    const dir = tempDir({ 'config.yaml': 'instances: [{ name: a, url: "http://127.0.0.1:1", keyCredential: misp-api-key }]\n', 'misp-api-key': TEST_KEY });
    const config = join(dir, 'config.yaml');
    expect(await cli(['check', '--config-only', '-c', config], { CREDENTIALS_DIRECTORY: dir })).toMatchObject({
      code: 0,
      stdout: `Configuration ${config} is valid: 1 instance(s), subtree 1.3.6.1.4.1.8072.9999.9999.4913\n`,
      stderr: '',
    });
    const byHand = await cli(['check', '--config-only', '-c', config]);
    expect(byHand.code).toBe(78);
    expect(byHand.stderr).toContain('CREDENTIALS_DIRECTORY=/etc/misp-agentx misp-agentx check');
    expect(await cli(['check', '--config-only', '-c', config], { CREDENTIALS_DIRECTORY: join(dir, 'nothing-here') })).toMatchObject({ code: 78, stdout: '' });
  });

  it('a missing configuration file exits 78; $MISP_AGENTX_CONFIG points at one', async () => {
    expect(await cli(['check', '-c', '/nonexistent/config.yaml'])).toMatchObject({
      code: 78,
      stderr: expect.stringContaining('/nonexistent/config.yaml: configuration file does not exist'),
    });
    expect(await cli(['check'], { MISP_AGENTX_CONFIG: '/nonexistent/env.yaml' })).toMatchObject({ code: 78, stderr: expect.stringContaining('/nonexistent/env.yaml') });
  });

  it('a key file open to others is refused before anything runs, without showing the key', async () => {
    const dir = tempDir({ 'config.yaml': 'instances: [{ name: a, url: "http://127.0.0.1:1", keyFile: key }]\n', key: { content: TEST_KEY, mode: 0o644 } });
    const result = await cli(['run', '--config', join(dir, 'config.yaml')]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('has mode 0644: group or other users can read the MISP API key; run chmod 600');
    expect(result.stderr + result.stdout).not.toContain(TEST_KEY);
  });
});

describe('mib and oids', () => {
  it('oids lists numeric OIDs under the default root, or under --root', async () => {
    const byDefault = await cli(['oids']);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toMatch(/^\.1\.3\.6\.1\.4\.1\.8072\.9999\.9999\.4913\.1\.1\.1\.0 +mispAgentVersion\.0 /m);
    const moved = await cli(['oids', '--root', '1.3.6.1.4.1.99999.5']);
    expect(moved.stdout).toMatch(/^\.1\.3\.6\.1\.4\.1\.99999\.5\.1\.1\.1\.0 +mispAgentVersion\.0 /m);
    expect(moved.stdout.split('\n').length).toBe(byDefault.stdout.split('\n').length);
  });

  it('oids and mib use the configured root without reading the key', async () => {
    const dir = tempDir({ 'config.yaml': 'agentx: { oidRoot: 1.3.6.1.4.1.99999.9 }\ninstances: [{ name: a, url: "https://x.example", keyFile: /nonexistent/key }]\n' });
    const oids = await cli(['oids', '--config', join(dir, 'config.yaml')]);
    expect(oids).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\.1\.3\.6\.1\.4\.1\.99999\.9\.1\.1\.1\.0 /m) });
    const mib = await cli(['mib', '--config', join(dir, 'config.yaml')]);
    expect(mib.code).toBe(0);
    expect(mib.stdout).toMatch(/^MISP-AGENTX-MIB DEFINITIONS ::= BEGIN/m);
    expect(mib.stdout).toContain('99999');
  });

  it('mib --root refuses an OID outside the private arcs with exit 2', async () => {
    expect(await cli(['mib', '--root', '1.3.6.1.2.1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--root 1.3.6.1.2.1: expected a numeric OID below') });
  });
});
