import { type SimState, versionText } from '../../sim/scenario.js';
import { workersAnswer } from '../workers/sim.js';

/** ServersController::dbSchemaDiagnostic as 2.5.1 answers it, with `differences` tables differing. */
export function dbSchemaAnswer(state: SimState): unknown {
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
export function settingsAnswer(state: SimState): unknown {
  const finalSettings: unknown[] = [];
  // The shapes of 2.5.1's finalSettings: error 1 and errorMessage when a test fails, errorMessage null when it passes.
  for (const critical of state.criticalSettings) {
    const outcome = critical.flagged ? { error: 1, errorMessage: critical.errorMessage } : { errorMessage: null };
    finalSettings.push({ level: 0, value: !critical.flagged, test: 'testBool', type: 'boolean', ...outcome, tab: critical.tab, setting: critical.name });
  }
  const issue = (level: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      finalSettings.push({ level, value: '', test: 'testForEmpty', type: 'string', error: 1, errorMessage: 'Value not set.', tab: 'MISP', setting: `MISP.setting_${level}_${i}` });
    }
  };
  issue(1, state.settingsIssues.recommended);
  issue(2, state.settingsIssues.optional);
  finalSettings.push({ level: 0, value: state.live, test: 'testLive', type: 'boolean', errorMessage: null, tab: 'MISP', setting: 'MISP.live' });
  finalSettings.push({ level: 0, value: 'https://misp.test', test: 'testBaseURL', type: 'string', errorMessage: null, tab: 'MISP', setting: 'MISP.baseurl' });
  finalSettings.push({ level: 0, value: '*****', test: 'testSalt', type: 'string', editable: false, redacted: true, errorMessage: null, tab: 'Security', setting: 'Security.salt' });
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
    proxyStatus: state.proxyStatus,
    zmqStatus: state.zmqStatus,
    stix: { operational: 1, test_run: true },
    // Captured 2.5.1 shapes: a number per type, or the curl error text when the modules server is unreachable.
    moduleStatus: { ...state.moduleStatus },
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

