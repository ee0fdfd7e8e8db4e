import { existsSync } from 'node:fs';
import { ConfigError } from '../config/issues.js';
import { DEFAULT_CONFIG_PATH, type LoadOptions, loadConfig } from '../config/load-config.js';
import type { DaemonConfig } from '../config/types.js';
import type { CommandContext, OptionValues } from './command.js';

/**
 * The file a command reads: --config, else $MISP_AGENTX_CONFIG, else the default path; null
 * (environment only) when the default file is absent and $MISP_AGENTX_URL defines the instance.
 */
export function chooseConfigPath(values: OptionValues, env: NodeJS.ProcessEnv): string | null {
  if (typeof values['config'] === 'string') return values['config'];
  const fromEnv = env['MISP_AGENTX_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!existsSync(DEFAULT_CONFIG_PATH) && env['MISP_AGENTX_URL'] !== undefined) return null;
  return DEFAULT_CONFIG_PATH;
}

/** Whether a configuration was asked for or is installed (mib and oids fall back to the default root without one). */
export function configIsPresent(values: OptionValues, env: NodeJS.ProcessEnv): boolean {
  const path = chooseConfigPath(values, env);
  return path !== DEFAULT_CONFIG_PATH || existsSync(DEFAULT_CONFIG_PATH);
}

/** A loader for the command's configuration that prints problems to stderr and returns null on error. */
export function configLoader(values: OptionValues, context: CommandContext, options: LoadOptions = {}): () => DaemonConfig | null {
  const path = chooseConfigPath(values, context.env);
  return () => {
    try {
      return loadConfig(path, context.env, options);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      context.stderr.write(`misp-agentx: ${error.message}\n`);
      return null;
    }
  };
}

export function printWarnings(config: DaemonConfig, context: CommandContext): void {
  for (const warning of config.warnings) context.stderr.write(`warning: ${warning}\n`);
}
