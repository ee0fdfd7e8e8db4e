/**
 * Reads the bytes of a JSON text, before JSON.parse, for what parsing would cost: nesting depth
 * and the number of values (each "," "[" "{" outside strings stands for at least one). Returns
 * the problem, or null when the text may be parsed. JSON.parse of an answer within the byte cap
 * can still take hundreds of megabytes (16 MiB of "{}," is five million objects; a million "["
 * nest a million arrays), so such a text is refused unparsed. A real answer of 16 MiB holds
 * about 2.6 million values; pruneJson later keeps at most 200,000 of them. Self-contained on
 * purpose: its source text is also run inside the parse worker.
 */
export function jsonShapeProblem(bytes: Uint8Array): string | null {
  const maxDepth = 64;
  const maxValues = 4000000;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      values += 1;
      if (depth > maxDepth) return `JSON answer is nested deeper than ${maxDepth} levels`;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    } else if (byte === 0x2c) {
      values += 1;
    }
    if (values > maxValues) return 'JSON answer has too many values';
  }
  return null;
}
