import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu } from '../../../src/agentx/decode.js';
import { encodePdu } from '../../../src/agentx/encode.js';
import { AgentxFramingError } from '../../../src/agentx/errors.js';
import { Framer } from '../../../src/agentx/framer.js';
import type { Pdu } from '../../../src/agentx/pdu.js';
import { octetString } from '../../../src/snmp/value.js';
import { pduArb } from '../../helpers/agentx-arbitraries.js';

const stream: Pdu[] = [
  { type: 'get', sessionId: 4, transactionId: 1, packetId: 1, ranges: [{ start: [1, 3, 6, 1, 4, 1, 8072, 1], include: false, end: [] }] },
  { type: 'ping', sessionId: 4, transactionId: 2, packetId: 2 },
  { type: 'response', sessionId: 4, transactionId: 3, packetId: 3, sysUpTime: 9, error: 0, index: 0, varbinds: [{ oid: [1, 3], value: octetString('ünïcödé') }] },
  { type: 'getBulk', sessionId: 4, transactionId: 4, packetId: 4, nonRepeaters: 1, maxRepetitions: 10, ranges: [{ start: [1], include: true, end: [2] }, { start: [3], include: false, end: [] }] },
];
const bytes = Buffer.concat(stream.map((p, i) => encodePdu(p, i % 2 === 1)));

function decodeAll(framer: Framer, chunks: Buffer[]): Pdu[] {
  return chunks.flatMap((chunk) => framer.push(chunk).map((f) => decodePdu(f.header, f.body)));
}

describe('Framer', () => {
  it('yields the same PDUs for a stream split in two at every byte boundary', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const framer = new Framer();
      expect(decodeAll(framer, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(stream);
      expect(framer.buffered).toBe(0);
    }
  });

  it('yields the same PDUs when fed one byte at a time', () => {
    const framer = new Framer();
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(decodeAll(framer, chunks)).toEqual(stream);
  });

  it('yields the same PDUs for any sequence of PDUs cut into any pieces', () => {
    fc.assert(
      fc.property(fc.array(pduArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (pdus, cuts) => {
        const all = Buffer.concat(pdus.map((p) => encodePdu(p)));
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => all.subarray(from, points[i] ?? all.length));
        expect(decodeAll(new Framer(), chunks)).toEqual(pdus);
      }),
      { numRuns: 500 },
    );
  });

  it('holds a partial PDU until the rest arrives', () => {
    const framer = new Framer();
    expect(framer.push(bytes.subarray(0, 19))).toEqual([]);
    expect(framer.buffered).toBe(19);
  });

  it('reports a corrupt header as a framing error', () => {
    const corrupt = Buffer.from(bytes);
    corrupt[0] = 9;
    expect(() => new Framer().push(corrupt)).toThrow(AgentxFramingError);
  });
});
