import type { StatisticsData } from '../../domain/snapshot.js';
import { invalid, isRecord, readCount } from '../../http/json-values.js';

/**
 * /users/statistics: {"stats":{...}}. MISP 2.4 sends numbers (2.4.130 a halved, possibly
 * fractional correlation count); 2.5 sends every value as a string. A missing field is null, so
 * one absent value costs only its own object; a field of the wrong kind fails the group. The two
 * ratios (attributes_per_event, average_user_per_org) are not kept: they are the quotients of
 * served counts.
 */
export function parseStatistics(body: unknown): StatisticsData {
  if (!isRecord(body) || !isRecord(body.stats)) throw invalid('statistics', 'answer has no "stats" object');
  const stats = body.stats;
  const count = (key: string): number | null => (stats[key] === undefined ? null : readCount(stats[key], `statistics.${key}`));
  return {
    events: count('event_count'),
    eventsMonth: count('event_count_month'),
    attributes: count('attribute_count'),
    attributesMonth: count('attribute_count_month'),
    correlations: count('correlation_count'),
    proposals: count('proposal_count'),
    users: count('user_count'),
    usersPgp: count('user_count_pgp'),
    organisations: count('org_count'),
    localOrganisations: count('local_org_count'),
    contributingOrganisations: count('contributing_org_count'),
    threads: count('thread_count'),
    threadsMonth: count('thread_count_month'),
    posts: count('post_count'),
    postsMonth: count('post_count_month'),
  };
}
