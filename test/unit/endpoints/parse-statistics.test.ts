import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStatistics } from '../../../src/endpoints/statistics/index.js';
import { PollError } from '../../../src/http/poll-error.js';

const STATS_24 = {
  event_count: 1200,
  event_count_month: 40,
  attribute_count: 250000,
  attribute_count_month: 9000,
  attributes_per_event: 208,
  correlation_count: 44000.5,
  proposal_count: 12,
  user_count: 30,
  user_count_pgp: 7,
  org_count: 15,
  local_org_count: 4,
  contributing_org_count: 9,
  average_user_per_org: 7.5,
  thread_count: 6,
  thread_count_month: 1,
  post_count: 20,
  post_count_month: 2,
};
const STATS_25 = Object.fromEntries(Object.entries(STATS_24).map(([key, value]) => [key, String(value)]));

describe('parseStatistics', () => {
  it('reads 2.4 numbers and 2.5 strings to the same values', () => {
    const expected = {
      events: 1200,
      eventsMonth: 40,
      attributes: 250000,
      attributesMonth: 9000,
      correlations: 44000,
      proposals: 12,
      users: 30,
      usersPgp: 7,
      organisations: 15,
      localOrganisations: 4,
      contributingOrganisations: 9,
      threads: 6,
      threadsMonth: 1,
      posts: 20,
      postsMonth: 2,
    };
    expect(parseStatistics({ stats: STATS_24 })).toEqual(expected);
    expect(parseStatistics({ stats: STATS_25 })).toEqual(expected);
  });

  it.each([
    ['no stats', {}],
    ['stats a list', { stats: [] }],
    ['a negative count', { stats: { ...STATS_24, user_count: -3 } }],
    ['a word', { stats: { ...STATS_24, user_count: 'many' } }],
    ['an empty string', { stats: { ...STATS_25, event_count: '' } }],
    ['INF as text', { stats: { ...STATS_25, attribute_count: 'INF' } }],
    ['a boolean', { stats: { ...STATS_24, org_count: true } }],
  ])('refuses %s, naming the field', (_label, body) => {
    expect(() => parseStatistics(body)).toThrow(/statistics/);
  });

  it('leaves a missing field null and keeps every other value (one absent field does not fail the group)', () => {
    const { user_count: _dropped, ...rest } = STATS_25;
    const parsed = parseStatistics({ stats: rest });
    expect(parsed.users).toBeNull();
    expect(parsed.events).toBe(1200);
    expect(parsed.postsMonth).toBe(2);
  });

  it('does not require the two ratios MISP computes from served counts', () => {
    const { attributes_per_event: _a, average_user_per_org: _b, ...rest } = STATS_24;
    expect(parseStatistics({ stats: rest }).attributes).toBe(250000);
  });

  it('clamps a huge count to the exact-integer range', () => {
    expect(parseStatistics({ stats: { ...STATS_25, attribute_count: '123456789012345678901234567890' } }).attributes).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps error texts short and printable for hostile 10 kB values', () => {
    try {
      parseStatistics({ stats: { ...STATS_24, event_count: `\u0000\n${'z'.repeat(10_000)}` } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PollError);
      expect((error as Error).message.length).toBeLessThanOrEqual(200);
      expect((error as Error).message).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('never throws anything but PollError on arbitrary stats values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(STATS_24)), fc.jsonValue()), (stats) => {
        try {
          const data = parseStatistics({ stats: { ...STATS_24, ...stats } });
          return Object.values(data).every((value) => Number.isFinite(value) && value >= 0);
        } catch (error) {
          return error instanceof PollError;
        }
      }),
    );
  });
});
