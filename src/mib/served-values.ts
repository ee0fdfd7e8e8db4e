import { formatOid, isPrefixOf, type Oid } from '../snmp/oid.js';
import type { SnmpValue, SnmpValueType } from '../snmp/value.js';
import type { SyntaxInfo } from '../smi/types.js';
import { MISP_AGENTX_OBJECTS } from './placed-objects.js';
import type { OidTree } from '../snmp/oid-tree.js';

/** One value the tree serves, ready to print. */
export interface ServedValue {
  /** The object's name and the instance's index, e.g. mispQueueName.1.3. */
  readonly name: string;
  readonly oid: string;
  readonly type: SnmpValueType;
  readonly value: string;
}

function printable(value: SnmpValue, syntax: SyntaxInfo | undefined): string {
  switch (value.type) {
    case 'Integer': {
      const label = Object.entries(syntax?.enumeration ?? {}).find(([, n]) => n === value.value)?.[0];
      return label === undefined ? String(value.value) : `${label}(${value.value})`;
    }
    case 'OctetString':
      return JSON.stringify(value.value.toString('utf8'));
    case 'Counter32':
    case 'Gauge32':
    case 'TimeTicks':
    case 'Counter64':
      return String(value.value);
    default:
      return value.type;
  }
}

/** Every value `tree` serves under `root`, with its object's name: what `misp-agentx check` prints. */
export function listServedValues(root: Oid, tree: OidTree): ServedValue[] {
  const objects = MISP_AGENTX_OBJECTS.map((p) => ({ object: p.object, oid: [...root, ...p.arcs] }));
  return [...tree].map(({ oid, value }) => {
    const owner = objects.find((o) => isPrefixOf(o.oid, oid));
    const index = owner === undefined ? formatOid(oid) : formatOid(oid.slice(owner.oid.length));
    return {
      name: owner === undefined ? index : `${owner.object.name}.${index}`,
      oid: formatOid(oid),
      type: value.type,
      value: printable(value, owner?.object.syntax),
    };
  });
}
