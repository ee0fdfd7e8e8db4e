import { statSync } from 'node:fs';
import { parseAgentxAddress } from '../../agentx/address.js';
import { connectToMaster } from '../../agentx/connect.js';
import type { Finding } from './finding.js';

const CONNECT_TIMEOUT_MS = 2000;
const MASTER_LINES = 'snmpd.conf needs "master agentx" and "agentXSocket <the same socket>" (systemd/snmpd-agentx.conf)';

/** Whether this process can reach and use the AgentX master's socket, as the daemon would. */
export async function checkAgentxSocket(socket: string, ownerHint: string): Promise<Finding> {
  const subject = `AgentX socket ${socket}`;
  const address = parseAgentxAddress(socket);
  if (address.kind === 'unix') {
    try {
      if (!statSync(address.path).isSocket()) return { level: 'fail', subject, detail: 'exists but is not a socket', fix: MASTER_LINES };
    } catch {
      return { level: 'fail', subject, detail: 'does not exist: snmpd is not running as an AgentX master here', fix: `start snmpd; ${MASTER_LINES}` };
    }
  }
  try {
    (await connectToMaster(address, CONNECT_TIMEOUT_MS)).destroy();
    return { level: 'ok', subject, detail: 'connected' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') {
      return {
        level: 'fail',
        subject,
        detail: `permission denied for ${ownerHint}`,
        fix: 'give the socket a group (agentXPerms 0660 0550 root <group> in snmpd.conf) and run the daemon in that group (SupplementaryGroups= in the unit)',
      };
    }
    if (code === 'ECONNREFUSED') return { level: 'fail', subject, detail: 'nothing accepts connections there', fix: `restart snmpd; ${MASTER_LINES}` };
    return { level: 'fail', subject, detail: (error as Error).message, fix: `check snmpd runs; ${MASTER_LINES}` };
  }
}
