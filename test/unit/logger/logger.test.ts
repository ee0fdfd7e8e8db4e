import { describe, expect, it } from 'vitest';
import type { LogFormat } from '../../../src/config/types.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { SecretScrubber } from '../../../src/common/secrets.js';

const KEY = 'LoggerKey0123456789abcdefghijABCDEFGHIJ0';
const OTHER_KEY = 'OtherKey99999999999999999999999999999999';

function capture(format: LogFormat = 'json', keys: string[] = [KEY]) {
  const lines: string[] = [];
  const scrubber = new SecretScrubber();
  scrubber.add(keys);
  const logger = createLogger({ level: 'trace', format, scrubber, destination: { write: (line) => lines.push(line) }, isTty: false });
  return { logger, lines, scrubber };
}

describe('logger', () => {
  it('writes one JSON object a line, with level, time, message and fields', () => {
    const { logger, lines } = capture();
    logger.info({ instance: 'main' }, 'poll done');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 30, name: 'misp-agentx', instance: 'main', msg: 'poll done', time: expect.any(Number) });
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture();
    logger.level = 'warn';
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });

  it('redacts key fields and Authorization headers by name', () => {
    const { logger, lines } = capture('json', []);
    logger.info({ apiKey: 'x-secret-1', instance: { apiKey: 'x-secret-2' }, request: { headers: { authorization: 'x-secret-3' } } }, 'fields');
    const line = JSON.parse(lines[0] as string);
    expect(line.apiKey).toBe('[REDACTED]');
    expect(line.instance.apiKey).toBe('[REDACTED]');
    expect(line.request.headers.authorization).toBe('[REDACTED]');
  });

  it('never lets a known key through, wherever it was logged by mistake', () => {
    const { logger, lines } = capture();
    const error = new Error(`request failed with Authorization: ${KEY}`);
    logger.error(`bad key ${KEY}`);
    logger.error({ err: error }, 'poll failed');
    logger.warn({ deep: { a: { b: { c: { d: [`x${KEY}y`] } } } } }, 'nested');
    logger.info({ url: `https://misp.example.org/?key=${KEY}` }, 'url');
    logger.child({ token: KEY }).info('child binding');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain(KEY);
    expect(lines.join('\n')).toContain('[REDACTED]');
    expect(JSON.parse(lines[1] as string).err.stack).toContain('request failed with Authorization: [REDACTED]');
  });

  it('hides keys added after the logger was made (configuration reload)', () => {
    const { logger, lines, scrubber } = capture();
    scrubber.add([OTHER_KEY]);
    logger.info(`${KEY} ${OTHER_KEY}`);
    expect(JSON.parse(lines[0] as string).msg).toBe('[REDACTED] [REDACTED]');
  });

  it('writes readable lines in pretty format, scrubbed as well', () => {
    const { logger, lines } = capture('pretty');
    logger.info({ instance: 'main' }, `started with ${KEY}`);
    expect(lines[0]).toMatch(/INFO.*started with \[REDACTED\]/);
    expect(lines[0]).toContain('instance: "main"');
    expect(lines[0]).not.toContain(KEY);
  });

  it('chooses pretty for a terminal and JSON otherwise in auto format', () => {
    const scrubber = new SecretScrubber();
    const lines: string[] = [];
    const destination = { write: (line: string) => lines.push(line) };
    createLogger({ level: 'info', format: 'auto', scrubber, destination, isTty: true }).info('tty');
    createLogger({ level: 'info', format: 'auto', scrubber, destination, isTty: false }).info('pipe');
    expect(lines[0]).not.toMatch(/^\{/);
    expect(JSON.parse(lines[1] as string).msg).toBe('pipe');
  });
});
