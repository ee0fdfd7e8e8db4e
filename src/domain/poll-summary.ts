import type { PollState } from './snapshot.js';

/** Whole seconds since `at` (a performance.now() time), computed when a manager asks. */
export function ageSeconds(at: number): () => number {
  return () => Math.max(0, Math.floor((performance.now() - at) / 1000));
}

/** When any group last stored good data, or null if none ever did. */
export function newestSuccessAt(polls: readonly PollState[]): number | null {
  let newest: number | null = null;
  for (const poll of polls) {
    if (poll.lastSuccessAt !== null && (newest === null || poll.lastSuccessAt > newest)) newest = poll.lastSuccessAt;
  }
  return newest;
}

export function mostConsecutiveFailures(polls: readonly PollState[]): number {
  return Math.max(0, ...polls.map((p) => p.consecutiveFailures));
}

export function sumOfFailures(polls: readonly PollState[]): number {
  return polls.reduce((sum, p) => sum + p.failuresTotal, 0);
}

/** The error of the failing group attempted most recently, '' when no group is failing. */
export function latestError(polls: readonly PollState[]): string {
  let latest: PollState | null = null;
  for (const poll of polls) {
    if (poll.lastError === '') continue;
    if (latest === null || (poll.lastAttemptAt ?? -Infinity) > (latest.lastAttemptAt ?? -Infinity)) latest = poll;
  }
  return latest?.lastError ?? '';
}
