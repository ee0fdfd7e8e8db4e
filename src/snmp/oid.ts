/** An SNMP object identifier as its sub-identifiers (each 0..2^32-1). */
export type Oid = readonly number[];

const MAX_SUBID = 0xffff_ffff;
/** RFC 2578: at most 128 sub-identifiers. */
export const MAX_OID_LENGTH = 128;

/** Parses "1.3.6.1", ".1.3.6.1" or "iso.3.6.1"-free numeric dotted text; throws naming the bad part. */
export function parseOid(text: string): Oid {
  const trimmed = text.trim().replace(/^\./, '');
  if (trimmed === '') throw new Error(`invalid OID "${text}": empty`);
  const parts = trimmed.split('.');
  if (parts.length > MAX_OID_LENGTH) throw new Error(`invalid OID "${text}": more than ${MAX_OID_LENGTH} sub-identifiers`);
  return parts.map((part) => {
    if (!/^\d+$/.test(part)) throw new Error(`invalid OID "${text}": "${part}" is not a non-negative integer`);
    const n = Number(part);
    if (n > MAX_SUBID) throw new Error(`invalid OID "${text}": ${part} exceeds 4294967295`);
    return n;
  });
}

export function formatOid(oid: Oid): string {
  return oid.join('.');
}

/** Lexicographic order as SNMP defines it (a prefix sorts before its extensions). */
export function compareOid(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function isPrefixOf(prefix: Oid, oid: Oid): boolean {
  if (prefix.length > oid.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== oid[i]) return false;
  return true;
}

export function isValidOid(oid: Oid): boolean {
  return oid.length <= MAX_OID_LENGTH && oid.every((n) => Number.isInteger(n) && n >= 0 && n <= MAX_SUBID);
}
