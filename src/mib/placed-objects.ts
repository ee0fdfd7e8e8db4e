import type { Oid } from '../snmp/oid.js';
import type { ObjectInfo } from './definition/types.js';
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

