import { DEFAULT_ROOT, objectOid } from '../src/mib/index.js';
import { GROUP_INDEX, type GroupName } from '../src/domain/snapshot.js';
import { formatOid } from '../src/snmp/oid.js';

/** Numeric OIDs the benchmark reads, for the daemon's default root and the first (only) instance. */

export const MISP_ROOT = formatOid(DEFAULT_ROOT);
export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

/** The MISP object the GET figures use: instance 1's overall status, a plain stored value. */
export const MISP_GET_OID = formatOid(objectOid(DEFAULT_ROOT, 'mispInstanceStatus', 1));

export function pollColumnOid(column: 'mispPollStatus' | 'mispPollLastDuration', group: GroupName): string {
  return formatOid(objectOid(DEFAULT_ROOT, column, 1, GROUP_INDEX[group]));
}
