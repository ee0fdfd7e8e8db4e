export type FeedSourceFormat = 'misp' | 'freetext' | 'csv' | 'other';
export type FeedInputSource = 'network' | 'local' | 'other';

/** A feed as /feeds/index lists it; its URL and headers (which may hold tokens) are never kept. */
export interface FeedData {
  readonly id: number;
  readonly name: string;
  readonly provider: string;
  readonly sourceFormat: FeedSourceFormat;
  readonly inputSource: FeedInputSource;
  readonly enabled: boolean;
  readonly caching: boolean;
  /** When caching last succeeded (Redis misp:feed_cache_timestamp), epoch milliseconds; null if never. */
  readonly cachedAt: number | null;
}

export interface FeedsData {
  readonly total: number;
  readonly enabled: number;
  readonly caching: number;
  /** The feeds with fetching or caching enabled. */
  readonly feeds: readonly FeedData[];
}
