import { invalid, isRecord, readCount } from '../../http/json-values.js';
import { instanceIndex, instanceRows } from '../../smi/per-instance.js';
import { readOnly, tableBranch, type ReadableObject } from '../../smi/define.js';
import { GAUGE32, GAUGE64 } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import type { SimState } from '../../sim/scenario.js';
import type { EndpointGroup } from '../endpoint.js';
import type { StatisticsData } from './model.js';

const STATISTICS = '/users/statistics';

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

/** A count from /users/statistics: every one of them can drop, so none is a counter. */
function statistic<T extends number>(
  name: string,
  arc: number,
  syntax: Syntax<T>,
  units: string,
  field: string,
  description: string,
  read: (s: StatisticsData) => T | null,
): ReadableObject<StatisticsData> {
  return readOnly({
    name,
    arc,
    syntax,
    units,
    description,
    source: `GET /users/statistics: stats.${field}`,
    permission: 'apiKey',
    read,
  });
}

const MONTH = 'modified since the first day of the current month; drops at each month start';

/** Content counts of each instance, as MISP's own statistics page shows them. */
const statisticsTable = tableBranch<StatisticsData>({
  name: 'mispStatisticsTable',
  arc: 6,
  description:
    'Content counts of each MISP instance, as /users/statistics reports them. MISP 2.5 counts every ' +
    'row of its database, whatever the key may see. They are gauges: deletions and the start of a ' +
    'month make them drop. Counts that can exceed 2^32-1 use MispGauge64. A count MISP leaves out of ' +
    "its answer has no value; the others are still served. MISP's two ratios (attributes_per_event, " +
    'average_user_per_org) are not served: they are quotients of served counts.',
  entry: { name: 'mispStatisticsEntry', description: 'The content counts of one MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispStatisticsGroup',
    description: 'Content counts of each MISP instance.',
    compliance: { mandatory: false, description: 'Served for instances whose statistics poll has succeeded.' },
  },
  rows: instanceRows((i) => i.statistics),
  columns: [
    statistic('mispStatEvents', 1, GAUGE32, 'events', 'event_count', 'Events in the database (MISP 2.5 counts them all, whatever the key may see).', (s) => s.events),
    statistic('mispStatEventsMonth', 2, GAUGE32, 'events', 'event_count_month', `Events ${MONTH}.`, (s) => s.eventsMonth),
    statistic('mispStatAttributes', 3, GAUGE64, 'attributes', 'attribute_count', 'Attributes in the database (MISP 2.5 counts them all, whatever the key may see).', (s) => s.attributes),
    statistic('mispStatAttributesMonth', 4, GAUGE64, 'attributes', 'attribute_count_month', `Attributes ${MONTH}.`, (s) => s.attributesMonth),
    statistic('mispStatCorrelations', 5, GAUGE64, 'correlations', 'correlation_count', 'Correlations between attributes.', (s) => s.correlations),
    statistic('mispStatProposals', 6, GAUGE32, 'proposals', 'proposal_count', 'Open attribute change proposals.', (s) => s.proposals),
    statistic('mispStatUsers', 7, GAUGE32, 'users', 'user_count', 'User accounts.', (s) => s.users),
    statistic('mispStatUsersPgp', 8, GAUGE32, 'users', 'user_count_pgp', 'User accounts with a PGP key.', (s) => s.usersPgp),
    statistic('mispStatOrganisations', 9, GAUGE32, 'organisations', 'org_count', 'Organisations known to the instance.', (s) => s.organisations),
    statistic('mispStatLocalOrganisations', 10, GAUGE32, 'organisations', 'local_org_count', 'Organisations with users on this instance.', (s) => s.localOrganisations),
    statistic('mispStatContributingOrgs', 11, GAUGE32, 'organisations', 'contributing_org_count', 'Organisations that created events.', (s) => s.contributingOrganisations),
    statistic('mispStatThreads', 12, GAUGE32, 'threads', 'thread_count', 'Discussion threads that have at least one post.', (s) => s.threads),
    statistic('mispStatPosts', 13, GAUGE32, 'posts', 'post_count', 'Discussion posts.', (s) => s.posts),
    statistic('mispStatThreadsMonth', 14, GAUGE32, 'threads', 'thread_count_month', 'Discussion threads with posts created since the first day of the current month; drops at each month start.', (s) => s.threadsMonth),
    statistic('mispStatPostsMonth', 15, GAUGE32, 'posts', 'post_count_month', 'Discussion posts created since the first day of the current month; drops at each month start.', (s) => s.postsMonth),
  ],
});

/** UsersController::statistics: numbers in 2.4 (2.4.130 halves correlations), all strings in 2.5. */
function statisticsAnswer(state: SimState): unknown {
  const c = state.counts;
  const stats: Record<string, number> = {
    event_count: c.events,
    event_count_month: c.eventsMonth,
    attribute_count: c.attributes,
    attribute_count_month: c.attributesMonth,
    attributes_per_event: c.events === 0 ? 0 : Math.round(c.attributes / c.events),
    correlation_count: state.variant === '2.4.130' ? c.correlations / 2 : c.correlations,
    proposal_count: c.proposals,
    user_count: c.users,
    user_count_pgp: c.usersPgp,
    org_count: c.organisations,
    local_org_count: c.localOrganisations,
    contributing_org_count: c.contributingOrganisations,
    average_user_per_org: c.localOrganisations === 0 ? 0 : Math.round((c.users / c.localOrganisations) * 10) / 10,
    thread_count: c.threads,
    thread_count_month: c.threadsMonth,
    post_count: c.posts,
    post_count_month: c.postsMonth,
  };
  if (state.variant !== '2.5') return { stats };
  return { stats: Object.fromEntries(Object.entries(stats).map(([key, value]) => [key, String(value)])) };
}

/** Content counts; about 16 COUNT(*) queries on MISP each time, so it polls slowly. */
export const statisticsGroup: EndpointGroup<'statistics'> = {
  name: 'statistics',
  defaultIntervalSeconds: 600,
  asks: STATISTICS,
  keyNeeds: 'anyRole',
  collector: ({ fetchJson }) => async (budget) => parseStatistics(await fetchJson(STATISTICS, budget)),
  tables: [statisticsTable],
  simRoutes: {
    [STATISTICS]: { answer: statisticsAnswer, needsKey: true, siteAdminOnly: false },
  },
};
