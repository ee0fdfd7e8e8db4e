import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readDaemonConfig } from './daemon-config.js';
import { applyEnvOverrides } from './env-overrides.js';
import { type ConfigIssue, type ConfigPath, ConfigError, formatPath } from './issues.js';
import { type ReadContext, isMapping } from './reader.js';
import type { ConfigDefaults, DaemonConfig } from './types.js';
import { type YamlSource, parseYamlSource } from './yaml-source.js';
import { DEFAULT_ROOT } from '../mib/index.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../domain/instance-config.js';
import { DEFAULT_INTERVALS } from '../endpoints/index.js';

export const DEFAULT_CONFIG_PATH = '/etc/misp-agentx/config.yaml';
const MAX_CONFIG_BYTES = 1024 * 1024;
const OTHERS_WRITE = 0o002;
const ENVIRONMENT_ONLY = 'environment';

export interface LoadOptions {
  /** PRODUCTION_DEFAULTS unless a test wants others. */
  readonly defaults?: ConfigDefaults;
  /** false when the command never talks to MISP (mib, oids): keys are not read and apiKey is ''. */
  readonly readKeys?: boolean;
}

function readConfigFile(path: string): YamlSource {
  const fail = (message: string): never => {
    throw new ConfigError(path, [{ path: '', where: path, message }]);
  };
  try {
    const stat = statSync(path);
    if (!stat.isFile()) fail('is not a regular file; expected a YAML configuration file');
    if (stat.size > MAX_CONFIG_BYTES) fail(`is ${stat.size} bytes; expected a configuration file under ${MAX_CONFIG_BYTES} bytes`);
    if ((stat.mode & OTHERS_WRITE) !== 0) {
      // Whoever may write it may send the API key to a server of their choosing (url, keyFile).
      fail(`has mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}: every user on this host may change it (and send the API key elsewhere); run chmod o-w ${path}`);
    }
    return parseYamlSource(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'configuration file does not exist' : code === 'EACCES' ? 'permission denied reading the configuration file' : `cannot be read: ${code ?? String(error)}`);
  }
}

/**
 * Reads the configuration file (or none: `path` null uses the environment only), applies the
 * environment overrides, validates everything and reads each instance's API key.
 * Throws ConfigError listing every problem; no message ever contains a key.
 */
export function loadConfig(path: string | null, env: NodeJS.ProcessEnv, options: LoadOptions = {}): DaemonConfig {
  const file = path === null ? null : readConfigFile(resolve(path));
  const source = path === null ? ENVIRONMENT_ONLY : resolve(path);
  const fileValue = file?.value ?? {};
  if (!isMapping(fileValue)) {
    throw new ConfigError(source, [{ path: '', where: source, message: 'expected a mapping at the top level (agentx:, log:, instances:)' }]);
  }
  const overridden = applyEnvOverrides(fileValue, env);
  const issues: ConfigIssue[] = [...overridden.issues];
  const ctx: ReadContext = {
    issues,
    warnings: [],
    where: (at: ConfigPath) => overridden.origins.get(formatPath(at)) ?? file?.locate(at) ?? source,
  };
  const baseDir = path === null ? process.cwd() : dirname(resolve(path));
  const config = readDaemonConfig(ctx, overridden.document, source, { defaults: options.defaults ?? PRODUCTION_DEFAULTS, env, baseDir, readKeys: options.readKeys ?? true });
  if (issues.length > 0) throw new ConfigError(source, issues);
  return config;
}

/** The defaults the daemon runs with: the collectors' poll settings and the MIB's root. */
export const PRODUCTION_DEFAULTS: ConfigDefaults = {
  oidRoot: DEFAULT_ROOT,
  intervals: DEFAULT_INTERVALS,
  timeouts: DEFAULT_TIMEOUTS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};
