import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/config-fixture.js';

const DIST = join(import.meta.dirname, '../../../dist/daemon');

/** The built logger in its own process, stdout to a file; $JOURNAL_STREAM as given; returns what it wrote. */
function logToFile(journalStream: (file: { dev: number; ino: number }) => string): string {
  const path = join(tempDir(), 'stdout');
  const fd = openSync(path, 'w');
  const stats = fstatSync(fd);
  const script = [
    `import { createLogger } from '${join(DIST, 'logger.js')}';`,
    `import { SecretScrubber } from '${join(DIST, '../common/secrets.js')}';`,
    `const logger = createLogger({ level: 'debug', format: 'json', scrubber: new SecretScrubber() });`,
    `logger.error('e'); logger.warn('w'); logger.info('i'); logger.debug('d');`,
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', fd, 'pipe'], env: { JOURNAL_STREAM: journalStream(stats) }, encoding: 'utf8' });
  closeSync(fd);
  expect(result.stderr).toBe('');
  return readFileSync(path, 'utf8');
}

describe('log lines for journald', () => {
  it('carry a syslog priority prefix when stdout is the stream named by $JOURNAL_STREAM, and stay JSON', () => {
    const lines = logToFile((file) => `${file.dev}:${file.ino}`).trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, 3))).toEqual(['<3>', '<4>', '<6>', '<7>']);
    expect(lines.map((line) => (JSON.parse(line.slice(3)) as { msg: string }).msg)).toEqual(['e', 'w', 'i', 'd']);
  });

  it('are plain JSON when $JOURNAL_STREAM names another stream (inherited by a redirected child)', () => {
    const output = logToFile((file) => `${file.dev}:${file.ino + 1}`);
    expect(output.split('\n')[0]).toMatch(/^\{"level":50,/);
  });
});
