import { invalid, isRecord, readCount, readUtf8Field } from '../../http/json-values.js';
import { readMispDate } from '../jobs/parse.js';
import type { AuthFailureAction } from './model.js';

export const LOGS_INDEX = '/admin/logs/index';
export const AUTH_FAILURE_ACTIONS: readonly AuthFailureAction[] = ['auth_fail', 'login_fail'];

/** A row of /admin/logs/index with the fields the group reads. */
export interface LogRow {
  readonly id: number;
  readonly action: string;
  readonly title: string;
  readonly createdAt: number;
}

// A run of 32+ letters and digits is an API key (MISP's are 40): MISP masks it to 4 + 32 stars + 4
// unless Security.allow_unsafe_cleartext_apikey_logging is on (AppController.php:471-478); the agent masks it the same way.
const KEY_SHAPED = /[A-Za-z0-9]{32,}/g;

/** `title` with every key-shaped run masked as MISP masks a key: first 4 and last 4 characters kept. */
export function maskKeys(title: string): string {
  return title.replace(KEY_SHAPED, (run) => `${run.slice(0, 4)}${'*'.repeat(run.length - 8)}${run.slice(-4)}`);
}

function parseLogRow(raw: unknown, position: number): LogRow {
  const what = `admin/logs/index[${position}]`;
  if (!isRecord(raw) || !isRecord(raw.Log)) throw invalid(what, 'has no "Log" object');
  const log = raw.Log;
  return {
    id: readCount(log.id, `${what}.Log.id`),
    action: readUtf8Field(log.action, `${what}.Log.action`),
    title: maskKeys(readUtf8Field(log.title, `${what}.Log.title`)),
    createdAt: readMispDate(log.created, `${what}.Log.created`),
  };
}

/**
 * /admin/logs/index (REST): a list of {Log}. Every row must lie in [first, last], the ids asked for:
 * a MISP (or proxy) that ignored the id list would otherwise have the agent count its whole log.
 */
export function parseLogRows(body: unknown, first: number, last: number): LogRow[] {
  if (!Array.isArray(body)) throw invalid('admin/logs/index', 'answer is not a list');
  const rows = body.map(parseLogRow);
  const outside = rows.find((row) => row.id < first || row.id > last);
  if (outside !== undefined) throw invalid('admin/logs/index', `row id ${outside.id} lies outside the ids asked for (${first}-${last}): this MISP does not filter the log by id`);
  return rows;
}
