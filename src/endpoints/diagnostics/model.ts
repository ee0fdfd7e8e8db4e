/** serverSettings moduleStatus per service type: 0 ok, 1 not enabled, 2 no modules, or the connection error text. */
export type ModulesStatus = 'ok' | 'disabled' | 'noModules' | 'unreachable';
/** serverSettings gpgStatus, sent as the text of MISP's code 0-4. */
export type GnupgStatus = 'ok' | 'notConfigured' | 'loadFailed' | 'keyIssue' | 'signFailed' | 'other';
/** serverSettings stix.operational: 1 working, 0 failing (libraries missing or too old), -1 test output unreadable. */
export type StixStatus = 'ok' | 'failing' | 'broken';
export const MODULE_TYPES = ['Enrichment', 'Import', 'Export', 'Cortex'] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

/** Site-admin diagnostics; a null field is one this MISP did not report. */
export interface DiagnosticsData {
  readonly dbSchemaActual: string | null;
  readonly dbSchemaExpected: string | null;
  readonly dbSchemaOk: boolean | null;
  readonly updateLocked: boolean | null;
  readonly settingsCritical: number | null;
  readonly settingsRecommended: number | null;
  readonly settingsOptional: number | null;
  readonly zmqStatus: string | null;
  readonly redisMemoryBytes: number | null;
  readonly databaseSizeBytes: number | null;
  readonly backgroundJobsStatus: string | null;
  readonly newestVersion: string | null;
  readonly updateAvailable: boolean | null;
  readonly modules: Readonly<Record<ModuleType, ModulesStatus | null>>;
  /** The connection error MISP gives for each unreachable service type, '' otherwise. */
  readonly modulesMessage: Readonly<Record<ModuleType, string>>;
  readonly gnupg: GnupgStatus | null;
  readonly gnupgText: string | null;
  readonly stix: StixStatus | null;
  /** writeableDirs entries that are not 0 (not found or not writeable). */
  readonly unwritableDirs: number | null;
}
