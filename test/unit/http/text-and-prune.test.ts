import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../src/common/text.js';
import { redact } from '../../../src/common/secrets.js';
import { pruneJson } from '../../../src/http/json-prune.js';
import { decodeJson, INLINE_PARSE_LIMIT } from '../../../src/http/json-decode.js';

describe('sanitizeText', () => {
  it('makes one printable, bounded line', () => {
    expect(sanitizeText('a\r\nb\tc\u0000é')).toBe('a b c??');
    expect(sanitizeText('x'.repeat(10_000), 50)).toHaveLength(50);
  });
});

describe('redact', () => {
  const key = 'AbCdEfGh0123456789IjKlMnOpQrStUvWxYz0123';
  it('removes the key and any 8+ character piece of it', () => {
    expect(redact(`key ${key} here`, key)).not.toContain('AbCdEfGh');
    expect(redact(`cut ${key.slice(10, 22)}`, key)).toBe('cut <redacted>');
    expect(redact('nothing secret', key)).toBe('nothing secret');
  });
});

describe('pruneJson', () => {
  it('cuts long strings, long arrays and deep nesting', () => {
    const pruned = pruneJson({ s: 'x'.repeat(5000), list: Array.from({ length: 9000 }, (_, i) => i) }) as {
      s: string;
      list: number[];
    };
    expect(pruned.s).toHaveLength(1024);
    expect(pruned.list).toHaveLength(5000);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(JSON.stringify(pruneJson(deep))).toContain('null');
  });
  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const pruned = pruneJson(JSON.parse('{"__proto__":{"polluted":1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(pruned)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decodeJson', () => {
  it('parses small and large bodies alike (large ones in the worker)', async () => {
    const small = Buffer.from('{"stats":{"event_count":"1"}}');
    const large = Buffer.from(JSON.stringify({ stats: { event_count: '1' }, padding: 'p'.repeat(INLINE_PARSE_LIMIT) }));
    expect(await decodeJson(small)).toEqual({ stats: { event_count: '1' } });
    expect(((await decodeJson(large)) as { stats: unknown }).stats).toEqual({ stats: { event_count: '1' } }.stats);
  });
  it('turns bad JSON into invalidResponse, inline and in the worker', async () => {
    await expect(decodeJson(Buffer.from('{"a":'))).rejects.toMatchObject({ status: 'invalidResponse' });
    await expect(decodeJson(Buffer.from(`{"a":"${'x'.repeat(INLINE_PARSE_LIMIT)}`))).rejects.toMatchObject({ status: 'invalidResponse' });
  });
});
