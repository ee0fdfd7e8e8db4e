import { parseAgentxAddress } from '../agentx/address.js';

export const AGENTX_SOCKET_EXPECTED = 'an AgentX socket as in snmpd\'s agentXSocket: /absolute/path, unix:/absolute/path or tcp:host:port';

/** The socket text if the AgentX engine accepts it, else undefined. */
export function parseAgentxSocket(text: string): string | undefined {
  try {
    parseAgentxAddress(text);
    return text;
  } catch {
    return undefined;
  }
}
