import { invalid, isRecord, optional, readBoolean, readCount, readText, type JsonRecord } from '../../http/json-values.js';
import { type SimState, versionText } from '../../sim/scenario.js';
import type { EndpointGroup } from '../endpoint.js';
import { workersAnswer } from '../workers/sim.js';
import { keptUtf8 } from '../../common/text.js';
import { diagnosticsTable, GNUPG_STATUS, MODULES_STATUS, STIX_STATUS } from './mib.js';
import { MODULE_TYPES, type DiagnosticsData, type GnupgStatus, type ModulesStatus, type ModuleType, type StixStatus } from './model.js';

const DB_SCHEMA = '/servers/dbSchemaDiagnostic';
const SETTINGS = '/servers/serverSettings';

/** MISP's zmqDiagnostics() codes (ServersController::serverSettings, $zmqErrors). */
const ZMQ_STATUS_TEXT: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'not enabled',
  2: 'Python ZeroMQ library not installed',
  3: 'ZeroMQ script not running',
};

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

/** Settings with an error, by MISP's level: 0 critical, 1 recommended, 2 optional (3 = deprecated, not counted). */
function settingIssues(finalSettings: unknown): [number, number, number] | null {
  if (!Array.isArray(finalSettings)) return null;
  const counts: [number, number, number] = [0, 0, 0];
  for (const setting of finalSettings) {
    if (!isRecord(setting) || setting.error === undefined || setting.error === false) continue;
    const level = optional(readCount, setting.level, 'level');
    if (level === 0 || level === 1 || level === 2) counts[level] += 1;
  }
  return counts;
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
  const gpg = typeof body.gpgStatus === 'string' ? keptUtf8(body.gpgStatus) : null;
  const operational = isRecord(body.stix) ? body.stix.operational : undefined;
  return {
    ...modulesOf(body.moduleStatus),
    gnupg: gpg === null ? null : (GNUPG_TEXTS[gpg] ?? 'other'),
    gnupgText: gpg,
    stix: typeof operational === 'number' ? (STIX_CODES[operational] ?? null) : null,
    unwritableDirs: isRecord(body.writeableDirs) ? Object.values(body.writeableDirs).filter((code) => Number(code) !== 0).length : null,
  };
}

/** /servers/serverSettings (its REST "download" report): setting issues, ZeroMQ, Redis, DB size, update check. */
export function parseSettingsReport(body: unknown): SettingsPart {
  if (!isRecord(body)) throw invalid('serverSettings', 'answer is not a JSON object');
  const issues = settingIssues(body.finalSettings);
  const zmq = typeof body.zmqStatus === 'number' ? (ZMQ_STATUS_TEXT[body.zmqStatus] ?? `code ${body.zmqStatus}`) : null;
  const redis: JsonRecord = isRecord(body.redisInfo) ? body.redisInfo : {};
  return {
    settingsCritical: issues ? issues[0] : null,
    settingsRecommended: issues ? issues[1] : null,
    settingsOptional: issues ? issues[2] : null,
    zmqStatus: zmq,
    redisMemoryBytes: optional(readCount, redis.used_memory, 'used_memory'),
    databaseSizeBytes: databaseSize(body.dbDiagnostics),
    backgroundJobsStatus: optional(readText, body.backgroundJobsStatus, 'backgroundJobsStatus'),
    ...versionCheck(body.version),
    ...componentChecks(body),
  };
}

function dbSchemaAnswer(state: SimState): unknown {
  const diagnostic: Record<string, unknown[]> = {};
  for (let i = 0; i < state.dbSchema.differences; i++) {
    diagnostic[`table_${i}`] = [{ column_name: 'uuid', error_type: 'column_different', is_critical: false }];
  }
  return {
    dataSource: 'Database/Mysql',
    actual_db_version: state.dbSchema.actual,
    checked_table_column: {},
    diagnostic,
    diagnostic_index: {},
    expected_db_version: state.dbSchema.expected,
    error: '',
    update_locked: state.dbSchema.updateLocked,
    remaining_lock_time: 0,
    update_fail_number_reached: false,
    indexes: {},
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The REST form of ServersController::serverSettings (the "download" report). */
function settingsAnswer(state: SimState): unknown {
  const finalSettings: unknown[] = [];
  const issue = (level: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      finalSettings.push({ setting: `MISP.setting_${level}_${i}`, level, error: true, errorMessage: 'Value not set.', tab: 'MISP' });
    }
  };
  issue(0, state.settingsIssues.critical);
  issue(1, state.settingsIssues.recommended);
  issue(2, state.settingsIssues.optional);
  finalSettings.push({ setting: 'MISP.baseurl', level: 0, value: 'https://misp.test', tab: 'MISP' });
  const current = versionText(state.variant);
  const order = compareVersions(current, state.newestVersion);
  const upToDate = order === 0 ? 'same' : order < 0 ? 'older' : 'newer';
  const dbDiagnostics: Record<string, unknown> = {};
  for (const table of state.databaseTables) {
    dbDiagnostics[table.name] = {
      table: table.name,
      used: `${((table.dataBytes + table.indexBytes) / 1048576).toFixed(2)} MB`,
      reclaimable: '0 MB',
      data_in_bytes: table.dataBytes,
      index_in_bytes: table.indexBytes,
      reclaimable_in_bytes: 0,
    };
  }
  return {
    version: { current: `v${current}`, newest: `v${state.newestVersion}`, upToDate },
    phpSettings: {},
    gpgStatus: 'OK',
    proxyStatus: 'not configured (so not tested)',
    zmqStatus: state.zmqStatus,
    stix: { operational: 1, test_run: true },
    // Captured 2.5.1 shape with the modules off, the default of a fresh install.
    moduleStatus: { Enrichment: 1, Import: 1, Export: 1, Cortex: 1 },
    writeableDirs: { '/var/www/MISP/app/tmp': 0, '/var/www/MISP/app/files': 0 },
    dbDiagnostics,
    dbSchemaDiagnostics: dbSchemaAnswer(state),
    redisInfo: { extensionVersion: '5.3.7', connection: true, used_memory: String(state.redisMemoryBytes) },
    finalSettings,
    extensions: {},
    workers: state.backgroundJobs ? workersAnswer(state) : [],
    backgroundJobsStatus: state.variant === '2.4.130' ? 'Not configured (so not tested)' : state.supervisord ? 'OK' : 'Error connecting to Supervisor.',
  };
}

/** Site admin only; serverSettings is MISP's heavy report, so this group is off by default. */
export const diagnosticsGroup: EndpointGroup<'diagnostics'> = {
  name: 'diagnostics',
  defaultIntervalSeconds: 0,
  asks: `${DB_SCHEMA} and ${SETTINGS}`,
  keyNeeds: 'siteAdmin',
  collector: ({ fetchJson }) => async (budget) => {
    const schema = parseDbSchema(await fetchJson(DB_SCHEMA, budget));
    const report = parseSettingsReport(await fetchJson(SETTINGS, budget));
    return { ...schema, ...report };
  },
  conventions: [MODULES_STATUS, GNUPG_STATUS, STIX_STATUS],
  tables: [diagnosticsTable],
  simRoutes: {
    [DB_SCHEMA]: { answer: dbSchemaAnswer, needsKey: true, siteAdminOnly: true },
    [SETTINGS]: { answer: settingsAnswer, needsKey: true, siteAdminOnly: true },
  },
};
