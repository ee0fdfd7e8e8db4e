import type { StatisticsData } from './model.js';
import { invalid, isRecord, readCount, readDecimal } from './values.js';

/**
 * /users/statistics: {"stats":{...}}. MISP 2.4 sends numbers (floats for the two ratios, and
 * 2.4.130 a halved, possibly fractional correlation count); 2.5 sends every value as a string.
 */
export function parseStatistics(body: unknown): StatisticsData {
  if (!isRecord(body) || !isRecord(body.stats)) throw invalid('statistics', 'answer has no "stats" object');
  const stats = body.stats;
  const count = (key: string): number => readCount(stats[key], `statistics.${key}`);
  const ratio = (key: string): number => readDecimal(stats[key], `statistics.${key}`);
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
    attributesPerEvent: ratio('attributes_per_event'),
    averageUsersPerOrganisation: ratio('average_user_per_org'),
  };
}
