import { invalid } from '../../http/json-values.js';
import type { AuthFailureAction, AuthFailureRow, AuthFailuresData } from './model.js';
import { AUTH_FAILURE_ACTIONS, type LogRow, parseLogRows } from './parse.js';

/** Log ids per window: 1000 ids are a ~8 kB JSON body and a primary-key range lookup (0-2 page reads) in MISP's database. */
export const WINDOW_IDS = 1000;
/**
 * The tip probe asks for the next two windows' ids: any row there proves the window below it complete
 * (ids are handed out in order), and a run of up to 1999 unused ids (a rolled-back bulk insert) is stepped over.
 */
export const PROBE_IDS = 2 * WINDOW_IDS;
/** At most this many windows (10,000 log rows) a poll: 21 requests; the rest is reported as lag. */
export const MAX_WINDOWS_PER_POLL = 10;
/** The created times kept for the burst notification: its threshold cannot exceed this. */
export const MAX_RECENT_FAILURES = 10_000;

/** A JSON filter for /admin/logs/index. Never `action` alone: that scans the whole table. */
export interface LogFilter {
  readonly id?: readonly number[];
  readonly action?: readonly AuthFailureAction[];
  readonly limit?: number;
}

/** POSTs a filter to /admin/logs/index and returns the decoded answer. */
export type PostLogFilter = (filter: LogFilter) => Promise<unknown>;

const idRange = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

/** The lowest log id in [first, first + count - 1], or null when none is used (one request, limit 1). */
async function lowestIdIn(post: PostLogFilter, first: number, count: number): Promise<number | null> {
  const rows = parseLogRows(await post({ id: idRange(first, count), limit: 1 }), first, first + count - 1);
  return rows.length === 0 ? null : Math.min(...rows.map((row) => row.id));
}

/**
 * The highest log id now, found once at start without reading the table: the oldest row (`limit` 1
 * without filters reads the first row of the primary key), probes at growing distances from it, then a
 * binary search down to the id. About log2(rows / 1000) + log2(rows) + 2 requests: 32 on a million rows.
 */
export async function findTip(post: PostLogFilter): Promise<number> {
  const [oldest] = parseLogRows(await post({ limit: 1 }), 0, Number.MAX_SAFE_INTEGER);
  if (oldest === undefined) return 0;
  // Invariant: `used` is a used id; nothing is used in [unused, unused + PROBE_IDS).
  let used = oldest.id;
  let unused: number;
  for (let step = WINDOW_IDS; ; step *= 2) {
    const found = await lowestIdIn(post, used + step, PROBE_IDS);
    if (found === null) {
      unused = used + step;
      break;
    }
    used = found;
  }
  while (unused - used > 1) {
    const middle = Math.floor((used + unused) / 2);
    const found = await lowestIdIn(post, middle, PROBE_IDS);
    if (found === null) unused = middle;
    else used = found;
  }
  return used;
}

interface TrackerState {
  readonly cursor: number;
  /** Failures already counted above the cursor (in the window not yet complete): at most WINDOW_IDS ids. */
  readonly countedAbove: ReadonlySet<number>;
  readonly authFailures: number;
  readonly loginFailures: number;
  readonly newest: AuthFailureRow | null;
  readonly recent: readonly number[];
}

function isFailureAction(action: string): action is AuthFailureAction {
  return (AUTH_FAILURE_ACTIONS as readonly string[]).includes(action);
}

/** `state` with the failures among `rows` that were not counted yet. */
function counted(state: TrackerState, rows: readonly LogRow[]): TrackerState {
  const fresh: AuthFailureRow[] = [];
  for (const row of rows) {
    if (!isFailureAction(row.action)) throw invalid('admin/logs/index', `row ${row.id} has action "${row.action}", not one asked for: this MISP does not filter the log by action`);
    if (!state.countedAbove.has(row.id)) fresh.push({ ...row, action: row.action });
  }
  if (fresh.length === 0) return state;
  fresh.sort((a, b) => a.id - b.id);
  const newest = fresh.at(-1) as AuthFailureRow;
  return {
    ...state,
    countedAbove: new Set([...state.countedAbove, ...fresh.map((row) => row.id)]),
    authFailures: state.authFailures + fresh.filter((row) => row.action === 'auth_fail').length,
    loginFailures: state.loginFailures + fresh.filter((row) => row.action === 'login_fail').length,
    newest: state.newest === null || newest.id > state.newest.id ? newest : state.newest,
    recent: [...state.recent, ...fresh.map((row) => row.createdAt)].slice(-MAX_RECENT_FAILURES),
  };
}

/** `state` with its cursor moved past one complete window: ids at or below it need not be remembered. */
function advanced(state: TrackerState): TrackerState {
  const cursor = state.cursor + WINDOW_IDS;
  return { ...state, cursor, countedAbove: new Set([...state.countedAbove].filter((id) => id > cursor)) };
}

/**
 * Counts MISP's auth_fail and login_fail rows from the agent's start on, reading only new log ids
 * (docs/polling.md). A poll commits what it read only when all its requests succeed, so a failure
 * half-way reads the same windows again next time, and no id is counted twice.
 */
export class AuthLogTracker {
  private state: TrackerState | null = null;
  private lagWindows = 0;

  async poll(post: PostLogFilter): Promise<AuthFailuresData> {
    if (this.state === null) {
      // Counters start at 0 at the tip, as Counter32 do: the log's history is not counted.
      const tip = await findTip(post);
      this.state = { cursor: tip, countedAbove: new Set(), authFailures: 0, loginFailures: 0, newest: null, recent: [] };
      return this.data();
    }
    let draft = this.state;
    let lag = 0;
    for (let windows = 0; ; windows++) {
      const beyond = await lowestIdIn(post, draft.cursor + WINDOW_IDS, PROBE_IDS);
      if (beyond !== null && windows === MAX_WINDOWS_PER_POLL) {
        lag = Math.floor((beyond - draft.cursor) / WINDOW_IDS);
        break;
      }
      const first = draft.cursor + 1;
      const last = draft.cursor + WINDOW_IDS;
      draft = counted(draft, parseLogRows(await post({ action: AUTH_FAILURE_ACTIONS, id: idRange(first, WINDOW_IDS) }), first, last));
      // No row at or beyond the window's last id yet: rows written later inside it are read next poll.
      if (beyond === null) break;
      draft = advanced(draft);
    }
    this.state = draft;
    this.lagWindows = lag;
    return this.data();
  }

  /** A copy: the snapshot freezes what it is given. */
  private data(): AuthFailuresData {
    const state = this.state as TrackerState;
    return {
      authFailures: state.authFailures,
      loginFailures: state.loginFailures,
      newest: state.newest,
      cursor: state.cursor,
      lagWindows: this.lagWindows,
      recent: [...state.recent],
    };
  }
}
