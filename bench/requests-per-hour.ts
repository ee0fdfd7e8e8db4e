import { DEFAULT_INTERVALS } from '../src/endpoints/index.js';
import type { GroupName } from '../src/domain/snapshot.js';

/** The MISP endpoints each poll group asks (docs/polling.md). */
const ENDPOINTS: Readonly<Record<GroupName, readonly string[]>> = {
  probe: ['/users/heartbeat'],
  version: ['/servers/getVersion'],
  workers: ['/servers/getWorkers', '/servers/getSetting/MISP.live'],
  statistics: ['/users/statistics'],
  diagnostics: ['/servers/dbSchemaDiagnostic', '/servers/serverSettings'],
  jobs: ['/jobs/index/limit:100/sort:id/direction:desc'],
  servers: ['/servers/index'],
  feeds: ['/feeds/index'],
  // Two POSTs a poll (the tip probe and the window), both to this path.
  authFailures: ['/admin/logs/index', '/admin/logs/index'],
};

/**
 * The old way, as docs/polling.md counts it: Cacti polled the extend lines every 5 minutes, and
 * each poll started misp-snmp-monitor.py, which called getWorkers twice.
 */
export const OLD_SCRIPT = { pollsPerHour: 12, mispRequestsPerHour: 24 } as const;

export interface EndpointRate {
  readonly endpoint: string;
  readonly intervalSeconds: number;
  readonly perHour: number;
  /** Requests the simulated MISP received from the daemon during the benchmark. */
  readonly observed: number;
}

export interface RequestsPerHour {
  readonly endpoints: readonly EndpointRate[];
  readonly total: number;
  readonly observedOverSeconds: number;
  readonly old: typeof OLD_SCRIPT;
}

/** Requests per hour at the default intervals, with what the simulator counted over `seconds` at those intervals. */
export function requestsPerHour(observed: ReadonlyMap<string, number>, seconds: number): RequestsPerHour {
  const endpoints: EndpointRate[] = [];
  for (const [group, interval] of Object.entries(DEFAULT_INTERVALS) as [GroupName, number][]) {
    if (interval === 0) continue;
    for (const endpoint of ENDPOINTS[group]) endpoints.push({ endpoint, intervalSeconds: interval, perHour: 3600 / interval, observed: observed.get(endpoint) ?? 0 });
  }
  return { endpoints, total: endpoints.reduce((sum, e) => sum + e.perHour, 0), observedOverSeconds: seconds, old: OLD_SCRIPT };
}
