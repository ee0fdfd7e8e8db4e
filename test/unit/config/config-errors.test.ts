import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

/** Loads `yaml` (plus a valid key file) and returns the printed issues, with the temp folder shown as DIR. */
function problems(yaml: string, files: Record<string, string | { content: string; mode: number }> = {}): string[] {
  const dir = tempDir({ 'config.yaml': yaml, key: TEST_KEY, ...files });
  return issuesOf(() => loadConfig(join(dir, 'config.yaml'), {})).map((line) => line.replaceAll(dir, 'DIR'));
}

const instance = (extra: string): string => `instances:\n  - name: main\n    url: https://misp.example.org\n    keyFile: key\n${extra}`;

describe('loadConfig: each kind of error names the place, the value and what was expected', () => {
  it('YAML syntax error, with line and column', () => {
    expect(problems('instances:\n  - name: [main\n')).toEqual([expect.stringMatching(/^DIR\/config\.yaml:3:1: YAML syntax error: /)]);
  });

  it('a file that does not exist, or is not a file', () => {
    expect(issuesOf(() => loadConfig('/nonexistent/misp-agentx.yaml', {}))).toEqual(['/nonexistent/misp-agentx.yaml: configuration file does not exist']);
    const dir = tempDir();
    expect(issuesOf(() => loadConfig(dir, {}))).toEqual([`${dir}: is not a regular file; expected a YAML configuration file`]);
  });

  it('top level that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual(['DIR/config.yaml: expected a mapping at the top level (agentx:, log:, instances:)']);
  });

  it('wrong type', () => {
    expect(problems(`agentx:\n  pingIntervalSeconds: fast\n${instance('')}`)).toEqual([
      'DIR/config.yaml:2:3: agentx.pingIntervalSeconds: got "fast", expected an integer from 0 to 3600 seconds (0 = no ping)',
    ]);
    expect(problems(instance('    tlsVerify: "no"\n'))).toEqual(['DIR/config.yaml:5:5: instances[0].tlsVerify: got "no", expected true or false']);
    expect(problems('agentx: 5\ninstances: {}\n')).toEqual([
      'DIR/config.yaml:1:1: agentx: got 5, expected a mapping of "key: value" lines',
      'DIR/config.yaml:2:1: instances: got a mapping, expected a list ("- " items)',
      'DIR/config.yaml:2:1: instances: no MISP instance configured; expected a list with at least one instance (name, url, key source)',
    ]);
  });

  it('out of range', () => {
    expect(problems(instance('    intervals: { statistics: 2 }\n    timeouts: { bodyMs: 10 }\n'))).toEqual([
      'DIR/config.yaml:5:18: instances[0].intervals.statistics: got 2, expected 0 (off) or whole seconds from 5 to 86400',
      'DIR/config.yaml:6:17: instances[0].timeouts.bodyMs: got 10, expected an integer from 100 to 300000 milliseconds',
    ]);
    // Each test makes MISP connect out to the sync server: hourly at most.
    expect(problems(instance('    intervals: { serverConnectionTest: 600 }\n'))).toEqual([
      'DIR/config.yaml:5:18: instances[0].intervals.serverConnectionTest: got 600, expected 0 (off) or whole seconds from 3600 to 86400',
    ]);
    expect(problems(`log: { level: verbose }\n${instance('')}`)).toEqual([
      'DIR/config.yaml:1:8: log.level: got "verbose", expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('unknown key, with the nearest valid key suggested or the valid keys listed', () => {
    expect(problems(`agentx:\n  pingInterval: 10\n${instance('    intervls: {}\n    intervals: { worker: 60 }\n    colour: red\n')}`)).toEqual([
      'DIR/config.yaml:2:3: agentx.pingInterval: unknown key; did you mean "pingIntervalSeconds"?',
      'DIR/config.yaml:8:18: instances[0].intervals.worker: unknown key; did you mean "workers"?',
      'DIR/config.yaml:7:5: instances[0].intervls: unknown key; did you mean "intervals"?',
      'DIR/config.yaml:9:5: instances[0].colour: unknown key; expected one of: name, url, keyFile, keyCredential, keyEnv, allowOpenKeyFile, caFile, tlsVerify, intervals, timeouts, maxBodyBytes, workers',
    ]);
  });

  it('missing required fields, and no or several key sources', () => {
    expect(problems('instances:\n  - keyFile: key\n    keyEnv: K\n')).toEqual([
      'DIR/config.yaml:2:5: instances[0].name: missing; expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      'DIR/config.yaml:2:5: instances[0].url: missing; expected an http:// or https:// base URL without user:password@, query or fragment, e.g. https://misp.example.org',
      'DIR/config.yaml:2:5: instances[0]: more than one API key source; expected exactly one of keyFile, keyCredential, keyEnv',
    ]);
    expect(problems('instances:\n  - { name: a, url: "https://x.example" }\n')).toEqual([
      'DIR/config.yaml:2:5: instances[0]: no API key source; expected exactly one of keyFile, keyCredential, keyEnv',
    ]);
  });

  it('bad URL, never echoing a password in it', () => {
    const yaml = (url: string) => `instances:\n  - { name: a, url: "${url}", keyFile: key }\n`;
    expect(problems(yaml('ftp://misp.example.org'))).toEqual([expect.stringContaining('instances[0].url: got "ftp://misp.example.org", expected an http:// or https:// base URL')]);
    const [withPassword] = problems(yaml('https://admin:s3cret@misp.example.org'));
    expect(withPassword).toContain('got "https://<hidden>@misp.example.org"');
    expect(withPassword).not.toContain('s3cret');
  });

  it('bad OID root: not an OID, or outside the private arcs', () => {
    expect(problems(`agentx: { oidRoot: "1.3.6.x" }\n${instance('')}`)).toEqual([
      expect.stringMatching(/^DIR\/config\.yaml:1:11: agentx\.oidRoot: got "1\.3\.6\.x", expected a numeric OID below 1\.3\.6\.1\.4\.1/),
    ]);
    expect(problems(`agentx: { oidRoot: 1.3.6.1.2.1.1 }\n${instance('')}`)).toEqual([expect.stringContaining('agentx.oidRoot: got "1.3.6.1.2.1.1", expected')]);
  });

  it('bad AgentX socket', () => {
    expect(problems(`agentx: { priority: 0, timeoutSeconds: 300 }\n${instance('')}`)).toEqual([
      expect.stringContaining('agentx.priority: got 0, expected an integer from 1 to 255'),
      expect.stringContaining('agentx.timeoutSeconds: got 300, expected an integer from 0 to 255'),
    ]);
    expect(problems(`agentx: { socket: "tcp:localhost:99999" }\n${instance('')}`)).toEqual([
      expect.stringContaining('agentx.socket: got "tcp:localhost:99999", expected an AgentX socket'),
    ]);
    // The AgentX parser's own words say which part is wrong.
    expect(problems(`agentx: { socket: "tcp:localhost:99999" }\n${instance('')}`)[0]).toContain('port 99999 is outside 1..65535');
    expect(problems(`agentx: { socket: "unix:relative" }\n${instance('')}`)[0]).toContain('a unix socket needs an absolute path');
  });

  it('duplicate instance names', () => {
    expect(problems('instances:\n  - { name: a, url: "https://x.example", keyFile: key }\n  - { name: a, url: "https://y.example", keyFile: key }\n')).toEqual([
      'DIR/config.yaml:3:7: instances[1].name: "a" is already the name of instances[0]; expected a unique name',
    ]);
  });

  it('CA file that does not exist', () => {
    expect(problems(instance('    caFile: missing.pem\n'))).toEqual([
      'DIR/config.yaml:5:5: instances[0].caFile: DIR/missing.pem does not exist or cannot be read; expected a PEM file of CA certificates',
    ]);
  });

  it('reports every problem of a file in one go', () => {
    expect(problems('agentx: { socket: "unix:relative" }\nlog: { format: xml }\ninstances:\n  - { name: "a b", url: "https://x.example", keyFile: key }\n')).toHaveLength(3);
  });
});
