import { SimMispError, type SimRequest, type SimServer, type SimState } from '../../sim/scenario.js';

const ORG = { id: '1', name: 'ORGNAME', uuid: '92473ca9-8b8b-4d1b-896a-f5906f638daf', nationality: '', sector: '', type: 'ADMIN' };

/** Redis' misp:*_cache_timestamp as MISP 2.5.1 sends it: false, or epoch seconds as a string. */
export function cacheTimestampAnswer(agoSeconds: number | null): false | string {
  return agoSeconds === null ? false : String(Math.floor(Date.now() / 1000) - agoSeconds);
}

/** One row as ServersController::index answers in 2.5.1 (captured: ids as strings, booleans, no authkey). */
function serverAnswer(server: SimServer): unknown {
  return {
    Server: {
      id: String(server.id),
      name: server.name,
      url: server.url,
      org_id: '1',
      push: server.push,
      pull: server.pull,
      push_sightings: false,
      push_galaxy_clusters: false,
      push_analyst_data: false,
      pull_analyst_data: false,
      pull_galaxy_clusters: false,
      lastpulledid: null,
      lastpushedid: server.lastPushedId === null ? null : String(server.lastPushedId),
      organization: null,
      remote_org_id: '2',
      publish_without_email: false,
      unpublish_event: false,
      self_signed: false,
      cert_file: null,
      client_cert_file: null,
      internal: false,
      skip_proxy: false,
      remove_missing_tags: false,
      caching_enabled: server.caching,
      priority: '1',
      cache_timestamp: cacheTimestampAnswer(server.cachedAgoSeconds),
    },
    Organisation: ORG,
    RemoteOrg: { ...ORG, id: '2', name: server.remoteOrg, type: '' },
    User: [],
  };
}

export function serversAnswer(state: SimState): unknown {
  return state.servers.map(serverAnswer);
}

/** What MISP's remote answers about the sync user (getVersion), as runConnectionTest keeps it in `info`. */
function remoteInfo(server: SimServer): unknown {
  const sync = server.testStatus !== 7 && server.testStatus !== 8;
  return {
    version: server.remoteVersion,
    pymisp_recommended_version: server.remoteVersion,
    perm_sync: sync,
    perm_sighting: server.testStatus !== 7,
    perm_galaxy_editor: false,
    perm_analyst_data: false,
    uuid: 'c2f6b3e4-5d1a-4f0e-9a7b-0d2a4c6e8f10',
    request_encoding: ['gzip'],
    filter_sightings: true,
  };
}

/**
 * ServersController::testConnection in 2.5.1: status 1 is rebuilt with the version at the top; 7 and 8
 * are runConnectionTest's result with `info`; 2-6 carry only the client certificate (observed
 * {"status":2,"client_certificate":null}); an unknown id is a 404 "Invalid server".
 */
export function testConnectionAnswer(state: SimState, { id }: SimRequest): unknown {
  const server = state.servers.find((candidate) => candidate.id === id);
  if (server === undefined) throw new SimMispError(404, 'Invalid server');
  const status = server.testStatus;
  if (status === 1) {
    return {
      status,
      local_version: '2.5.1',
      version: server.remoteVersion,
      // MISP's quirk: the same version with a hotfix number below 111 is a 'proposal' mismatch.
      mismatch: server.remoteVersion === '2.5.1' ? 'proposal' : 'hotfix',
      newer: server.remoteVersion === '2.5.1' ? false : 'remote',
      post: 1,
      response_encoding: null,
      request_encoding: ['gzip'],
      client_certificate: null,
      uuid: 'c2f6b3e4-5d1a-4f0e-9a7b-0d2a4c6e8f10',
    };
  }
  if (status === 7 || status === 8) return { status, info: remoteInfo(server), client_certificate: null, post: { status: 1, 'content-encoding': null } };
  return { status, client_certificate: null };
}
