import type { GroupName } from './snapshot.js';

/**
 * Poll intervals in seconds (0 = off). Statistics costs MISP about 16 COUNT(*) queries, so it polls
 * slowly; diagnostics runs MISP's heavy settings report and stays off unless asked for.
 */
export const DEFAULT_INTERVALS: Readonly<Record<GroupName, number>> = Object.freeze({
  probe: 60,
  version: 3600,
  workers: 60,
  statistics: 600,
  diagnostics: 0,
});

export const DEFAULT_TIMEOUTS = Object.freeze({
  connectMs: 5_000,
  headersMs: 10_000,
  bodyMs: 20_000,
});

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
