import { afterAll, expect, it } from 'vitest';
import { type SimulatedMisp, startSimulatedMisp } from '../../src/sim/simulated-misp.js';
import { Snmpd } from '../helpers/snmpd.js';
import { waitFor } from '../../src/common/wait.js';
import { Evidence, FAULT_KEY, FaultDaemon } from '../fault/harness/daemon.js';
import { openFds, rssMb } from '../fault/harness/proc-stats.js';
import { servedName } from '../fault/harness/served.js';
import { type FixedTruth, type LoadCounters, RestartClock, runClient } from './load.js';
import { History } from './truth.js';

const REQUESTS = Number(process.env['SOAK_REQUESTS'] ?? 1_000_000);
const RESTARTS = Number(process.env['SOAK_RESTARTS'] ?? 50);
const CLIENTS = 12;
/** Hard bound on the whole run, whatever the machine's load. */
const MAX_MINUTES = 28;
const SAMPLE_EVERY_MS = 15_000;

let sim: SimulatedMisp | undefined;
let snmpd: Snmpd | undefined;
let daemon: FaultDaemon | undefined;
const evidence = new Evidence();

afterAll(async () => {
  await daemon?.stop();
  evidence.add(daemon?.output ?? '');
  await snmpd?.stop();
  await sim?.close();
  expect(evidence.leaks()).toEqual([]);
});

interface Sample {
  readonly minute: number;
  readonly requests: number;
  readonly rssMb: number;
  readonly fds: number;
}

it(`soak: ${REQUESTS} SNMP requests, polls every 5 s, ${RESTARTS} snmpd restarts; every answer checked against the simulated MISP`, async () => {
  sim = await startSimulatedMisp({ keys: { [FAULT_KEY]: 'siteAdmin' } });
  snmpd = await Snmpd.start();
  daemon = new FaultDaemon({
    socket: snmpd.agentxUnix,
    instances: [{ name: 'soak', url: sim.url, intervals: { probe: 5, version: 5, workers: 5, statistics: 5, diagnostics: 5 } }],
  });
  const live = { snmpd, daemon, sim };
  const events = new History(sim.state.counts.events, 20_000);
  const truth: FixedTruth = { name: 'soak', workersAlive: 6, events };
  await waitFor('first polls served', async () => (await servedName(snmpd!.udpPort)) === 'soak', 20_000);
  await new Promise((r) => setTimeout(r, 3000));

  const started = performance.now();
  const deadline = started + MAX_MINUTES * 60_000;
  const counters: LoadCounters = { requests: 0, wrong: [], unansweredInRestart: 0, unansweredOtherwise: 0 };
  const samples: Sample[] = [];
  const sample = (): void => {
    samples.push({ minute: (performance.now() - started) / 60_000, requests: counters.requests, rssMb: rssMb(daemon!.pid), fds: openFds(daemon!.pid) });
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);

  // MISP's content changes under the load: one more event every 3 s.
  const changer = setInterval(() => {
    live.sim.state.counts.events += 1;
    events.set(live.sim.state.counts.events);
  }, 3000);

  const restarts = new RestartClock();
  const recoveries: number[] = [];
  const sinceKill: number[] = [];
  const done = (): boolean => (counters.requests >= REQUESTS && recoveries.length >= RESTARTS) || performance.now() > deadline;
  // A restart each time the requests pass the next 1/RESTARTS of the total.
  const restarter = (async () => {
    while (recoveries.length < RESTARTS && performance.now() < deadline) {
      const due = ((recoveries.length + 1) * REQUESTS) / (RESTARTS + 1);
      if (counters.requests < due) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      restarts.begin();
      const killedAt = performance.now();
      await live.snmpd.kill();
      await live.snmpd.launch();
      recoveries.push(await waitFor('served after the restart', async () => (await servedName(live.snmpd.udpPort)) === 'soak', 10_000, 10));
      sinceKill.push(performance.now() - killedAt);
      restarts.end();
    }
  })();

  await Promise.all([...Array.from({ length: CLIENTS }, () => runClient(live.snmpd.udpPort, truth, counters, done, restarts)), restarter]);
  clearInterval(sampler);
  clearInterval(changer);
  sample();
  const minutes = (performance.now() - started) / 60_000;

  const first = samples[0]!;
  const last = samples.at(-1)!;
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(
    [
      `soak: ${counters.requests} requests in ${minutes.toFixed(1)} min (${Math.round(counters.requests / (minutes * 60))}/s), ${CLIENTS} clients`,
      `wrong answers: ${counters.wrong.length}; unanswered while snmpd was up: ${counters.unansweredOtherwise}; unanswered during a restart: ${counters.unansweredInRestart}`,
      `snmpd restarts: ${recoveries.length}; values served again (ms) after snmpd answered: median ${median(recoveries)}, max ${Math.round(Math.max(...recoveries))}; after the SIGKILL (snmpd's own start included): median ${median(sinceKill)}, max ${Math.round(Math.max(...sinceKill))}`,
      `daemon RSS MB: start ${first.rssMb.toFixed(0)}, end ${last.rssMb.toFixed(0)}, peak ${peak.toFixed(0)}; fds: start ${first.fds}, end ${last.fds}, max ${Math.max(...samples.map((s) => s.fds))}`,
      `polls answered by the simulator: ${[...live.sim.state.requests.entries()].map(([path, n]) => `${path} ${n}`).join(', ')}`,
      'minute  requests  RSS MB  fds',
      ...samples.map((s) => `${s.minute.toFixed(1).padStart(6)}  ${String(s.requests).padStart(8)}  ${s.rssMb.toFixed(0).padStart(6)}  ${String(s.fds).padStart(3)}`),
      ...counters.wrong.slice(0, 20).map((w) => `wrong: ${w}`),
    ].join('\n'),
  );

  expect(daemon.process.child.exitCode, 'the daemon is alive').toBeNull();
  expect(counters.requests).toBeGreaterThanOrEqual(REQUESTS);
  expect(recoveries).toHaveLength(RESTARTS);
  expect(counters.wrong).toEqual([]);
  expect(counters.unansweredOtherwise).toBe(0);
  expect(Math.max(...recoveries)).toBeLessThan(5000);
  // Bounded: V8's heap saws up and down, but the second half must not outgrow the first half's peak.
  const firstHalfPeak = Math.max(...samples.filter((s) => s.requests <= counters.requests / 2).map((s) => s.rssMb));
  expect(last.rssMb).toBeLessThan(firstHalfPeak * 1.25);
  expect(peak).toBeLessThan(250);
  expect(last.fds).toBeLessThanOrEqual(first.fds + 4);
}, (MAX_MINUTES + 2) * 60_000);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN);
}
