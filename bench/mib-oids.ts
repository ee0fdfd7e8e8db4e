import { DEFAULT_ROOT, listOids } from '../src/mib/index.js';
import { GROUP_INDEX, type GroupName } from '../src/misp/model.js';
import { formatOid } from '../src/snmp/oid.js';

/** Numeric OIDs the benchmark reads, for the daemon's default root and the first (only) instance. */

export const MISP_ROOT = formatOid(DEFAULT_ROOT);
export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

function objectOid(name: string): string {
  const object = listOids(DEFAULT_ROOT).find((o) => o.name === name);
  if (!object) throw new Error(`${name} missing from the MIB definition`);
  return formatOid(object.oid);
}

/** The MISP object the GET figures use: instance 1's overall status, a plain stored value. */
export const MISP_GET_OID = `${objectOid('mispInstanceStatus')}.1`;

export function pollColumnOid(column: 'mispPollStatus' | 'mispPollLastDuration', group: GroupName): string {
  return `${objectOid(column)}.1.${GROUP_INDEX[group]}`;
}
