import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostOf, parseServers } from '../../../src/endpoints/servers/parse.js';
import { parseConnectionTest, testFailed } from '../../../src/endpoints/servers/connection-test.js';
import type { SyncServerData } from '../../../src/endpoints/servers/model.js';
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
        test: null,
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

describe('parseConnectionTest on real MISP 2.5.1 answers and its source shapes', () => {
  it('reads the statuses the kit answered: connection failed, unexpected answer, authentication failed', () => {
    const read = (name: string) => parseConnectionTest(fixture(name), 7);
    expect(read('servers_testConnection')).toEqual({ status: 'connectionFailed', remoteVersion: null, testedAt: 7 });
    expect(read('servers_testConnection_html404').status).toBe('unexpectedAnswer');
    expect(read('servers_testConnection_kit_wrong_key').status).toBe('authenticationFailed');
  });

  it("reads the remote version from the top for ok and from info for 7 and 8 (ServersController::testConnection)", () => {
    expect(parseConnectionTest({ status: 1, local_version: '2.5.1', version: '2.5.2', mismatch: 'hotfix', newer: 'remote', post: 1, client_certificate: null, uuid: 'u' }, 1)).toEqual({ status: 'ok', remoteVersion: '2.5.2', testedAt: 1 });
    expect(parseConnectionTest({ status: 8, info: { version: 'två.5' }, client_certificate: null }, 1)).toMatchObject({ status: 'sightingOnly', remoteVersion: 'två.5' });
    expect(parseConnectionTest({ status: 5, client_certificate: null }, 1)).toMatchObject({ status: 'passwordChangeRequired', remoteVersion: null });
  });

  it('names a wrong-shaped answer', () => {
    const problem = (body: unknown): string => {
      try {
        parseConnectionTest(body, 0);
      } catch (error) {
        expect(error).toBeInstanceOf(PollError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(problem([])).toBe('servers/testConnection: answer is not an object');
    expect(problem({ status: 9 })).toBe("servers/testConnection: status 9 is not one of MISP's 1-8");
    expect(problem({ status: 0 })).toBe("servers/testConnection: status 0 is not one of MISP's 1-8");
    expect(problem({ status: 1, version: ['2.5'] })).toBe('servers/testConnection.version: is a list, expected text');
  });

  it('counts 7 and 8 as failed only for a server that pushes', () => {
    const server = (status: 'ok' | 'noSyncPermission' | 'connectionFailed', push: boolean): SyncServerData =>
      ({ id: 1, name: 'a', host: '', remoteOrg: '', pull: true, push, caching: false, lastPushedId: null, lastPulledId: null, cachedAt: null, test: { status, remoteVersion: null, testedAt: 0 } });
    expect([testFailed(server('ok', true)), testFailed(server('noSyncPermission', false)), testFailed(server('noSyncPermission', true)), testFailed(server('connectionFailed', false))]).toEqual([false, false, true, true]);
    expect(testFailed({ ...server('ok', true), test: null })).toBeNull();
  });
});
