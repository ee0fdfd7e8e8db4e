import type { CollectContext, EndpointGroup } from '../endpoint.js';
import type { RetryBudget } from '../../http/bounded-retry.js';
import { AuthLogTracker } from './cursor.js';
import { authFailuresTable } from './mib.js';
import type { AuthFailuresData } from './model.js';
import { LOGS_INDEX } from './parse.js';
import { logsAnswer } from './sim.js';

function collectAuthFailures({ postJson }: CollectContext): (budget: RetryBudget) => Promise<AuthFailuresData> {
  const tracker = new AuthLogTracker();
  return async (budget) => tracker.poll((filter) => postJson(LOGS_INDEX, filter, budget));
}

/**
 * Failed logins and API authentication failures (opt-in): the new rows of MISP's log, read by id
 * window (2 requests a poll, each the cost of a getVersion on a million-row log; never the action
 * filter, which scans the whole table), with a gap search of up to 8 probes every 10th quiet poll. Needs a
 * site-admin key: a role with perm_audit but not site admin sees only its organisation's rows, never
 * the SYSTEM rows auth_fail is written as.
 */
export const authFailuresGroup: EndpointGroup<'authFailures'> = {
  name: 'authFailures',
  defaultIntervalSeconds: 0,
  asks: `POST ${LOGS_INDEX} by log id window`,
  keyNeeds: 'siteAdmin',
  collector: collectAuthFailures,
  tables: [authFailuresTable],
  simRoutes: {
    [LOGS_INDEX]: { answer: logsAnswer, method: 'POST', needsKey: true, siteAdminOnly: true },
  },
};
