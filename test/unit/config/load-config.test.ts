import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../../../src/domain/instance-config.js';
import { DEFAULT_INTERVALS } from '../../../src/endpoints/index.js';
import { MINIMAL_YAML, TEST_KEY, tempDir } from '../../helpers/config-fixture.js';

describe('loadConfig: a valid file', () => {
  it('fills every default and reads the key from a file next to the configuration', () => {
    const dir = tempDir({ 'config.yaml': MINIMAL_YAML, key: `${TEST_KEY}\n` });
    const config = loadConfig(join(dir, 'config.yaml'), {});
    expect(config.source).toBe(join(dir, 'config.yaml'));
    expect(config.agentx).toEqual({ socket: '/var/agentx/master', oidRoot: DEFAULT_ROOT, priority: 127, timeoutSeconds: 0, pingIntervalSeconds: 5, shutdownTimeoutSeconds: 5 });
    expect(config.log).toEqual({ level: 'info', format: 'auto' });
    expect(config.instances).toEqual([
      {
        name: 'main',
        url: 'https://misp.example.org',
        apiKey: TEST_KEY,
        keySource: `key file ${join(dir, 'key')}`,
        tlsVerify: true,
        intervals: DEFAULT_INTERVALS,
        serverTestSeconds: 0,
        timeouts: DEFAULT_TIMEOUTS,
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      },
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('takes every field as written', () => {
    const dir = tempDir({
      'config.yaml': `agentx:
  socket: tcp:127.0.0.1:705
  oidRoot: 1.3.6.1.4.1.99999.7
  priority: 50
  timeoutSeconds: 3
  pingIntervalSeconds: 30
  shutdownTimeoutSeconds: 10
log: { level: debug, format: json }
instances:
  - name: a
    url: https://misp.example.org/misp
    keyFile: key
    caFile: ca.pem
    intervals: { probe: 30, version: 0, workers: 120, statistics: 900, diagnostics: 3600, jobs: 600, servers: 900, feeds: 1800 }
    timeouts: { connectMs: 1000, headersMs: 2000, bodyMs: 3000 }
    maxBodyBytes: 2048
`,
      key: TEST_KEY,
      'ca.pem': '-----BEGIN CERTIFICATE-----\n',
    });
    const config = loadConfig(join(dir, 'config.yaml'), {});
    expect(config.agentx).toEqual({ socket: 'tcp:127.0.0.1:705', oidRoot: [1, 3, 6, 1, 4, 1, 99999, 7], priority: 50, timeoutSeconds: 3, pingIntervalSeconds: 30, shutdownTimeoutSeconds: 10 });
    expect(config.log).toEqual({ level: 'debug', format: 'json' });
    const [instance] = config.instances;
    expect(instance?.url).toBe('https://misp.example.org/misp');
    expect(instance?.caFile).toBe(join(dir, 'ca.pem'));
    expect(instance?.intervals).toEqual({ probe: 30, version: 0, workers: 120, statistics: 900, diagnostics: 3600, jobs: 600, servers: 900, feeds: 1800, authFailures: 0 });
    expect(instance?.timeouts).toEqual({ connectMs: 1000, headersMs: 2000, bodyMs: 3000 });
    expect(instance?.maxBodyBytes).toBe(2048);
  });

  it('shares settings between instances through YAML anchors and merge keys', () => {
    const dir = tempDir({
      'config.yaml': `x-common: &common
  keyFile: key
  intervals: { statistics: 1800 }
instances:
  - { <<: *common, name: a, url: https://a.example.org }
  - { <<: *common, name: b, url: https://b.example.org }
`,
      key: TEST_KEY,
    });
    const config = loadConfig(join(dir, 'config.yaml'), {});
    expect(config.instances.map((instance) => [instance.name, instance.intervals.statistics, instance.apiKey])).toEqual([
      ['a', 1800, TEST_KEY],
      ['b', 1800, TEST_KEY],
    ]);
  });

  it('warns, without failing, about TLS verification off and plain HTTP to another host', () => {
    const dir = tempDir({
      'config.yaml': `instances:
  - { name: a, url: "http://misp.example.org", keyFile: key, tlsVerify: false }
  - { name: b, url: "http://127.0.0.1:8080", keyFile: key }
`,
      key: TEST_KEY,
    });
    const { warnings } = loadConfig(join(dir, 'config.yaml'), {});
    expect(warnings).toEqual([
      "instance a: tlsVerify is false; the MISP server's certificate is not checked",
      'instance a: http://misp.example.org is plain HTTP; the API key crosses the network in clear text',
    ]);
  });

  it('leaves intervals.authFailures off by default and polls it when set (the group is opt-in)', () => {
    const dir = tempDir({
      'config.yaml': `instances:
  - { name: a, url: "https://misp.example.org", keyFile: key }
  - { name: b, url: "https://misp.example.org", keyFile: key, intervals: { authFailures: 60 } }
`,
      key: TEST_KEY,
    });
    const config = loadConfig(join(dir, 'config.yaml'), {});
    expect(config.instances.map((instance) => instance.intervals.authFailures)).toEqual([0, 60]);
    expect(config.warnings).toEqual([]);
  });

  it('reads the sync server connection test interval: off by default, hourly to daily, and warns when the servers poll that runs it is off', () => {
    const dir = tempDir({
      'config.yaml': `instances:
  - { name: a, url: "https://misp.example.org", keyFile: key, intervals: { serverConnectionTest: 3600 } }
  - { name: b, url: "https://misp.example.org", keyFile: key, intervals: { serverConnectionTest: 86400, servers: 0 } }
  - { name: c, url: "https://misp.example.org", keyFile: key }
`,
      key: TEST_KEY,
    });
    const config = loadConfig(join(dir, 'config.yaml'), {});
    expect(config.instances.map((instance) => instance.serverTestSeconds)).toEqual([3600, 86400, 0]);
    expect(config.instances[0]?.intervals).toEqual(DEFAULT_INTERVALS);
    expect(config.warnings).toEqual([
      'instances[1].intervals.serverConnectionTest: the test runs from the servers poll, which is off (intervals.servers: 0); nothing is tested',
    ]);
  });

  it('leaves keys unread when asked (mib, oids)', () => {
    const dir = tempDir({ 'config.yaml': MINIMAL_YAML });
    const config = loadConfig(join(dir, 'config.yaml'), {}, { readKeys: false });
    expect(config.instances[0]?.apiKey).toBe('');
  });
});
