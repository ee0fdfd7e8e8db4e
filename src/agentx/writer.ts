import type { Oid } from '../snmp/oid.js';
import type { SnmpValue, VarBind } from '../snmp/value.js';
import { VALUE_TYPE_CODES } from './constants.js';

const INTERNET = [1, 3, 6, 1] as const;

/** Encodes AgentX fields into a growing buffer, in either byte order. */
export class PduWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(
    readonly littleEndian = false,
    initialSize = 256,
  ) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  get offset(): number {
    return this.length;
  }

  /** Drops what was written from `offset` on (an answer abandoned half-way). */
  rewind(offset: number): void {
    this.length = Math.min(offset, this.length);
  }

  /**
   * Starts again from empty. With `keepBuffer` the same memory is written again, so the bytes
   * finish() returned before must no longer be in use; otherwise a new buffer is taken.
   */
  reset(keepBuffer: boolean): void {
    this.length = 0;
    if (!keepBuffer) this.buffer = Buffer.allocUnsafe(this.buffer.length);
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, at + n));
      this.buffer.copy(grown, 0, 0, at);
      this.buffer = grown;
    }
    this.length += n;
    return at;
  }

  u8(n: number): void {
    const at = this.reserve(1);
    this.buffer[at] = n & 0xff;
  }

  u16(n: number): void {
    const at = this.reserve(2);
    if (this.littleEndian) this.buffer.writeUInt16LE(n, at);
    else this.buffer.writeUInt16BE(n, at);
  }

  u32(n: number): void {
    const at = this.reserve(4);
    if (this.littleEndian) this.buffer.writeUInt32LE(n >>> 0, at);
    else this.buffer.writeUInt32BE(n >>> 0, at);
  }

  /** Overwrites a u32 written earlier (the header's payload length). */
  patchU32(at: number, n: number): void {
    if (this.littleEndian) this.buffer.writeUInt32LE(n >>> 0, at);
    else this.buffer.writeUInt32BE(n >>> 0, at);
  }

  i32(n: number): void {
    const at = this.reserve(4);
    if (this.littleEndian) this.buffer.writeInt32LE(n, at);
    else this.buffer.writeInt32BE(n, at);
  }

  u64(n: bigint): void {
    const at = this.reserve(8);
    if (this.littleEndian) this.buffer.writeBigUInt64LE(n, at);
    else this.buffer.writeBigUInt64BE(n, at);
  }

  zeros(n: number): void {
    const at = this.reserve(n);
    this.buffer.fill(0, at, this.length);
  }

  /** Octet String (section 5.3): length, bytes, zero padding to a multiple of 4. */
  octetString(bytes: Buffer): void {
    this.u32(bytes.length);
    const at = this.reserve(bytes.length); // reserve() may swap this.buffer: call it first
    bytes.copy(this.buffer, at);
    this.zeros((4 - (bytes.length % 4)) % 4);
  }

  /** Object Identifier (section 5.1), using the 1.3.6.1.<n> prefix compression when it applies. */
  oid(oid: Oid, include = false): void {
    const prefixed = oid.length >= 5 && oid[0] === INTERNET[0] && oid[1] === INTERNET[1] && oid[2] === INTERNET[2] && oid[3] === INTERNET[3] && (oid[4] as number) >= 1 && (oid[4] as number) <= 255;
    const start = prefixed ? 5 : 0;
    this.u8(oid.length - start);
    this.u8(prefixed ? (oid[4] as number) : 0);
    this.u8(include ? 1 : 0);
    this.u8(0);
    for (let i = start; i < oid.length; i++) this.u32(oid[i] as number);
  }

  value(value: SnmpValue): void {
    switch (value.type) {
      case 'Integer':
        return this.i32(value.value);
      case 'Counter32':
      case 'Gauge32':
      case 'TimeTicks':
        return this.u32(value.value);
      case 'Counter64':
        return this.u64(value.value);
      case 'OctetString':
      case 'IpAddress':
      case 'Opaque':
        return this.octetString(value.value);
      case 'ObjectIdentifier':
        return this.oid(value.value);
      case 'Null':
      case 'NoSuchObject':
      case 'NoSuchInstance':
      case 'EndOfMibView':
        return;
    }
  }

  varbind(vb: VarBind): void {
    this.u16(VALUE_TYPE_CODES[vb.value.type]);
    this.u16(0);
    this.oid(vb.oid);
    this.value(vb.value);
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
