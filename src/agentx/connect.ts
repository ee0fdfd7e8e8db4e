import { type OnReadOpts, type Socket, createConnection } from 'node:net';
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

/** Bytes of the one buffer every read of a connection lands in: far more than snmpd sends at once. */
const READ_BUFFER_SIZE = 64 * 1024;

/** Node's onread option: reading goes on (true) after each chunk. */
function readsInto(buffer: Buffer, onData: (chunk: Buffer) => void): OnReadOpts {
  return {
    buffer,
    callback: (bytes) => {
      onData(buffer.subarray(0, bytes));
      return true;
    },
  };
}

/**
 * Opens a stream to the master agent, failing after `timeoutMs` (a hung master can stall connect).
 * With `onData`, every read lands in one buffer kept for the connection's life and is handed to
 * `onData` (no 'data' events): `onData` must be done with the bytes when it returns. That spares
 * Node's new buffer and stream bookkeeping at each read, a large share of a request's cost.
 */
export function connectToMaster(address: AgentxAddress, timeoutMs: number, onData?: (chunk: Buffer) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const target = address.kind === 'unix' ? { path: address.path } : { host: address.host, port: address.port };
    const socket = createConnection({ ...target, onread: onData && readsInto(Buffer.allocUnsafe(READ_BUFFER_SIZE), onData) });
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
