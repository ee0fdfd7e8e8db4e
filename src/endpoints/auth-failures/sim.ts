import { type SimLog, SimMispError, type SimRequest, type SimState } from '../../sim/scenario.js';
import { mispDate } from '../jobs/sim.js';

/** The filters LogsController::index reads (paramArray); any other key is ignored, as MISP does. */
const FILTERS = ['id', 'title', 'created', 'model', 'model_id', 'action', 'user_id', 'change', 'email', 'org', 'description', 'ip'] as const;
type Filter = (typeof FILTERS)[number];

/** Titles MISP 2.5.1 writes (fixture logs_action_auth_fail_login_fail_since_id.json). */
export const LOG_TITLES = {
  auth_fail: 'Failed authentication using API key (agen********************************0000)',
  login_fail: 'Failed login attempt using username admin@admin.test from IP: 127.0.0.1.',
  login: 'User (1): admin@admin.test',
} as const;

/**
 * Appends `count` rows of `action` to the simulated logs table, as MISP writes them now; returns their ids.
 * Any action works ('add', 'edit', ...): the title then defaults to a setting change.
 */
export function appendLogs(state: SimState, action: string, count = 1, title?: string): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = state.nextLogId++;
    const known = (LOG_TITLES as Record<string, string>)[action];
    state.logs.push({ id, action, title: title ?? known ?? `AdminSetting (${id})`, email: action === 'login_fail' || action === 'login' ? 'admin@admin.test' : 'SYSTEM', createdAt: Date.now() });
    ids.push(id);
  }
  return ids;
}

/** Leaves `count` ids unused, as a rolled-back insert does (or a large AUTO_INCREMENT offset). */
export function skipLogIds(state: SimState, count: number): void {
  state.nextLogId += count;
}

/**
 * Deletes the rows from id `first` on, as an admin purging the newest rows does. With `restarted`, the
 * AUTO_INCREMENT goes back to the highest id left + 1, as a restart of MySQL before 8.0 does: the ids are used again.
 */
export function deleteLogsFrom(state: SimState, first: number, restarted: boolean): void {
  state.logs = state.logs.filter((log) => log.id < first);
  if (restarted) state.nextLogId = (state.logs.at(-1)?.id ?? 0) + 1;
}

/** One row as LogsController::index answers in REST (captured: every column a string). */
function logAnswer(log: SimLog): unknown {
  const login = log.action === 'login_fail' || log.action === 'login';
  return {
    Log: {
      id: String(log.id),
      title: log.title,
      created: mispDate((Date.now() - log.createdAt) / 1000),
      model: 'User',
      model_id: log.email === 'SYSTEM' ? '0' : '1',
      action: log.action,
      user_id: log.email === 'SYSTEM' ? '0' : '1',
      change: login ? '{"user_agent":"curl\\/7.88.1","ip":"127.0.0.1"}' : '',
      email: log.email,
      org: log.email === 'SYSTEM' ? 'SYSTEM' : 'ORGNAME',
      description: '',
      ip: '',
    },
  };
}

function columnOf(log: SimLog, filter: Filter): string {
  return String((logAnswer(log) as { Log: Record<Filter, string> }).Log[filter]);
}

/**
 * The rows a filter keeps, as generic_add_filter reads its values: a list, or one value ("a||b" splits);
 * `%` at either end is LIKE; the rest an IN list. MySQL compares an int column with text as a number:
 * ">785" is 0 and matches nothing (fixture logs_id_operator_in_body).
 */
function matcher(filter: Filter, values: readonly unknown[]): (log: SimLog) => boolean {
  const texts = values.map(String);
  const likes = texts.filter((value) => value.startsWith('%') || value.endsWith('%')).map((value) => new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i'));
  const numeric = filter === 'id' || filter === 'model_id' || filter === 'user_id';
  const exact = new Set(texts.filter((value) => !value.startsWith('%') && !value.endsWith('%')).map((value) => (numeric ? (/^\d+$/.test(value.trim()) ? String(Number(value)) : '') : value.toLowerCase())));
  return (log) => {
    const column = filter === 'id' ? String(log.id) : columnOf(log, filter);
    return exact.has(numeric ? column : column.toLowerCase()) || likes.some((like) => like.test(column));
  };
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : typeof value === 'string' && value.includes('||') ? value.split('||') : [value]);

/** MISP's resolveTimeDelta: "10m", "1h", "2d" before now, or epoch seconds. */
function sinceMs(value: unknown): number {
  const match = /^(\d+)([smhd])$/.exec(String(value));
  if (match === null) return Number(value) * 1000;
  return Date.now() - Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'] * 1000;
}

/**
 * POST /admin/logs/index (REST), as LogsController::index in 2.5.1 answers it: each known filter an
 * IN list, `created` a time delta, `limit`/`page` over the rows in primary-key order (no ORDER BY, so
 * the oldest come first), unknown filters ignored, no body a 400. A key without audit rights gets the
 * ACL's 403 before this runs (siteAdminOnly).
 */
export function logsAnswer(state: SimState, { body }: SimRequest): unknown {
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0;
  if (!isObject) throw new SimMispError(400, 'Either specify the search terms in the url, or POST a json with the filter parameters.');
  const request = body as Record<string, unknown>;
  const filters = (request.request !== null && typeof request.request === 'object' ? request.request : request) as Record<string, unknown>;
  let rows = state.logs;
  for (const filter of FILTERS) {
    const wanted = filters[filter];
    if (wanted === undefined) continue;
    if (filter === 'created') {
      const since = sinceMs(wanted);
      rows = rows.filter((log) => log.createdAt >= since);
    } else {
      rows = rows.filter(matcher(filter, asList(wanted)));
    }
  }
  const limit = Number(filters.limit);
  if (Number.isInteger(limit) && limit > 0) {
    const page = Math.max(1, Number(filters.page) || 1);
    rows = rows.slice((page - 1) * limit, page * limit);
  }
  return rows.map(logAnswer);
}
