import type { HttpAnswer } from './read-body.js';
import { headerValue, looksLikeHtml } from './read-body.js';
import { PollError } from './poll-error.js';
import { sanitizeText } from '../common/text.js';

/** Error bodies are small; a larger one is not read for a message. */
const MAX_ERROR_BODY_TO_READ = 64 * 1024;
const EXCERPT_LENGTH = 80;

/** MISP's 403 texts that mean the key itself is refused (README: "Errors"). */
const AUTH_FAILURE_TEXTS = [/authentication failed/i, /auth ?key/i, /disabled/i, /expired/i, /ip address/i, /not allowed/i];
const PERMISSION_TEXTS = [/do not have permission/i, /permission/i];

/** The MISP `message` (or `name`) of a JSON error body, else a short sanitized excerpt of the page. */
export function errorText(answer: HttpAnswer): string {
  if (answer.body.length === 0) return '';
  if (looksLikeHtml(answer)) return 'HTML page';
  if (answer.body.length <= MAX_ERROR_BODY_TO_READ) {
    try {
      const parsed: unknown = JSON.parse(answer.body.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object') {
        const record = parsed as Record<string, unknown>;
        const text = typeof record.message === 'string' ? record.message : record.name;
        if (typeof text === 'string') return sanitizeText(text, EXCERPT_LENGTH * 2);
      }
    } catch {
      // not JSON: fall through to the excerpt
    }
  }
  return sanitizeText(answer.body.subarray(0, EXCERPT_LENGTH * 4).toString('utf8'), EXCERPT_LENGTH);
}

function describe(answer: HttpAnswer): string {
  const text = errorText(answer);
  return text ? `HTTP ${answer.statusCode}: ${text}` : `HTTP ${answer.statusCode}`;
}

function classifyForbidden(answer: HttpAnswer): PollError {
  const text = errorText(answer);
  if (PERMISSION_TEXTS.some((pattern) => pattern.test(text))) return new PollError('permissionDenied', describe(answer));
  if (AUTH_FAILURE_TEXTS.some((pattern) => pattern.test(text))) return new PollError('authFailed', describe(answer));
  // A 403 in words MISP does not use (a proxy, a WAF): access is refused, but not for a known key reason.
  return new PollError('permissionDenied', describe(answer));
}

function classifyRedirect(answer: HttpAnswer): PollError {
  const location = headerValue(answer, 'location');
  let path = location;
  try {
    path = new URL(location, 'http://placeholder').pathname;
  } catch {
    // keep the raw text; it is sanitized below
  }
  if (/\/users\/login/i.test(path)) {
    return new PollError('maintenance', `HTTP ${answer.statusCode} to ${sanitizeText(path, 60)} (MISP offline or updating)`);
  }
  return new PollError('invalidResponse', `HTTP ${answer.statusCode} redirect to ${sanitizeText(path, 60) || 'nowhere'}`);
}

/** null for a 2xx answer; otherwise the failure the HTTP status stands for, carrying that status. */
export function classifyHttpAnswer(answer: HttpAnswer): PollError | null {
  const failure = classifyStatus(answer);
  return failure && new PollError(failure.status, failure.message, answer.statusCode);
}

function classifyStatus(answer: HttpAnswer): PollError | null {
  const code = answer.statusCode;
  if (code >= 200 && code < 300) return null;
  if (code >= 300 && code < 400) return classifyRedirect(answer);
  if (code === 401) return new PollError('authFailed', describe(answer));
  if (code === 403) return classifyForbidden(answer);
  if (code === 404) return new PollError('notFound', describe(answer));
  if (code === 408) return new PollError('timeout', describe(answer));
  if (code === 429) return new PollError('rateLimited', describe(answer));
  if (code >= 500) return new PollError('serverError', describe(answer));
  return new PollError('invalidResponse', describe(answer));
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ABORT_ERR',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code.includes('SELF_SIGNED') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'EPROTO'
  );
}

function errorCodes(error: unknown): { codes: string[]; names: string[] } {
  const codes: string[] = [];
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (typeof record.name === 'string') names.push(record.name);
    current = record.cause;
  }
  return { codes, names };
}

/** Turns anything a request threw into a classified PollError (a PollError passes through). */
export function classifyThrown(error: unknown): PollError {
  if (error instanceof PollError) return error;
  const { codes, names } = errorCodes(error);
  const code = codes[0] ?? names[0] ?? 'unknown error';
  const label = sanitizeText(code, 60);
  if (codes.some(isTlsCode)) return new PollError('tlsError', `TLS error: ${label}`);
  if (codes.some((c) => DNS_CODES.has(c))) return new PollError('dnsError', `DNS lookup failed: ${label}`);
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || names.includes('TimeoutError') || names.includes('AbortError')) {
    return new PollError('timeout', `timed out: ${label}`);
  }
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) return new PollError('unreachable', `connection failed: ${label}`);
  return new PollError('unreachable', `request failed: ${label}`);
}

/** A 2xx answer must be JSON: a 200 HTML page (a login form, a proxy page) is refused here. */
export function requireJsonAnswer(answer: HttpAnswer): HttpAnswer {
  const failure = classifyHttpAnswer(answer);
  if (failure) throw failure;
  if (looksLikeHtml(answer)) throw new PollError('invalidResponse', `HTTP ${answer.statusCode}: HTML page instead of JSON`);
  return answer;
}
