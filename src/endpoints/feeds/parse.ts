import { invalid, isRecord, readBoolean, readCount, readUtf8Field } from '../../http/json-values.js';
import { readCacheTimestamp } from '../servers/parse.js';
import type { FeedData, FeedInputSource, FeedSourceFormat, FeedsData } from './model.js';

const FORMATS: readonly FeedSourceFormat[] = ['misp', 'freetext', 'csv'];
const INPUTS: readonly FeedInputSource[] = ['network', 'local'];
const oneOf = <T extends string>(known: readonly T[], value: string, other: T): T => (known.includes(value as T) ? (value as T) : other);

function parseFeed(raw: unknown, position: number): FeedData {
  const what = `feeds/index[${position}]`;
  if (!isRecord(raw) || !isRecord(raw.Feed)) throw invalid(what, 'has no "Feed" object');
  const feed = raw.Feed;
  return {
    id: readCount(feed.id, `${what}.Feed.id`),
    name: readUtf8Field(feed.name, `${what}.Feed.name`),
    provider: readUtf8Field(feed.provider, `${what}.Feed.provider`),
    sourceFormat: oneOf(FORMATS, readUtf8Field(feed.source_format, `${what}.Feed.source_format`), 'other'),
    inputSource: oneOf(INPUTS, readUtf8Field(feed.input_source, `${what}.Feed.input_source`), 'other'),
    enabled: readBoolean(feed.enabled, `${what}.Feed.enabled`),
    caching: readBoolean(feed.caching_enabled, `${what}.Feed.caching_enabled`),
    cachedAt: readCacheTimestamp(feed.cache_timestamp, `${what}.Feed.cache_timestamp`),
  };
}

/** /feeds/index: a list of {Feed, ...}, every feed, unpaginated; only enabled or caching feeds are kept. */
export function parseFeeds(body: unknown): FeedsData {
  if (!Array.isArray(body)) throw invalid('feeds/index', 'answer is not a list');
  const all = body.map(parseFeed);
  if (new Set(all.map((feed) => feed.id)).size !== all.length) throw invalid('feeds/index', 'lists a feed id twice');
  return {
    total: all.length,
    enabled: all.filter((feed) => feed.enabled).length,
    caching: all.filter((feed) => feed.caching).length,
    feeds: all.filter((feed) => feed.enabled || feed.caching).sort((a, b) => a.id - b.id),
  };
}
