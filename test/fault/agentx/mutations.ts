import fc from 'fast-check';
import { encodePdu } from '../../../src/agentx/encode.js';
import type { Pdu } from '../../../src/agentx/pdu.js';
import { DEFAULT_ROOT } from '../../../src/mib/index.js';
import { pduArb } from '../../helpers/agentx-arbitraries.js';

/** Offsets of the header's payload_length field and of the first payload byte (RFC 2741 6.1). */
const LENGTH_AT = 16;
const PAYLOAD_AT = 20;

/** One way to damage an encoded PDU, as a hostile or broken master might send it. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly to: number }
  | { readonly kind: 'lengthLie'; readonly length: number }
  | { readonly kind: 'hugeSubidCount'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly garbage: Buffer }
  | { readonly kind: 'setByte'; readonly at: number; readonly value: number };

const position = fc.nat({ max: 4096 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), to: position }),
  // Multiples of 4 pass the framing rules, so the lie reaches the payload decoder.
  fc.record({ kind: fc.constant('lengthLie' as const), length: fc.oneof(fc.nat({ max: 1024 }).map((n) => n * 4), fc.nat({ max: 0xffff_ffff })) }),
  fc.record({ kind: fc.constant('hugeSubidCount' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, garbage: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)) }),
  fc.record({ kind: fc.constant('setByte' as const), at: position, value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xfe, 0xff) }),
);

/** Applies a mutation to a copy of `bytes`; positions wrap around the buffer's length. */
export function mutate(bytes: Buffer, mutation: Mutation): Buffer {
  const out = Buffer.from(bytes);
  const at = (n: number, base = 0): number => base + (n % Math.max(1, out.length - base));
  switch (mutation.kind) {
    case 'flip':
      out[at(mutation.at)] = (out[at(mutation.at)] as number) ^ (1 << mutation.bit);
      return out;
    case 'truncate':
      return out.subarray(0, at(mutation.to));
    case 'lengthLie':
      if (out.length >= PAYLOAD_AT) out.writeUInt32BE(mutation.length, LENGTH_AT);
      return out;
    case 'hugeSubidCount':
      // An n_subid far beyond 128, somewhere in the payload (where OIDs live).
      if (out.length > PAYLOAD_AT) out[at(mutation.at, PAYLOAD_AT)] = 0xff;
      return out;
    case 'insert': {
      const cut = at(mutation.at);
      return Buffer.concat([out.subarray(0, cut), mutation.garbage, out.subarray(cut)]);
    }
    case 'setByte':
      out[at(mutation.at)] = mutation.value;
      return out;
  }
}

/** Requests aimed inside the served subtree, so that answers walk real values. */
const rootedOid = fc.array(fc.nat({ max: 20 }), { maxLength: 8 }).map((tail) => [...DEFAULT_ROOT, ...tail]);
const rootedRange = fc.record({ start: rootedOid, include: fc.boolean(), end: fc.oneof(fc.constant([]), rootedOid) });
const ids = { sessionId: fc.constant(42), transactionId: fc.nat(), packetId: fc.nat() };
const rootedRequestArb: fc.Arbitrary<Pdu> = fc.oneof(
  fc.record({ ...ids, type: fc.constant('getNext' as const), ranges: fc.array(rootedRange, { maxLength: 8 }) }),
  fc.record({
    ...ids,
    type: fc.constant('getBulk' as const),
    nonRepeaters: fc.nat({ max: 4 }),
    maxRepetitions: fc.oneof(fc.nat({ max: 50 }), fc.constant(0xffff)),
    ranges: fc.array(rootedRange, { maxLength: 8 }),
  }),
  fc.record({ ...ids, type: fc.constant('get' as const), ranges: fc.array(rootedRange.map((r) => ({ ...r, end: [] })), { maxLength: 8 }) }),
);

/** Any valid PDU, or one aimed at the served subtree, encoded in either byte order. */
export const encodedPduArb: fc.Arbitrary<Buffer> = fc
  .tuple(fc.oneof(pduArb, rootedRequestArb), fc.boolean())
  .map(([pdu, littleEndian]) => encodePdu(pdu, littleEndian));

/** A byte stream of valid and damaged PDUs mixed, as one connection would carry it. */
export const hostileStreamArb: fc.Arbitrary<Buffer[]> = fc.array(
  fc.oneof(
    encodedPduArb,
    fc.tuple(encodedPduArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 })).map(([bytes, mutations]) => mutations.reduce(mutate, bytes)),
    fc.uint8Array({ maxLength: 128 }).map((a) => Buffer.from(a)),
  ),
  { minLength: 1, maxLength: 6 },
);

/**
 * A whole frame whose payload is damaged but whose length field matches what is sent, so the
 * stream stays followable (parseError expected), or, for `breakFraming`, a header no stream can
 * be followed past (version or length broken: the session must close and reopen).
 */
export const wholeFrameArb: fc.Arbitrary<{ bytes: Buffer; breaksFraming: boolean }> = fc
  .tuple(
    encodedPduArb,
    fc.array(mutationArb, { maxLength: 3 }),
    // type, flags, reserved, session, transaction and packet ids
    fc.option(fc.record({ at: fc.integer({ min: 1, max: LENGTH_AT - 1 }), value: fc.nat({ max: 0xff }) }), { nil: undefined }),
    fc.nat({ max: 9 }),
  )
  .map(([valid, mutations, headerByte, dice]) => {
    const header = Buffer.from(valid.subarray(0, PAYLOAD_AT));
    if (headerByte) header[headerByte.at] = headerByte.value;
    const damaged = mutations.reduce(mutate, valid.subarray(PAYLOAD_AT));
    const payload = Buffer.concat([damaged, Buffer.alloc((4 - (damaged.length % 4)) % 4)]);
    const littleEndian = ((header[2] as number) & 0x10) === 0;
    if (littleEndian) header.writeUInt32LE(payload.length, LENGTH_AT);
    else header.writeUInt32BE(payload.length, LENGTH_AT);
    header[0] = 1;
    // One frame in ten breaks the framing rules instead.
    const breaksFraming = dice === 0;
    if (breaksFraming) header[0] = 2;
    return { bytes: Buffer.concat([header, payload]), breaksFraming };
  });
