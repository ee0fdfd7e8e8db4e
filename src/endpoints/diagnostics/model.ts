/** serverSettings moduleStatus per service type: 0 ok, 1 not enabled, 2 no modules, or the connection error text. */
export type ModulesStatus = 'ok' | 'disabled' | 'noModules' | 'unreachable';
/** serverSettings gpgStatus, sent as the text of MISP's code 0-4. */
export type GnupgStatus = 'ok' | 'notConfigured' | 'loadFailed' | 'keyIssue' | 'signFailed' | 'other';
/** serverSettings stix.operational: 1 working, 0 failing (libraries missing or too old), -1 test output unreadable. */
export type StixStatus = 'ok' | 'failing' | 'broken';
/** serverSettings zmqStatus: 0 OK, 1 not enabled (so not tested), 2 Python ZeroMQ library missing, 3 ZeroMQ script not running. */
export type ZmqStatus = 'ok' | 'disabled' | 'libraryMissing' | 'notRunning';
/** serverSettings proxyStatus, sent as text: OK, not configured (so not tested), Getting URL via proxy failed. */
export type ProxyStatus = 'ok' | 'notConfigured' | 'failed' | 'other';
/** The service types in MISP's order; a type's position from 1 is its row in mispDiagModuleTable. */
export const MODULE_TYPES = ['Enrichment', 'Import', 'Export', 'Cortex'] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

/**
 * A level-0 (critical) setting MISP flags with an error, or flagged at an earlier poll since the
 * agent started and fine now (so the NMS is told it cleared). Never its value.
 */
export interface CriticalSettingData {
  /** Stable row index: FNV-1a of the name (src/common/name-index.ts). */
  readonly index: number;
  readonly name: string;
  /** MISP's settings tab (MISP, Encryption, Security, Plugin...). */
  readonly tab: string;
  /** MISP's errorMessage while it flags the setting, '' once it no longer does. */
  readonly message: string;
  readonly flagged: boolean;
}

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
  readonly zmqStatusCode: ZmqStatus | null;
  readonly proxyStatus: string | null;
  readonly proxyStatusCode: ProxyStatus | null;
  /** In name order; null when the answer had no finalSettings list. A parsed answer holds only flagged ones. */
  readonly criticalSettings: readonly CriticalSettingData[] | null;
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
