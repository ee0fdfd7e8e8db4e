import type { Status } from '../domain/snapshot.js';
import { sanitizeText } from '../common/text.js';

/** A classified failure of one request or one answer: the status it stands for and a short reason. */
export class PollError extends Error {
  readonly status: Exclude<Status, 'ok' | 'degraded' | 'notYetPolled' | 'disabled'>;
  /** The HTTP status of the answer that failed; null when there was no HTTP answer. */
  readonly httpStatus: number | null;

  constructor(status: PollError['status'], message: string, httpStatus: number | null = null) {
    super(sanitizeText(message));
    this.name = 'PollError';
    this.status = status;
    this.httpStatus = httpStatus;
  }
}

/** Statuses worth another try a moment later; 403s, 404s, 429s and bad answers are not. */
export const TRANSIENT_STATUSES: ReadonlySet<PollError['status']> = new Set([
  'timeout',
  'unreachable',
  'serverError',
  'dnsError',
]);
