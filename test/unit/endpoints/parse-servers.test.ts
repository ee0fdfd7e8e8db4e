import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostOf, parseServers } from '../../../src/endpoints/servers/parse.js';
import { PollError } from '../../../src/http/poll-error.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/real-misp-2.5.1/sharing/${name}.json`, 'utf8'));

describe('parseServers on real MISP 2.5.1 answers', () => {
  it('reads a sync server with its UTF-8 name, host only, directions and the cache time (an epoch string)', () => {
    const { servers } = parseServers(fixture('servers_index_after_pull'));
    expect(servers).toEqual([
      {
        id: 6,
        name: 'agentx sync test ÄÖ',
        host: '127.0.0.1:9',
        remoteOrg: 'ORG-ALPHA',
        pull: true,
        push: true,
        caching: true,
        lastPushedId: null,
        lastPulledId: null,
        cachedAt: 1_795_912_888_000,
      },
    ]);
  });

  it('reads cache_timestamp false as never cached, and an empty list as no server', () => {
    expect(parseServers(fixture('servers_index')).servers[0]?.cachedAt).toBeNull();
    expect(parseServers(fixture('before_servers_index'))).toEqual({ servers: [] });
  });

  it('never keeps credentials, path or query of the URL', () => {
    expect(hostOf('https://sync:s3cret@misp.example.org:8443/path?token=abc')).toBe('misp.example.org:8443');
    expect(hostOf('not a url')).toBe('');
  });

  it.each<[string, unknown, RegExp]>([
    ['an object', { Server: {} }, /servers\/index: answer is not a list/],
    ['a row without Server', [{ RemoteOrg: {} }], /servers\/index\[0\]: has no "Server" object/],
    ['pull as text', [{ Server: { id: '1', name: 'a', url: 'http://x', pull: 'yes', push: false, caching_enabled: false } }], /servers\/index\[0\]\.Server\.pull/],
    ['an id twice', [{ Server: { id: '1', pull: true, push: false, caching_enabled: false } }, { Server: { id: '1', pull: true, push: false, caching_enabled: false } }], /lists a server id twice/],
  ])('refuses %s with an error naming the field', (_what, body, message) => {
    expect(() => parseServers(body)).toThrow(PollError);
    expect(() => parseServers(body)).toThrow(message);
  });
});
