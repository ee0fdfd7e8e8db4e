import type { Oid } from '../snmp/oid.js';
import type { ObjectInfo } from '../smi/types.js';
import { layout, type PlacedNode } from './layout.js';
import { MISP_AGENTX_MIB } from './module.js';

/** Every name MISP-AGENTX-MIB defines, in OID order, relative to the root. */
export const MISP_AGENTX_NODES: readonly PlacedNode[] = layout(MISP_AGENTX_MIB);

/** A scalar or column with its OID relative to the root. */
export interface PlacedObject {
  readonly object: ObjectInfo;
  readonly arcs: Oid;
}

/** The scalars and columns, in OID order. */
export const MISP_AGENTX_OBJECTS: readonly PlacedObject[] = MISP_AGENTX_NODES.flatMap((node) =>
  node.object === undefined ? [] : [{ object: node.object, arcs: node.arcs }],
);

const arcsByObject = new Map(MISP_AGENTX_OBJECTS.map((p) => [p.object, p.arcs]));

/** The OID of an object of this module relative to the root. */
export function arcsOf(object: ObjectInfo): Oid {
  const arcs = arcsByObject.get(object);
  if (arcs === undefined) throw new Error(`${object.name} is not an object of ${MISP_AGENTX_MIB.moduleName}`);
  return arcs;
}


const branchByObject = new Map(MISP_AGENTX_NODES.flatMap((node) => (node.object && node.branch ? [[node.object, node.branch] as const] : [])));

/**
 * The instance arcs of an object for a row: .0 for a scalar; for a column, the leading arcs of
 * `rowIndex` its table's INDEX takes (a queue's [instance, queue] gives an instance column [instance]).
 */
export function instanceArcs(object: ObjectInfo, rowIndex: Oid): Oid {
  const branch = branchByObject.get(object);
  if (branch === undefined) throw new Error(`${object.name} is not an object of ${MISP_AGENTX_MIB.moduleName}`);
  if (branch.kind === 'scalars') return [0];
  if (rowIndex.length < branch.index.length) throw new Error(`${object.name} needs ${branch.index.length} index arcs, got ${rowIndex.length}`);
  return rowIndex.slice(0, branch.index.length);
}
