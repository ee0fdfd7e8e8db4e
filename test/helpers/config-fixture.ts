import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/issues.js';

/** A key of the right shape that must never show up in any output. */
export const TEST_KEY = 'TestKey0123456789abcdefghijABCDEFGHIJ987';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder with files written in it (mode 0600 unless given), removed after the test. */
export function tempDir(files: Record<string, string | { content: string; mode: number }> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-config-'));
  dirs.push(dir);
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o600 } : file;
    writeFileSync(join(dir, name), content);
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

/** The issues `run` throws, as printed; fails the test when it does not throw a ConfigError. */
export function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

export const MINIMAL_YAML = `instances:
  - name: main
    url: https://misp.example.org/
    keyFile: key
`;
