import type { InstanceSnapshot } from '../domain/snapshot.js';
import type { Oid } from '../snmp/oid.js';
import type { AgentStatus } from '../domain/agent-status.js';
import { MISP_AGENTX_MIB } from './module.js';
import { arcsOf, MISP_AGENTX_OBJECTS } from './placed-objects.js';
import { OidTree, type TreeEntry } from '../snmp/oid-tree.js';

/**
 * The tree to serve for the agent's state and the collectors' snapshots. Values the model does
 * not have (null) get no instance, so a manager sees noSuchInstance rather than a made-up 0.
 */
export function buildTree(root: Oid, agent: AgentStatus, instances: readonly InstanceSnapshot[]): OidTree {
  const state = { agent, instances };
  const entries: TreeEntry[] = [];
  for (const branch of MISP_AGENTX_MIB.branches) {
    for (const cell of branch.cells(state)) {
      entries.push({ oid: [...root, ...arcsOf(cell.object), ...cell.index], value: cell.value });
    }
  }
  // Not-accessible index columns are no object types a request may name (RFC 3416: noSuchObject).
  const objectTypes = MISP_AGENTX_OBJECTS.filter((p) => p.object.access !== 'not-accessible').map((p) => [...root, ...p.arcs]);
  return new OidTree(objectTypes, entries);
}
