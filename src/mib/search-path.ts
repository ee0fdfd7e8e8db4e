import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where net-snmp (the C tools) installs NET-SNMP-MIB, which MISP-AGENTX-MIB imports netSnmpPlaypen from. */
export const NET_SNMP_MIB_DIR = '/usr/share/snmp/mibs';

/** This package's mibs/ folder. */
export const PACKAGED_MIB_DIR = fileURLToPath(new URL('../../mibs', import.meta.url));

/** The IETF MIBs (SNMPv2-SMI, -TC, -CONF...) that the npm net-snmp package ships; Debian main has none. */
export function ietfMibDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('net-snmp')), 'lib', 'mibs');
}

/**
 * A MIB search path (for snmptranslate/snmpwalk -M and smilint's SMIPATH) under which
 * MISP-AGENTX-MIB and everything it imports resolve.
 */
export function mibSearchPath(mibDir: string = PACKAGED_MIB_DIR): string {
  return [ietfMibDir(), NET_SNMP_MIB_DIR, resolve(mibDir)].join(':');
}
