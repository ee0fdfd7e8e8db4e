import snmp from 'net-snmp';
import type { SnmpValueType } from '../../../src/snmp/value.js';
import { T } from '../../../src/snmp/manager.js';

import { NET_SNMP_MIB_DIR } from '../../../src/mib/search-path.js';

export { NET_SNMP_MIB_DIR };

/** An object as net-snmp's own MIB parser reads it from the MIB text. */
export interface MibObject {
  readonly name: string;
  readonly oid: string;
  /** net-snmp's ObjectType number of the base type. */
  readonly type: number;
  readonly readable: boolean;
  readonly scalar: boolean;
}

interface Provider {
  name: string;
  type: number;
  oid: string;
  scalarType?: number;
  maxAccess: number;
  tableColumns?: { number: number; name: string; type: number; maxAccess: number }[];
}

const READ_ONLY = snmp.MaxAccess['read-only'] as number;

/** Loads the MIB file into a fresh net-snmp ModuleStore and lists its scalars and columns. */
export function loadMibObjects(mibFile: string, moduleName = 'MISP-AGENTX-MIB'): MibObject[] {
  const store = snmp.createModuleStore();
  store.loadFromFile(`${NET_SNMP_MIB_DIR}/NET-SNMP-MIB.txt`);
  store.loadFromFile(mibFile);
  const providers = store.getProvidersForModule(moduleName) as Provider[];
  return providers.flatMap((p): MibObject[] =>
    p.tableColumns === undefined
      ? [{ name: p.name, oid: p.oid, type: p.scalarType as number, readable: p.maxAccess === READ_ONLY, scalar: true }]
      : p.tableColumns.map((c) => ({ name: c.name, oid: `${p.oid}.${c.number}`, type: c.type, readable: c.maxAccess === READ_ONLY, scalar: false })),
  );
}

export const TYPE_NUMBERS: Readonly<Partial<Record<SnmpValueType, number>>> = {
  Integer: T.Integer,
  OctetString: T.OctetString,
  Counter32: T.Counter,
  Gauge32: T.Gauge,
  TimeTicks: T.TimeTicks,
  Counter64: T.Counter64,
};

/** What disagrees between served values and the MIB: each problem as a readable line. */
export function disagreements(served: readonly { oid: string; type: number }[], objects: readonly MibObject[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const value of served) {
    const object = objects.find((o) => (o.scalar ? value.oid === `${o.oid}.0` : value.oid.startsWith(`${o.oid}.`)));
    if (object === undefined) problems.push(`${value.oid} is served but no MIB object holds it`);
    else if (!object.readable) problems.push(`${value.oid} is served but ${object.name} is not readable`);
    else if (object.type !== value.type) problems.push(`${value.oid} is served as type ${value.type}, ${object.name} is ${object.type}`);
    if (object !== undefined) seen.add(object.name);
  }
  for (const object of objects) {
    if (object.readable && !seen.has(object.name)) problems.push(`${object.name} (${object.oid}) is in the MIB but never served`);
  }
  return problems;
}
