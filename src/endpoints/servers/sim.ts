import type { SimServer, SimState } from '../../sim/scenario.js';

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
