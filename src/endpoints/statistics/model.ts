/** Totals that can drop (deletions, month start): served as gauges, never counters. */
/** Each null when MISP's answer lacks that field: one missing value does not cost the others. */
export interface StatisticsData {
  readonly events: number | null;
  readonly eventsMonth: number | null;
  readonly attributes: number | null;
  readonly attributesMonth: number | null;
  readonly correlations: number | null;
  readonly proposals: number | null;
  readonly users: number | null;
  readonly usersPgp: number | null;
  readonly organisations: number | null;
  readonly localOrganisations: number | null;
  readonly contributingOrganisations: number | null;
  readonly threads: number | null;
  readonly threadsMonth: number | null;
  readonly posts: number | null;
  readonly postsMonth: number | null;
}
