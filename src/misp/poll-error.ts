import type { Status } from './model.js';
import { sanitizeText } from './text.js';

/** A classified failure of one request or one answer: the status it stands for and a short reason. */
export class PollError extends Error {
  readonly status: Exclude<Status, 'ok' | 'degraded' | 'notYetPolled' | 'disabled'>;

  constructor(status: PollError['status'], message: string) {
    super(sanitizeText(message));
    this.name = 'PollError';
    this.status = status;
  }
}

/** Statuses worth another try a moment later; 403s, 404s, 429s and bad answers are not. */
export const TRANSIENT_STATUSES: ReadonlySet<PollError['status']> = new Set([
  'timeout',
  'unreachable',
  'serverError',
  'dnsError',
]);
