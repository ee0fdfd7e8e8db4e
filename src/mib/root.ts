import type { Oid } from '../snmp/oid.js';

/**
 * net-snmp's experimental arc netSnmpPlaypen (1.3.6.1.4.1.8072.9999.9999) plus 4913. No Private
 * Enterprise Number is assigned to the project, so production sites should set oidRoot under their own.
 */
export const DEFAULT_ROOT: Oid = [1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 4913];
