import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_SIZE } from '../../../src/agentx/constants.js';
import { decodePdu } from '../../../src/agentx/decode.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxFramingError, AgentxParseError } from '../../../src/agentx/errors.js';
import { decodeHeader } from '../../../src/agentx/header.js';
import type { Pdu } from '../../../src/agentx/pdu.js';
import { parseOid } from '../../../src/snmp/oid.js';
import { counter64, octetString } from '../../../src/snmp/value.js';
import { pduArb } from '../../helpers/agentx-arbitraries.js';

function roundTrip(pdu: Pdu, littleEndian: boolean): Pdu {
  const bytes = encodePdu(pdu, littleEndian);
  const header = decodeHeader(bytes);
  expect(header.payloadLength).toBe(bytes.length - HEADER_SIZE);
  expect(header.littleEndian).toBe(littleEndian);
  return decodePdu(header, bytes.subarray(HEADER_SIZE));
}

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('AgentX codec', () => {
  it('round-trips every PDU type and value type in network byte order', () => {
    fc.assert(fc.property(pduArb, (pdu) => {
      expect(roundTrip(pdu, false)).toEqual(pdu);
    }), { numRuns: 3000 });
  });

  it('round-trips every PDU type and value type in little-endian byte order', () => {
    fc.assert(fc.property(pduArb, (pdu) => {
      expect(roundTrip(pdu, true)).toEqual(pdu);
    }), { numRuns: 3000 });
  });

  it('keeps every payload a multiple of 4 bytes', () => {
    fc.assert(fc.property(pduArb, (pdu) => {
      expect(encodePdu(pdu).length % 4).toBe(0);
    }));
  });

  it('encodes an Open-PDU byte for byte, with the 1.3.6.1.4 prefix compressed', () => {
    const pdu: Pdu = { type: 'open', sessionId: 0, transactionId: 1, packetId: 2, timeout: 5, id: parseOid('1.3.6.1.4.1.8072'), description: Buffer.from('ab') };
    expect(encodePdu(pdu)).toEqual(
      hex(`01 01 10 00  00000000 00000001 00000002 00000018
           05 000000
           02 04 00 00  00000001 00001f88
           00000002 61620000`),
    );
  });

  it('decodes a little-endian Response with a Counter64 and a UTF-8 string', () => {
    const bytes = hex(`01 12 00 00  07000000 09000000 0a000000 38000000
      00000000 0000 0000
      4600 0000 03 02 00 00 01000000 00000000 01000000
      ffffffff ffffffff
      0400 0000 01 00 00 00 05000000
      02000000 c3a90000`);
    const header = decodeHeader(bytes);
    expect(decodePdu(header, bytes.subarray(HEADER_SIZE))).toEqual({
      type: 'response',
      sessionId: 7,
      transactionId: 9,
      packetId: 10,
      sysUpTime: 0,
      error: 0,
      index: 0,
      varbinds: [
        { oid: [1, 3, 6, 1, 2, 1, 0, 1], value: counter64((1n << 64n) - 1n) },
        { oid: [5], value: octetString('é') },
      ],
    });
  });

  it('encodes strings by their UTF-8 byte length, padded to 4', () => {
    const pdu: Pdu = { type: 'response', sessionId: 1, transactionId: 1, packetId: 1, sysUpTime: 0, error: 0, index: 0, varbinds: [{ oid: [1], value: octetString('東京') }] };
    const bytes = encodePdu(pdu);
    // header 20 + response fields 8 + varbind type 4 + OID 8 + length 4 + 6 bytes padded to 8
    expect(bytes.length).toBe(20 + 8 + 4 + 8 + 4 + 8);
    expect(bytes.readUInt32BE(20 + 8 + 4 + 8)).toBe(6);
  });

  it('sets NON_DEFAULT_CONTEXT only when a context is given, and decodes it back', () => {
    const withContext: Pdu = { type: 'ping', sessionId: 1, transactionId: 2, packetId: 3, context: Buffer.from('ctx') };
    expect(encodePdu(withContext)[2]).toBe(0x18);
    expect(encodePdu({ type: 'ping', sessionId: 1, transactionId: 2, packetId: 3 })[2]).toBe(0x10);
    expect(roundTrip(withContext, false)).toEqual(withContext);
  });
});

describe('AgentX decoder on malformed input', () => {
  const ping = encodePdu({ type: 'getNext', sessionId: 1, transactionId: 1, packetId: 1, ranges: [{ start: [1, 3, 6, 1, 4, 1], include: false, end: [] }] });

  function decodeRaw(bytes: Buffer): Pdu {
    return decodePdu(decodeHeader(bytes), bytes.subarray(HEADER_SIZE));
  }

  it('rejects a header with another version or a bad length as a framing error', () => {
    const badVersion = Buffer.from(ping);
    badVersion[0] = 2;
    expect(() => decodeHeader(badVersion)).toThrow(AgentxFramingError);
    const oddLength = Buffer.from(ping);
    oddLength.writeUInt32BE(6, 16);
    expect(() => decodeHeader(oddLength)).toThrow(/not a multiple of 4/);
    const huge = Buffer.from(ping);
    huge.writeUInt32BE(0x7fff_fff0, 16);
    expect(() => decodeHeader(huge)).toThrow(/exceeds/);
  });

  it('names what is wrong in a payload', () => {
    const unknownType = Buffer.from(ping);
    unknownType[1] = 99;
    expect(() => decodeRaw(unknownType)).toThrow(/unknown PDU type 99/);

    const truncated = Buffer.concat([ping.subarray(0, 16), Buffer.from([0, 0, 0, 4]), ping.subarray(20, 24)]);
    expect(() => decodeRaw(truncated)).toThrow(AgentxParseError);

    const badInclude = Buffer.from(ping);
    badInclude[20 + 2] = 7;
    expect(() => decodeRaw(badInclude)).toThrow(/include field is 7/);

    const longOid = Buffer.from(ping);
    longOid[20] = 200;
    expect(() => decodeRaw(longOid)).toThrow(/more than 128/);

    const trailing = Buffer.concat([ping, Buffer.alloc(4)]);
    trailing.writeUInt32BE(ping.length - 20 + 4, 16);
    expect(() => decodeRaw(trailing)).toThrow(/trailing bytes|truncated/);
  });

  it('rejects a Get whose search range has an end, an IpAddress of the wrong size, an unknown value type', () => {
    const get = encodePdu({ type: 'getNext', sessionId: 1, transactionId: 1, packetId: 1, ranges: [{ start: [1], include: false, end: [2] }] });
    get[1] = 5;
    expect(() => decodeRaw(get)).toThrow(/null end OID/);

    const response = encodePdu({ type: 'response', sessionId: 1, transactionId: 1, packetId: 1, sysUpTime: 0, error: 0, index: 0, varbinds: [{ oid: [1], value: octetString('abcde') }] });
    const ip = Buffer.from(response);
    ip.writeUInt16BE(64, 28);
    expect(() => decodeRaw(ip)).toThrow(/IpAddress value has 5 bytes/);
    const unknown = Buffer.from(response);
    unknown.writeUInt16BE(99, 28);
    expect(() => decodeRaw(unknown)).toThrow(/unknown varbind type 99/);
  });

  it('never throws anything but AgentxParseError or AgentxFramingError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 200 }), fc.boolean(), (raw, fixHeader) => {
        const bytes = Buffer.from(raw);
        if (fixHeader) {
          bytes[0] = 1;
          bytes.writeUInt32BE((bytes.length - 20) & ~3, 16);
          bytes[2] = (bytes[2] as number) | 0x10;
        }
        try {
          const header = decodeHeader(bytes);
          decodePdu(header, bytes.subarray(HEADER_SIZE, HEADER_SIZE + header.payloadLength));
        } catch (error) {
          expect(error instanceof AgentxParseError || error instanceof AgentxFramingError).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
