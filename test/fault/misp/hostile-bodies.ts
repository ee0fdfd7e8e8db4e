import { simulatedAnswer } from '../../../src/sim/simulated-misp.js';
import type { SimState } from '../../../src/sim/scenario.js';

/** Raw JSON texts a broken or hostile MISP (or whatever answers in its name) could send. */

function statistics(state: SimState, overrides: Record<string, string>): string {
  const { stats } = simulatedAnswer('/users/statistics', state) as { stats: Record<string, unknown> };
  const fields = Object.entries(stats).map(([key, value]) => `${JSON.stringify(key)}:${overrides[key] ?? JSON.stringify(value)}`);
  return `{"stats":{${fields.join(',')}}}`;
}

export const negativeCount = (state: SimState): string => statistics(state, { event_count: '-5' });

export const nanText = (state: SimState): string => statistics(state, { event_count: '"NaN"' });

/** Not JSON at all (JSON has no NaN), though PHP's json_encode has been seen to write it. */
export const nanLiteral = (state: SimState): string => statistics(state, { event_count: 'NaN' });

/** Above 2^64, as a number and as 2.5's text, in every count. */
export const beyond64Bits = (state: SimState): string =>
  statistics(
    state,
    Object.fromEntries(Object.keys((simulatedAnswer('/users/statistics', state) as { stats: object }).stats).map((key, i) => [key, i % 2 === 0 ? '1e30' : '"184467440737095516160000"'])),
  );

/** A million levels of nesting (2 MB: parsed in the worker thread). */
export const deeplyNested = (): string => `{"stats":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;

/** 15 MB, within the 16 MiB cap, that parses into five million objects (far past the parse worker's heap limit). */
export const fiveMillionObjects = (): string => `{"stats":[${'{},'.repeat(5_000_000)}{}]}`;

export const EVIL_QUEUE_NAMES = ['\u001b[31mred\u0007\r\n{"level":60,"msg":"forged"}', 'ünïcödé-队列-🙂', 'x'.repeat(10_000)];

/** getWorkers with queue names holding control characters, non-ASCII text and 10 kB, and a 10 kB user. */
export function hostileNames(state: SimState): string {
  const answer = simulatedAnswer('/servers/getWorkers', state) as Record<string, unknown>;
  const template = answer['default'] as { workers: Array<Record<string, unknown>> };
  for (const [i, name] of EVIL_QUEUE_NAMES.entries()) {
    answer[name] = { ...template, workers: template.workers.map((worker) => ({ ...worker, pid: 5000 + i, user: `\u0000${'u'.repeat(10_000)}` })) };
  }
  return JSON.stringify(answer);
}

/** A version of 10 kB with control characters whose number does not fit in 32 bits. */
export const hostileVersion = (): string => JSON.stringify({ version: `9999.999.999\u0000\u001b${'é'.repeat(10_000)}` });
