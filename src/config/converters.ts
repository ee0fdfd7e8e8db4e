import { redactSecrets } from '../common/secrets.js';
import type { Conversion, Converter } from './reader.js';

const ok = <T>(value: T): Conversion<T> => ({ value });
const expected = <T>(text: string): Conversion<T> => ({ expected: text });

export const text: Converter<string> = (value) => (typeof value === 'string' && value.trim() !== '' ? ok(value.trim()) : expected('a non-empty string'));

export const bool: Converter<boolean> = (value) => (typeof value === 'boolean' ? ok(value) : expected('true or false'));

export function integer(min: number, max: number, note = ''): Converter<number> {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? ok(value)
      : expected(`an integer from ${min} to ${max}${note}`);
}

export function oneOf<const T extends string>(choices: readonly T[]): Converter<T> {
  return (value) => (choices.includes(value as T) ? ok(value as T) : expected(`one of ${choices.join(', ')}`));
}

/**
 * A string read by `parse`, which returns the value, or undefined or throws when it is wrong. A
 * thrown message says what exactly is wrong, so it is kept (with anything key-shaped hidden).
 */
export function parsed<T>(description: string, parse: (value: string) => T | undefined): Converter<T> {
  return (value) => {
    if (typeof value !== 'string') return expected(description);
    try {
      const result = parse(value.trim());
      return result === undefined ? expected(description) : ok(result);
    } catch (error) {
      return expected(`${description} (${redactSecrets(error instanceof Error ? error.message : String(error))})`);
    }
  };
}

/** 0, meaning `zero`, or a whole number from min to max `unit`. */
export function zeroOrRange(min: number, max: number, zero: string, unit = 'whole seconds'): Converter<number> {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && (value === 0 || (value >= min && value <= max))
      ? ok(value)
      : expected(`0 (${zero}) or ${unit} from ${min} to ${max}`);
}
