import { describe, expect, it } from 'vitest';
import { ERROR } from '../../../src/agentx/constants.js';
import type { Pdu, ResponsePdu, SearchRange } from '../../../src/agentx/pdu.js';
import { answer } from '../../../src/agentx/responder.js';
import { OidTree } from '../../../src/snmp/oid-tree.js';
import { type Oid } from '../../../src/snmp/oid.js';
import { END_OF_MIB_VIEW, NO_SUCH_INSTANCE, NO_SUCH_OBJECT, gauge32, integer } from '../../../src/snmp/value.js';
import { SCALARS, TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';

const tree = sampleTree(3);
const R = (...arcs: number[]): Oid => [...TEST_ROOT, ...arcs];
const ids = { sessionId: 7, transactionId: 11, packetId: 13 };
const range = (start: Oid, include = false, end: Oid = []): SearchRange => ({ start, include, end });

function ask(pdu: Pdu, t: OidTree = tree): ResponsePdu {
  const reply = answer(pdu, t, 7);
  if (!reply) throw new Error('no reply');
  expect(reply).toMatchObject(ids);
  return reply;
}

describe('answer() for Get', () => {
  it('returns the value of an instance, noSuchInstance under a known object, noSuchObject elsewhere', () => {
    const reply = ask({ type: 'get', ...ids, ranges: [range(R(1, 0)), range(R(1, 1)), range(R(1)), range(R(10, 1, 3, 9)), range(R(10, 1, 4, 1)), range(R(99)), range(TEST_ROOT)] });
    expect(reply.error).toBe(0);
    expect(reply.varbinds.map((vb) => vb.value)).toEqual([SCALARS.integer.value, NO_SUCH_INSTANCE, NO_SUCH_INSTANCE, NO_SUCH_INSTANCE, NO_SUCH_OBJECT, NO_SUCH_OBJECT, NO_SUCH_OBJECT]);
    expect(reply.varbinds.map((vb) => vb.oid)).toEqual([R(1, 0), R(1, 1), R(1), R(10, 1, 3, 9), R(10, 1, 4, 1), R(99), TEST_ROOT]);
  });

  it('evaluates dynamic values at request time', () => {
    let n = 0;
    const dynamic = new OidTree([R(1)], [{ oid: R(1, 0), value: () => gauge32(++n) }]);
    ask({ type: 'get', ...ids, ranges: [range(R(1, 0))] }, dynamic);
    expect(ask({ type: 'get', ...ids, ranges: [range(R(1, 0))] }, dynamic).varbinds[0]?.value).toEqual(gauge32(2));
  });

  it('answers genErr with the failing index when a value cannot be computed', () => {
    const broken = new OidTree([R(1), R(2)], [{ oid: R(1, 0), value: integer(1) }, { oid: R(2, 0), value: () => { throw new Error('boom'); } }]);
    const reply = ask({ type: 'get', ...ids, ranges: [range(R(1, 0)), range(R(2, 0))] }, broken);
    expect(reply).toMatchObject({ error: ERROR.genErr, index: 2 });
  });
});

describe('answer() for GetNext', () => {
  it('walks in order, honours include, and stops at the range end', () => {
    const reply = ask({
      type: 'getNext',
      ...ids,
      ranges: [range(R(1, 0)), range(R(1, 0), true), range(TEST_ROOT), range(R(9, 0), false, R(10, 1, 2, 1)), range(R(9, 0), false, R(10, 1, 2, 2)), range(R(10, 1, 3, 3))],
    });
    expect(reply.varbinds).toEqual([
      { oid: R(2, 0), value: SCALARS.string.value },
      { oid: R(1, 0), value: SCALARS.integer.value },
      { oid: R(1, 0), value: SCALARS.integer.value },
      { oid: R(9, 0), value: END_OF_MIB_VIEW },
      { oid: R(10, 1, 2, 1), value: expect.objectContaining({ type: 'OctetString' }) },
      { oid: R(10, 1, 3, 3), value: END_OF_MIB_VIEW },
    ]);
  });

  it('finds the successor of an OID that is not in the tree', () => {
    const reply = ask({ type: 'getNext', ...ids, ranges: [range(R(5, 7, 7)), range(R(10)), range([1, 3])] });
    expect(reply.varbinds.map((v) => v.oid)).toEqual([R(6, 0), R(10, 1, 2, 1), R(1, 0)]);
  });
});

describe('answer() for GetBulk', () => {
  it('gives non-repeaters once, then max-repetitions rows, ending with endOfMibView', () => {
    const reply = ask({ type: 'getBulk', ...ids, nonRepeaters: 1, maxRepetitions: 4, ranges: [range(R(8, 0)), range(R(10, 1, 2)), range(R(10, 1, 3))] });
    expect(reply.varbinds.map((v) => [v.oid.slice(TEST_ROOT.length).join('.'), v.value.type])).toEqual([
      ['9.0', 'Counter64'],
      ['10.1.2.1', 'OctetString'],
      ['10.1.3.1', 'Gauge32'],
      ['10.1.2.2', 'OctetString'],
      ['10.1.3.2', 'Gauge32'],
      ['10.1.2.3', 'OctetString'],
      ['10.1.3.3', 'Gauge32'],
      ['10.1.3.1', 'Gauge32'],
      ['10.1.3.3', 'EndOfMibView'],
    ]);
  });

  it('stops early once every repeater is at the end, and treats non-repeaters beyond the list as none', () => {
    const reply = ask({ type: 'getBulk', ...ids, nonRepeaters: 5, maxRepetitions: 100, ranges: [range(R(10, 1, 3, 3))] });
    expect(reply.varbinds).toEqual([{ oid: R(10, 1, 3, 3), value: END_OF_MIB_VIEW }]);
    const bulk = ask({ type: 'getBulk', ...ids, nonRepeaters: 0, maxRepetitions: 100, ranges: [range(R(10, 1, 3, 2))] });
    expect(bulk.varbinds.map((v) => v.value.type)).toEqual(['Gauge32', 'EndOfMibView']);
  });

  it('answers max-repetitions 0 with the non-repeaters only', () => {
    const reply = ask({ type: 'getBulk', ...ids, nonRepeaters: 1, maxRepetitions: 0, ranges: [range(R(1, 0)), range(R(2, 0))] });
    expect(reply.varbinds.map((v) => v.oid)).toEqual([R(2, 0)]);
  });
});

describe('answer() for everything else', () => {
  it('refuses TestSet as notWritable and CommitSet as commitFailed; no answer to CleanupSet', () => {
    expect(ask({ type: 'testSet', ...ids, varbinds: [{ oid: R(1, 0), value: integer(5) }] })).toMatchObject({ error: ERROR.notWritable, index: 1 });
    expect(ask({ type: 'commitSet', ...ids })).toMatchObject({ error: ERROR.commitFailed });
    expect(ask({ type: 'undoSet', ...ids })).toMatchObject({ error: 0 });
    expect(answer({ type: 'cleanupSet', ...ids }, tree, 7)).toBeNull();
  });

  it('refuses a foreign session, a non-default context, and PDUs a master never sends', () => {
    expect(answer({ type: 'get', ...ids, sessionId: 8, ranges: [] }, tree, 7)).toMatchObject({ error: ERROR.notOpen, sessionId: 8 });
    expect(ask({ type: 'get', ...ids, context: Buffer.from('other'), ranges: [range(R(1, 0))] })).toMatchObject({ error: ERROR.unsupportedContext });
    expect(ask({ type: 'register', ...ids, instanceRegistration: false, timeout: 0, priority: 1, subtree: [1] })).toMatchObject({ error: ERROR.processingError });
    expect(ask({ type: 'ping', ...ids })).toMatchObject({ error: 0 });
  });
});
