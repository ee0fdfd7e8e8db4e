import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { MINIMAL_YAML, TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

const PASSWORD = 'SupervisorSecret42';
const withWorkers = (workers: string): string => `${MINIMAL_YAML}    workers:\n${workers}`;

describe('an instance\'s workers section', () => {
  it('reads expected counts and the supervisord XML-RPC with its password from a file', () => {
    const yaml = withWorkers('      expected: { default: 5, update: 1 }\n      supervisor:\n        url: http://127.0.0.1:9001/\n        username: supervisor\n        passwordFile: sup-pw\n');
    const dir = tempDir({ 'config.yaml': yaml, key: `${TEST_KEY}\n`, 'sup-pw': `${PASSWORD}\n` });
    const [instance] = loadConfig(join(dir, 'config.yaml'), {}).instances;
    expect(instance?.workers).toEqual({ expected: { default: 5, update: 1 }, supervisor: { url: 'http://127.0.0.1:9001', username: 'supervisor', password: PASSWORD } });
  });

  it('is absent by default', () => {
    const dir = tempDir({ 'config.yaml': MINIMAL_YAML, key: `${TEST_KEY}\n` });
    expect(loadConfig(join(dir, 'config.yaml'), {}).instances[0]?.workers).toBeUndefined();
  });

  it('names each mistake, and never shows the password', () => {
    const yaml = withWorkers('      expected: { default: -1, defualt: 2 }\n      supervisor:\n        url: https://127.0.0.1:9001\n        password: inline\n        passwordFile: sup-pw\n');
    const dir = tempDir({ 'config.yaml': yaml, key: `${TEST_KEY}\n`, 'sup-pw': { content: PASSWORD, mode: 0o644 } });
    const issues = issuesOf(() => loadConfig(join(dir, 'config.yaml'), {}));
    expect(issues.join('\n')).toMatch(/workers\.expected\.default: got -1/);
    expect(issues.join('\n')).toMatch(/workers\.expected\.defualt: unknown key; did you mean "default"\?/);
    expect(issues.join('\n')).toMatch(/workers\.supervisor\.url: got "https:\/\/127\.0\.0\.1:9001", expected http:\/\/host:port/);
    expect(issues.join('\n')).toMatch(/workers\.supervisor\.password: the supervisord password is never written in the configuration/);
    expect(issues.join('\n')).toMatch(/sup-pw can be read by group or other users/);
    expect(issues.join('\n')).not.toContain(PASSWORD);
    expect(issues).toHaveLength(5);
  });
});
