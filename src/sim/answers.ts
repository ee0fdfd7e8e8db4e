import { randomBytes } from 'node:crypto';
import type { SimQueue, SimState } from './scenario.js';
import { versionText } from './scenario.js';

/** The web server's Unix user; workers of any other user are "wrong user" to MISP. */
const MISP_USER = 'www-data';

export function heartbeatAnswer(): unknown {
  return { message: randomBytes(8).toString('hex') };
}

export function versionAnswer(state: SimState): unknown {
  const version = versionText(state.variant);
  if (state.variant === '2.4.130') return { version, perm_sync: false, perm_sighting: false };
  return {
    version,
    pymisp_recommended_version: version,
    perm_sync: false,
    perm_sighting: false,
    perm_galaxy_editor: false,
    perm_analyst_data: false,
    uuid: '-',
    request_encoding: ['gzip', 'br'],
    filter_sightings: true,
  };
}

/** As Server::workerDiagnostics() builds it, including 2.4.130's "ok until proven otherwise" queues. */
function queueAnswer(state: SimState, name: string, queue: SimQueue): Record<string, unknown> {
  const cakeResque = state.variant === '2.4.130';
  // SimpleBackgroundJobs lists only processes supervisord gives a pid (none while supervisord is
  // down); CakeResque keeps a crashed worker listed.
  const listed = cakeResque ? queue.workers : state.supervisord ? queue.workers.filter((worker) => worker.state !== 'dead') : [];
  const workers = listed.map((worker) => {
    const correctUser = worker.state !== 'wrongUser';
    const alive: boolean | 'N/A' = state.procAccessible ? correctUser && worker.state === 'alive' : 'N/A';
    return {
      pid: worker.pid,
      user: correctUser ? MISP_USER : 'misp',
      alive,
      correct_user: correctUser,
      ok: alive !== false && correctUser,
    };
  });
  const answer: Record<string, unknown> = { ok: cakeResque };
  if (workers.length > 0) {
    answer.workers = workers;
    if (workers.some((worker) => worker.ok)) answer.ok = true;
  } else {
    answer.ok = false;
  }
  if (name !== 'scheduler') answer.jobCount = queue.jobCount;
  return answer;
}

export function workersAnswer(state: SimState): unknown {
  if (!state.backgroundJobs) return ['Background jobs not enabled'];
  const answer: Record<string, unknown> = {};
  for (const [name, queue] of Object.entries(state.queues)) answer[name] = queueAnswer(state, name, queue);
  answer.proc_accessible = state.procAccessible;
  // 2.5.1 sends controls: true (captured); older versions 1.
  answer.controls = state.variant === '2.5' ? true : 1;
  if (state.variant !== '2.4.130') answer.supervisord_status = state.supervisord;
  return answer;
}

/** UsersController::statistics: numbers in 2.4 (2.4.130 halves correlations), all strings in 2.5. */
export function statisticsAnswer(state: SimState): unknown {
  const c = state.counts;
  const stats: Record<string, number> = {
    event_count: c.events,
    event_count_month: c.eventsMonth,
    attribute_count: c.attributes,
    attribute_count_month: c.attributesMonth,
    attributes_per_event: c.events === 0 ? 0 : Math.round(c.attributes / c.events),
    correlation_count: state.variant === '2.4.130' ? c.correlations / 2 : c.correlations,
    proposal_count: c.proposals,
    user_count: c.users,
    user_count_pgp: c.usersPgp,
    org_count: c.organisations,
    local_org_count: c.localOrganisations,
    contributing_org_count: c.contributingOrganisations,
    average_user_per_org: c.localOrganisations === 0 ? 0 : Math.round((c.users / c.localOrganisations) * 10) / 10,
    thread_count: c.threads,
    thread_count_month: c.threadsMonth,
    post_count: c.posts,
    post_count_month: c.postsMonth,
  };
  if (state.variant !== '2.5') return { stats };
  return { stats: Object.fromEntries(Object.entries(stats).map(([key, value]) => [key, String(value)])) };
}

/** ServersController::getSetting('MISP.live'), as captured from 2.5.1. */
export function liveSettingAnswer(state: SimState): unknown {
  return {
    level: 0,
    description: 'Unless set to true, the instance will only be accessible by site admins.',
    value: state.live,
    test: 'testLive',
    type: 'boolean',
    name: 'MISP.live',
  };
}

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
    stix: {},
    moduleStatus: {},
    dbDiagnostics,
    dbSchemaDiagnostics: dbSchemaAnswer(state),
    redisInfo: { extensionVersion: '5.3.7', connection: true, used_memory: String(state.redisMemoryBytes) },
    finalSettings,
    extensions: {},
    workers: state.backgroundJobs ? workersAnswer(state) : [],
    backgroundJobsStatus: state.variant === '2.4.130' ? 'Not configured (so not tested)' : state.supervisord ? 'OK' : 'Error connecting to Supervisor.',
  };
}
