import { DEFAULT_ROOT, objectOid } from '../../../src/mib/index.js';
import { formatOid } from '../../../src/snmp/oid.js';

/** The numeric OID, as text, of a MIB object (column or scalar) under the default root with its index appended. */
export function oidOf(name: string, ...index: number[]): string {
  return formatOid(objectOid(DEFAULT_ROOT, name, ...index));
}

export const ROOT = formatOid(DEFAULT_ROOT);
