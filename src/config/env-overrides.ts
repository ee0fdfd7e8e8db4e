import { type ConfigIssue, type ConfigPath, formatPath } from './issues.js';
import { isMapping } from './reader.js';

type Kind = 'text' | 'integer' | 'boolean';

interface EnvSetting {
  readonly variable: string;
  readonly path: ConfigPath;
  readonly kind: Kind;
}

/** Common settings an environment variable overrides (documented in docs/configuration.md). */
export const ENV_OVERRIDES: readonly EnvSetting[] = [
  { variable: 'MISP_AGENTX_LOG_LEVEL', path: ['log', 'level'], kind: 'text' },
  { variable: 'MISP_AGENTX_LOG_FORMAT', path: ['log', 'format'], kind: 'text' },
  { variable: 'MISP_AGENTX_AGENTX_SOCKET', path: ['agentx', 'socket'], kind: 'text' },
  { variable: 'MISP_AGENTX_OID_ROOT', path: ['agentx', 'oidRoot'], kind: 'text' },
  { variable: 'MISP_AGENTX_PING_INTERVAL', path: ['agentx', 'pingIntervalSeconds'], kind: 'integer' },
];

/** The key is read from this variable when the single-instance shortcut is used with MISP_AGENTX_KEY. */
export const SHORTCUT_KEY_VARIABLE = 'MISP_AGENTX_KEY';
const SHORTCUT_URL_VARIABLE = 'MISP_AGENTX_URL';
const SHORTCUT_DEFAULT_NAME = 'misp';

/** Variables that, with MISP_AGENTX_URL, define one instance without any file (containers, quick tests). */
export const SHORTCUT_FIELDS: readonly EnvSetting[] = [
  { variable: SHORTCUT_URL_VARIABLE, path: ['url'], kind: 'text' },
  { variable: 'MISP_AGENTX_NAME', path: ['name'], kind: 'text' },
  { variable: 'MISP_AGENTX_KEY_FILE', path: ['keyFile'], kind: 'text' },
  { variable: 'MISP_AGENTX_KEY_CREDENTIAL', path: ['keyCredential'], kind: 'text' },
  { variable: 'MISP_AGENTX_CA_FILE', path: ['caFile'], kind: 'text' },
  { variable: 'MISP_AGENTX_TLS_VERIFY', path: ['tlsVerify'], kind: 'boolean' },
];

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

/** Env text as the YAML value it stands for; left as text when it does not fit, so validation names it. */
function coerce(text: string, kind: Kind): unknown {
  if (kind === 'integer' && /^-?\d+$/.test(text.trim())) return Number(text.trim());
  if (kind === 'boolean') return BOOLEAN_WORDS[text.trim().toLowerCase()] ?? text;
  return text;
}

function setAt(document: Record<string, unknown>, path: ConfigPath, value: unknown): void {
  let node: Record<string, unknown> = document;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    // A section that is not a mapping stays as written, so validation reports the file's mistake.
    if (next !== undefined && next !== null && !isMapping(next)) return;
    node = isMapping(next) ? next : (node[part] = {});
  }
  node[path[path.length - 1] as string] = value;
}

export interface EnvOverrideResult {
  readonly document: Record<string, unknown>;
  /** formatPath(path) -> the variable that set it, for error messages. */
  readonly origins: ReadonlyMap<string, string>;
  readonly issues: readonly ConfigIssue[];
}

function shortcutInstance(document: Record<string, unknown>, env: NodeJS.ProcessEnv, origins: Map<string, string>, issues: ConfigIssue[]): void {
  const present = SHORTCUT_FIELDS.filter((field) => env[field.variable] !== undefined);
  const keyInEnv = env[SHORTCUT_KEY_VARIABLE] !== undefined;
  if (present.length === 0 && !keyInEnv) return;
  const where = `$${present[0]?.variable ?? SHORTCUT_KEY_VARIABLE}`;
  if (env[SHORTCUT_URL_VARIABLE] === undefined) {
    issues.push({ path: '', where, message: `is set but $${SHORTCUT_URL_VARIABLE} is not; the single-instance shortcut starts with $${SHORTCUT_URL_VARIABLE}` });
    return;
  }
  if (Array.isArray(document['instances']) && document['instances'].length > 0) {
    issues.push({ path: 'instances', where: `$${SHORTCUT_URL_VARIABLE}`, message: `defines the only instance, but the file lists instances too; use one or the other` });
    return;
  }
  const instance: Record<string, unknown> = { name: SHORTCUT_DEFAULT_NAME };
  origins.set('instances[0]', `$${SHORTCUT_URL_VARIABLE}`);
  for (const field of present) {
    instance[field.path[0] as string] = coerce(env[field.variable] as string, field.kind);
    origins.set(formatPath(['instances', 0, ...field.path]), `$${field.variable}`);
  }
  if (keyInEnv) {
    instance['keyEnv'] = SHORTCUT_KEY_VARIABLE;
    origins.set('instances[0].keyEnv', `$${SHORTCUT_KEY_VARIABLE}`);
  }
  document['instances'] = [instance];
}

/** Applies the environment on top of the file's document (a copy); the environment wins. */
export function applyEnvOverrides(fileDocument: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): EnvOverrideResult {
  const document = structuredClone(fileDocument) as Record<string, unknown>;
  const origins = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const setting of ENV_OVERRIDES) {
    const text = env[setting.variable];
    if (text === undefined) continue;
    setAt(document, setting.path, coerce(text, setting.kind));
    origins.set(formatPath(setting.path), `$${setting.variable}`);
  }
  shortcutInstance(document, env, origins, issues);
  return { document, origins, issues };
}
