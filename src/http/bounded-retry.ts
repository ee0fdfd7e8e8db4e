import pRetry from 'p-retry';
import { classifyThrown } from './classify.js';
import { PollError, TRANSIENT_STATUSES } from './poll-error.js';

export interface RetryBudget {
  /** Monotonic ms by which the whole poll, retries included, must be over (before the next poll). */
  readonly deadline: number;
  readonly now: () => number;
  /** Aborts the poll at once (monitor stopping). */
  readonly signal: AbortSignal;
}

const MAX_RETRIES = 2;

/**
 * A signal that fires with the budget's signal or at the deadline, and lets go of both when
 * released. (AbortSignal.any with the monitor's long-lived signal kept every poll's signal alive
 * in Node 20, so a daemon polling for months would grow.)
 */
function attemptSignal(budget: RetryBudget, remainingMs: number): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(budget.signal.reason);
  if (budget.signal.aborted) onStop();
  else budget.signal.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('the poll reached its deadline', 'TimeoutError')), Math.ceil(remainingMs));
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onStop);
    },
  };
}

/**
 * Runs one request with a few retries on transient failures (timeouts, resets, DNS, 5xx), never on
 * 403, 404, 429 or a bad answer. Every attempt and every pause ends by the deadline: the attempt's
 * signal fires then, so a poll can never run into the next one.
 */
export async function withBoundedRetry<T>(attempt: (signal: AbortSignal) => Promise<T>, budget: RetryBudget, retries = MAX_RETRIES): Promise<T> {
  const remaining = budget.deadline - budget.now();
  if (remaining <= 0) throw new PollError('timeout', 'no time left before the next poll');
  const { signal, release } = attemptSignal(budget, remaining);
  const maxPause = Math.max(1, Math.min(5_000, remaining / 4));
  try {
    return await pRetry(() => attempt(signal), {
      retries,
      minTimeout: Math.max(1, Math.min(500, remaining / 20)),
      maxTimeout: maxPause,
      randomize: true,
      signal,
      // A retry needs its pause plus time for a request; otherwise keep this failure.
      shouldRetry: (error) =>
        error instanceof PollError && TRANSIENT_STATUSES.has(error.status) && budget.deadline - budget.now() > 2 * maxPause,
    });
  } catch (error) {
    throw classifyThrown(error);
  } finally {
    release();
  }
}
