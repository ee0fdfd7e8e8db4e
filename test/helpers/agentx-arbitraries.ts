import fc from 'fast-check';
import type { Pdu, SearchRange } from '../../src/agentx/pdu.js';
import type { Oid } from '../../src/snmp/oid.js';
import type { SnmpValue, VarBind } from '../../src/snmp/value.js';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 0xff });
const bytes = (max = 64): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

/** OIDs of every shape: empty, short, compressible 1.3.6.1.n..., and up to 128 sub-identifiers. */
export const oidArb: fc.Arbitrary<Oid> = fc.oneof(
  fc.array(u32, { maxLength: 128 }),
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.array(u32, { maxLength: 20 })).map(([n, rest]) => [1, 3, 6, 1, n, ...rest]),
  fc.constant([]),
);

export const valueArb: fc.Arbitrary<SnmpValue> = fc.oneof(
  fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }).map((value) => ({ type: 'Integer' as const, value })),
  bytes().map((value) => ({ type: 'OctetString' as const, value })),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => ({ type: 'OctetString' as const, value: Buffer.from(s) })),
  fc.constant({ type: 'Null' as const }),
  oidArb.map((value) => ({ type: 'ObjectIdentifier' as const, value })),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((a) => ({ type: 'IpAddress' as const, value: Buffer.from(a) })),
  u32.map((value) => ({ type: 'Counter32' as const, value })),
  u32.map((value) => ({ type: 'Gauge32' as const, value })),
  u32.map((value) => ({ type: 'TimeTicks' as const, value })),
  bytes().map((value) => ({ type: 'Opaque' as const, value })),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((value) => ({ type: 'Counter64' as const, value })),
  fc.constantFrom({ type: 'NoSuchObject' as const }, { type: 'NoSuchInstance' as const }, { type: 'EndOfMibView' as const }),
);

export const varbindArb: fc.Arbitrary<VarBind> = fc.record({ oid: oidArb, value: valueArb });
const varbinds = fc.array(varbindArb, { maxLength: 8 });
const rangeArb = (nullEnd: boolean): fc.Arbitrary<SearchRange> =>
  fc.record({ start: oidArb, include: fc.boolean(), end: nullEnd ? fc.constant([]) : oidArb });
const ranges = (nullEnd: boolean) => fc.array(rangeArb(nullEnd), { maxLength: 8 });
const ids = fc.record({ sessionId: u32, transactionId: u32, packetId: u32 });
const context = fc.option(bytes(32), { nil: undefined });
const range = fc.option(fc.record({ subid: fc.integer({ min: 1, max: 5 }), upperBound: u32 }), { nil: undefined });
// range_subid must point inside the subtree, so subtrees for ranged registrations have >= 5 parts.
const subtree = fc.array(u32, { minLength: 5, maxLength: 20 });

export const pduArb: fc.Arbitrary<Pdu> = fc.oneof(
  fc.record({ ids, timeout: u8, id: oidArb, description: bytes() }).map(({ ids, ...p }) => ({ ...ids, type: 'open' as const, ...p })),
  fc.record({ ids, reason: fc.constantFrom('other', 'parseError', 'protocolError', 'timeouts', 'shutdown', 'byManager') as fc.Arbitrary<'other'> }).map(
    ({ ids, ...p }) => ({ ...ids, type: 'close' as const, ...p }),
  ),
  fc
    .record({ ids, context, instanceRegistration: fc.boolean(), timeout: u8, priority: u8, subtree, range })
    .map(({ ids, ...p }) => ({ ...ids, type: 'register' as const, ...p })),
  fc.record({ ids, context, priority: u8, subtree, range }).map(({ ids, ...p }) => ({ ...ids, type: 'unregister' as const, ...p })),
  fc.record({ ids, context, ranges: ranges(true) }).map(({ ids, ...p }) => ({ ...ids, type: 'get' as const, ...p })),
  fc.record({ ids, context, ranges: ranges(false) }).map(({ ids, ...p }) => ({ ...ids, type: 'getNext' as const, ...p })),
  fc
    .record({ ids, context, nonRepeaters: u16, maxRepetitions: u16, ranges: ranges(false) })
    .map(({ ids, ...p }) => ({ ...ids, type: 'getBulk' as const, ...p })),
  fc.record({ ids, context, varbinds }).map(({ ids, ...p }) => ({ ...ids, type: 'testSet' as const, ...p })),
  fc.record({ ids, type: fc.constantFrom('commitSet', 'undoSet', 'cleanupSet') as fc.Arbitrary<'commitSet'> }).map(({ ids, type }) => ({ ...ids, type })),
  fc.record({ ids, context, varbinds }).map(({ ids, ...p }) => ({ ...ids, type: 'notify' as const, ...p })),
  fc.record({ ids, context }).map(({ ids, ...p }) => ({ ...ids, type: 'ping' as const, ...p })),
  fc
    .record({ ids, context, type: fc.constantFrom('indexAllocate', 'indexDeallocate') as fc.Arbitrary<'indexAllocate'>, newIndex: fc.boolean(), anyIndex: fc.boolean(), varbinds })
    .map(({ ids, ...p }) => ({ ...ids, ...p })),
  fc.record({ ids, context, id: oidArb, description: bytes() }).map(({ ids, ...p }) => ({ ...ids, type: 'addAgentCaps' as const, ...p })),
  fc.record({ ids, context, id: oidArb }).map(({ ids, ...p }) => ({ ...ids, type: 'removeAgentCaps' as const, ...p })),
  fc.record({ ids, sysUpTime: u32, error: u16, index: u16, varbinds }).map(({ ids, ...p }) => ({ ...ids, type: 'response' as const, ...p })),
);
