import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveTree, OidTree } from '../../../src/snmp/oid-tree.js';
import { type Oid, compareOid, isPrefixOf } from '../../../src/snmp/oid.js';
import { NO_SUCH_INSTANCE, NO_SUCH_OBJECT, gauge32 } from '../../../src/snmp/value.js';

const oidArb = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 5 });

describe('OidTree', () => {
  it('agrees with a linear scan for get and next on random trees', () => {
    fc.assert(
      fc.property(fc.uniqueArray(oidArb, { selector: (o) => o.join('.'), maxLength: 40 }), oidArb, fc.boolean(), fc.option(oidArb, { nil: undefined }), (oids, probe, include, end) => {
        const tree = new OidTree([], oids.map((oid, i) => ({ oid, value: gauge32(i) })));
        const sorted = [...oids].sort(compareOid);
        const expected = sorted.find((o) => (include ? compareOid(o, probe) >= 0 : compareOid(o, probe) > 0) && (end === undefined || compareOid(o, end) < 0));
        expect(tree.next(probe, include, end)?.oid).toEqual(expected);
        const exact = oids.findIndex((o) => compareOid(o, probe) === 0);
        expect(tree.get(probe)).toEqual(exact >= 0 ? gauge32(exact) : NO_SUCH_OBJECT);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells noSuchInstance from noSuchObject by the object types', () => {
    const objectTypes: Oid[] = [[1, 1], [1, 2, 1, 3]];
    const tree = new OidTree(objectTypes, [{ oid: [1, 1, 0], value: gauge32(1) }]);
    expect(tree.get([1, 1, 5])).toEqual(NO_SUCH_INSTANCE);
    expect(tree.get([1, 2, 1, 3, 9, 9])).toEqual(NO_SUCH_INSTANCE);
    expect(tree.get([1, 2, 1, 4])).toEqual(NO_SUCH_OBJECT);
    expect(tree.get([1, 2])).toEqual(NO_SUCH_OBJECT);
    fc.assert(
      fc.property(oidArb, (probe) => {
        const expected = objectTypes.some((t) => isPrefixOf(t, probe)) ? NO_SUCH_INSTANCE : NO_SUCH_OBJECT;
        if (compareOid(probe, [1, 1, 0]) !== 0) expect(tree.get(probe)).toEqual(expected);
      }),
    );
  });

  it('refuses duplicate instances', () => {
    expect(() => new OidTree([], [{ oid: [1], value: gauge32(1) }, { oid: [1], value: gauge32(2) }])).toThrow(/duplicate instance 1/);
  });

  it('swaps a whole new tree in at once', () => {
    const live = new LiveTree(new OidTree([], [{ oid: [1], value: gauge32(1) }]));
    const before = live.current;
    live.replace(new OidTree([], [{ oid: [1], value: gauge32(2) }, { oid: [2], value: gauge32(2) }]));
    expect(before.size).toBe(1);
    expect([...live.current].map((vb) => vb.value)).toEqual([gauge32(2), gauge32(2)]);
  });
});
