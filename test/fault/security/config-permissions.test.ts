import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

const CONFIG = 'instances:\n  - name: main\n    url: https://misp.example.org\n    keyFile: key\n';

function load(configMode: number, keyMode = 0o600) {
  const dir = tempDir({ 'config.yaml': { content: CONFIG, mode: configMode }, key: { content: TEST_KEY, mode: keyMode } });
  return { dir, run: () => loadConfig(join(dir, 'config.yaml'), {}) };
}

describe('who may change the configuration, and read the key', () => {
  it('refuses a configuration file every user may write: they could send the key to their own server', () => {
    for (const mode of [0o666, 0o602, 0o646]) {
      const { dir, run } = load(mode);
      const path = join(dir, 'config.yaml');
      const mode4 = mode.toString(8).padStart(4, '0');
      expect(issuesOf(run)).toEqual([`${path}: has mode ${mode4}: every user on this host may change it (and send the API key elsewhere); run chmod o-w ${path}`]);
    }
  });

  it('accepts the owner and its group writing it, anyone reading it (it holds no secret)', () => {
    for (const mode of [0o600, 0o640, 0o644, 0o660, 0o664]) expect(load(mode).run().instances[0]?.apiKey).toBe(TEST_KEY);
  });

  it('accepts only key files nobody else may read, and never shows the key when refusing', () => {
    for (const mode of [0o600, 0o400]) expect(load(0o644, mode).run().instances[0]?.apiKey).toBe(TEST_KEY);
    for (const mode of [0o640, 0o604, 0o644, 0o660]) {
      const issues = issuesOf(load(0o644, mode).run);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toContain(`has mode 0${mode.toString(8)}: group or other users can read the MISP API key`);
      expect(issues.join('\n')).not.toContain(TEST_KEY.slice(0, 10));
    }
  });
});
