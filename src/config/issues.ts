import { redactSecrets } from '../common/secrets.js';

/** A path into the configuration document, e.g. ['instances', 0, 'url']. */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong with the configuration, ready to print. */
export interface ConfigIssue {
  /** "instances[0].url", or '' for the document itself. */
  readonly path: string;
  /** Where it was read: "config.yaml:12:3" or "$MISP_AGENTX_URL"; '' when unknown. */
  readonly where: string;
  readonly message: string;
}

export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

export function formatIssue(issue: ConfigIssue): string {
  const prefix = [issue.where, issue.path].filter((part) => part !== '').join(': ');
  return prefix === '' ? issue.message : `${prefix}: ${issue.message}`;
}

/** Thrown by loadConfig with every problem found, so an admin fixes them all in one round. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`invalid configuration (${source}):\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MAX_SHOWN = 80;

/** A value as an error message shows it: short, typed, and never a key. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = redactSecrets(value);
    return JSON.stringify(shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}...` : shown);
  }
  return String(value);
}
