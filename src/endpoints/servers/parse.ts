import { invalid, isRecord, readBoolean, readCount, readUtf8Field } from '../../http/json-values.js';
import type { ServersData, SyncServerData } from './model.js';

/** host[:port] only: a sync URL may carry user:password@ or a token in its query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** MISP's cache_timestamp (servers and feeds): false when never cached, else epoch seconds as a string (2.5.1). Epoch ms or null. */
export function readCacheTimestamp(value: unknown, what: string): number | null {
  return value === false || value === null || value === undefined ? null : readCount(value, what) * 1000;
}

const optionalCount = (value: unknown, what: string): number | null => (value === null || value === undefined || value === '' ? null : readCount(value, what));

function parseServer(raw: unknown, position: number): SyncServerData {
  const what = `servers/index[${position}]`;
  if (!isRecord(raw) || !isRecord(raw.Server)) throw invalid(what, 'has no "Server" object');
  const server = raw.Server;
  const text = (value: unknown, field: string): string => readUtf8Field(value, `${what}.${field}`);
  return {
    id: readCount(server.id, `${what}.Server.id`),
    name: text(server.name, 'Server.name'),
    host: hostOf(text(server.url, 'Server.url')),
    remoteOrg: isRecord(raw.RemoteOrg) ? text(raw.RemoteOrg.name, 'RemoteOrg.name') : '',
    pull: readBoolean(server.pull, `${what}.Server.pull`),
    push: readBoolean(server.push, `${what}.Server.push`),
    caching: readBoolean(server.caching_enabled, `${what}.Server.caching_enabled`),
    lastPushedId: optionalCount(server.lastpushedid, `${what}.Server.lastpushedid`),
    lastPulledId: optionalCount(server.lastpulledid, `${what}.Server.lastpulledid`),
    cachedAt: readCacheTimestamp(server.cache_timestamp, `${what}.Server.cache_timestamp`),
    test: null,
  };
}

/** /servers/index: a list of {Server, Organisation, RemoteOrg, User}, every server, unpaginated. */
export function parseServers(body: unknown): ServersData {
  if (!Array.isArray(body)) throw invalid('servers/index', 'answer is not a list');
  const servers = body.map(parseServer);
  const ids = new Set(servers.map((server) => server.id));
  if (ids.size !== servers.length) throw invalid('servers/index', 'lists a server id twice');
  return { servers: [...servers].sort((a, b) => a.id - b.id) };
}
