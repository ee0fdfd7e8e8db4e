import type { SnmpClient } from '../src/snmp/manager.js';
import { walkOids } from './walk.js';

/** NET-SNMP-AGENT-MIB::nsModuleName: one row per registration the master holds, native or AgentX. */
const NS_MODULE_NAME = '1.3.6.1.4.1.8072.1.2.1.1.4';

/**
 * How many registrations snmpd holds at or under each root, read from its nsModuleTable, whose
 * index is the context (length, bytes), the registered OID (length, sub-identifiers) and the priority.
 */
export async function countRegistrations(client: SnmpClient, roots: readonly string[]): Promise<number[]> {
  const counts = roots.map(() => 0);
  for (const oid of await walkOids(client, NS_MODULE_NAME, 'getBulk')) {
    const index = oid.slice(NS_MODULE_NAME.length + 1).split('.').map(Number);
    const contextLength = index[0] ?? 0;
    const oidLength = index[contextLength + 1] ?? 0;
    const registered = index.slice(contextLength + 2, contextLength + 2 + oidLength).join('.');
    roots.forEach((root, i) => {
      if (registered === root || registered.startsWith(`${root}.`)) counts[i] = (counts[i] ?? 0) + 1;
    });
  }
  return counts;
}
