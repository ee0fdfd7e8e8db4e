import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where an instance's MISP API key comes from. The key itself is never part of the configuration file. */
export type KeySource =
  | { readonly kind: 'file'; readonly path: string }
  /** A systemd credential: the file `name` in $CREDENTIALS_DIRECTORY (LoadCredential=name:/path). */
  | { readonly kind: 'credential'; readonly name: string }
  | { readonly kind: 'env'; readonly variable: string };

export type KeyResult = { readonly key: string; readonly warnings: readonly string[] } | { readonly problem: string };

export interface KeyReadOptions {
  /** Accept a key file that group or others may read, with a warning instead of an error. */
  readonly allowOpenKeyFile: boolean;
}

const MISP_KEY = /^[A-Za-z0-9]{40}$/;
const MAX_KEY_FILE_BYTES = 4096;
const GROUP_OR_OTHER_READ = 0o044;

export function describeKeySource(source: KeySource): string {
  switch (source.kind) {
    case 'file':
      return `key file ${source.path}`;
    case 'credential':
      return `systemd credential ${source.name}`;
    case 'env':
      return `environment variable ${source.variable}`;
  }
}

/** Checks the text holds one key and nothing else; messages never include the text. */
function validateKeyText(raw: string, from: string, warnings: readonly string[]): KeyResult {
  const key = raw.trim();
  if (key === '') return { problem: `${from} is empty; expected a MISP API key (40 letters and digits)` };
  if (/\s/.test(key)) return { problem: `${from} holds more than one word or line; expected only the MISP API key` };
  if (!MISP_KEY.test(key)) {
    const note = `${from} does not look like a MISP API key: expected 40 letters and digits, found ${key.length} characters (the key is not shown)`;
    return { key, warnings: [...warnings, note] };
  }
  return { key, warnings };
}

function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES') return `cannot be read by this process (uid ${process.getuid?.() ?? '?'}): permission denied`;
  return `cannot be read: ${code ?? String(error)}`;
}

function readKeyFile(path: string, from: string, options: KeyReadOptions): KeyResult {
  let content: string;
  const warnings: string[] = [];
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { problem: `${from} is not a regular file` };
    if (stat.size > MAX_KEY_FILE_BYTES) return { problem: `${from} is ${stat.size} bytes; expected a file holding only the MISP API key` };
    if ((stat.mode & GROUP_OR_OTHER_READ) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      const exposure = `${from} has mode ${mode}: group or other users can read the MISP API key`;
      if (!options.allowOpenKeyFile) return { problem: `${exposure}; run chmod 600 ${path} (or set allowOpenKeyFile: true to accept the risk)` };
      warnings.push(`SECURITY: ${exposure}; accepted only because allowOpenKeyFile is true. Run chmod 600 ${path}`);
    }
    content = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `${from} ${fileErrorText(error)}` };
  }
  return validateKeyText(content, from, warnings);
}

/** Reads the key from its source. Neither the problem nor any warning ever contains the key. */
export function readApiKey(source: KeySource, env: NodeJS.ProcessEnv, options: KeyReadOptions): KeyResult {
  const from = describeKeySource(source);
  switch (source.kind) {
    case 'file':
      return readKeyFile(source.path, from, options);
    case 'credential': {
      const directory = env['CREDENTIALS_DIRECTORY'];
      if (directory === undefined || directory === '') {
        return {
          problem:
            `${from} needs $CREDENTIALS_DIRECTORY, which systemd sets for a unit with LoadCredential=${source.name}:/path/to/key; it is not set. ` +
            `By hand, as root, name the folder that holds the key file "${source.name}": CREDENTIALS_DIRECTORY=/etc/misp-agentx misp-agentx check`,
        };
      }
      return readKeyFile(join(directory, source.name), `${from} (${join(directory, source.name)})`, options);
    }
    case 'env': {
      const value = env[source.variable];
      if (value === undefined) return { problem: `${from} is not set` };
      return validateKeyText(value, from, []);
    }
  }
}
