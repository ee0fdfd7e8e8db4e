import type { CollectContext, EndpointGroup } from '../endpoint.js';
import type { RetryBudget } from '../../http/bounded-retry.js';
import { connectionTester, TEST_CONNECTION } from './connection-test.js';
import { CONNECTION_TEST_STATUS, syncServerTable } from './mib.js';
import type { ServersData } from './model.js';
import { parseServers } from './parse.js';
import { serversAnswer, testConnectionAnswer } from './sim.js';

const SERVERS_INDEX = '/servers/index';

function collectServers(context: CollectContext): (budget: RetryBudget) => Promise<ServersData> {
  const withTests = connectionTester(context);
  return async (budget) => ({ servers: await withTests(parseServers(await context.fetchJson(SERVERS_INDEX, budget)).servers, budget) });
}

/**
 * Sync servers (site admin): one request, unpaginated, the cost of a getVersion on the real kit. The
 * outcome of each server's pulls and pushes comes from the jobs group's answer, read when served.
 * The optional connection test (off by default) asks MISP to connect to one server per poll.
 */
export const serversGroup: EndpointGroup<'servers'> = {
  name: 'servers',
  defaultIntervalSeconds: 300,
  asks: SERVERS_INDEX,
  keyNeeds: 'siteAdmin',
  collector: collectServers,
  conventions: [CONNECTION_TEST_STATUS],
  tables: [syncServerTable],
  simRoutes: {
    [SERVERS_INDEX]: { answer: serversAnswer, needsKey: true, siteAdminOnly: true },
    [`${TEST_CONNECTION}/<id>`]: { answer: testConnectionAnswer, needsKey: true, siteAdminOnly: true },
  },
};
