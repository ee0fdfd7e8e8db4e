import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedUtf8 } from '../../../src/common/text.js';

describe('boundedUtf8', () => {
  it('keeps short printable text as it is', () => {
    expect(boundedUtf8('Grüße, 東京 ✓').toString('utf8')).toBe('Grüße, 東京 ✓');
  });

  it('cuts on a character boundary, never inside a multi-byte character', () => {
    // 254 ASCII bytes, then a 3-byte character that does not fit.
    expect(boundedUtf8(`${'a'.repeat(254)}東`).length).toBe(254);
    expect(boundedUtf8(`${'a'.repeat(251)}😀😀`).toString('utf8')).toBe(`${'a'.repeat(251)}😀`);
  });

  it('turns control characters into spaces and lone surrogates into U+FFFD', () => {
    expect(boundedUtf8('a\u0000b\r\nc\u009b\ud800').toString('utf8')).toBe('a b  c \ufffd');
  });

  it('always yields valid UTF-8 within the limit, a prefix of the cleaned text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
        const bytes = boundedUtf8(text, max);
        expect(bytes.length).toBeLessThanOrEqual(max);
        const decoded = bytes.toString('utf8');
        expect(Buffer.from(decoded, 'utf8').equals(bytes)).toBe(true);
        expect(decoded).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(Buffer.from(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '), 'utf8').subarray(0, bytes.length).equals(bytes)).toBe(true);
      }),
    );
  });
});
