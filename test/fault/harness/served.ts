import { getOnce } from '../../../src/snmp/manager.js';
import { oidOf } from './mib-oids.js';

/** The instance name the daemon serves for row 1 through snmpd, or null when nothing answers. */
export async function servedName(udpPort: number): Promise<string | null> {
  const varbind = await getOnce(udpPort, oidOf('mispInstanceName', 1));
  return Buffer.isBuffer(varbind?.value) ? varbind.value.toString() : null;
}
