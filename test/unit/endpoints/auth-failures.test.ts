import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthLogTracker, findTip, GAP_SEARCH_EVERY, GAP_SEARCH_PROBES, type LogFilter, MAX_REQUESTS_PER_POLL, type PostLogFilter } from '../../../src/endpoints/auth-failures/cursor.js';
import { maskKeys, parseLogRows } from '../../../src/endpoints/auth-failures/parse.js';
import { appendLogs, deleteLogsFrom, logsAnswer, skipLogIds } from '../../../src/endpoints/auth-failures/sim.js';
import { PollError } from '../../../src/http/poll-error.js';
import { defaultState } from '../../../src/sim/scenario.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));

/** The simulator's logs table answering in-process (as JSON crosses the wire), counting the requests. */
function simulatedLog() {
  const state = defaultState('2.5', {});
  const asked: LogFilter[] = [];
  const post: PostLogFilter = async (filter) => {
    asked.push(filter);
    return logsAnswer(state, { key: '', body: JSON.parse(JSON.stringify(filter)) });
  };
  return { state, asked, post };
}

describe('parseLogRows on real MISP 2.5.1 answers', () => {
  it('reads the failures of an id window: ids, actions, titles (keys already masked by MISP), local times', () => {
    const rows = parseLogRows(fixture('logs_action_auth_fail_login_fail_since_id'), 750, 799);
    expect(rows.map((row) => [row.id, row.action])).toEqual([
      [785, 'auth_fail'], [786, 'auth_fail'], [787, 'auth_fail'], [788, 'auth_fail'], [789, 'auth_fail'],
      [790, 'login_fail'], [791, 'login_fail'], [792, 'login_fail'],
    ]);
    expect(rows[0]).toMatchObject({ title: 'Failed authentication using API key (agen********************************0000)', createdAt: new Date(2026, 10, 29, 0, 41, 53).getTime() });
    expect(rows[5]?.title).toBe('Failed login attempt using username admin@admin.test from IP: 127.0.0.1.');
  });

  it('refuses rows outside the ids asked for (a MISP that ignores the id list), naming the id', () => {
    expect(() => parseLogRows(fixture('logs_action_auth_fail_login_fail_since_id'), 786, 900)).toThrow(/row id 785 lies outside the ids asked for \(786-900\)/);
    expect(() => parseLogRows({ Log: [] }, 1, 2)).toThrow(PollError);
    expect(() => parseLogRows([{ Log: { id: '5', title: 't', action: 'auth_fail', created: 'yesterday' } }], 1, 9)).toThrow(/admin\/logs\/index\[0\]\.Log\.created/);
  });

  it('masks a key MISP logged in clear (Security.allow_unsafe_cleartext_apikey_logging) as MISP masks it', () => {
    const clear = 'Failed authentication using API key (AdminKey0123456789abcdefghijklmnopqrstuv)';
    expect(maskKeys(clear)).toBe('Failed authentication using API key (Admi********************************stuv)');
    expect(maskKeys('Failed authentication using API key (agen********************************0000)')).toBe('Failed authentication using API key (agen********************************0000)');
    expect(maskKeys('Failed login attempt using username admin@admin.test from IP: 127.0.0.1.')).toBe('Failed login attempt using username admin@admin.test from IP: 127.0.0.1.');
  });
});

describe("the simulated logs table answers as MISP 2.5.1's REST logs index", () => {
  const state = defaultState('2.5', {});
  const ask = (body: unknown) => logsAnswer(state, { key: '', body }) as Array<{ Log: Record<string, string> }>;

  it('matches ids as an IN list, ignores unknown filters, pages the oldest rows first, refuses an empty body', () => {
    expect(ask({ id: [40, 41, 500] }).map((row) => row.Log.id)).toEqual(['40', '41']);
    expect(ask({ id: '40||80', action: 'auth_fail' }).map((row) => row.Log.id)).toEqual(['40', '80']);
    // Fixture logs_id_operator_in_body: "id":">N" matches nothing.
    expect(ask({ id: '>100' })).toEqual([]);
    expect(ask({ limit: 1 }).map((row) => row.Log.id)).toEqual(['1']);
    expect(ask({ limit: 1, page: 2 }).map((row) => row.Log.id)).toEqual(['2']);
    expect(ask({ id: [5, 6], no_such_filter: 'x' })).toHaveLength(2);
    expect(() => ask({})).toThrow('Either specify the search terms in the url, or POST a json with the filter parameters.');
  });

  it('answers rows in the captured shape: every column a string, SYSTEM rows for failed keys', () => {
    const [row] = ask({ id: [40] });
    expect(Object.keys(row?.Log ?? {})).toEqual(Object.keys((fixture('logs_action_auth_fail_login_fail_since_id') as Array<{ Log: object }>)[0]?.Log ?? {}));
    expect(row?.Log).toMatchObject({ id: '40', action: 'auth_fail', model: 'User', user_id: '0', email: 'SYSTEM', org: 'SYSTEM' });
    expect(row?.Log.created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('the id-window cursor against the simulated logs table', () => {
  it('finds the tip from the oldest row, growing probes and a binary search; an empty log is tip 0', async () => {
    const log = simulatedLog();
    expect(await findTip(log.post)).toBe(146);
    expect(log.asked[0]).toEqual({ limit: 1 });
    expect(log.asked.slice(1).every((filter) => filter.action === undefined && filter.limit === 1 && filter.id?.length === 2000)).toBe(true);
    console.log(`tip search on 146 rows: ${log.asked.length} requests`);

    const empty = simulatedLog();
    empty.state.logs = [];
    expect(await findTip(empty.post)).toBe(0);
    expect(empty.asked).toHaveLength(1);
  });

  it('finds the tip of a log whose ids start high (pruned, or a large AUTO_INCREMENT) in about log2(rows / 1000) + log2(rows) + 10 requests', async () => {
    const log = simulatedLog();
    log.state.logs = [];
    skipLogIds(log.state, 1_000_000);
    appendLogs(log.state, 'add', 200_000);
    const tip = log.state.nextLogId - 1;
    expect(await findTip(log.post)).toBe(tip);
    console.log(`tip search on 200,000 rows from id 1,000,147: ${log.asked.length} requests`);
    expect(log.asked.length).toBeLessThanOrEqual(Math.log2(200_000 / 1000) + Math.log2(200_000) + 3 + GAP_SEARCH_PROBES);
  });

  it('counts from the tip on, 2 requests a poll, each row once, never the history', async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 0, loginFailures: 0, cursor: 146, newest: null, lagWindows: 0 });
    const start = log.asked.length;
    appendLogs(log.state, 'auth_fail', 3);
    appendLogs(log.state, 'add', 2);
    appendLogs(log.state, 'login_fail', 2);
    const first = await tracker.poll(log.post);
    expect(log.asked.length - start).toBe(2);
    expect(first).toMatchObject({ authFailures: 3, loginFailures: 2, cursor: 146, lagWindows: 0 });
    expect(first.newest).toMatchObject({ id: 153, action: 'login_fail', title: 'Failed login attempt using username admin@admin.test from IP: 127.0.0.1.' });
    expect(first.recent).toHaveLength(5);
    // Read again with nothing new: nothing counted twice.
    expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 3, loginFailures: 2 });
    // The window completes: the cursor moves and the rows in it still count once.
    appendLogs(log.state, 'add', 1000);
    appendLogs(log.state, 'auth_fail', 1);
    expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 4, loginFailures: 2, cursor: 1146, lagWindows: 0 });
    // Every filter named ids: never the action filter alone (a scan of the whole table).
    expect(log.asked.every((filter) => filter.id !== undefined || (filter.limit === 1 && filter.action === undefined))).toBe(true);
  });

  it(`reads at most ${MAX_REQUESTS_PER_POLL} requests a poll and reports the lag until it catches up`, async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    for (let i = 0; i < 25; i++) {
      appendLogs(log.state, 'add', 999);
      appendLogs(log.state, i % 2 === 0 ? 'auth_fail' : 'login_fail', 1);
    }
    const before = log.asked.length;
    const first = await tracker.poll(log.post);
    expect(log.asked.length - before).toBe(MAX_REQUESTS_PER_POLL);
    expect(first).toMatchObject({ cursor: 146 + 10_000, lagWindows: 1, authFailures: 5, loginFailures: 5 });
    expect(await tracker.poll(log.post)).toMatchObject({ cursor: 146 + 20_000, lagWindows: 1 });
    expect(await tracker.poll(log.post)).toMatchObject({ cursor: 146 + 25_000, lagWindows: 0, authFailures: 13, loginFailures: 12 });
  });

  it('steps over a run of up to 1999 unused ids (a rolled-back insert)', async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    appendLogs(log.state, 'auth_fail', 1);
    skipLogIds(log.state, 1999);
    appendLogs(log.state, 'login_fail', 1);
    appendLogs(log.state, 'add', 1200);
    const data = await tracker.poll(log.post);
    expect(data).toMatchObject({ authFailures: 1, loginFailures: 1, cursor: 3146, lagWindows: 0 });
  });

  it('finds the true tip at start across runs of 2,500, 12,280 and 200,000 unused ids in the history', async () => {
    const log = simulatedLog();
    skipLogIds(log.state, 2500);
    appendLogs(log.state, 'add', 3000);
    skipLogIds(log.state, 12_280);
    appendLogs(log.state, 'add', 2000);
    skipLogIds(log.state, 200_000);
    appendLogs(log.state, 'add', 500);
    expect(await findTip(log.post)).toBe(log.state.nextLogId - 1);
    console.log(`tip search across 3 gaps (5,646 rows): ${log.asked.length} requests`);
    expect(log.asked.length).toBeLessThan(150);
    expect(log.asked.every((filter) => (filter.id?.length ?? 0) <= 2000)).toBe(true);
  });

  for (const gap of [2500, 12_280, 200_000]) {
    it(`crosses a run of ${gap.toLocaleString('en')} unused ids above the cursor: the gap search finds the rows beyond, each failure counted once, the lag said while crossing`, async () => {
      const log = simulatedLog();
      const tracker = new AuthLogTracker();
      await tracker.poll(log.post);
      appendLogs(log.state, 'auth_fail', 1);
      appendLogs(log.state, 'add', 850);
      skipLogIds(log.state, gap);
      // A flood after the gap (a bulk insert, then MISP's own rows): longer than the search's spacing there.
      appendLogs(log.state, 'login_fail', 400);
      appendLogs(log.state, 'auth_fail', 100);
      const perPoll: number[] = [];
      let data = await tracker.poll(log.post);
      for (let polls = 0; polls < 3 * GAP_SEARCH_EVERY && data.authFailures + data.loginFailures < 501; polls++) {
        const before = log.asked.length;
        data = await tracker.poll(log.post);
        perPoll.push(log.asked.length - before);
        // The poll whose search found the rows beyond says how far behind the counts are.
        if (perPoll.length === GAP_SEARCH_EVERY - 1) expect(data).toMatchObject({ authFailures: 1, lagWindows: Math.floor((gap + 850) / 1000) });
      }
      expect(data).toMatchObject({ authFailures: 101, loginFailures: 400, lagWindows: 0 });
      console.log(`gap of ${gap} ids: ${perPoll.length} polls, requests per poll ${perPoll.join(',')}`);
      expect(Math.max(...perPoll)).toBeLessThanOrEqual(MAX_REQUESTS_PER_POLL);
      // Nothing counted twice afterwards.
      appendLogs(log.state, 'auth_fail', 1);
      expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 102, loginFailures: 400 });
    });
  }

  it("finds a lone row beyond the kit's 12,280 unused ids: the search's spacing turns, quiet polls stay at 2 requests", async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    skipLogIds(log.state, 12_280);
    appendLogs(log.state, 'auth_fail', 1);
    const perPoll: number[] = [];
    let data = await tracker.poll(log.post);
    while (data.authFailures === 0 && perPoll.length < 20 * GAP_SEARCH_EVERY) {
      const before = log.asked.length;
      data = await tracker.poll(log.post);
      perPoll.push(log.asked.length - before);
    }
    expect(data.authFailures).toBe(1);
    // The last poll read the windows up to the row the last search found.
    const searches = perPoll.slice(0, -1).filter((count) => count > 2);
    console.log(`lone row beyond 12,280 unused ids: found after ${perPoll.length + 1} polls, ${searches.length} gap searches of ${searches.join(',')} requests, then ${perPoll.at(-1)} to read up to it`);
    expect(perPoll.at(-1)).toBeLessThanOrEqual(MAX_REQUESTS_PER_POLL);
    // 12,281 ids above the cursor lies in the second probe, ids spaced 4 apart: one of any 4 searches in a row lists it.
    expect(searches.length).toBeLessThanOrEqual(4);
    expect(perPoll.filter((count) => count === 2)).toHaveLength(perPoll.length - 1 - searches.length);
    expect(Math.max(...searches)).toBeLessThanOrEqual(2 + GAP_SEARCH_PROBES);
  });

  it('after the newest rows are deleted: without id reuse the gap is searched; with reuse (MySQL before 8.0 restarted) failures under ids already counted or passed are not counted, nothing stalls', async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    appendLogs(log.state, 'add', 500);
    const [firstFlood] = appendLogs(log.state, 'auth_fail', 3000);
    appendLogs(log.state, 'add', 100);
    expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 3000, cursor: 3146 });
    // The admin purges the flood; MariaDB keeps its AUTO_INCREMENT: a gap of 3100 ids, then new rows.
    deleteLogsFrom(log.state, firstFlood as number, false);
    appendLogs(log.state, 'add', 1000);
    appendLogs(log.state, 'login_fail', 2);
    let data = await tracker.poll(log.post);
    for (let polls = 0; polls < 2 * GAP_SEARCH_EVERY && data.loginFailures < 2; polls++) data = await tracker.poll(log.post);
    expect(data).toMatchObject({ authFailures: 3000, loginFailures: 2, lagWindows: 0 });

    // Purged again, and MySQL before 8.0 restarts: ids from the highest left + 1 are handed out again.
    const [secondFlood] = appendLogs(log.state, 'auth_fail', 10);
    expect((await tracker.poll(log.post)).authFailures).toBe(3010);
    const cursor = (await tracker.poll(log.post)).cursor;
    deleteLogsFrom(log.state, secondFlood as number, true);
    const reused = appendLogs(log.state, 'auth_fail', 20);
    expect(reused[0]).toBe(secondFlood);
    appendLogs(log.state, 'add', 1500);
    appendLogs(log.state, 'auth_fail', 1);
    data = await tracker.poll(log.post);
    console.log(`id reuse: cursor ${cursor}, purged and reused from id ${secondFlood}`);
    // The first 10 reused ids were counted before (the purged flood's): not again. The next 10 and the last are new.
    expect(cursor).toBeLessThan(secondFlood as number);
    expect(data.authFailures).toBe(3010 + 10 + 1);
  });

  it('keeps nothing of a poll that failed half-way, and counts its rows once on the next', async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    appendLogs(log.state, 'auth_fail', 2);
    appendLogs(log.state, 'add', 2500);
    let calls = 0;
    const failing: PostLogFilter = async (filter) => {
      if (++calls === 3) throw new PollError('serverError', 'HTTP 500');
      return log.post(filter);
    };
    await expect(tracker.poll(failing)).rejects.toThrow(/HTTP 500/);
    expect(await tracker.poll(log.post)).toMatchObject({ authFailures: 2, cursor: 2146 });
  });

  it('refuses a log that ignores the action filter instead of counting other rows', async () => {
    const log = simulatedLog();
    const tracker = new AuthLogTracker();
    await tracker.poll(log.post);
    appendLogs(log.state, 'add', 1);
    const ignoring: PostLogFilter = async (filter) => log.post({ ...filter, action: undefined });
    await expect(tracker.poll(ignoring)).rejects.toThrow(/row 147 has action "add", not one asked for/);
  });
});
