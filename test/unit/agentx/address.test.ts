import { describe, expect, it } from 'vitest';
import { formatAgentxAddress, parseAgentxAddress } from '../../../src/agentx/address.js';

describe('parseAgentxAddress', () => {
  it.each([
    ['/var/agentx/master', { kind: 'unix', path: '/var/agentx/master' }],
    ['unix:/run/agentx.sock', { kind: 'unix', path: '/run/agentx.sock' }],
    ['tcp:127.0.0.1:705', { kind: 'tcp', host: '127.0.0.1', port: 705 }],
    ['tcp:localhost', { kind: 'tcp', host: 'localhost', port: 705 }],
    ['tcp:[::1]:1705', { kind: 'tcp', host: '::1', port: 1705 }],
    ['tcp6:[::1]:1705', { kind: 'tcp', host: '::1', port: 1705 }],
    ['localhost:7050', { kind: 'tcp', host: 'localhost', port: 7050 }],
    ['127.0.0.1:705', { kind: 'tcp', host: '127.0.0.1', port: 705 }],
    ['my-host:705', { kind: 'tcp', host: 'my-host', port: 705 }],
  ])('reads %s', (spec, expected) => {
    expect(parseAgentxAddress(spec)).toEqual(expected);
    expect(parseAgentxAddress(formatAgentxAddress(parseAgentxAddress(spec)))).toEqual(expected);
  });

  it.each([
    ['udp:127.0.0.1:705', /transport "udp" is not supported/],
    ['unix:relative.sock', /absolute path/],
    ['tcp:127.0.0.1:99999', /outside 1..65535/],
    ['tcp:', /expected tcp:host:port/],
  ])('rejects %s naming the problem', (spec, message) => {
    expect(() => parseAgentxAddress(spec)).toThrow(message);
  });
});
