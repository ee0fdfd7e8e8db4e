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
}
