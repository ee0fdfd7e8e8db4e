import { indexColumn, readOnly, tableBranch, wallAgeSeconds } from '../../smi/define.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';
import { enumerated, GAUGE32, integer32, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import type { JobRecord, JobsData } from '../jobs/model.js';
import { JOB_OUTCOME } from '../jobs/mib.js';
import type { FeedData, FeedInputSource, FeedSourceFormat, FeedsData } from './model.js';

const FEEDS = 'GET /feeds/index';
const FETCH_SOURCE = 'GET /jobs/index (the jobs group): the newest job of type fetch_feeds, fetch_feed or feed_fetch with input Feed: <id>';

/** The job types MISP 2.5.1 writes for fetching one feed: the API and cron, the UI's fetch all, legacy scheduled tasks. */
const FETCH_TYPES = ['fetch_feeds', 'fetch_feed', 'feed_fetch'] as const;

/** The newest fetch job of a feed the jobs group has seen, or null. */
export function newestFetchJob(jobs: JobsData | null, feedId: number): JobRecord | null {
  const found = FETCH_TYPES.flatMap((type) => jobs?.latest.get(`${type}|Feed: ${feedId}`) ?? []);
  return found.reduce<JobRecord | null>((newest, job) => (newest === null || job.id > newest.id ? job : newest), null);
}

export const FEED_SOURCE_FORMAT: Syntax<FeedSourceFormat> = enumerated('MispFeedFormat', { misp: 1, freetext: 2, csv: 3, other: 4 }, "A feed's source_format.");
export const FEED_INPUT_SOURCE: Syntax<FeedInputSource> = enumerated('MispFeedInput', { network: 1, local: 2, other: 3 }, "A feed's input_source: fetched over the network or read from a local file.");

/** Feed counts per instance. */
export const feedsTable = tableBranch<FeedsData>({
  name: 'mispFeedsTable',
  arc: 12,
  description: 'Feed counts of each MISP instance.',
  entry: { name: 'mispFeedsEntry', description: 'The feed counts of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispFeedsGroup',
    description: 'Feed counts of each MISP instance.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: instanceRows((i) => i.feeds),
  columns: (
    [
      ['Count', 'total', 'Feeds configured, enabled or not.', ''],
      ['EnabledCount', 'enabled', 'Feeds with fetching enabled (events are created from them).', 'Feed.enabled'],
      ['CachingCount', 'caching', 'Feeds with caching (for correlation and lookup) enabled.', 'Feed.caching_enabled'],
    ] as const
  ).map(([suffix, field, description, source], i) =>
    readOnly({
      name: `mispFeed${suffix}`,
      arc: 1 + i,
      syntax: GAUGE32,
      units: 'feeds',
      description,
      source: source === '' ? FEEDS : `${FEEDS}: ${source}`,
      permission: 'siteAdmin',
      read: (f: FeedsData) => f[field],
    }),
  ),
});

type FeedRow = FeedData & { readonly fetch: JobRecord | null; readonly instanceName: string };

const feedId = indexColumn({
  name: 'mispFeedId',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: "MISP's id of the feed.",
  source: `${FEEDS}: Feed.id`,
  permission: 'siteAdmin',
});

/** One row per feed with fetching or caching enabled. */
export const feedTable = tableBranch<FeedRow>({
  name: 'mispFeedTable',
  arc: 13,
  description:
    'The feeds of each MISP instance with fetching or caching enabled, with the outcome of their newest fetch from the ' +
    "jobs group. The feed's URL and headers (which may hold tokens) are never read into the agent's values.",
  entry: { name: 'mispFeedEntry', description: 'One enabled or caching feed of one MISP instance.' },
  index: [instanceIndex, feedId],
  group: {
    name: 'mispFeedGroup',
    description: 'The enabled and caching feeds of each MISP instance and how their fetches went.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) => (i.feeds?.feeds ?? []).map((feed) => ({ index: [i.index, feed.id], row: { ...feed, fetch: newestFetchJob(i.jobs, feed.id), instanceName: i.name } }))),
  columns: [
    feedId,
    ...(
      [
        ['Name', 'name', "The feed's name."],
        ['Provider', 'provider', "The feed's provider."],
      ] as const
    ).map(([suffix, field, description], i) =>
      readOnly({ name: `mispFeed${suffix}`, arc: 2 + i, syntax: UTF8_STRING, description, source: `${FEEDS}: Feed.${field}`, permission: 'siteAdmin', read: (f: FeedRow) => f[field] }),
    ),
    readOnly({ name: 'mispFeedSourceFormat', arc: 4, syntax: FEED_SOURCE_FORMAT, description: 'The format of the feed.', source: `${FEEDS}: Feed.source_format`, permission: 'siteAdmin', read: (f: FeedRow) => f.sourceFormat }),
    readOnly({ name: 'mispFeedInputSource', arc: 5, syntax: FEED_INPUT_SOURCE, description: 'Where the feed is read from.', source: `${FEEDS}: Feed.input_source`, permission: 'siteAdmin', read: (f: FeedRow) => f.inputSource }),
    readOnly({ name: 'mispFeedEnabled', arc: 6, syntax: TRUTH_VALUE, description: 'Whether fetching is enabled.', source: `${FEEDS}: Feed.enabled`, permission: 'siteAdmin', read: (f: FeedRow) => f.enabled }),
    readOnly({ name: 'mispFeedCaching', arc: 7, syntax: TRUTH_VALUE, description: 'Whether caching is enabled.', source: `${FEEDS}: Feed.caching_enabled`, permission: 'siteAdmin', read: (f: FeedRow) => f.caching }),
    readOnly({
      name: 'mispFeedCacheAge',
      arc: 8,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'Seconds since caching of the feed last succeeded (MISP sets the time only on success). No value when it never did.',
      source: `${FEEDS}: Feed.cache_timestamp`,
      permission: 'siteAdmin',
      read: (f: FeedRow) => (f.cachedAt === null ? null : wallAgeSeconds(f.cachedAt)),
    }),
    readOnly({
      name: 'mispFeedFetchOutcome',
      arc: 9,
      syntax: JOB_OUTCOME,
      description: 'The outcome of the newest fetch of this feed (jobs.status), unknown when the agent has seen none since it started. A cron fetch of all feeds at once (input Feed: all) does not say which feed failed and is not counted here.',
      source: `${FETCH_SOURCE}: Job.status`,
      permission: 'siteAdmin',
      read: (f: FeedRow) => f.fetch?.outcome ?? 'unknown',
    }),
    readOnly({
      name: 'mispFeedFetchAge',
      arc: 10,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'Seconds since the newest fetch of this feed last changed. No value when none was seen.',
      source: `${FETCH_SOURCE}: Job.date_modified`,
      permission: 'siteAdmin',
      read: (f: FeedRow) => (f.fetch === null ? null : wallAgeSeconds(f.fetch.modifiedAt)),
    }),
    readOnly({
      name: 'mispFeedFetchMessage',
      arc: 11,
      syntax: UTF8_STRING,
      description: "MISP's message for the newest fetch of this feed (on failure MISP 2.5.1 says only: Job failed. See error log for more details.).",
      source: `${FETCH_SOURCE}: Job.message`,
      permission: 'siteAdmin',
      read: (f: FeedRow) => f.fetch?.message ?? null,
    }),
    readOnly({
      name: 'mispFeedInstanceName',
      arc: 12,
      syntax: UTF8_STRING,
      description: 'The name of the instance the feed belongs to, for naming the feed in an NMS.',
      source: 'configuration: the instance name',
      permission: 'siteAdmin',
      read: (f: FeedRow) => f.instanceName,
    }),
  ],
});
