import { destination as pinoDestination, pino, type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { LogFormat, LogLevel } from '../config/types.js';
import type { SecretScrubber } from './secret-scrubber.js';

export type { Logger } from 'pino';

/** Fields that hold a key or an Authorization header wherever they are logged, one or two levels deep. */
const REDACTED_PATHS = ['apiKey', 'key', 'authorization', 'Authorization', 'headers.authorization', 'headers.Authorization', 'headers["x-misp-auth"]']
  .flatMap((path) => [path, `*.${path}`, `*.*.${path}`]);

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly scrubber: SecretScrubber;
  /** Where lines go; stdout (synchronously, so nothing is lost at exit) unless a test captures them. */
  readonly destination?: { write(line: string): unknown };
  /** Whether the output is a terminal; decides the "auto" format. */
  readonly isTty?: boolean;
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
  const stream: DestinationStream = { write: (line: string) => void destination.write(render(options.scrubber.scrub(line))) };
  return pino(
    {
      name: 'misp-agentx',
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      base: { pid: process.pid },
    },
    stream,
  );
}
