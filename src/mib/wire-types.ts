import type { SnmpValueType } from '../snmp/value.js';

/** The SMI name of each wire type, as a MIB or snmpwalk would write it. */
export const SMI_TYPE_NAMES: Readonly<Partial<Record<SnmpValueType, string>>> = {
  Integer: 'INTEGER',
  OctetString: 'OCTET STRING',
  Counter32: 'Counter32',
  Gauge32: 'Gauge32',
  TimeTicks: 'TimeTicks',
  Counter64: 'Counter64',
};
