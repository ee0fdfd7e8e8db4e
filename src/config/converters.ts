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

/** A string checked by `check`, which returns the parsed value or undefined when it is wrong. */
export function parsed<T>(description: string, check: (value: string) => T | undefined): Converter<T> {
  return (value) => {
    if (typeof value !== 'string') return expected(description);
    const result = check(value.trim());
    return result === undefined ? expected(description) : ok(result);
  };
}
