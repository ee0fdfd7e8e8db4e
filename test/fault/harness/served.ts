import { SnmpClient } from '../../helpers/snmp-client.js';
import { oidOf } from './mib-oids.js';

/** The instance name the daemon serves for row 1 through snmpd, or null when nothing answers. */
export async function servedName(udpPort: number): Promise<string | null> {
  const client = new SnmpClient(udpPort, { timeoutMs: 300 });
  try {
    const [varbind] = await client.get([oidOf('mispInstanceName', 1)]);
    return Buffer.isBuffer(varbind?.value) ? varbind.value.toString() : null;
  } catch {
    return null;
  } finally {
    client.close();
  }
}
