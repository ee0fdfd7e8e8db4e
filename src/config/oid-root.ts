import { type Oid, isPrefixOf, parseOid } from '../snmp/oid.js';

const ENTERPRISES: Oid = [1, 3, 6, 1, 4, 1];
const EXPERIMENTAL: Oid = [1, 3, 6, 1, 3];

export const OID_ROOT_EXPECTED =
  'a numeric OID below 1.3.6.1.4.1.<enterprise number> or 1.3.6.1.3.<n>, e.g. 1.3.6.1.4.1.99999.1 (not snmpd\'s own mib-2 or snmpModules)';

/**
 * The root as an OID if it lies in an arc meant for private MIBs. Anything else (mib-2, snmpV2...)
 * could shadow objects snmpd serves itself.
 */
export function parseOidRoot(text: string): Oid | undefined {
  let oid: Oid;
  try {
    oid = parseOid(text);
  } catch {
    return undefined;
  }
  const inEnterprise = isPrefixOf(ENTERPRISES, oid) && oid.length > ENTERPRISES.length;
  const inExperimental = isPrefixOf(EXPERIMENTAL, oid) && oid.length > EXPERIMENTAL.length;
  return inEnterprise || inExperimental ? oid : undefined;
}
