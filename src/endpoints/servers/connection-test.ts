import type { RetryBudget } from '../../http/bounded-retry.js';
import { classifyThrown } from '../../http/classify.js';
import { invalid, isRecord, readCount, readUtf8Field } from '../../http/json-values.js';
import type { CollectContext } from '../endpoint.js';
import { type ConnectionTest, type SyncServerData, TEST_STATUSES } from './model.js';

/** GET, as MISP's own Servers page asks it (webroot/js/misp.js testConnection); the action takes any method. */
export const TEST_CONNECTION = '/servers/testConnection';

/** Only servers MISP syncs with are worth a connection out: pull or push enabled. */
export const isTested = (server: SyncServerData): boolean => server.pull || server.push;

/**
 * A failed test: MISP's red answers (2-6), and a remote key without sync permission (7, 8) when
 * this server pushes; pulling works with such a key (MISP shows 7 and 8 in orange).
 */
export function testFailed(server: SyncServerData): boolean | null {
  if (server.test === null) return null;
  const { status } = server.test;
  if (status === 'noSyncPermission' || status === 'sightingOnly') return server.push;
  return status !== 'ok';
}

/** testConnection's answer: {status: 1-8, ...}; the remote version is `version` for 1, `info.version` for 7 and 8. */
export function parseConnectionTest(body: unknown, testedAt: number): ConnectionTest {
  const what = 'servers/testConnection';
  if (!isRecord(body)) throw invalid(what, 'answer is not an object');
  const code = readCount(body.status, `${what}.status`);
  const status = TEST_STATUSES[code - 1];
  if (status === undefined) throw invalid(what, `status ${code} is not one of MISP's 1-8`);
  const version = status === 'ok' ? body.version : isRecord(body.info) ? body.info.version : undefined;
  const remoteVersion = readUtf8Field(version, `${what}.version`);
  return { status, remoteVersion: remoteVersion === '' ? null : remoteVersion, testedAt };
}

/**
 * The optional connection test of the sync servers, run from the servers poll: at most one server
 * per poll (one connection out of MISP at a time), the one whose last attempt is oldest, each at
 * most once per `config.serverTestSeconds`. An attempt counts even when MISP gave no answer, so a
 * failing request is not repeated before the interval; the last answer is kept and served.
 */
export function connectionTester({ config, logger, fetchJson }: CollectContext) {
  const answers = new Map<number, ConnectionTest>();
  const attempts = new Map<number, number>();
  const everyMs = (config.serverTestSeconds ?? 0) * 1000;

  const runOne = async (server: SyncServerData, budget: RetryBudget): Promise<void> => {
    attempts.set(server.id, budget.now());
    try {
      // No retry (each would be another connection out), and MISP may take until the poll's deadline:
      // it waits on the remote up to its MISP.curl_request_timeout (300 s by default).
      const body = await fetchJson(`${TEST_CONNECTION}/${server.id}`, budget, { retry: false, answerWithinMs: budget.deadline - budget.now() });
      answers.set(server.id, parseConnectionTest(body, Date.now()));
    } catch (error) {
      const failure = classifyThrown(error);
      logger.warn({ server: server.id, status: failure.status, error: failure.message }, 'sync server connection test got no usable answer; the last one is kept');
    }
  };

  return async (servers: readonly SyncServerData[], budget: RetryBudget): Promise<SyncServerData[]> => {
    for (const id of [...attempts.keys()]) {
      if (!servers.some((server) => server.id === id)) {
        attempts.delete(id);
        answers.delete(id);
      }
    }
    if (everyMs > 0) {
      const lastAttempt = (server: SyncServerData): number => attempts.get(server.id) ?? -Infinity;
      const due = servers.filter((server) => isTested(server) && budget.now() - lastAttempt(server) >= everyMs);
      const next = due.sort((a, b) => lastAttempt(a) - lastAttempt(b) || a.id - b.id)[0];
      if (next !== undefined) await runOne(next, budget);
    }
    return servers.map((server) => ({ ...server, test: everyMs > 0 && isTested(server) ? (answers.get(server.id) ?? null) : null }));
  };
}
