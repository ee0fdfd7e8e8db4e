import { type Oid, isValidOid } from './oid.js';

/**
 * SNMP values as AgentX carries them (RFC 2741 section 5.4). The exception types are
 * only ever answers, never stored values.
 */
export type SnmpValue =
  | { readonly type: 'Integer'; readonly value: number }
  | { readonly type: 'OctetString'; readonly value: Buffer }
  | { readonly type: 'Null' }
  | { readonly type: 'ObjectIdentifier'; readonly value: Oid }
  | { readonly type: 'IpAddress'; readonly value: Buffer }
  | { readonly type: 'Counter32'; readonly value: number }
  | { readonly type: 'Gauge32'; readonly value: number }
  | { readonly type: 'TimeTicks'; readonly value: number }
  | { readonly type: 'Opaque'; readonly value: Buffer }
  | { readonly type: 'Counter64'; readonly value: bigint }
  | { readonly type: 'NoSuchObject' }
  | { readonly type: 'NoSuchInstance' }
  | { readonly type: 'EndOfMibView' };

export type SnmpValueType = SnmpValue['type'];

export interface VarBind {
  readonly oid: Oid;
  readonly value: SnmpValue;
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const UINT32_MAX = 0xffff_ffff;
const UINT64_MAX = (1n << 64n) - 1n;

export const NULL: SnmpValue = { type: 'Null' };
export const NO_SUCH_OBJECT: SnmpValue = { type: 'NoSuchObject' };
export const NO_SUCH_INSTANCE: SnmpValue = { type: 'NoSuchInstance' };
export const END_OF_MIB_VIEW: SnmpValue = { type: 'EndOfMibView' };

function checkInteger(kind: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${kind} value ${n} is outside ${min}..${max}`);
  return n;
}

/** Integer32 (and enumerations, TruthValue). */
export function integer(n: number): SnmpValue {
  return { type: 'Integer', value: checkInteger('Integer32', n, INT32_MIN, INT32_MAX) };
}

export function gauge32(n: number): SnmpValue {
  return { type: 'Gauge32', value: checkInteger('Gauge32', n, 0, UINT32_MAX) };
}

export function counter32(n: number): SnmpValue {
  return { type: 'Counter32', value: checkInteger('Counter32', n, 0, UINT32_MAX) };
}

export function timeTicks(n: number): SnmpValue {
  return { type: 'TimeTicks', value: checkInteger('TimeTicks', n, 0, UINT32_MAX) };
}

export function counter64(n: bigint | number): SnmpValue {
  const v = BigInt(n);
  if (v < 0n || v > UINT64_MAX) throw new RangeError(`Counter64 value ${v} is outside 0..${UINT64_MAX}`);
  return { type: 'Counter64', value: v };
}

/** Strings are carried as their UTF-8 bytes. */
export function octetString(s: string | Buffer): SnmpValue {
  return { type: 'OctetString', value: typeof s === 'string' ? Buffer.from(s, 'utf8') : s };
}

export function opaque(bytes: Buffer): SnmpValue {
  return { type: 'Opaque', value: bytes };
}

export function objectIdentifier(oid: Oid): SnmpValue {
  if (!isValidOid(oid)) throw new RangeError(`invalid OBJECT IDENTIFIER value ${oid.join('.')}`);
  return { type: 'ObjectIdentifier', value: oid };
}

export function ipAddress(address: string | Buffer): SnmpValue {
  const bytes = typeof address === 'string' ? Buffer.from(address.split('.').map(Number)) : address;
  if (bytes.length !== 4 || (typeof address === 'string' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address))) {
    throw new RangeError(`invalid IpAddress value ${String(address)}`);
  }
  return { type: 'IpAddress', value: bytes };
}

/** Clamps into Gauge32 instead of throwing: for counts read from an untrusted source. */
export function clampedGauge32(n: number): SnmpValue {
  if (!Number.isFinite(n) || n < 0) return gauge32(0);
  return gauge32(Math.min(Math.floor(n), UINT32_MAX));
}

/** Clamps into the unsigned 64-bit range: for counts read from an untrusted source. */
export function clampedCounter64(n: bigint | number): SnmpValue {
  if (typeof n === 'number') {
    if (!Number.isFinite(n) || n < 0) return counter64(0n);
    n = BigInt(Math.floor(n));
  }
  return counter64(n < 0n ? 0n : n > UINT64_MAX ? UINT64_MAX : n);
}
