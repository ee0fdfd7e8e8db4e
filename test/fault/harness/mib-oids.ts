import { DEFAULT_ROOT, listOids } from '../../../src/mib/index.js';
import { formatOid } from '../../../src/snmp/oid.js';

const BY_NAME = new Map(listOids(DEFAULT_ROOT).map((entry) => [entry.name, formatOid(entry.oid)]));

/** The numeric OID of a MIB object (column or scalar) with its index appended. */
export function oidOf(name: string, ...index: number[]): string {
  const base = BY_NAME.get(name);
  if (base === undefined) throw new Error(`no MIB object named ${name}`);
  return [base, ...index].join('.');
}

export const ROOT = formatOid(DEFAULT_ROOT);
