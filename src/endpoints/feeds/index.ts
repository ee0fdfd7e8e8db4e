import type { CollectContext, EndpointGroup } from '../endpoint.js';
import type { RetryBudget } from '../../http/bounded-retry.js';
import { FEED_INPUT_SOURCE, FEED_SOURCE_FORMAT, feedsTable, feedTable } from './mib.js';
import type { FeedsData } from './model.js';
import { parseFeeds } from './parse.js';
import { feedsAnswer } from './sim.js';

const FEEDS_INDEX = '/feeds/index';

function collectFeeds({ fetchJson }: CollectContext): (budget: RetryBudget) => Promise<FeedsData> {
  return async (budget) => parseFeeds(await fetchJson(FEEDS_INDEX, budget));
}

/**
 * Feeds: one request, unpaginated (the cost of a getVersion on the real kit). A site-admin key is
 * needed: MISP lists only lookup_visible feeds and no cache_timestamp to others. The outcome of
 * each feed's fetches comes from the jobs group's answer, read when served.
 */
export const feedsGroup: EndpointGroup<'feeds'> = {
  name: 'feeds',
  defaultIntervalSeconds: 900,
  asks: FEEDS_INDEX,
  keyNeeds: 'siteAdmin',
  collector: collectFeeds,
  conventions: [FEED_SOURCE_FORMAT, FEED_INPUT_SOURCE],
  tables: [feedsTable, feedTable],
  simRoutes: {
    // Any role may list feeds (ACL *); MISP then hides feeds not lookup_visible and cache_timestamp, which this simulator does not model.
    [FEEDS_INDEX]: { answer: feedsAnswer, needsKey: true, siteAdminOnly: false },
  },
};
