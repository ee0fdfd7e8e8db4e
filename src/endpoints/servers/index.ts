import type { CollectContext, EndpointGroup } from '../endpoint.js';
import type { RetryBudget } from '../../http/bounded-retry.js';
import { syncServerTable } from './mib.js';
import type { ServersData } from './model.js';
import { parseServers } from './parse.js';
import { serversAnswer } from './sim.js';

const SERVERS_INDEX = '/servers/index';

function collectServers({ fetchJson }: CollectContext): (budget: RetryBudget) => Promise<ServersData> {
  return async (budget) => parseServers(await fetchJson(SERVERS_INDEX, budget));
}

/**
 * Sync servers (site admin): one request, unpaginated, the cost of a getVersion on the real kit. The
 * outcome of each server's pulls and pushes comes from the jobs group's answer, read when served.
 */
export const serversGroup: EndpointGroup<'servers'> = {
  name: 'servers',
  defaultIntervalSeconds: 300,
  asks: SERVERS_INDEX,
  collector: collectServers,
  tables: [syncServerTable],
  simRoutes: {
    [SERVERS_INDEX]: { answer: serversAnswer, needsKey: true, siteAdminOnly: true },
  },
};
