import { MAX_OID_LENGTH, type Oid } from '../snmp/oid.js';
import type { SnmpValue, VarBind } from '../snmp/value.js';
import { VALUE_TYPE_CODES, byCode } from './constants.js';
import { AgentxParseError } from './errors.js';

const VALUE_TYPE_BY_CODE = byCode(VALUE_TYPE_CODES);

/** Decodes AgentX fields from one PDU's payload; every overrun is an AgentxParseError. */
export class PduReader {
  private at = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly littleEndian: boolean,
  ) {}

  get atEnd(): boolean {
    return this.at === this.buffer.length;
  }

  /** `part` completes `what` in the error only: no label is built while the payload is sound. */
  private take(n: number, what: string, part = ''): number {
    const at = this.at;
    if (at + n > this.buffer.length) {
      throw new AgentxParseError(`truncated ${what}${part}: needs ${n} bytes at offset ${at}, payload has ${this.buffer.length}`);
    }
    this.at += n;
    return at;
  }

  private readU32(at: number): number {
    return this.littleEndian ? this.buffer.readUInt32LE(at) : this.buffer.readUInt32BE(at);
  }

  u8(what = 'byte'): number {
    return this.buffer[this.take(1, what)] as number;
  }

  u16(what = 'u16'): number {
    const at = this.take(2, what);
    return this.littleEndian ? this.buffer.readUInt16LE(at) : this.buffer.readUInt16BE(at);
  }

  u32(what = 'u32'): number {
    return this.readU32(this.take(4, what));
  }

  i32(what = 'integer'): number {
    const at = this.take(4, what);
    return this.littleEndian ? this.buffer.readInt32LE(at) : this.buffer.readInt32BE(at);
  }

  u64(what = 'u64'): bigint {
    const at = this.take(8, what);
    return this.littleEndian ? this.buffer.readBigUInt64LE(at) : this.buffer.readBigUInt64BE(at);
  }

  skip(n: number, what: string): void {
    this.take(n, what);
  }

  octetString(what = 'octet string'): Buffer {
    const length = this.u32(`${what} length`);
    if (length > this.buffer.length - this.at) {
      throw new AgentxParseError(`${what} length ${length} exceeds the ${this.buffer.length - this.at} bytes left`);
    }
    const at = this.take(length, what);
    this.take((4 - (length % 4)) % 4, `${what} padding`);
    return Buffer.from(this.buffer.subarray(at, at + length));
  }

  /** Every request carries OIDs: one bounds check for the 4-byte head, one for the sub-identifiers. */
  oid(what = 'OID'): { oid: Oid; include: boolean } {
    const head = this.take(4, what, ' n_subid, prefix, include and reserved bytes');
    const count = this.buffer[head] as number;
    const prefix = this.buffer[head + 1] as number;
    const include = this.buffer[head + 2] as number;
    if (include > 1) throw new AgentxParseError(`${what} include field is ${include}, expected 0 or 1`);
    const total = count + (prefix === 0 ? 0 : 5);
    if (total > MAX_OID_LENGTH) throw new AgentxParseError(`${what} has ${total} sub-identifiers, more than ${MAX_OID_LENGTH}`);
    const oid: number[] = prefix === 0 ? [] : [1, 3, 6, 1, prefix];
    const first = this.take(4 * count, what, ' sub-identifiers');
    for (let i = 0; i < count; i++) oid.push(this.readU32(first + 4 * i));
    return { oid, include: include === 1 };
  }

  value(typeCode: number): SnmpValue {
    const type = VALUE_TYPE_BY_CODE.get(typeCode);
    switch (type) {
      case 'Integer':
        return { type, value: this.i32('Integer value') };
      case 'Counter32':
      case 'Gauge32':
      case 'TimeTicks':
        return { type, value: this.u32(`${type} value`) };
      case 'Counter64':
        return { type, value: this.u64('Counter64 value') };
      case 'OctetString':
      case 'Opaque':
        return { type, value: this.octetString(`${type} value`) };
      case 'IpAddress': {
        const value = this.octetString('IpAddress value');
        if (value.length !== 4) throw new AgentxParseError(`IpAddress value has ${value.length} bytes, expected 4`);
        return { type, value };
      }
      case 'ObjectIdentifier':
        return { type, value: this.oid('OBJECT IDENTIFIER value').oid };
      case 'Null':
      case 'NoSuchObject':
      case 'NoSuchInstance':
      case 'EndOfMibView':
        return { type };
      case undefined:
        throw new AgentxParseError(`unknown varbind type ${typeCode}`);
    }
  }

  varbind(): VarBind {
    const typeCode = this.u16('varbind type');
    this.u16('varbind reserved');
    const { oid } = this.oid('varbind name');
    return { oid, value: this.value(typeCode) };
  }

  varbindList(): VarBind[] {
    const list: VarBind[] = [];
    while (!this.atEnd) list.push(this.varbind());
    return list;
  }
}
