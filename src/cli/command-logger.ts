import type { Logger } from 'pino';
import type { CommandContext } from './command.js';
import { createLogger } from '../daemon/logger.js';
import { SecretScrubber } from '../common/secrets.js';

/**
 * The collectors' logger for one-off commands (check, doctor): their findings are printed as a
 * report, so logs stay off unless --verbose asks for them on stderr (keys scrubbed as in the daemon).
 */
export function commandLogger(verbose: boolean, keys: readonly string[], context: CommandContext): Logger {
  const scrubber = new SecretScrubber();
  scrubber.add(keys);
  const isTty = (context.stderr as { isTTY?: boolean }).isTTY === true;
  return createLogger({ level: verbose ? 'debug' : 'silent', format: 'auto', scrubber, destination: { write: (line) => context.stderr.write(line) }, isTty });
}
