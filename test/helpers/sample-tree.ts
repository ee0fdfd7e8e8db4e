import { OidTree, type TreeEntry } from '../../src/snmp/oid-tree.js';
import { type Oid, parseOid } from '../../src/snmp/oid.js';
import {
  counter32,
  counter64,
  gauge32,
  integer,
  ipAddress,
  objectIdentifier,
  octetString,
  opaque,
  timeTicks,
} from '../../src/snmp/value.js';

/** A test subtree under net-snmp's playpen with one scalar of every value type and a small table. */
export const TEST_ROOT: Oid = parseOid('1.3.6.1.4.1.8072.9999.9999.77');

export const SCALARS = {
  integer: { arc: 1, value: integer(-42) },
  string: { arc: 2, value: octetString('Grüße, 東京 ✓') },
  oid: { arc: 3, value: objectIdentifier(parseOid('1.3.6.1.2.1.1.1')) },
  ip: { arc: 4, value: ipAddress('127.0.0.1') },
  counter32: { arc: 5, value: counter32(4294967295) },
  gauge32: { arc: 6, value: gauge32(123456) },
  timeTicks: { arc: 7, value: timeTicks(8640000) },
  opaque: { arc: 8, value: opaque(Buffer.from([0x9f, 0x78, 0x04, 0x42, 0xf6, 0x00, 0x00])) },
  counter64: { arc: 9, value: counter64((1n << 64n) - 1n) },
} as const;

/** Table 10: columns 2 and 3, rows 1..rows. */
export function sampleTree(rows = 3, generation = 0): OidTree {
  const objectTypes: Oid[] = Object.values(SCALARS).map((s) => [...TEST_ROOT, s.arc]);
  const entries: TreeEntry[] = Object.values(SCALARS).map((s) => ({ oid: [...TEST_ROOT, s.arc, 0], value: s.value }));
  for (const column of [2, 3]) {
    objectTypes.push([...TEST_ROOT, 10, 1, column]);
    for (let row = 1; row <= rows; row++) {
      entries.push({ oid: [...TEST_ROOT, 10, 1, column, row], value: column === 2 ? octetString(`row ${row}`) : gauge32(row * 100 + generation) });
    }
  }
  return new OidTree(objectTypes, entries);
}
