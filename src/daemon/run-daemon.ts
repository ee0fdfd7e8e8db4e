import { ConfigError, formatIssue } from '../config/issues.js';
import type { DaemonConfig } from '../config/types.js';
import { Daemon } from './daemon.js';
import { createLogger } from './logger.js';
import { ReloadQueue } from './reload-queue.js';
import { SecretScrubber } from '../common/secrets.js';

export interface RunDaemonOptions {
  readonly config: DaemonConfig;
  /** Reads and validates the configuration again (SIGHUP); throws ConfigError when it is wrong. */
  readonly reloadConfig: () => DaemonConfig;
  readonly version: string;
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs the daemon until SIGTERM or SIGINT, reloading on SIGHUP. Resolves with the exit code once
 * the AgentX session is closed; a second stop signal exits at once.
 */
export async function runDaemon(options: RunDaemonOptions): Promise<number> {
  const scrubber = new SecretScrubber();
  scrubber.add(options.config.instances.map((instance) => instance.apiKey));
  const logger = createLogger({ level: options.config.log.level, format: options.config.log.format, scrubber });
  const daemon = new Daemon(options.config, { version: options.version, logger, scrubber });

  const reloads = new ReloadQueue(async () => {
    logger.info('SIGHUP: reloading the configuration');
    try {
      await daemon.reload(options.reloadConfig());
    } catch (error) {
      const issues = error instanceof ConfigError ? error.issues.map(formatIssue) : undefined;
      logger.error(issues ? { issues } : { err: error }, 'configuration reload refused; still serving the previous configuration');
    }
  });
  const onHangup = (): void => reloads.request();
  process.on('SIGHUP', onHangup);

  await daemon.start();
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of STOP_SIGNALS) process.once(name, () => resolve(name));
  });
  process.off('SIGHUP', onHangup);
  for (const name of STOP_SIGNALS) {
    process.once(name, () => {
      logger.warn({ signal: name }, 'second stop signal; exiting now');
      process.exit(1);
    });
  }
  logger.info({ signal }, 'stopping');
  await reloads.idle();
  await daemon.stop();
  return 0;
}
