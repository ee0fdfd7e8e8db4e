import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../src/mib/generated-files.js';

const packageRoot = new URL('../../../', import.meta.url);

describe('generated files', () => {
  it.each(generatedFiles().map((f) => [f.path, f.content] as const))('%s is what the generator writes (run npm run mib:generate)', (path, content) => {
    expect(readFileSync(new URL(path, packageRoot), 'utf8')).toBe(content);
  });
});
