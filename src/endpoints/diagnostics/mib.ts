import { MODULE_TYPES, type DiagnosticsData, type GnupgStatus, type ModulesStatus, type StixStatus } from './model.js';
import { readOnly, tableBranch } from '../../smi/define.js';
import { enumerated, GAUGE32, GAUGE64, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';

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
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';

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
  ],
});
