import type { PollState } from './snapshot.js';
import type { PollError } from '../http/poll-error.js';

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
export function afterFailure(previous: PollState, startedAt: number, finishedAt: number, error: PollError): PollState {
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
