/** Next poll after interval ± 10 %, so instances and groups started together drift apart. */
export function jitteredDelayMs(intervalSeconds: number, random: () => number = Math.random): number {
  return intervalSeconds * 1000 * (0.9 + 0.2 * random());
}

/** First poll soon after start, spread over up to 2 s (or a tenth of a short interval). */
export function firstDelayMs(intervalSeconds: number, random: () => number = Math.random): number {
  return Math.min(2_000, intervalSeconds * 100) * random();
}

/** A poll, retries included, must be over before the earliest moment the next one may start (90 %). */
export function pollBudgetMs(intervalSeconds: number): number {
  return intervalSeconds * 1000 * 0.85;
}
