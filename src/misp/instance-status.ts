import type { GroupName, PollState, Status, WorkersData } from './model.js';
import { GROUP_NAMES } from './model.js';

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

function workersUnhealthy(workers: WorkersData | null): boolean {
  return workers !== null && (workers.workersDead > 0 || workers.queuesNotOk > 0);
}

/**
 * The instance's one status: a failing probe says why MISP cannot be reached; a refused key is
 * named even if only one group saw it; the same failure in every other group (maintenance for a
 * non-admin key, while the heartbeat still answers) is that failure; any other
 * failing group, or dead workers / failing queues, make it degraded.
 */
export function deriveInstanceStatus(polls: Polls, workers: WorkersData | null): Status {
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
  if (failing.length > 0 || workersUnhealthy(workers)) return 'degraded';
  return 'ok';
}
