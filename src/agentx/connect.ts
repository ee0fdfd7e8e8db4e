import { type Socket, createConnection } from 'node:net';
import type { AgentxAddress } from './address.js';

/** What an admin should check, by the connect error's code. */
const HINTS: Readonly<Record<string, string>> = {
  EACCES: "the daemon's user may not open the socket: check agentXPerms in snmpd.conf and the daemon's group",
  ENOENT: 'no such socket: is snmpd running with "master agentx" and this agentXSocket?',
  ECONNREFUSED: 'nothing listens there: is snmpd running with "master agentx" and this agentXSocket?',
};

/**
 * The system's message, which names the address (e.g. "connect EACCES /var/agentx/master"), and
 * what to check; the code stays on the error so that callers can tell EACCES from ENOENT.
 */
function explain(error: NodeJS.ErrnoException): NodeJS.ErrnoException {
  const hint = error.code === undefined ? undefined : HINTS[error.code];
  const explained: NodeJS.ErrnoException = new Error(hint === undefined ? error.message : `${error.message}: ${hint}`, { cause: error });
  if (error.code !== undefined) explained.code = error.code;
  return explained;
}

/** Opens a stream to the master agent, failing after `timeoutMs` (a hung master can stall connect). */
export function connectToMaster(address: AgentxAddress, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = address.kind === 'unix' ? createConnection({ path: address.path }) : createConnection({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      if (address.kind === 'tcp') socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(explain(error));
    });
  });
}
