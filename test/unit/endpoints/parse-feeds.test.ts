import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newestFetchJob } from '../../../src/endpoints/feeds/mib.js';
import { parseFeeds } from '../../../src/endpoints/feeds/parse.js';
import { JobsTracker, parseJobs } from '../../../src/endpoints/jobs/parse.js';
import { PollError } from '../../../src/http/poll-error.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));
const NOW = new Date(2026, 10, 29, 0, 53, 0).getTime();

describe('parseFeeds on real MISP 2.5.1 answers', () => {
  it('counts every feed and keeps the enabled or caching ones, names in UTF-8, never the URL', () => {
    const data = parseFeeds(fixture('feeds_index'));
    expect(data).toMatchObject({ total: 4, enabled: 1, caching: 2 });
    expect(data.feeds).toEqual([
      { id: 7, name: 'agentx loopback feed', provider: 'agentx ÅÉ', sourceFormat: 'misp', inputSource: 'network', enabled: true, caching: true, cachedAt: null },
      { id: 8, name: 'agentx local file feed', provider: 'agentx', sourceFormat: 'freetext', inputSource: 'local', enabled: false, caching: true, cachedAt: 1_795_912_903_000 },
    ]);
    expect(JSON.stringify(data)).not.toContain('127.0.0.1');
  });

  it('reads a fresh MISP (two disabled default feeds) as counts without rows', () => {
    expect(parseFeeds(fixture('before_feeds_index'))).toMatchObject({ total: 2, enabled: 0, caching: 0, feeds: [] });
  });

  it('finds the newest fetch job of a feed (fetch_feeds "Feed: 7" failed on the kit)', () => {
    const jobs = new JobsTracker().apply(parseJobs(fixture('jobs_index_after_feeds'), NOW), NOW);
    expect(newestFetchJob(jobs, 7)).toMatchObject({ id: 19, outcome: 'failed', message: 'Job failed. See error log for more details.' });
    expect(newestFetchJob(jobs, 8)).toBeNull();
    expect(newestFetchJob(null, 7)).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['an object', {}, /feeds\/index: answer is not a list/],
    ['a row without Feed', [{}], /feeds\/index\[0\]: has no "Feed" object/],
    ['enabled as text', [{ Feed: { id: '1', enabled: 'on', caching_enabled: false } }], /feeds\/index\[0\]\.Feed\.enabled/],
  ])('refuses %s with an error naming the field', (_what, body, message) => {
    expect(() => parseFeeds(body)).toThrow(PollError);
    expect(() => parseFeeds(body)).toThrow(message);
  });
});
