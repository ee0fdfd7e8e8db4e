import type { GroupName, PollState, Status } from './snapshot.js';
import type { DiagnosticsData } from '../endpoints/diagnostics/model.js';
import type { WorkersData } from '../endpoints/workers/model.js';
import { GROUP_NAMES } from './snapshot.js';

/** Statuses that mean an HTTP answer came from MISP itself (a 5xx may be a proxy speaking for it). */
const MISP_ANSWERED: ReadonlySet<Status> = new Set<Status>([
  'ok',
  'authFailed',
  'permissionDenied',
  'invalidResponse',
  'maintenance',
  'rateLimited',
  'notFound',
  'tooLarge',
]);

type Polls = Readonly<Record<GroupName, PollState>>;

/** Reachable when the probe last got MISP to answer; without a probe, when any group's last poll did. */
export function deriveReachable(polls: Polls): boolean {
  if (polls.probe.status !== 'disabled' && polls.probe.status !== 'notYetPolled') return MISP_ANSWERED.has(polls.probe.status);
  return GROUP_NAMES.some((group) => MISP_ANSWERED.has(polls[group].status));
}

/**
 * What makes a reachable MISP degraded, besides a failing poll group; each line is one row of the
 * table in docs/polling.md ("Instance status"). Values MISP did not report (null) never count.
 */
export const DEGRADED_WHEN: ReadonlyArray<{ readonly what: string; readonly holds: (w: WorkersData | null, d: DiagnosticsData | null) => boolean }> = [
  { what: 'a worker is missing (mispWorkersMissing > 0)', holds: (w) => (w?.workersMissing ?? 0) > 0 },
  { what: 'a listed worker is not ok by MISP (mispWorkersNotOk > 0)', holds: (w) => (w?.workersNotOk ?? 0) > 0 },
  { what: 'a queue has no working worker (mispWorkersQueuesNotOk > 0)', holds: (w) => (w?.queuesNotOk ?? 0) > 0 },
  { what: 'supervisord is down (mispWorkersSupervisord false)', holds: (w) => w?.supervisordRunning === false },
  { what: 'the database schema differs (mispDiagDbSchemaOk false)', holds: (_w, d) => d?.dbSchemaOk === false },
  { what: 'database updates are locked (mispDiagUpdateLocked true)', holds: (_w, d) => d?.updateLocked === true },
];

/**
 * The instance's one status, the first that applies (docs/polling.md, "Instance status"): a
 * failing probe says why MISP cannot be reached; a refused key is named even if only one group
 * saw it; the same failure in every other group (maintenance for a non-admin key, while the
 * heartbeat still answers) is that failure; MISP.live false is maintenance even for a site-admin
 * key, which MISP still serves; any other failing group, or any DEGRADED_WHEN row, is degraded.
 */
export function deriveInstanceStatus(polls: Polls, workers: WorkersData | null, diagnostics: DiagnosticsData | null): Status {
  const enabled = GROUP_NAMES.filter((group) => polls[group].status !== 'disabled');
  if (enabled.length === 0) return 'disabled';
  const polled = enabled.filter((group) => polls[group].status !== 'notYetPolled');
  if (polled.length === 0) return 'notYetPolled';
  const probe = polls.probe.status;
  if (probe !== 'ok' && probe !== 'disabled' && probe !== 'notYetPolled') return probe;
  // The probe is ok (or off) here: the other groups tell what else is wrong.
  const others = polled.filter((group) => group !== 'probe').map((group) => polls[group].status);
  const failing = others.filter((status) => status !== 'ok');
  if (failing.includes('authFailed')) return 'authFailed';
  const first = failing[0];
  if (first !== undefined && failing.length === others.length && failing.every((status) => status === first)) return first;
  if (workers?.mispLive === false) return 'maintenance';
  if (failing.length > 0 || DEGRADED_WHEN.some((row) => row.holds(workers, diagnostics))) return 'degraded';
  return 'ok';
}
