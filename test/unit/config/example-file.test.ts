import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { TEST_KEY, tempDir } from '../../helpers/config-fixture.js';

const EXAMPLE = join(import.meta.dirname, '../../../config/misp-agentx.example.yaml');

describe('config/misp-agentx.example.yaml', () => {
  it('loads, and every value it shows is the default the code applies', () => {
    const credentials = tempDir({ 'misp-api-key': { content: TEST_KEY, mode: 0o400 } });
    const env = { CREDENTIALS_DIRECTORY: credentials };
    const example = loadConfig(EXAMPLE, env);
    const minimal = tempDir({ 'config.yaml': 'instances: [{ name: misp, url: "https://misp.example.org", keyCredential: misp-api-key }]\n' });
    const defaults = loadConfig(join(minimal, 'config.yaml'), env);
    expect(example.agentx).toEqual(defaults.agentx);
    expect(example.log).toEqual(defaults.log);
    expect(example.notifications).toEqual(defaults.notifications);
    expect(example.instances).toEqual(defaults.instances);
    expect(example.warnings).toEqual([]);
  });
});
