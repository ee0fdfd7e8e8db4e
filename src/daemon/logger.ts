import { destination as pinoDestination, pino, type DestinationStream, type Logger } from 'pino';
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LogFormat, LogLevel } from '../config/types.js';
import { LOG_CENSOR, SECRET_LOG_FIELDS, type SecretScrubber } from '../common/secrets.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly scrubber: SecretScrubber;
  /** Where lines go; stdout (synchronously, so nothing is lost at exit) unless a test captures them. */
  readonly destination?: { write(line: string): unknown };
  /** Whether the output is a terminal; decides the "auto" format. */
  readonly isTty?: boolean;
  /** Whether the output is journald's stream; by default, whether stdout is (and no destination was given). */
  readonly journal?: boolean;
}

/** syslog priorities for pino's levels: fatal crit, error err, warn warning, info info, debug and trace debug. */
const JOURNAL_PRIORITIES: Readonly<Record<string, number>> = { 60: 2, 50: 3, 40: 4, 30: 6, 20: 7, 10: 7 };
/** pino writes the level first in each JSON line. */
const LEVEL_FIELD = /^\{"level":(\d+)/;

/**
 * Whether stdout is connected to journald: systemd sets $JOURNAL_STREAM to that stream's
 * "device:inode", which must match stdout's own (a child with redirected output inherits the variable).
 */
export function stdoutIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  const [device, inode] = (env['JOURNAL_STREAM'] ?? '').split(':');
  if (device === undefined || device === '' || inode === undefined || inode === '') return false;
  try {
    const stats = fstatSync(1, { bigint: true });
    return String(stats.dev) === device && String(stats.ino) === inode;
  } catch {
    return false;
  }
}

/**
 * pino logging JSON lines to stdout for journald, or readable lines in a terminal. Known key
 * fields are redacted by path; then every serialized line goes through the scrubber, so a key
 * logged by mistake anywhere never reaches the output.
 */
/**
 * pino-pretty (and what it pulls in, several MiB) only for a terminal: under systemd the daemon
 * writes JSON and never loads it.
 */
function loadPrettyFactory(): typeof import('pino-pretty').prettyFactory {
  return (createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty')).prettyFactory;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pinoDestination({ dest: 1, sync: true });
  const isTty = options.isTty ?? process.stdout.isTTY === true;
  const pretty = options.format === 'pretty' || (options.format === 'auto' && isTty);
  const render = pretty ? loadPrettyFactory()({ colorize: isTty, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' }) : (line: string) => line;
  // journald takes a leading "<N>" as the line's priority (sd-daemon(3)), so journalctl -p warning works; the rest stays JSON.
  const journal = options.journal ?? (options.destination === undefined && stdoutIsJournal());
  const priority = (line: string) => (journal ? `<${JOURNAL_PRIORITIES[LEVEL_FIELD.exec(line)?.[1] ?? ''] ?? 6}>` : '');
  const stream: DestinationStream = { write: (line: string) => void destination.write(priority(line) + render(options.scrubber.scrub(line))) };
  return pino(
    {
      name: 'misp-agentx',
      level: options.level,
      redact: { paths: SECRET_LOG_FIELDS, censor: LOG_CENSOR },
      base: { pid: process.pid },
    },
    stream,
  );
}
