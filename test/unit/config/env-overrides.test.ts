import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { MINIMAL_YAML, TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

describe('environment overrides', () => {
  it('override the common settings of the file', () => {
    const dir = tempDir({ 'config.yaml': `log: { level: info }\n${MINIMAL_YAML}`, key: TEST_KEY });
    const config = loadConfig(join(dir, 'config.yaml'), {
      MISP_AGENTX_LOG_LEVEL: 'debug',
      MISP_AGENTX_LOG_FORMAT: 'json',
      MISP_AGENTX_AGENTX_SOCKET: 'tcp:127.0.0.1:1705',
      MISP_AGENTX_OID_ROOT: '.1.3.6.1.4.1.99999.2',
      MISP_AGENTX_PING_INTERVAL: '42',
    });
    expect(config.log).toEqual({ level: 'debug', format: 'json' });
    expect(config.agentx).toMatchObject({ socket: 'tcp:127.0.0.1:1705', oidRoot: [1, 3, 6, 1, 4, 1, 99999, 2], pingIntervalSeconds: 42 });
  });

  it('name the variable when its value is wrong', () => {
    const dir = tempDir({ 'config.yaml': MINIMAL_YAML, key: TEST_KEY });
    expect(issuesOf(() => loadConfig(join(dir, 'config.yaml'), { MISP_AGENTX_PING_INTERVAL: 'soon', MISP_AGENTX_LOG_LEVEL: 'loud' }))).toEqual([
      '$MISP_AGENTX_PING_INTERVAL: agentx.pingIntervalSeconds: got "soon", expected an integer from 0 to 3600 seconds (0 = no ping)',
      '$MISP_AGENTX_LOG_LEVEL: log.level: got "loud", expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('define a single instance without any file', () => {
    const config = loadConfig(null, { MISP_AGENTX_URL: 'https://misp.example.org', MISP_AGENTX_KEY: TEST_KEY, MISP_AGENTX_TLS_VERIFY: 'no' });
    expect(config.source).toBe('environment');
    expect(config.instances).toEqual([
      expect.objectContaining({ name: 'misp', url: 'https://misp.example.org', apiKey: TEST_KEY, tlsVerify: false, keySource: 'environment variable MISP_AGENTX_KEY' }),
    ]);
  });

  it('the single-instance shortcut takes a key file and a name', () => {
    const dir = tempDir({ key: TEST_KEY });
    const config = loadConfig(null, { MISP_AGENTX_URL: 'https://misp.example.org', MISP_AGENTX_NAME: 'prod', MISP_AGENTX_KEY_FILE: join(dir, 'key') });
    expect(config.instances[0]).toMatchObject({ name: 'prod', apiKey: TEST_KEY });
  });

  it('refuse a shortcut that is incomplete or conflicts with the file', () => {
    expect(issuesOf(() => loadConfig(null, { MISP_AGENTX_KEY: TEST_KEY }))).toEqual([
      '$MISP_AGENTX_KEY: is set but $MISP_AGENTX_URL is not; the single-instance shortcut starts with $MISP_AGENTX_URL',
      'environment: instances: no MISP instance configured; expected a list with at least one instance (name, url, key source)',
    ]);
    const dir = tempDir({ 'config.yaml': MINIMAL_YAML, key: TEST_KEY });
    expect(issuesOf(() => loadConfig(join(dir, 'config.yaml'), { MISP_AGENTX_URL: 'https://other.example.org' }))).toEqual([
      '$MISP_AGENTX_URL: instances: defines the only instance, but the file lists instances too; use one or the other',
    ]);
  });

  it('name the shortcut variable when its value is wrong, and never echo the key', () => {
    const issues = issuesOf(() => loadConfig(null, { MISP_AGENTX_URL: 'misp.example.org', MISP_AGENTX_KEY: '' }));
    expect(issues).toEqual([
      expect.stringMatching(/^\$MISP_AGENTX_URL: instances\[0\]\.url: got "misp\.example\.org", expected an http/),
      '$MISP_AGENTX_KEY: instances[0].keyEnv: environment variable MISP_AGENTX_KEY is empty; expected a MISP API key (40 letters and digits)',
    ]);
  });
});
