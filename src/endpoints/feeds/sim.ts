import type { SimFeed, SimState } from '../../sim/scenario.js';
import { cacheTimestampAnswer } from '../servers/sim.js';

/** One row as FeedsController::index answers in 2.5.1 for a site admin (captured). */
function feedAnswer(feed: SimFeed): unknown {
  return {
    Feed: {
      id: String(feed.id),
      name: feed.name,
      provider: feed.provider,
      url: feed.url,
      rules: null,
      enabled: feed.enabled,
      distribution: '0',
      sharing_group_id: '0',
      tag_id: '0',
      default: false,
      source_format: feed.sourceFormat,
      fixed_event: feed.sourceFormat !== 'misp',
      delta_merge: false,
      event_id: '0',
      publish: false,
      override_ids: false,
      settings: '[]',
      input_source: feed.inputSource,
      delete_local_file: false,
      lookup_visible: false,
      headers: null,
      caching_enabled: feed.caching,
      force_to_ids: false,
      orgc_id: '0',
      tag_collection_id: '0',
      cache_timestamp: cacheTimestampAnswer(feed.cachedAgoSeconds),
    },
  };
}

export function feedsAnswer(state: SimState): unknown {
  return state.feeds.map(feedAnswer);
}
