import { formatOid, isPrefixOf, type Oid } from '../../snmp/oid.js';
import { PERMISSION_LABELS } from '../../smi/types.js';
import type { MibImport, ObjectInfo } from '../../smi/types.js';

const WIDTH = 76;

/**
 * A quoted SMI string, wrapped at word boundaries, each line indented. SMI strings cannot hold a
 * double quote, and MIB files should be ASCII: a definition that breaks either is a bug.
 */
export function quoted(text: string, indent: string): string {
  if (/["]|[^\x20-\x7e]/.test(text)) throw new Error(`MIB text must be printable ASCII without double quotes: ${text}`);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + 1 + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return `${indent}"${lines.join(`\n${indent} `)}"`;
}

/** The DESCRIPTION of an object: what it means, then where the value comes from and what that needs. */
export function objectDescription(object: ObjectInfo): string {
  return `${object.description} Source: ${object.source}. Permission needed: ${PERMISSION_LABELS[object.permission]}.`;
}

/**
 * Named nodes a MODULE-IDENTITY may hang from, most specific first. A root more than one arc below
 * its named parent makes smilint warn of implicit nodes (level 5), so the default root, in net-snmp's
 * playpen, imports netSnmpPlaypen from NET-SNMP-MIB, which every net-snmp installation ships.
 */
const NAMED_PARENTS: readonly (MibImport & { readonly oid: Oid })[] = [
  { module: 'NET-SNMP-MIB', name: 'netSnmpPlaypen', oid: [1, 3, 6, 1, 4, 1, 8072, 9999, 9999] },
  { module: 'SNMPv2-SMI', name: 'enterprises', oid: [1, 3, 6, 1, 4, 1] },
  { module: 'SNMPv2-SMI', name: 'private', oid: [1, 3, 6, 1, 4] },
  { module: 'SNMPv2-SMI', name: 'experimental', oid: [1, 3, 6, 1, 3] },
  { module: 'SNMPv2-SMI', name: 'internet', oid: [1, 3, 6, 1] },
];

/** Where the MODULE-IDENTITY hangs: a named node to import, and the arcs below it, e.g. { netSnmpPlaypen 4913 }. */
export function rootParent(root: Oid): MibImport & { readonly arcs: Oid } {
  const parent = NAMED_PARENTS.find((n) => isPrefixOf(n.oid, root) && root.length > n.oid.length);
  if (parent === undefined) throw new Error(`OID root ${formatOid(root)} is not below internet (1.3.6.1)`);
  return { module: parent.module, name: parent.name, arcs: root.slice(parent.oid.length) };
}
