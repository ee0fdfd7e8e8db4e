import {
  MODULE_TYPES,
  type CriticalSettingData,
  type DiagnosticsData,
  type GnupgStatus,
  type ModulesStatus,
  type ModuleType,
  type ProxyStatus,
  type StixStatus,
  type ZmqStatus,
} from './model.js';
import { indexColumn, readOnly, tableBranch } from '../../smi/define.js';
import { enumerated, GAUGE32, GAUGE64, integer32, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';

export const MODULES_STATUS: Syntax<ModulesStatus> = enumerated(
  'MispModulesStatus',
  { ok: 1, disabled: 2, noModules: 3, unreachable: 4 },
  'A misp-modules service type as MISP diagnoses it: ok, disabled (not enabled in the settings), noModules (the ' +
    'modules server answers without modules of this type), unreachable (MISP cannot connect to it).',
);
export const GNUPG_STATUS: Syntax<GnupgStatus> = enumerated(
  'MispGnupgStatus',
  { ok: 1, notConfigured: 2, loadFailed: 3, keyIssue: 4, signFailed: 5, other: 6 },
  "MISP's GnuPG check: ok, notConfigured (settings not set), loadFailed (GnuPG cannot be loaded), keyIssue (key or passphrase), signFailed, other (a text this agent does not know).",
);
export const STIX_STATUS: Syntax<StixStatus> = enumerated(
  'MispStixStatus',
  { ok: 1, failing: 2, broken: 3 },
  "MISP's STIX check: ok, failing (STIX libraries missing or too old), broken (the test's output was not readable).",
);
export const ZMQ_STATUS: Syntax<ZmqStatus> = enumerated(
  'MispZmqStatus',
  { ok: 1, disabled: 2, libraryMissing: 3, notRunning: 4 },
  "MISP's ZeroMQ check: ok, disabled (the ZeroMQ plugin is not enabled, so not tested), libraryMissing (the Python ZeroMQ library is not installed), notRunning (the ZeroMQ publisher script does not run).",
);
export const PROXY_STATUS: Syntax<ProxyStatus> = enumerated(
  'MispProxyStatus',
  { ok: 1, notConfigured: 2, failed: 3, other: 4 },
  "MISP's proxy check: ok, notConfigured (no proxy set, so not tested), failed (getting a URL through the proxy failed), other (a text this agent does not know).",
);

const SCHEMA = 'GET /servers/dbSchemaDiagnostic';
const SETTINGS = 'GET /servers/serverSettings';

/** MISP's setting issue levels 0, 1 and 2, in that order. */
const SETTINGS_SEVERITIES = [
  { suffix: 'Critical', label: 'critical', read: (d: DiagnosticsData) => d.settingsCritical },
  { suffix: 'Recommended', label: 'recommended', read: (d: DiagnosticsData) => d.settingsRecommended },
  { suffix: 'Optional', label: 'optional', read: (d: DiagnosticsData) => d.settingsOptional },
] as const;

/** Site-admin diagnostics, polled on the slow tier because MISP's diagnostics report is heavy. */
export const diagnosticsTable = tableBranch<DiagnosticsData>({
  name: 'mispDiagnosticsTable',
  arc: 7,
  description:
    "MISP's own diagnostics of each instance, polled rarely because they are expensive for MISP. " +
    'A value MISP did not report is left out rather than served as 0.',
  entry: { name: 'mispDiagnosticsEntry', description: 'The diagnostics of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispDiagnosticsGroup',
    description: 'Database, settings, ZeroMQ, Redis and update diagnostics of each MISP instance.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: instanceRows((i) => i.diagnostics),
  columns: [
    readOnly({
      name: 'mispDiagDbSchemaActual',
      arc: 1,
      syntax: UTF8_STRING,
      description: 'The database schema version the MISP database has.',
      source: `${SCHEMA}: actual_db_version`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.dbSchemaActual,
    }),
    readOnly({
      name: 'mispDiagDbSchemaExpected',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The database schema version the installed MISP code expects.',
      source: `${SCHEMA}: expected_db_version`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.dbSchemaExpected,
    }),
    readOnly({
      name: 'mispDiagDbSchemaOk',
      arc: 3,
      syntax: TRUTH_VALUE,
      description:
        'true when MISP compared the database schema with the one its code expects and found no ' +
        'difference. No value when MISP could not compare (e.g. on PostgreSQL).',
      source: `${SCHEMA}: actual_db_version, expected_db_version, diagnostic, diagnostic_index`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.dbSchemaOk,
    }),
    readOnly({
      name: 'mispDiagUpdateLocked',
      arc: 4,
      syntax: TRUTH_VALUE,
      description: 'true while database updates are locked, e.g. because an update is running or failed.',
      source: `${SCHEMA}: update_locked`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.updateLocked,
    }),
    ...SETTINGS_SEVERITIES.map((severity, i) =>
      readOnly({
        name: `mispDiagSettings${severity.suffix}`,
        arc: 5 + i,
        syntax: GAUGE32,
        units: 'settings',
        description: `Server settings with an issue of ${severity.label} severity.`,
        source: `${SETTINGS}: settings with an error at level ${i} (${severity.label})`,
        permission: 'siteAdmin',
        read: severity.read,
      }),
    ),
    readOnly({
      name: 'mispDiagZmqStatus',
      arc: 8,
      syntax: UTF8_STRING,
      description: 'The state of the ZeroMQ publisher: OK, not enabled, Python ZeroMQ library not installed, ZeroMQ script not running.',
      source: `${SETTINGS}: zmqStatus (a code, served as its text)`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.zmqStatus,
    }),
    readOnly({
      name: 'mispDiagRedisMemory',
      arc: 9,
      syntax: GAUGE64,
      units: 'bytes',
      description: 'Memory used by the Redis server MISP uses.',
      source: `${SETTINGS}: redisInfo.used_memory`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.redisMemoryBytes,
    }),
    readOnly({
      name: 'mispDiagDatabaseSize',
      arc: 10,
      syntax: GAUGE64,
      units: 'bytes',
      description: 'Size of the MISP database: data and indexes of every table.',
      source: `${SETTINGS}: dbDiagnostics, data_in_bytes plus index_in_bytes of every table`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.databaseSizeBytes,
    }),
    readOnly({
      name: 'mispDiagBackgroundJobsStatus',
      arc: 11,
      syntax: UTF8_STRING,
      description: 'The state of the background job system as MISP describes it.',
      source: `${SETTINGS}: backgroundJobsStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.backgroundJobsStatus,
    }),
    readOnly({
      name: 'mispDiagNewestVersion',
      arc: 12,
      syntax: UTF8_STRING,
      description: 'The newest MISP release, as MISP learnt it from GitHub.',
      source: `${SETTINGS}: version.newest`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.newestVersion,
    }),
    readOnly({
      name: 'mispDiagUpdateAvailable',
      arc: 13,
      syntax: TRUTH_VALUE,
      description:
        'true when a newer MISP release than the installed one exists. No value when MISP could not ' +
        'check or its online version check is off.',
      source: `${SETTINGS}: version.upToDate is older`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.updateAvailable,
    }),
    ...MODULE_TYPES.map((type, i) =>
      readOnly({
        name: `mispDiagModules${type}`,
        arc: 14 + i,
        syntax: MODULES_STATUS,
        description: `The misp-modules ${type.toLowerCase()} service as MISP diagnoses it.`,
        source: `${SETTINGS}: moduleStatus.${type}`,
        permission: 'siteAdmin',
        read: (d: DiagnosticsData) => d.modules[type],
      }),
    ),
    ...MODULE_TYPES.map((type, i) =>
      readOnly({
        name: `mispDiagModules${type}Message`,
        arc: 18 + i,
        syntax: UTF8_STRING,
        description: `The connection error MISP reports for the ${type.toLowerCase()} service when it is unreachable; empty otherwise.`,
        source: `${SETTINGS}: moduleStatus.${type} when it is text`,
        permission: 'siteAdmin',
        read: (d: DiagnosticsData) => d.modulesMessage[type],
      }),
    ),
    readOnly({
      name: 'mispDiagGnupgStatus',
      arc: 22,
      syntax: GNUPG_STATUS,
      description: "MISP's GnuPG check.",
      source: `${SETTINGS}: gpgStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.gnupg,
    }),
    readOnly({
      name: 'mispDiagGnupgText',
      arc: 23,
      syntax: UTF8_STRING,
      description: "MISP's GnuPG check as MISP words it (e.g. FAIL: settings not set).",
      source: `${SETTINGS}: gpgStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.gnupgText,
    }),
    readOnly({
      name: 'mispDiagStixStatus',
      arc: 24,
      syntax: STIX_STATUS,
      description: "MISP's STIX check (it runs MISP's stixtest.py).",
      source: `${SETTINGS}: stix.operational`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.stix,
    }),
    readOnly({
      name: 'mispDiagUnwritableDirs',
      arc: 25,
      syntax: GAUGE32,
      units: 'folders',
      description: 'Folders MISP must write to that are missing or not writable.',
      source: `${SETTINGS}: writeableDirs entries not 0`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.unwritableDirs,
    }),
    readOnly({
      name: 'mispDiagZmqStatusCode',
      arc: 26,
      syntax: ZMQ_STATUS,
      description: 'The state of the ZeroMQ publisher as a code, the same check as mispDiagZmqStatus.',
      source: `${SETTINGS}: zmqStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.zmqStatusCode,
    }),
    readOnly({
      name: 'mispDiagProxyStatus',
      arc: 27,
      syntax: UTF8_STRING,
      description: "MISP's proxy check as MISP words it (OK, not configured (so not tested), Getting URL via proxy failed).",
      source: `${SETTINGS}: proxyStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.proxyStatus,
    }),
    readOnly({
      name: 'mispDiagProxyStatusCode',
      arc: 28,
      syntax: PROXY_STATUS,
      description: "MISP's proxy check as a code.",
      source: `${SETTINGS}: proxyStatus`,
      permission: 'siteAdmin',
      read: (d: DiagnosticsData) => d.proxyStatusCode,
    }),
  ],
});

const criticalSettingIndex = indexColumn({
  name: 'mispDiagCriticalSettingIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description:
    'A number that stays with the setting name: 1000 plus FNV-1a of the name modulo 1000000 (the next free ' +
    'number if two names of the answer collide), the same after any restart of the agent.',
  source: `${SETTINGS}: finalSettings[].setting`,
  permission: 'siteAdmin',
});

type CriticalSettingRow = CriticalSettingData & { readonly instanceName: string };

/** The critical (level 0) settings MISP flags, as its diagnostics tab lists them; never a value. */
export const criticalSettingTable = tableBranch<CriticalSettingRow>({
  name: 'mispDiagCriticalSettingTable',
  arc: 15,
  description:
    'The settings MISP flags as critical (level 0 with an error) on each instance, as the diagnostics tab of ' +
    'MISP lists them, and those it flagged at an earlier poll since the agent started, with ' +
    'mispDiagCriticalSettingFlagged false, so an NMS sees them clear. The values of settings are never served.',
  entry: { name: 'mispDiagCriticalSettingEntry', description: 'One critical setting of one MISP instance.' },
  index: [instanceIndex, criticalSettingIndex],
  group: {
    name: 'mispDiagCriticalSettingGroup',
    description: 'The critical settings MISP flags on each instance.',
    compliance: { mandatory: false, description: 'Served only for instances whose diagnostics are polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) => (i.diagnostics?.criticalSettings ?? []).map((setting) => ({ index: [i.index, setting.index], row: { ...setting, instanceName: i.name } }))),
  columns: [
    criticalSettingIndex,
    readOnly({
      name: 'mispDiagCriticalSettingName',
      arc: 2,
      syntax: UTF8_STRING,
      description: "The setting's name, e.g. MISP.disable_emailing.",
      source: `${SETTINGS}: finalSettings[].setting`,
      permission: 'siteAdmin',
      read: (c: CriticalSettingRow) => c.name,
    }),
    readOnly({
      name: 'mispDiagCriticalSettingMessage',
      arc: 3,
      syntax: UTF8_STRING,
      description: "MISP's message for the setting (e.g. Value not set.); empty once MISP no longer flags it.",
      source: `${SETTINGS}: finalSettings[].errorMessage`,
      permission: 'siteAdmin',
      read: (c: CriticalSettingRow) => c.message,
    }),
    readOnly({
      name: 'mispDiagCriticalSettingTab',
      arc: 4,
      syntax: UTF8_STRING,
      description: "The tab of MISP's server settings page the setting is on (MISP, Encryption, Security, Plugin...).",
      source: `${SETTINGS}: finalSettings[].tab`,
      permission: 'siteAdmin',
      read: (c: CriticalSettingRow) => c.tab,
    }),
    readOnly({
      name: 'mispDiagCriticalSettingFlagged',
      arc: 5,
      syntax: TRUTH_VALUE,
      description: 'true while MISP flags the setting; false once it no longer does (the row stays until the agent restarts).',
      source: `${SETTINGS}: finalSettings[].error at level 0`,
      permission: 'siteAdmin',
      read: (c: CriticalSettingRow) => c.flagged,
    }),
    readOnly({
      name: 'mispDiagCriticalSettingInstanceName',
      arc: 6,
      syntax: UTF8_STRING,
      description: 'The name of the instance the setting belongs to, for naming the setting in an NMS.',
      source: 'configuration: the instance name',
      permission: 'siteAdmin',
      read: (c: CriticalSettingRow) => c.instanceName,
    }),
  ],
});

const moduleIndex = indexColumn({
  name: 'mispDiagModuleIndex',
  arc: 1,
  syntax: integer32(1, MODULE_TYPES.length),
  description: `The misp-modules service type: ${MODULE_TYPES.map((type, i) => `${i + 1} ${type}`).join(', ')}.`,
  source: `${SETTINGS}: moduleStatus`,
  permission: 'siteAdmin',
});

interface ModuleRow {
  readonly type: ModuleType;
  readonly status: ModulesStatus | null;
  readonly message: string;
  readonly instanceName: string;
}

/** misp-modules per service type as rows, so a notification can name the type. */
export const moduleTable = tableBranch<ModuleRow>({
  name: 'mispDiagModuleTable',
  arc: 16,
  description:
    'The misp-modules service types of each instance as MISP diagnoses them, one row per type: the same ' +
    'values as mispDiagModulesEnrichment..Cortex and their messages, in a form an NMS can discover and ' +
    'a notification can name.',
  entry: { name: 'mispDiagModuleEntry', description: 'One misp-modules service type of one MISP instance.' },
  index: [instanceIndex, moduleIndex],
  group: {
    name: 'mispDiagModuleGroup',
    description: 'The misp-modules service types of each MISP instance.',
    compliance: { mandatory: false, description: 'Served only for instances whose diagnostics are polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) =>
      i.diagnostics === null
        ? []
        : MODULE_TYPES.map((type, position) => ({
            index: [i.index, position + 1],
            row: { type, status: i.diagnostics?.modules[type] ?? null, message: i.diagnostics?.modulesMessage[type] ?? '', instanceName: i.name },
          })),
    ),
  columns: [
    moduleIndex,
    readOnly({
      name: 'mispDiagModuleType',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The service type: Enrichment, Import, Export or Cortex.',
      source: `${SETTINGS}: moduleStatus keys`,
      permission: 'siteAdmin',
      read: (m: ModuleRow) => m.type,
    }),
    readOnly({
      name: 'mispDiagModuleStatus',
      arc: 3,
      syntax: MODULES_STATUS,
      description: 'The service type as MISP diagnoses it.',
      source: `${SETTINGS}: moduleStatus.<type>`,
      permission: 'siteAdmin',
      read: (m: ModuleRow) => m.status,
    }),
    readOnly({
      name: 'mispDiagModuleMessage',
      arc: 4,
      syntax: UTF8_STRING,
      description: 'The connection error MISP reports when the type is enabled but unreachable; empty otherwise.',
      source: `${SETTINGS}: moduleStatus.<type> when it is text`,
      permission: 'siteAdmin',
      read: (m: ModuleRow) => m.message,
    }),
    readOnly({
      name: 'mispDiagModuleInstanceName',
      arc: 5,
      syntax: UTF8_STRING,
      description: 'The name of the instance the service type belongs to, for naming it in an NMS.',
      source: 'configuration: the instance name',
      permission: 'siteAdmin',
      read: (m: ModuleRow) => m.instanceName,
    }),
  ],
});
