import { compareOid, type Oid } from '../snmp/oid.js';
import type { Branch, MibDefinition, ObjectInfo } from '../smi/types.js';

/** Arcs under the root (RFC 2578 section 8.5: notifications under a 0 arc, so they map to SNMPv1 traps). */
export const NOTIFICATIONS_ARC = 0;
export const OBJECTS_ARC = 1;
export const CONFORMANCE_ARC = 2;
/** Arcs under the conformance node. */
export const GROUPS_ARC = 1;
export const COMPLIANCES_ARC = 2;
/** The only compliance statement, under the compliances node. */
export const COMPLIANCE_ARC = 1;
/** Every table's entry sits at arc 1 under its table. */
export const ENTRY_ARC = 1;

export type NodeKind =
  | 'module'
  | 'node'
  | 'scalar'
  | 'table'
  | 'entry'
  | 'column'
  | 'notification'
  | 'group'
  | 'compliance';

/** One name the MIB defines, with its OID relative to the root. */
export interface PlacedNode {
  readonly name: string;
  readonly kind: NodeKind;
  readonly arcs: Oid;
  /** The object, for scalars and columns. */
  readonly object?: ObjectInfo;
  /** The branch the node belongs to, for branch, scalar, table, entry and column nodes. */
  readonly branch?: Branch;
}

/** The OID of an object relative to the root. */
export function objectArcs(branch: Branch, object: ObjectInfo): Oid {
  return branch.kind === 'scalars'
    ? [OBJECTS_ARC, branch.arc, object.arc]
    : [OBJECTS_ARC, branch.arc, ENTRY_ARC, object.arc];
}

function branchNodes(branch: Branch): PlacedNode[] {
  const own: PlacedNode = { name: branch.name, kind: branch.kind === 'scalars' ? 'node' : 'table', arcs: [OBJECTS_ARC, branch.arc], branch };
  const members = branch.objects.map(
    (object): PlacedNode => ({ name: object.name, kind: branch.kind === 'scalars' ? 'scalar' : 'column', arcs: objectArcs(branch, object), object, branch }),
  );
  if (branch.kind === 'scalars') return [own, ...members];
  return [own, { name: branch.entry.name, kind: 'entry', arcs: [OBJECTS_ARC, branch.arc, ENTRY_ARC], branch }, ...members];
}

/** Every name the module defines, in OID order. */
export function layout(mib: MibDefinition): PlacedNode[] {
  const { nodes } = mib;
  const groups: PlacedNode[] = mib.branches.map((b) => ({ name: b.group.name, kind: 'group', arcs: [CONFORMANCE_ARC, GROUPS_ARC, b.arc] }));
  if (mib.notifications.length > 0) {
    groups.push({ name: mib.notificationGroup.name, kind: 'group', arcs: [CONFORMANCE_ARC, GROUPS_ARC, mib.notificationGroup.arc] });
  }
  const placed: PlacedNode[] = [
    { name: mib.identityName, kind: 'module', arcs: [] },
    { name: nodes.notifications, kind: 'node', arcs: [NOTIFICATIONS_ARC] },
    ...mib.notifications.map((n): PlacedNode => ({ name: n.name, kind: 'notification', arcs: [NOTIFICATIONS_ARC, n.arc] })),
    { name: nodes.objects, kind: 'node', arcs: [OBJECTS_ARC] },
    ...mib.branches.flatMap(branchNodes),
    { name: nodes.conformance, kind: 'node', arcs: [CONFORMANCE_ARC] },
    { name: nodes.groups, kind: 'node', arcs: [CONFORMANCE_ARC, GROUPS_ARC] },
    ...groups,
    { name: nodes.compliances, kind: 'node', arcs: [CONFORMANCE_ARC, COMPLIANCES_ARC] },
    { name: mib.compliance.name, kind: 'compliance', arcs: [CONFORMANCE_ARC, COMPLIANCES_ARC, COMPLIANCE_ARC] },
  ];
  return placed.sort((a, b) => compareOid(a.arcs, b.arcs));
}
