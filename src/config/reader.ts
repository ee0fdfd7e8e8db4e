import { type ConfigIssue, type ConfigPath, describeValue, formatPath } from './issues.js';
import { nearestName } from './suggest.js';

/** Shared by every reader of one document: collects issues and knows where each path came from. */
export interface ReadContext {
  readonly issues: ConfigIssue[];
  readonly warnings: string[];
  /** "file:line:col", "$VARIABLE", or '' when unknown. */
  where(path: ConfigPath): string;
}

export type Conversion<T> = { readonly value: T } | { readonly expected: string };
/** Turns a raw YAML value into a typed one, or says what was expected instead. */
export type Converter<T> = (value: unknown) => Conversion<T>;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function report(ctx: ReadContext, path: ConfigPath, message: string): void {
  ctx.issues.push({ path: formatPath(path), where: ctx.where(path), message });
}

/**
 * Reads one mapping of the document field by field. Every field read is "known"; finish()
 * flags the rest as unknown keys, with the nearest known key as a suggestion.
 * Readers never throw: a bad field is reported and its fallback returned, so one pass finds
 * every problem.
 */
export class ObjectReader {
  private readonly known: string[] = [];

  private constructor(
    readonly ctx: ReadContext,
    readonly path: ConfigPath,
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** A reader over `value`; nothing there reads as an empty mapping, anything else is reported. */
  static of(ctx: ReadContext, path: ConfigPath, value: unknown): ObjectReader {
    if (value === undefined || value === null) return new ObjectReader(ctx, path, {});
    if (isMapping(value)) return new ObjectReader(ctx, path, value);
    report(ctx, path, `got ${describeValue(value)}, expected a mapping of "key: value" lines`);
    return new ObjectReader(ctx, path, {});
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  /** The field, converted; its fallback when it is missing (reported if required) or wrong. */
  field<T>(key: string, convert: Converter<T>, fallback: T, required = false): T {
    this.known.push(key);
    const value = this.fields[key];
    const path = [...this.path, key];
    if (value === undefined || value === null) {
      if (required) {
        const expected = convert(undefined);
        report(this.ctx, path, `missing; expected ${'expected' in expected ? expected.expected : 'a value'}`);
      }
      return fallback;
    }
    const result = convert(value);
    if ('expected' in result) {
      report(this.ctx, path, `got ${describeValue(value)}, expected ${result.expected}`);
      return fallback;
    }
    return result.value;
  }

  mapping(key: string): ObjectReader {
    this.known.push(key);
    return ObjectReader.of(this.ctx, [...this.path, key], this.fields[key]);
  }

  list(key: string): readonly unknown[] {
    this.known.push(key);
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    report(this.ctx, [...this.path, key], `got ${describeValue(value)}, expected a list ("- " items)`);
    return [];
  }

  /** Accepts keys starting with "x-": a place for YAML anchors shared by several instances. */
  allowExtensionKeys(): void {
    this.known.push(...Object.keys(this.fields).filter((key) => key.startsWith('x-')));
  }

  /** Reports every field that was not read. `hints` explain keys that are refused on purpose. */
  finish(hints: Readonly<Record<string, string>> = {}): void {
    for (const key of Object.keys(this.fields)) {
      if (this.known.includes(key)) continue;
      const hint = hints[key];
      const names = this.known.filter((name) => !name.startsWith('x-'));
      const suggestion = nearestName(key, names);
      const message =
        hint ?? (suggestion !== undefined ? `unknown key; did you mean "${suggestion}"?` : `unknown key; expected one of: ${names.join(', ')}`);
      report(this.ctx, [...this.path, key], message);
    }
  }
}
