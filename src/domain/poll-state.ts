import type { PollState, Status } from './snapshot.js';

/** What a failed poll reports (a PollError, without the domain knowing HTTP). */
export interface PollFailure {
  readonly status: Status;
  readonly message: string;
}

export function initialPollState(enabled: boolean): PollState {
  return {
    status: enabled ? 'notYetPolled' : 'disabled',
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastDurationMs: null,
    consecutiveFailures: 0,
    failuresTotal: 0,
    lastError: '',
  };
}

export function afterSuccess(previous: PollState, startedAt: number, finishedAt: number): PollState {
  return {
    status: 'ok',
    lastAttemptAt: startedAt,
    lastSuccessAt: finishedAt,
    lastDurationMs: finishedAt - startedAt,
    consecutiveFailures: 0,
    failuresTotal: previous.failuresTotal,
    lastError: '',
  };
}

/** A failure keeps lastSuccessAt (the age of the values still served) and counts up. */
export function afterFailure(previous: PollState, startedAt: number, finishedAt: number, error: PollFailure): PollState {
  return {
    status: error.status,
    lastAttemptAt: startedAt,
    lastSuccessAt: previous.lastSuccessAt,
    lastDurationMs: finishedAt - startedAt,
    consecutiveFailures: previous.consecutiveFailures + 1,
    failuresTotal: previous.failuresTotal + 1,
    lastError: error.message,
  };
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
