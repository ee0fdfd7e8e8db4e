import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { GROUP_NAMES, type GroupName } from '../domain/snapshot.js';
import { type KeySource, describeKeySource, readApiKey } from './api-key.js';
import { bool, integer, parsed, text, zeroOrRange } from './converters.js';
import { formatPath } from './issues.js';
import { type ObjectReader, report } from './reader.js';
import type { ConfigDefaults, ConfiguredInstance } from './types.js';
import { readWorkers } from './workers.js';

export interface InstanceReadOptions {
  readonly defaults: ConfigDefaults;
  readonly env: NodeJS.ProcessEnv;
  /** Relative keyFile and caFile paths are taken from here: the configuration file's folder. */
  readonly baseDir: string;
  /** false for commands that never talk to MISP (mib, oids): the key is not read, apiKey is ''. */
  readonly readKeys: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CREDENTIAL_PATTERN = /^(?!\.\.?$)[A-Za-z0-9._-]{1,255}$/;
const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const INSTANCE_URL_EXPECTED =
  'an http:// or https:// base URL without user:password@, query or fragment, e.g. https://misp.example.org';

/** The base URL without a trailing slash, or undefined when it is not a usable MISP base URL. */
export function parseInstanceUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.hostname === '') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain HTTP to another host sends the API key across the network in clear text. */
export function sendsKeyInClear(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.');
}

const MIN_INTERVAL_SECONDS = 5;
const MAX_INTERVAL_SECONDS = 86_400;
const INLINE_KEY_HINT = 'the API key is never written in the configuration; put it in a file (keyFile), a systemd credential (keyCredential) or a variable (keyEnv)';

const KEY_FIELDS: Readonly<Record<KeySource['kind'], string>> = { file: 'keyFile', credential: 'keyCredential', env: 'keyEnv' };

const interval = zeroOrRange(MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS, 'off');

const timeoutMs = integer(100, 300_000, ' milliseconds');

/** Each test makes MISP connect out to a sync server: off unless asked, then hourly at most. */
const SERVER_TEST_FIELD = 'serverConnectionTest';
const serverTestInterval = zeroOrRange(3600, MAX_INTERVAL_SECONDS, 'off');

function readIntervals(reader: ObjectReader, defaults: ConfigDefaults): Pick<ConfiguredInstance, 'intervals' | 'serverTestSeconds'> {
  const section = reader.mapping('intervals');
  const intervals = {} as Record<GroupName, number>;
  for (const group of GROUP_NAMES) intervals[group] = section.field(group, interval, defaults.intervals[group]);
  const serverTestSeconds = section.field(SERVER_TEST_FIELD, serverTestInterval, 0);
  if (serverTestSeconds > 0 && intervals.servers === 0) {
    reader.ctx.warnings.push(`${formatPath([...section.path, SERVER_TEST_FIELD])}: the test runs from the servers poll, which is off (intervals.servers: 0); nothing is tested`);
  }
  section.finish();
  return { intervals, serverTestSeconds };
}

function readTimeouts(reader: ObjectReader, defaults: ConfigDefaults): ConfiguredInstance['timeouts'] {
  const section = reader.mapping('timeouts');
  const timeouts = {
    connectMs: section.field('connectMs', timeoutMs, defaults.timeouts.connectMs),
    headersMs: section.field('headersMs', timeoutMs, defaults.timeouts.headersMs),
    bodyMs: section.field('bodyMs', timeoutMs, defaults.timeouts.bodyMs),
  };
  section.finish();
  return timeouts;
}

/** Exactly one of keyFile, keyCredential, keyEnv; undefined (and reported) otherwise. */
function readKeySource(reader: ObjectReader, baseDir: string): KeySource | undefined {
  const written = Object.values(KEY_FIELDS).filter((field) => reader.has(field)).length;
  const file = reader.field(KEY_FIELDS.file, text, '');
  const name = reader.field(KEY_FIELDS.credential, parsed('a systemd credential name (letters, digits, . _ -)', (v) => (CREDENTIAL_PATTERN.test(v) ? v : undefined)), '');
  const variable = reader.field(KEY_FIELDS.env, parsed('an environment variable name', (v) => (VARIABLE_PATTERN.test(v) ? v : undefined)), '');
  if (written !== 1) {
    const problem = written === 0 ? 'no API key source' : 'more than one API key source';
    report(reader.ctx, reader.path, `${problem}; expected exactly one of keyFile, keyCredential, keyEnv`);
    return undefined;
  }
  if (file !== '') return { kind: 'file', path: resolve(baseDir, file) };
  if (name !== '') return { kind: 'credential', name };
  if (variable !== '') return { kind: 'env', variable };
  return undefined;
}

function readCaFile(reader: ObjectReader, baseDir: string): string | undefined {
  const file = reader.field('caFile', text, '');
  if (file === '') return undefined;
  const path = resolve(baseDir, file);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    report(reader.ctx, [...reader.path, 'caFile'], `${path} does not exist or cannot be read; expected a PEM file of CA certificates`);
  }
  return path;
}

/** One entry of `instances`; problems are reported on the reader's context. */
export function readInstance(reader: ObjectReader, options: InstanceReadOptions): ConfiguredInstance {
  const { ctx } = reader;
  const name = reader.field('name', parsed('1-64 letters, digits, ".", "_" or "-", starting with a letter or digit', (v) => (NAME_PATTERN.test(v) ? v : undefined)), '', true);
  const url = reader.field('url', parsed(INSTANCE_URL_EXPECTED, parseInstanceUrl), '', true);
  const keySource = readKeySource(reader, options.baseDir);
  const allowOpenKeyFile = reader.field('allowOpenKeyFile', bool, false);
  const caFile = readCaFile(reader, options.baseDir);
  const tlsVerify = reader.field('tlsVerify', bool, true);
  const instance = {
    name,
    url,
    ...(caFile !== undefined && { caFile }),
    tlsVerify,
    ...readIntervals(reader, options.defaults),
    timeouts: readTimeouts(reader, options.defaults),
    maxBodyBytes: reader.field('maxBodyBytes', integer(1024, 1024 ** 3, ' bytes'), options.defaults.maxBodyBytes),
  };
  const workers = readWorkers(reader, options.baseDir, options.readKeys);
  if (workers !== undefined) Object.assign(instance, { workers });
  reader.finish({ apiKey: INLINE_KEY_HINT, key: INLINE_KEY_HINT, authkey: INLINE_KEY_HINT });

  const label = `instance ${name || '(unnamed)'}`;
  if (!tlsVerify) ctx.warnings.push(`${label}: tlsVerify is false; the MISP server's certificate is not checked`);
  if (url !== '' && sendsKeyInClear(url)) ctx.warnings.push(`${label}: ${url} is plain HTTP; the API key crosses the network in clear text`);
  if (keySource === undefined) return { ...instance, apiKey: '', keySource: '' };
  if (!options.readKeys) return { ...instance, apiKey: '', keySource: describeKeySource(keySource) };
  const key = readApiKey(keySource, options.env, { allowOpenKeyFile });
  if ('problem' in key) {
    report(ctx, [...reader.path, KEY_FIELDS[keySource.kind]], key.problem);
    return { ...instance, apiKey: '', keySource: describeKeySource(keySource) };
  }
  ctx.warnings.push(...key.warnings.map((warning) => `${label}: ${warning}`));
  return { ...instance, apiKey: key.key, keySource: describeKeySource(keySource) };
}
