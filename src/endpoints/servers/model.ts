/** A sync server as /servers/index lists it, without its key (MISP never sends it there) or URL credentials. */
export interface SyncServerData {
  /** MISP's server id: the table index. */
  readonly id: number;
  readonly name: string;
  /** host[:port] of the URL; never its user, password, path or query. '' when the URL cannot be read. */
  readonly host: string;
  readonly remoteOrg: string;
  readonly pull: boolean;
  readonly push: boolean;
  readonly caching: boolean;
  readonly lastPushedId: number | null;
  /** MISP 2.5.1 never writes it: null, or what an admin typed. */
  readonly lastPulledId: number | null;
  /** When a cache run last ended, reached the server or not (Redis misp:server_cache_timestamp), epoch milliseconds; null if never. */
  readonly cachedAt: number | null;
}

export interface ServersData {
  readonly servers: readonly SyncServerData[];
}
