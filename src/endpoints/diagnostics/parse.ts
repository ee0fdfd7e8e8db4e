import { keptUtf8 } from '../../common/text.js';
import { assignNameIndexes } from '../../common/name-index.js';
import { invalid, isRecord, optional, readBoolean, readCount, readText, readUtf8Field, type JsonRecord } from '../../http/json-values.js';
import { MODULE_TYPES, type CriticalSettingData, type DiagnosticsData, type GnupgStatus, type ModulesStatus, type ModuleType, type ProxyStatus, type StixStatus, type ZmqStatus } from './model.js';

/** MISP's zmqDiagnostics() codes, their text (ServersController::serverSettings, $zmqErrors) and their label here. */
const ZMQ_STATUS: Readonly<Record<number, readonly [string, ZmqStatus]>> = {
  0: ['OK', 'ok'],
  1: ['not enabled', 'disabled'],
  2: ['Python ZeroMQ library not installed', 'libraryMissing'],
  3: ['ZeroMQ script not running', 'notRunning'],
};
/** MISP's proxyDiagnostics() texts (Server.php). */
const PROXY_TEXTS: Readonly<Record<string, ProxyStatus>> = {
  OK: 'ok',
  'not configured (so not tested)': 'notConfigured',
  'Getting URL via proxy failed': 'failed',
};
/** A hostile answer cannot make the agent keep more critical-setting rows than this. */
export const MAX_CRITICAL_SETTINGS = 500;

function entryCount(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (isRecord(value)) return Object.keys(value).length;
  return 0;
}

export type DbSchemaPart = Pick<DiagnosticsData, 'dbSchemaActual' | 'dbSchemaExpected' | 'dbSchemaOk' | 'updateLocked'>;

/**
 * /servers/dbSchemaDiagnostic. The schema is ok when MISP compared it (expected version known,
 * no error) and found no differing column or index; null when MISP could not compare (PostgreSQL).
 */
export function parseDbSchema(body: unknown): DbSchemaPart {
  if (!isRecord(body)) throw invalid('dbSchemaDiagnostic', 'answer is not a JSON object');
  const actual = optional(readText, body.actual_db_version, 'actual_db_version');
  const expected = optional(readText, body.expected_db_version, 'expected_db_version');
  const compared = expected !== null && expected !== '?' && !(typeof body.error === 'string' && body.error !== '');
  const differences = entryCount(body.diagnostic) + entryCount(body.diagnostic_index);
  return {
    dbSchemaActual: actual,
    dbSchemaExpected: expected,
    dbSchemaOk: compared ? differences === 0 && actual === expected : null,
    updateLocked: optional(readBoolean, body.update_locked, 'update_locked'),
  };
}

export type SettingsPart = Omit<DiagnosticsData, keyof DbSchemaPart>;

/** MISP counts a setting as an issue when isset($setting['error']) (ServersController::serverSettings). */
const hasError = (setting: JsonRecord): boolean => setting.error !== undefined && setting.error !== null && setting.error !== false;

/** Settings with an error, by MISP's level: 0 critical, 1 recommended, 2 optional (3 = deprecated, not counted). */
function settingIssues(settings: readonly JsonRecord[]): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const setting of settings) {
    if (!hasError(setting)) continue;
    const level = optional(readCount, setting.level, 'level');
    if (level === 0 || level === 1 || level === 2) counts[level] += 1;
  }
  return counts;
}

/**
 * The level-0 settings MISP flags with an error, in name order. The row index is derived from the
 * names of all level-0 settings of the answer (a set that changes only with MISP's version), so a
 * setting keeps its row whether it is flagged or not. Values are never read: MISP redacts only some.
 */
function flaggedCriticalSettings(settings: readonly JsonRecord[]): CriticalSettingData[] {
  const critical = settings.filter((setting) => optional(readCount, setting.level, 'level') === 0 && typeof setting.setting === 'string');
  const named = critical.map((setting) => ({ setting, name: keptUtf8(setting.setting as string) })).filter(({ name }) => name !== '');
  const indexes = assignNameIndexes(named.map(({ name }) => name));
  const flagged = new Map<string, CriticalSettingData>();
  for (const { setting, name } of named) {
    if (!hasError(setting)) continue;
    const tab = optional(readUtf8Field, setting.tab, 'tab') ?? '';
    const message = optional(readUtf8Field, setting.errorMessage, 'errorMessage') ?? '';
    flagged.set(name, { index: indexes.get(name) ?? 0, name, tab, message, flagged: true });
  }
  return [...flagged.values()].sort(byName).slice(0, MAX_CRITICAL_SETTINGS);
}

const byName = (a: CriticalSettingData, b: CriticalSettingData): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Keeps the rows of mispDiagCriticalSettingTable: the critical settings MISP flags now, and those
 * it flagged at an earlier poll since the agent started (flagged false, message ''), so the NMS
 * sees the row clear (and the cleared notification names it) instead of the row vanishing.
 */
export class CriticalSettingsMemory {
  private readonly seen = new Map<string, CriticalSettingData>();

  keep(flaggedNow: readonly CriticalSettingData[] | null): CriticalSettingData[] | null {
    if (flaggedNow === null) return null;
    for (const setting of flaggedNow) if (this.seen.has(setting.name) || this.seen.size < MAX_CRITICAL_SETTINGS) this.seen.set(setting.name, setting);
    const now = new Set(flaggedNow.map((setting) => setting.name));
    const cleared = [...this.seen.values()].filter((setting) => !now.has(setting.name)).map((setting) => ({ ...setting, message: '', flagged: false }));
    return [...flaggedNow, ...cleared].sort(byName);
  }
}

/** MySQL: data + index bytes of every table; PostgreSQL: MISP sends only "12.5 MB" texts. */
function databaseSize(dbDiagnostics: unknown): number | null {
  const tables = Array.isArray(dbDiagnostics) ? dbDiagnostics : isRecord(dbDiagnostics) ? Object.values(dbDiagnostics) : null;
  if (tables === null || tables.length === 0) return null;
  let total = 0;
  for (const table of tables) {
    if (!isRecord(table)) continue;
    const data = optional(readCount, table.data_in_bytes, 'data_in_bytes');
    const index = optional(readCount, table.index_in_bytes, 'index_in_bytes');
    if (data !== null || index !== null) total += (data ?? 0) + (index ?? 0);
    else total += megabytesText(table.used) ?? 0;
  }
  return Math.min(total, Number.MAX_SAFE_INTEGER);
}

function megabytesText(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*MB\s*$/i.exec(value);
  return match ? Math.round(Number(match[1]) * 1024 * 1024) : null;
}

function versionCheck(version: unknown): Pick<SettingsPart, 'newestVersion' | 'updateAvailable'> {
  if (!isRecord(version)) return { newestVersion: null, updateAvailable: null };
  const newest = optional(readText, version.newest, 'newest');
  const upToDate = version.upToDate;
  // 'error' (GitHub unreachable) and 'disabled' (no online check) say nothing about updates.
  const known = upToDate === 'older' || upToDate === 'same' || upToDate === 'newer';
  return {
    newestVersion: newest === null ? null : newest.replace(/^v/, ''),
    updateAvailable: known ? upToDate === 'older' : null,
  };
}

const MODULE_CODES: Readonly<Record<number, ModulesStatus>> = { 0: 'ok', 1: 'disabled', 2: 'noModules' };
/** MISP sends gpgStatus as the text of its code (ServersController::serverSettings, $gpgErrors). */
const GNUPG_TEXTS: Readonly<Record<string, GnupgStatus>> = {
  OK: 'ok',
  'FAIL: settings not set': 'notConfigured',
  'FAIL: Failed to load GnuPG': 'loadFailed',
  'FAIL: Issues with the key/passphrase': 'keyIssue',
  'FAIL: sign failed': 'signFailed',
};
const STIX_CODES: Readonly<Record<number, StixStatus>> = { 1: 'ok', 0: 'failing', [-1]: 'broken' };

type ModulesPart = Pick<DiagnosticsData, 'modules' | 'modulesMessage'>;

/** moduleStatus: a number per service type, or the exception text when the modules server cannot be reached. */
function modulesOf(raw: unknown): ModulesPart {
  const record = isRecord(raw) ? raw : {};
  const entries = MODULE_TYPES.map((type): [ModuleType, ModulesStatus | null, string] => {
    const value = record[type];
    if (typeof value === 'string') return [type, 'unreachable', keptUtf8(value)];
    return [type, typeof value === 'number' ? (MODULE_CODES[value] ?? null) : null, ''];
  });
  return {
    modules: Object.fromEntries(entries.map(([type, status]) => [type, status])) as ModulesPart['modules'],
    modulesMessage: Object.fromEntries(entries.map(([type, , message]) => [type, message])) as ModulesPart['modulesMessage'],
  };
}

/** Module, GnuPG, STIX and folder checks of the report. */
function componentChecks(body: JsonRecord): Pick<DiagnosticsData, 'modules' | 'modulesMessage' | 'gnupg' | 'gnupgText' | 'stix' | 'unwritableDirs'> {
  const gpg = optional(readUtf8Field, body.gpgStatus, 'gpgStatus');
  const operational = isRecord(body.stix) ? body.stix.operational : undefined;
  return {
    ...modulesOf(body.moduleStatus),
    gnupg: gpg === null ? null : (GNUPG_TEXTS[gpg] ?? 'other'),
    gnupgText: gpg,
    stix: typeof operational === 'number' ? (STIX_CODES[operational] ?? null) : null,
    unwritableDirs: isRecord(body.writeableDirs) ? Object.values(body.writeableDirs).filter((code) => Number(code) !== 0).length : null,
  };
}

/** zmqStatus (a code) and proxyStatus (a text), each as MISP words it and as a label. */
function publishingChecks(body: JsonRecord): Pick<SettingsPart, 'zmqStatus' | 'zmqStatusCode' | 'proxyStatus' | 'proxyStatusCode'> {
  const zmq = typeof body.zmqStatus === 'number' ? ZMQ_STATUS[body.zmqStatus] : undefined;
  const proxy = optional(readUtf8Field, body.proxyStatus, 'proxyStatus');
  return {
    zmqStatus: typeof body.zmqStatus === 'number' ? (zmq?.[0] ?? `code ${body.zmqStatus}`) : null,
    zmqStatusCode: zmq?.[1] ?? null,
    proxyStatus: proxy,
    proxyStatusCode: proxy === null ? null : (PROXY_TEXTS[proxy] ?? 'other'),
  };
}

/** /servers/serverSettings (its REST "download" report): setting issues, ZeroMQ, Redis, DB size, update check. */
export function parseSettingsReport(body: unknown): SettingsPart {
  if (!isRecord(body)) throw invalid('serverSettings', 'answer is not a JSON object');
  const settings = Array.isArray(body.finalSettings) ? body.finalSettings.filter(isRecord) : null;
  const issues = settings === null ? null : settingIssues(settings);
  const redis: JsonRecord = isRecord(body.redisInfo) ? body.redisInfo : {};
  return {
    settingsCritical: issues ? issues[0] : null,
    settingsRecommended: issues ? issues[1] : null,
    settingsOptional: issues ? issues[2] : null,
    criticalSettings: settings === null ? null : flaggedCriticalSettings(settings),
    ...publishingChecks(body),
    redisMemoryBytes: optional(readCount, redis.used_memory, 'used_memory'),
    databaseSizeBytes: databaseSize(body.dbDiagnostics),
    backgroundJobsStatus: optional(readUtf8Field, body.backgroundJobsStatus, 'backgroundJobsStatus'),
    ...versionCheck(body.version),
    ...componentChecks(body),
  };
}

