import type { Oid } from '../snmp/oid.js';
import type { ObjectInfo, TableBranch } from '../smi/types.js';
import { MISP_AGENTX_NODES } from '../mib/placed-objects.js';

/** A readable column of MISP-AGENTX-MIB, as the NMS templates use it. */
export interface Column {
  readonly object: ObjectInfo;
  readonly table: TableBranch;
  /** The column's OID under `root`; a value's OID appends the row index. */
  readonly oid: (root: Oid) => Oid;
}

/** A scalar of MISP-AGENTX-MIB; its value's OID appends .0. */
export interface Scalar {
  readonly object: ObjectInfo;
  readonly oid: (root: Oid) => Oid;
}

function placed(name: string): (typeof MISP_AGENTX_NODES)[number] {
  const node = MISP_AGENTX_NODES.find((n) => n.name === name);
  if (node?.object === undefined || node.object.access !== 'read-only') throw new Error(`${name} is not a readable object of MISP-AGENTX-MIB`);
  return node;
}

/** The readable table column `name`; throws when the MIB has none, so a template cannot name a missing object. */
export function column(name: string): Column {
  const node = placed(name);
  const { object, branch, arcs } = node;
  if (object === undefined || branch?.kind !== 'table') throw new Error(`${name} is not a table column of MISP-AGENTX-MIB`);
  return { object, table: branch, oid: (root) => [...root, ...arcs] };
}

/** The readable scalar `name`; throws when the MIB has none. */
export function scalar(name: string): Scalar {
  const node = placed(name);
  const { object, branch, arcs } = node;
  if (object === undefined || branch?.kind !== 'scalars') throw new Error(`${name} is not a scalar of MISP-AGENTX-MIB`);
  return { object, oid: (root) => [...root, ...arcs] };
}
