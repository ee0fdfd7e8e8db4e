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
  /** The newest answer of the optional connection test; null when off, not yet run, or pull and push are both off. */
  readonly test: ConnectionTest | null;
}

/** MISP's testConnection status codes 1-8 (Server::runConnectionTest, ServersController::testConnection), in order. */
export const TEST_STATUSES = [
  'ok',
  'connectionFailed',
  'unexpectedAnswer',
  'authenticationFailed',
  'passwordChangeRequired',
  'termsNotAccepted',
  'noSyncPermission',
  'sightingOnly',
] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

/** What MISP answered when asked to connect to the sync server. */
export interface ConnectionTest {
  readonly status: TestStatus;
  /** The remote MISP's version when MISP could read it (status ok, noSyncPermission, sightingOnly). */
  readonly remoteVersion: string | null;
  /** Wall-clock epoch ms of the answer. */
  readonly testedAt: number;
}

export interface ServersData {
  readonly servers: readonly SyncServerData[];
}
