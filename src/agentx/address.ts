/** Where the master agent listens, in the syntax of snmpd's agentXSocket. */
export type AgentxAddress = { readonly kind: 'unix'; readonly path: string } | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

export const DEFAULT_AGENTX_SOCKET = '/var/agentx/master';
const DEFAULT_AGENTX_PORT = 705;

/**
 * Accepts "/path", "unix:/path", "tcp:host:port", "tcp:[v6]:port", "tcp6:...", "host:port" and
 * "tcp:host" (port 705); throws an error naming what is wrong.
 */
export function parseAgentxAddress(spec: string): AgentxAddress {
  const text = spec.trim();
  if (text.startsWith('/')) return { kind: 'unix', path: text };
  const match = /^(?:([a-z0-9]+):)?(.*)$/i.exec(text);
  const [, transport = '', rest = ''] = match ?? [];
  const scheme = transport.toLowerCase();
  if (scheme === 'unix') {
    if (!rest.startsWith('/')) throw new Error(`invalid AgentX socket "${spec}": a unix socket needs an absolute path`);
    return { kind: 'unix', path: rest };
  }
  if (scheme !== '' && scheme !== 'tcp' && scheme !== 'tcp6') {
    if (/^\d+$/.test(rest)) return tcpTarget(spec, transport, rest);
    throw new Error(`invalid AgentX socket "${spec}": transport "${transport}" is not supported (use a unix path or tcp:host:port)`);
  }
  const hostPort = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (!hostPort || !hostPort[1]) throw new Error(`invalid AgentX socket "${spec}": expected tcp:host:port`);
  return tcpTarget(spec, hostPort[1], hostPort[2]);
}

function tcpTarget(spec: string, host: string, portText: string | undefined): AgentxAddress {
  const port = portText === undefined ? DEFAULT_AGENTX_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid AgentX socket "${spec}": port ${portText} is outside 1..65535`);
  return { kind: 'tcp', host, port };
}

export function formatAgentxAddress(address: AgentxAddress): string {
  if (address.kind === 'unix') return address.path;
  return address.host.includes(':') ? `tcp:[${address.host}]:${address.port}` : `tcp:${address.host}:${address.port}`;
}
