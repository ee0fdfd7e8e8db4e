import { arcsOf, instanceArcs, NOTIFICATIONS_ARC, type NotificationInfo } from '../mib/index.js';
import type { Oid } from '../snmp/oid.js';
import { objectIdentifier, type SnmpValue, type VarBind } from '../snmp/value.js';

/** SNMPv2-MIB::snmpTrapOID.0: the first varbind of a Notify (snmpd adds sysUpTime.0 itself). */
export const SNMP_TRAP_OID: Oid = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];

const EXCEPTIONS = new Set<SnmpValue['type']>(['NoSuchObject', 'NoSuchInstance', 'EndOfMibView']);

/** The OID of a notification under `root`. */
export function notificationOid(root: Oid, notification: NotificationInfo): Oid {
  return [...root, NOTIFICATIONS_ARC, notification.arc];
}

/**
 * The varbinds of a Notify: snmpTrapOID.0, then each object of the notification at the row
 * `index`, with the value a GET would return now (`read`). An object without a value there is
 * left out rather than sent as an exception.
 */
export function notificationVarbinds(root: Oid, notification: NotificationInfo, index: Oid, read: (oid: Oid) => SnmpValue): VarBind[] {
  const objects = notification.objects.flatMap((object) => {
    const oid = [...root, ...arcsOf(object), ...instanceArcs(object, index)];
    const value = read(oid);
    return EXCEPTIONS.has(value.type) ? [] : [{ oid, value }];
  });
  return [{ oid: SNMP_TRAP_OID, value: objectIdentifier(notificationOid(root, notification)) }, ...objects];
}
