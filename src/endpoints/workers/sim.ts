import type { SimQueue, SimState } from '../../sim/scenario.js';

/** The web server's Unix user; workers of any other user are "wrong user" to MISP. */
const MISP_USER = 'www-data';

/** As Server::workerDiagnostics() builds it, including 2.4.130's "ok until proven otherwise" queues. */
function queueAnswer(state: SimState, name: string, queue: SimQueue): Record<string, unknown> {
  const cakeResque = state.variant === '2.4.130';
  // SimpleBackgroundJobs lists only processes supervisord gives a pid (none while supervisord is
  // down); CakeResque keeps a crashed worker listed.
  const listed = cakeResque ? queue.workers : state.supervisord ? queue.workers.filter((worker) => worker.state !== 'dead') : [];
  const workers = listed.map((worker) => {
    const correctUser = worker.state !== 'wrongUser';
    const alive: boolean | 'N/A' = state.procAccessible ? correctUser && worker.state === 'alive' : 'N/A';
    return {
      pid: worker.pid,
      user: correctUser ? MISP_USER : 'misp',
      alive,
      correct_user: correctUser,
      ok: alive !== false && correctUser,
    };
  });
  const answer: Record<string, unknown> = { ok: cakeResque };
  if (workers.length > 0) {
    answer.workers = workers;
    if (workers.some((worker) => worker.ok)) answer.ok = true;
  } else {
    answer.ok = false;
  }
  if (name !== 'scheduler') answer.jobCount = queue.jobCount;
  return answer;
}

export function workersAnswer(state: SimState): unknown {
  if (!state.backgroundJobs) return ['Background jobs not enabled'];
  const answer: Record<string, unknown> = {};
  for (const [name, queue] of Object.entries(state.queues)) answer[name] = queueAnswer(state, name, queue);
  answer.proc_accessible = state.procAccessible;
  // 2.5.1 sends controls: true (captured); older versions 1.
  answer.controls = state.variant === '2.5' ? true : 1;
  if (state.variant !== '2.4.130') answer.supervisord_status = state.supervisord;
  return answer;
}

/** ServersController::getSetting('MISP.live'), as captured from 2.5.1. */
export function liveSettingAnswer(state: SimState): unknown {
  return {
    level: 0,
    description: 'Unless set to true, the instance will only be accessible by site admins.',
    value: state.live,
    test: 'testLive',
    type: 'boolean',
    name: 'MISP.live',
  };
}
