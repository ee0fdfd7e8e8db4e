import { describe, expect, it } from 'vitest';
import { mispLookup } from '../../../src/http/timed-connector.js';

function lookup(hostname: string): Promise<{ error: NodeJS.ErrnoException | null; beforeNextLoopTurn: boolean }> {
  return new Promise((resolve) => {
    let turned = false;
    setImmediate(() => (turned = true));
    mispLookup(hostname, {}, (error) => resolve({ error, beforeNextLoopTurn: !turned }));
  });
}

describe('name lookup for MISP URLs', () => {
  it('fails a .invalid name (RFC 6761) with ENOTFOUND before any resolver could be asked', async () => {
    for (const name of ['misp.invalid', 'MISP.Example.INVALID', 'invalid', 'misp.invalid.']) {
      const { error, beforeNextLoopTurn } = await lookup(name);
      expect(error).toMatchObject({ code: 'ENOTFOUND', hostname: name });
      // getaddrinfo runs on libuv's thread pool and answers a loop turn later at the earliest.
      expect(beforeNextLoopTurn).toBe(true);
    }
  });

  it('resolves other names as dns.lookup does (localhost from /etc/hosts)', async () => {
    const { error, beforeNextLoopTurn } = await lookup('localhost');
    expect(error).toBeNull();
    expect(beforeNextLoopTurn).toBe(false);
  });
});
