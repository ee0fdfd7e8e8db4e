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
/** At most this many requests a poll (10 windows with their probes, 10,000 log rows; up to 20 windows below a row already known): the rest is reported as lag. */
export const MAX_REQUESTS_PER_POLL = 21;
/** The gap search runs on every this many polls in a row where the cursor stayed and the tip probe found nothing (a quiet log, or a gap of unused ids). */
export const GAP_SEARCH_EVERY = 10;
/** Probes of one gap search: probe k lists PROBE_IDS ids spaced 4^k apart, each starting where the previous ended. */
export const GAP_SEARCH_PROBES = 8;
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

/** The lowest used id among `ids` (ascending), or null when none is used (one request, limit 1: a primary-key lookup per id). */
async function lowestUsedAmong(post: PostLogFilter, ids: readonly number[]): Promise<number | null> {
  const rows = parseLogRows(await post({ id: ids, limit: 1 }), ids[0] as number, ids.at(-1) as number);
  return rows.length === 0 ? null : Math.min(...rows.map((row) => row.id));
}

/** The lowest log id in [first, first + count - 1], or null when none is used (one request, limit 1). */
const lowestIdIn = (post: PostLogFilter, first: number, count: number): Promise<number | null> => lowestUsedAmong(post, idRange(first, count));

/**
 * A used id at or beyond `first` within about 2000 * (4^8 - 1) / 3 = 43.7 million ids, or null when the
 * probes find none: at most GAP_SEARCH_PROBES requests. Probe k lists 2000 ids spaced 4^k apart (the
 * first is dense), so a run of rows beyond a gap is found once it is longer than the spacing where it
 * lies (at most 1/660 of its distance); `search` turns the phase of the spacing, so that a lone row
 * within reach is listed by one of any 4^k searches in a row. The hit is the lowest listed, not
 * necessarily the lowest used id: the windows below it are read before the cursor passes them.
 */
export async function findRowBeyond(post: PostLogFilter, first: number, search: number): Promise<number | null> {
  let start = first;
  for (let k = 0, spacing = 1; k < GAP_SEARCH_PROBES; k++, spacing *= 4) {
    const phase = search % spacing;
    const found = await lowestUsedAmong(post, Array.from({ length: PROBE_IDS }, (_, i) => start + phase + i * spacing));
    if (found !== null) return found;
    start += PROBE_IDS * spacing;
  }
  return null;
}

/**
 * The highest used id of the run of rows from `used` on: probes at growing distances, then a binary
 * search. Afterwards nothing is used in [top + 1, top + PROBE_IDS].
 */
async function topOfRun(post: PostLogFilter, from: number): Promise<number> {
  // Invariant: `used` is a used id; nothing is used in [unused, unused + PROBE_IDS).
  let used = from;
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

/**
 * The highest log id now, found once at start without reading the table: the oldest row (`limit` 1
 * without filters reads the first row of the primary key), the top of its run (growing probes and a
 * binary search), then a gap search beyond it; a row found there starts the next run. About
 * log2(rows / 1000) + log2(rows) + 10 requests (40 on a million rows), plus about 30 per run of
 * 2000 or more unused ids in the log's history.
 */
export async function findTip(post: PostLogFilter): Promise<number> {
  const [oldest] = parseLogRows(await post({ limit: 1 }), 0, Number.MAX_SAFE_INTEGER);
  if (oldest === undefined) return 0;
  let top = await topOfRun(post, oldest.id);
  for (;;) {
    const beyond = await findRowBeyond(post, top + PROBE_IDS + 1, 0);
    if (beyond === null) return top;
    top = await topOfRun(post, beyond);
  }
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
  /** The highest used log id known: every window below it is complete. */
  private knownUsed = 0;
  private lagWindows = 0;
  /** Polls in a row where the cursor stayed and the tip probe found nothing. */
  private quietPolls = 0;
  private gapSearches = 0;

  async poll(post: PostLogFilter): Promise<AuthFailuresData> {
    if (this.state === null) {
      // Counters start at 0 at the tip, as Counter32 do: the log's history is not counted.
      const tip = await findTip(post);
      this.state = { cursor: tip, countedAbove: new Set(), authFailures: 0, loginFailures: 0, newest: null, recent: [] };
      this.knownUsed = tip;
      return this.data();
    }
    let draft = this.state;
    let knownUsed = this.knownUsed;
    let requests = 0;
    let quiet = false;
    for (;;) {
      // A used id at or beyond the window's last id proves the window complete (ids are handed out in order).
      if (knownUsed < draft.cursor + WINDOW_IDS) {
        if (requests === MAX_REQUESTS_PER_POLL) break;
        const beyond = await lowestIdIn(post, draft.cursor + WINDOW_IDS, PROBE_IDS);
        requests++;
        if (beyond !== null) knownUsed = Math.max(knownUsed, beyond);
        quiet = beyond === null;
      }
      // The last request of the budget goes to a probe, so that the lag is known.
      if (requests >= MAX_REQUESTS_PER_POLL - 1) break;
      const first = draft.cursor + 1;
      const last = draft.cursor + WINDOW_IDS;
      draft = counted(draft, parseLogRows(await post({ action: AUTH_FAILURE_ACTIONS, id: idRange(first, WINDOW_IDS) }), first, last));
      requests++;
      // No row at or beyond the window's last id yet: rows written later inside it are read next poll.
      if (knownUsed < last) break;
      draft = advanced(draft);
    }
    // Quiet: the cursor stayed and the tip probe found nothing. A search poll makes at most 2 + GAP_SEARCH_PROBES requests.
    let quietPolls = quiet && draft.cursor === this.state.cursor ? this.quietPolls + 1 : 0;
    let gapSearches = this.gapSearches;
    if (quietPolls === GAP_SEARCH_EVERY) {
      // Beyond the tip probe's ids: a row there means a run of unused ids the probe cannot step over.
      const beyond = await findRowBeyond(post, draft.cursor + WINDOW_IDS + PROBE_IDS, gapSearches);
      gapSearches++;
      quietPolls = 0;
      if (beyond !== null) knownUsed = beyond;
    }
    this.state = draft;
    this.knownUsed = knownUsed;
    this.quietPolls = quietPolls;
    this.gapSearches = gapSearches;
    this.lagWindows = Math.max(0, Math.floor((knownUsed - draft.cursor) / WINDOW_IDS));
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
