import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { nmsFiles } from '../../../src/nms/generated-files.js';

const packageRoot = new URL('../../../', import.meta.url);

describe('shipped NMS files', () => {
  it.each(nmsFiles(DEFAULT_ROOT).map((f) => [f.path, f.content] as const))('%s is what the generator writes (run npm run nms:generate)', (path, content) => {
    expect(readFileSync(new URL(path, packageRoot), 'utf8')).toBe(content);
  });
});
