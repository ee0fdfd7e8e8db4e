import { PollError } from './poll-error.js';
import { keptUtf8, MAX_TEXT_BYTES, sanitizeText } from '../common/text.js';

/** Readers for single fields of a MISP answer: each accepts what MISP really sends and names what is wrong. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function invalid(what: string, problem: string): PollError {
  return new PollError('invalidResponse', `${sanitizeText(what, 80)}: ${problem}`);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${sanitizeText(value, 20)}"`;
  return `a ${typeof value}`;
}

/** A number, or the same as text (MISP 2.5 sends every statistic as a string). */
function numberFrom(value: unknown, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(what, 'is not a finite number');
    return value;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) {
      const parsed = Number(trimmed);
      if (Number.isFinite(parsed)) return parsed;
    }
    throw invalid(what, `is ${kindOf(value)}, expected a number`);
  }
  throw invalid(what, `is ${kindOf(value)}, expected a number`);
}

/**
 * A count: a whole number >= 0. Fractions are floored (MISP 2.4.130 halved the correlation count),
 * values beyond exact integers are clamped, negatives are refused.
 */
export function readCount(value: unknown, what: string): number {
  const number = numberFrom(value, what);
  if (number < 0) throw invalid(what, `is negative (${number})`);
  return Math.min(Math.floor(number), Number.MAX_SAFE_INTEGER);
}

/** A ratio such as attributes per event: >= 0, clamped to the exact-integer range. */
export function readDecimal(value: unknown, what: string): number {
  const number = numberFrom(value, what);
  if (number < 0) throw invalid(what, `is negative (${number})`);
  return Math.min(number, Number.MAX_SAFE_INTEGER);
}

/** A boolean; PHP sometimes sends 0/1 for one. */
export function readBoolean(value: unknown, what: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw invalid(what, `is ${kindOf(value)}, expected true or false`);
}

export function readText(value: unknown, what: string, maxLength = 64): string {
  if (typeof value === 'string') return sanitizeText(value, maxLength);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalid(what, `is ${kindOf(value)}, expected text`);
}

/**
 * A name or message from MISP, to be served: kept as the UTF-8 text it is (keptUtf8), never folded
 * to ASCII; absent or null is '', a number its decimal form.
 */
export function readUtf8Field(value: unknown, what: string, maxCharacters = MAX_TEXT_BYTES): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalid(what, `is ${kindOf(value)}, expected text`);
  return keptUtf8(value, maxCharacters);
}

/** Like the readers above, but null when the field is absent or unusable (for optional diagnostics). */
export function optional<T>(read: (value: unknown, what: string) => T, value: unknown, what: string): T | null {
  if (value === undefined || value === null) return null;
  try {
    return read(value, what);
  } catch {
    return null;
  }
}
