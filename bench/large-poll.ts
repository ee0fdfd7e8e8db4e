import { SnmpClient } from '../src/snmp/manager.js';
import { STATUS_CODES } from '../src/domain/snapshot.js';
import type { SimulatedMisp } from '../src/sim/simulated-misp.js';
import type { DaemonProcess } from './daemon-process.js';
import { timedGet } from './latency.js';
import { MISP_GET_OID, pollColumnOid } from './mib-oids.js';
import { type LatencySummary, summarize } from './stats.js';

/** The shortest interval the configuration allows: a poll every 4.5-5.5 s. */
const STATISTICS_INTERVAL_SECONDS = 5;
const STATISTICS = '/users/statistics';
/** How often the sampler reads the poll's duration and status between GETs. */
const POLL_STATE_EVERY_MS = 100;

export interface LargePollResult {
  readonly bodyBytes: number;
  readonly polls: number;
  readonly failedPolls: number;
  /** mispPollLastDuration of each poll, ms. */
  readonly pollDurationsMs: readonly number[];
  /** The daemon's event-loop delay (5 ms ticks) during the polls. */
  readonly eventLoopDelay: LatencySummary;
  /** GETs of a MISP object sent during the polls, and those sent between them. */
  readonly getDuringPolls: LatencySummary;
  readonly getBetweenPolls: LatencySummary;
}

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

interface Poll {
  readonly startedAt: number;
  durationMs?: number;
  ok?: boolean;
}

/**
 * Makes the simulated MISP answer /users/statistics with a valid answer padded to `bodyBytes`,
 * reloads the daemon with statistics polled every 5 s, and for `polls` polls GETs a MISP object
 * back to back while the daemon's loop probe records its event-loop delay. A poll lasts from the
 * moment the simulator sees its request for mispPollLastDuration ms (the daemon's own figure,
 * from sending the request until the parsed answer is stored).
 */
export async function measureLargePolls(misp: SimulatedMisp, daemon: DaemonProcess, port: number, options: { polls: number; bodyBytes: number; deadlineMs: number }): Promise<LargePollResult> {
  misp.state.largeBodyBytes = options.bodyBytes;
  misp.setFailure(STATISTICS, 'largeValidBody');
  const requestsSoFar = (): number => misp.state.requests.get(STATISTICS) ?? 0;
  const client = new SnmpClient(port, { timeoutMs: 5000 });
  const stateOids = [pollColumnOid('mispPollLastDuration', 'statistics'), pollColumnOid('mispPollStatus', 'statistics')];
  const gets: [number, number][] = [];
  const polls: Poll[] = [];
  let seenRequests = requestsSoFar();
  let lastDuration: unknown = (await client.get(stateOids))[0]?.value;
  let nextStateRead = 0;
  await daemon.probe('startLoop');
  daemon.reloadWithIntervals({ statistics: STATISTICS_INTERVAL_SECONDS });
  const deadline = performance.now() + options.deadlineMs;
  try {
    while (performance.now() < deadline && !(polls.length >= options.polls && polls.every((p) => p.durationMs !== undefined))) {
      if (requestsSoFar() > seenRequests) {
        seenRequests = requestsSoFar();
        if (polls.length < options.polls) polls.push({ startedAt: wallClockMs() });
      }
      if (performance.now() >= nextStateRead) {
        nextStateRead = performance.now() + POLL_STATE_EVERY_MS;
        const [duration, status] = await client.get(stateOids);
        const current = polls.at(-1);
        if (current && current.durationMs === undefined && duration?.value !== lastDuration && typeof duration?.value === 'number') {
          current.durationMs = duration.value;
          current.ok = status?.value === STATUS_CODES.ok;
        }
        lastDuration = duration?.value;
        continue;
      }
      const sentAt = wallClockMs();
      gets.push([sentAt, await timedGet(client, MISP_GET_OID)]);
    }
  } finally {
    client.close();
    misp.setFailure(STATISTICS, null);
  }
  const loop = (await daemon.probe('stopLoop')).samples ?? [];
  daemon.reloadWithIntervals({});
  const finished = polls.filter((p): p is Required<Poll> => p.durationMs !== undefined);
  // The daemon starts its poll a moment before the simulator sees the request.
  const during = (t: number): boolean => finished.some((p) => t >= p.startedAt - 5 && t <= p.startedAt + p.durationMs);
  return {
    bodyBytes: options.bodyBytes,
    polls: finished.length,
    failedPolls: finished.filter((p) => !p.ok).length,
    pollDurationsMs: finished.map((p) => p.durationMs),
    eventLoopDelay: summarize(loop.filter(([t]) => during(t)).map(([, delay]) => delay)),
    getDuringPolls: summarize(gets.filter(([t]) => during(t)).map(([, ms]) => ms)),
    getBetweenPolls: summarize(gets.filter(([t]) => !during(t)).map(([, ms]) => ms)),
  };
}
