import { columnLines } from '../common/table.js';
import { formatOid, type Oid } from '../snmp/oid.js';
import type { NodeKind } from './layout.js';
import { MISP_AGENTX_MIB } from './module.js';
import { MISP_AGENTX_NODES } from './placed-objects.js';

/** One name of the module with its numeric OID under a given root. */
export interface OidListing {
  readonly name: string;
  readonly oid: Oid;
  readonly kind: NodeKind;
}

/** Every name MISP-AGENTX-MIB defines, with its numeric OID under `root`, in OID order. */
export function listOids(root: Oid): OidListing[] {
  return MISP_AGENTX_NODES.map((node) => ({ name: node.name, oid: [...root, ...node.arcs], kind: node.kind }));
}

/** The numeric OID of the object `name` under `root`, with `index` appended; throws when the MIB has no such name. */
export function objectOid(root: Oid, name: string, ...index: number[]): Oid {
  const node = MISP_AGENTX_NODES.find((n) => n.name === name);
  if (node === undefined) throw new Error(`MISP-AGENTX-MIB has no object named ${name}`);
  return [...root, ...node.arcs, ...index];
}

/**
 * What `misp-agentx oids` prints: each readable object as an OID to poll, scalars with their .0,
 * columns with the index to append named after them.
 */
export function renderOidList(root: Oid): string {
  const rows = MISP_AGENTX_NODES.flatMap((node) => {
    const { object, branch } = node;
    if (object === undefined || branch === undefined || object.access === 'not-accessible') return [];
    const oid = `.${formatOid([...root, ...node.arcs])}`;
    if (branch.kind === 'scalars') return [[`${oid}.0`, `${object.name}.0`, object.syntax.name]];
    const index = branch.index.map((i) => `.<${i.name}>`).join('');
    return [[oid, `${object.name}${index}`, object.syntax.name]];
  });
  const header =
    `# ${MISP_AGENTX_MIB.moduleName} under ${formatOid(root)}. Scalars end in .0; ` +
    'for a table column append the row index, e.g. .1 for the first configured MISP instance.';
  return [header, ...columnLines(rows)].join('\n') + '\n';
}
