import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/issues.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

const yaml = (keyLine: string, extra = ''): string => `instances:\n  - name: main\n    url: https://misp.example.org\n    ${keyLine}\n${extra}`;

/** Loads with the given files and environment; returns the issues (DIR for the temp folder) or the config. */
function load(files: Record<string, string | { content: string; mode: number }>, env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir(files);
  const run = () => loadConfig(join(dir, 'config.yaml'), { ...env, CREDENTIALS_DIRECTORY: env['CREDENTIALS_DIRECTORY']?.replace('DIR', dir) });
  return { dir, run, issues: () => issuesOf(run).map((line) => line.replaceAll(dir, 'DIR')) };
}

describe('API key sources', () => {
  it('key file missing', () => {
    expect(load({ 'config.yaml': yaml('keyFile: /nonexistent/key') }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyFile: key file /nonexistent/key does not exist',
    ]);
  });

  it('key file readable by group or others is refused, with the fix', () => {
    expect(load({ 'config.yaml': yaml('keyFile: key'), key: { content: TEST_KEY, mode: 0o640 } }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyFile: key file DIR/key has mode 0640: group or other users can read the MISP API key; run chmod 600 DIR/key (or set allowOpenKeyFile: true to accept the risk)',
    ]);
    expect(load({ 'config.yaml': yaml('keyFile: key'), key: { content: TEST_KEY, mode: 0o604 } }).issues()).toHaveLength(1);
  });

  it('an open key file is accepted with allowOpenKeyFile, with a loud warning', () => {
    const { run, dir } = load({ 'config.yaml': yaml('keyFile: key', '    allowOpenKeyFile: true\n'), key: { content: TEST_KEY, mode: 0o644 } });
    const config = run();
    expect(config.instances[0]?.apiKey).toBe(TEST_KEY);
    expect(config.warnings).toEqual([
      `instance main: SECURITY: key file ${join(dir, 'key')} has mode 0644: group or other users can read the MISP API key; accepted only because allowOpenKeyFile is true. Run chmod 600 ${join(dir, 'key')}`,
    ]);
  });

  it('key file empty, or holding more than the key', () => {
    expect(load({ 'config.yaml': yaml('keyFile: key'), key: '\n' }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyFile: key file DIR/key is empty; expected a MISP API key (40 letters and digits)',
    ]);
    const issues = load({ 'config.yaml': yaml('keyFile: key'), key: `${TEST_KEY}\n${TEST_KEY}\n` }).issues();
    expect(issues).toEqual(['DIR/config.yaml:4:5: instances[0].keyFile: key file DIR/key holds more than one word or line; expected only the MISP API key']);
  });

  it('a key of the wrong shape is a warning that never shows the key', () => {
    const odd = 'not-a-misp-key-but-secret';
    const { run } = load({ 'config.yaml': yaml('keyFile: key'), key: odd });
    const config = run();
    expect(config.instances[0]?.apiKey).toBe(odd);
    expect(config.warnings).toEqual([expect.stringContaining('does not look like a MISP API key: expected 40 letters and digits, found 25 characters (the key is not shown)')]);
    expect(config.warnings.join('')).not.toContain(odd);
  });

  it('systemd credential from $CREDENTIALS_DIRECTORY', () => {
    const { run } = load({ 'config.yaml': yaml('keyCredential: misp-api-key'), 'misp-api-key': { content: `${TEST_KEY}\n`, mode: 0o400 } }, { CREDENTIALS_DIRECTORY: 'DIR' });
    expect(run().instances[0]).toMatchObject({ apiKey: TEST_KEY, keySource: 'systemd credential misp-api-key' });
  });

  it('systemd credential without $CREDENTIALS_DIRECTORY, or missing from it', () => {
    expect(load({ 'config.yaml': yaml('keyCredential: misp-api-key') }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyCredential: systemd credential misp-api-key needs $CREDENTIALS_DIRECTORY, which systemd sets for a unit with LoadCredential=misp-api-key:/path/to/key; it is not set. ' +
        'By hand, as root, name the folder that holds the key file "misp-api-key": CREDENTIALS_DIRECTORY=/etc/misp-agentx misp-agentx check',
    ]);
    expect(load({ 'config.yaml': yaml('keyCredential: other') }, { CREDENTIALS_DIRECTORY: 'DIR' }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyCredential: systemd credential other (DIR/other) does not exist',
    ]);
    expect(load({ 'config.yaml': yaml('keyCredential: ../etc/shadow') }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyCredential: got "../etc/shadow", expected a systemd credential name (letters, digits, . _ -)',
    ]);
  });

  it('environment variable', () => {
    expect(load({ 'config.yaml': yaml('keyEnv: MY_MISP_KEY') }, { MY_MISP_KEY: TEST_KEY }).run().instances[0]?.apiKey).toBe(TEST_KEY);
    expect(load({ 'config.yaml': yaml('keyEnv: MY_MISP_KEY') }).issues()).toEqual([
      'DIR/config.yaml:4:5: instances[0].keyEnv: environment variable MY_MISP_KEY is not set',
    ]);
  });

  it('a key written into the configuration is refused without being echoed', () => {
    const { run } = load({ 'config.yaml': yaml('keyFile: key', `    apiKey: ${TEST_KEY}\n    url2: ${TEST_KEY}\n`), key: TEST_KEY });
    let message = '';
    try {
      run();
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).toContain('instances[0].apiKey: the API key is never written in the configuration; put it in a file (keyFile)');
    expect(message).toContain('instances[0].url2: unknown key; did you mean "url"?');
    expect(message).not.toContain(TEST_KEY);
  });

  it('a key pasted into another field is hidden in the error', () => {
    const { issues } = load({ 'config.yaml': `log: { level: ${TEST_KEY} }\n${yaml('keyFile: key')}`, key: TEST_KEY });
    expect(issues()).toEqual(['DIR/config.yaml:1:8: log.level: got "<hidden: looks like an API key>", expected one of fatal, error, warn, info, debug, trace, silent']);
  });
});
