import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/issues.js';
import { parseYamlSource } from '../../../src/config/yaml-source.js';

const cachedFiles = (): string[] => Object.keys(createRequire(import.meta.url).cache);

describe('parseYamlSource', () => {
  it('parses, locates keys, and leaves require\'s cache as it found it (yaml is not kept loaded)', () => {
    const before = cachedFiles();
    const source = parseYamlSource('agentx:\n  socket: /var/agentx/master\ninstances:\n  - name: a\n', 'config.yaml');
    expect(source.value).toEqual({ agentx: { socket: '/var/agentx/master' }, instances: [{ name: 'a' }] });
    expect(source.locate(['instances', 0, 'name'])).toBe('config.yaml:4:5');
    expect(source.locate(['agentx', 'missing'])).toBe('config.yaml:1:1');
    expect(cachedFiles()).toEqual(before);
    expect(cachedFiles().some((file) => /[\\/]node_modules[\\/]yaml[\\/]/.test(file))).toBe(false);
  });

  it('still parses after the package was dropped, and a syntax error names line and column', () => {
    expect(parseYamlSource('a: 1\n', 'x.yaml').value).toEqual({ a: 1 });
    expect(() => parseYamlSource('a: [1, 2\n', 'x.yaml')).toThrow(ConfigError);
    expect(() => parseYamlSource('a: [1, 2\n', 'x.yaml')).toThrow(/x\.yaml:\d+:\d+/);
  });
});
