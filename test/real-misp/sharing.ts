import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { request } from 'undici';
import { waitFor } from '../../src/common/wait.js';
import { MISP_URL, api, sh, sql } from './kit.js';

/**
 * What the sharing tests do to the real MISP (the steps scripts/real-misp-sharing-capture.sh did by
 * hand, docs/design/sharing-health.md): a sync server and a feed on loopback, pulls, pushes and
 * fetches through MISP's API, failed API keys and failed logins, and the removal of all of it.
 * Every address MISP is made to connect to is on 127.0.0.1.
 */

/** The discard port: privileged, so no test of another session takes it; checked free before use. */
export const NOTHING_LISTENS = { host: '127.0.0.1', port: 9 } as const;
/** 40 characters, valid nowhere: the sync key MISP would send to the server that is not there. */
const DUMMY_SYNC_KEY = 'agentxDummySyncKey0000000000000000000000';

/** MISP's settings that would make it connect beyond loopback on its own, and the values that keep it from doing so. */
export const STAYS_ON_LOOPBACK: Readonly<Record<string, unknown>> = {
  'MISP.online_version_check': false,
  'MISP.disable_emailing': true,
  'Proxy.host': '',
  'Plugin.Enrichment_services_enable': false,
  'Plugin.Import_services_enable': false,
  'Plugin.Export_services_enable': false,
  'Plugin.Action_services_enable': false,
  'Plugin.Cortex_services_enable': false,
};

/** Sync servers and feeds in MISP's tables MISP could connect to beyond loopback: enabled, at another host. */
export function enabledBeyondLoopback(): string[] {
  const beyond = "url NOT LIKE 'http://127.%' AND url NOT LIKE 'https://127.%' AND url NOT LIKE '/%'";
  return sql(
    `SELECT CONCAT('server ', id, ' ', url) FROM servers WHERE (pull = 1 OR push = 1 OR caching_enabled = 1) AND ${beyond} ` +
      `UNION ALL SELECT CONCAT('feed ', id, ' ', url) FROM feeds WHERE (enabled = 1 OR caching_enabled = 1) AND ${beyond}`,
  )
    .split('\n')
    .filter(Boolean);
}

/** true when a TCP connection to host:port is refused (nothing listens). */
export function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function ok(path: string, admin: string, body: unknown = {}): Promise<any> {
  const answer = await api(path, admin, body);
  if (answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** Adds a sync server at `url` (pull, caching and, unless told, push on; remote organisation 2); its id. */
export async function addSyncServer(admin: string, name: string, url: string, push = true): Promise<number> {
  const json = await ok('/servers/add', admin, { name, url, authkey: DUMMY_SYNC_KEY, remote_org_id: 2, pull: true, push, caching_enabled: true, self_signed: false });
  return Number(json.Server.id);
}

/** Queues a full pull or push of the server (MISP answers once it is queued, not done). */
export async function sync(admin: string, serverId: number, direction: 'pull' | 'push'): Promise<void> {
  await ok(`/servers/${direction}/${serverId}/full`, admin);
}

/** A loopback TCP listener that accepts connections and never answers, until closed: a pull to it stays running. */
export class SilentListener {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: NetServer) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<SilentListener> {
    const server = createNetServer();
    const listener = new SilentListener(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return listener;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get held(): number {
    return this.sockets.size;
  }

  /** Resets the held connections (the pull then fails) and stops listening. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Queues a cache run of the server (cache_servers, input "<id>"). */
export async function cacheServer(admin: string, serverId: number): Promise<void> {
  await ok(`/servers/cache/${serverId}`, admin);
}

/** The newest jobs row of `type` and `input` as MISP's table holds it. */
export interface JobRow {
  readonly id: number;
  readonly status: number;
  readonly message: string;
  /** Seconds since date_modified, by MariaDB's clock. */
  readonly age: number;
}

export function newestJob(type: string, input: string): JobRow | null {
  const line = sql(
    `SELECT id, status, TIMESTAMPDIFF(SECOND, date_modified, NOW()), message FROM jobs ` +
      `WHERE job_type = '${type}' AND job_input = '${input}' ORDER BY id DESC LIMIT 1`,
  );
  if (line === '') return null;
  const [id, status, age, ...message] = line.split('\t');
  return { id: Number(id), status: Number(status), age: Number(age), message: message.join('\t') };
}

/** Waits until the newest job of `type` and `input` has ended (jobs.status 3 failed or 4 completed); that row. */
export async function jobEnded(type: string, input: string, afterId: number): Promise<JobRow> {
  let row: JobRow | null = null;
  await waitFor(`a ${type} job "${input}" to end`, () => {
    row = newestJob(type, input);
    return row !== null && row.id > afterId && (row.status === 3 || row.status === 4);
  }, 60_000, 250);
  return row as unknown as JobRow;
}

/** The one attribute hash the loopback feed's cache file lists (MD5 of a value no real feed carries). */
export const FEED_CACHE_HASH = createHash('md5').update('misp-agentx test feed value').digest('hex');

/**
 * A MISP-format feed served by the test on 127.0.0.1: it answers 503 until `serve` is set, then an
 * empty manifest and a cache file of one hash, so MISP's fetch and cache fail and then complete
 * without creating any event.
 */
export class LoopbackFeed {
  serve = false;
  readonly requests: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<LoopbackFeed> {
    const server = createServer();
    const feed = new LoopbackFeed(server);
    server.on('request', (req, res) => {
      feed.requests.push(`${req.method} ${req.url}`);
      if (feed.serve && req.url === '/feed/manifest.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else if (feed.serve && req.url === '/feed/hashes.csv') {
        res.writeHead(200, { 'content-type': 'text/csv' }).end(`${FEED_CACHE_HASH},5f1c0c8e-0000-4000-8000-00000000a9e7\n`);
      } else {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('misp-agentx test feed: not serving\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return feed;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Adds a MISP-format network feed at `url`, fetching and caching enabled; its id. */
export async function addFeed(admin: string, name: string, provider: string, url: string): Promise<number> {
  const json = await ok('/feeds/add', admin, { Feed: { name, provider, url, source_format: 'misp', input_source: 'network', enabled: true, caching_enabled: true, distribution: 0 } });
  return Number(json.Feed.id);
}

/** Queues a cache run of the feed through MISP's API (cache_feeds, input "<id>"). */
export async function cacheFeed(admin: string, feedId: number): Promise<void> {
  const answer = await api(`/feeds/cacheFeeds/${feedId}`, admin);
  if (answer.status !== 200) throw new Error(`cacheFeeds/${feedId} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
}

/** Queues a fetch of the feed through MISP's API (fetch_feeds, "Feed: <id>"). */
export async function fetchFeed(admin: string, feedId: number): Promise<void> {
  const answer = await api(`/feeds/fetchFromFeed/${feedId}`, admin);
  if (answer.status !== 200 || answer.json?.result !== 'Pull queued for background execution.') {
    throw new Error(`fetchFromFeed/${feedId} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  }
}

/** Removes the sync servers and the feed this suite added, and the redis keys and jobs rows they caused. */
export async function removeSharing(admin: string, made: { serverIds: readonly number[]; feedId: number | null; firstJobId: number }): Promise<void> {
  const inputs: string[] = [];
  for (const serverId of made.serverIds) {
    await api(`/servers/delete/${serverId}`, admin, {});
    sh(`redis-cli -n 13 del misp:server_cache_timestamp:${serverId} misp:server_cache:${serverId} >/dev/null`);
    inputs.push(`'Server: ${serverId}'`, `'${serverId}'`);
  }
  if (made.feedId !== null) {
    await api(`/feeds/delete/${made.feedId}`, admin, {});
    sh(`redis-cli -n 13 del misp:feed_cache:${made.feedId} misp:feed_cache_timestamp:${made.feedId} misp:feed_cache:event_uuid_lookup:${FEED_CACHE_HASH} >/dev/null`);
    sh(`redis-cli -n 13 srem misp:feed_cache:combined ${FEED_CACHE_HASH} >/dev/null`);
    inputs.push(`'Feed: ${made.feedId}'`, `'${made.feedId}'`);
  }
  if (inputs.length > 0) sql(`DELETE FROM jobs WHERE id > ${made.firstJobId} AND job_type IN ('pull', 'push', 'cache_servers', 'fetch_feeds', 'cache_feeds') AND job_input IN (${inputs.join(', ')})`);
}

/** A 40-character API key valid nowhere, different on each run so MISP's hourly throttle (fact 4) does not hide its row. */
export function wrongApiKey(): string {
  return `agentxWrong${randomBytes(15).toString('hex').slice(0, 29)}`;
}

/** The redis key MISP throttles auth_fail rows of one masked key with (AppController::_shouldLog). */
export function authFailThrottleKey(key: string): string {
  return `misp:auth_fail_throttling:${key.slice(0, 4)}${'*'.repeat(key.length - 8)}${key.slice(-4)}`;
}

/** A GET with `key` (or none); the HTTP status. */
export async function statusWithKey(path: string, key: string | null): Promise<number> {
  const response = await request(`${MISP_URL}${path}`, {
    headers: { accept: 'application/json', ...(key === null ? {} : { authorization: key }) },
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  await response.body.dump();
  return response.statusCode;
}

const hidden = (html: string, name: string): string => {
  const value = new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`the login form has no ${name}`);
  return value;
};

/**
 * One failed login through MISP's login form, as a browser does it: GET /users/login for the
 * session cookie and the form's CSRF fields (data[_Token][key], data[_Token][fields]), then POST
 * the email with a wrong password. MISP answers 200 with the form again and writes one login_fail row.
 */
export async function failedLogin(email: string): Promise<number> {
  const form = await request(`${MISP_URL}/users/login`, { headersTimeout: 30_000, bodyTimeout: 30_000 });
  const html = await form.body.text();
  const setCookie = form.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((c) => c.split(';')[0]).join('; ');
  // data[_Token][fields] is already URL-encoded in the page: it goes into the body as it is.
  const body = [
    `_method=POST`,
    `${encodeURIComponent('data[_Token][key]')}=${encodeURIComponent(hidden(html, 'data[_Token][key]'))}`,
    `${encodeURIComponent('data[User][email]')}=${encodeURIComponent(email)}`,
    `${encodeURIComponent('data[User][password]')}=wrong-password-agentx`,
    `${encodeURIComponent('data[_Token][fields]')}=${hidden(html, 'data[_Token][fields]')}`,
    `${encodeURIComponent('data[_Token][unlocked]')}=`,
  ].join('&');
  const response = await request(`${MISP_URL}/users/login`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  await response.body.dump();
  return response.statusCode;
}

/** auth_fail and login_fail rows of MISP's logs table with ids in (after, upTo]. */
export function failureRows(after: number, upTo = Number.MAX_SAFE_INTEGER): { authFail: number; loginFail: number; titles: string[] } {
  const lines = sql(`SELECT action, title FROM logs WHERE id > ${after} AND id <= ${upTo} AND action IN ('auth_fail', 'login_fail') ORDER BY id`)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string]);
  return {
    authFail: lines.filter(([action]) => action === 'auth_fail').length,
    loginFail: lines.filter(([action]) => action === 'login_fail').length,
    titles: lines.map(([, title]) => title),
  };
}
