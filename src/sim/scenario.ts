/** The MISP versions the simulator imitates: CakeResque workers, SimpleBackgroundJobs, string statistics. */
export type MispVariant = '2.4.130' | '2.4-sbj' | '2.5';

/** MISP's default roles admin, Org Admin, User and Read Only. */
export type KeyRole = 'siteAdmin' | 'orgAdmin' | 'user' | 'readOnly';

/** alive: running; dead: crashed (listed by CakeResque, gone with SimpleBackgroundJobs); wrongUser: another Unix user. */
export type SimWorkerState = 'alive' | 'dead' | 'wrongUser';

export interface SimWorker {
  pid: number;
  state: SimWorkerState;
}

export interface SimQueue {
  workers: SimWorker[];
  jobCount: number;
}

/**
 * A row of MISP's jobs table as /jobs/index shows it: `status` is the table's column (0 not ended,
 * 3 failed, 4 completed), `jobStatus` the worker's redis record, which says Completed for a failed
 * pull (docs/design/sharing-health.md, fact 1). Times are seconds before the answer.
 */
export interface SimJob {
  id: number;
  queue: string;
  type: string;
  input: string;
  status: 0 | 3 | 4;
  jobStatus: 'Waiting' | 'Running' | 'Completed' | 'Failed' | 'Unknown';
  message: string;
  createdAgoSeconds: number;
  modifiedAgoSeconds: number;
}

/** A sync server as MISP stores it; /servers/index never carries its key. */
export interface SimServer {
  id: number;
  name: string;
  url: string;
  remoteOrg: string;
  pull: boolean;
  push: boolean;
  caching: boolean;
  lastPushedId: number | null;
  /** Seconds before the answer of the last successful cache run; null: never (MISP sends false). */
  cachedAgoSeconds: number | null;
  /** What /servers/testConnection/<id> answers: MISP's status 1-8. */
  testStatus: number;
  /** The remote's version the test reads (statuses 1, 7, 8). */
  remoteVersion: string;
}

/** A row of MISP's logs table; `createdAt` is wall-clock epoch ms, served as MISP's local time without a zone. */
export interface SimLog {
  id: number;
  action: string;
  title: string;
  /** The user's e-mail, or SYSTEM. */
  email: string;
  createdAt: number;
}

/** A feed as MISP stores it. */
export interface SimFeed {
  id: number;
  name: string;
  provider: string;
  url: string;
  sourceFormat: string;
  inputSource: string;
  enabled: boolean;
  caching: boolean;
  /** Seconds before the answer of the last successful caching; null: never (MISP sends false). */
  cachedAgoSeconds: number | null;
}

/** A level-0 setting as serverSettings' finalSettings lists it (every setting is listed, flagged or not). */
export interface SimCriticalSetting {
  name: string;
  tab: string;
  /** MISP found an error in it: error 1 and errorMessage; otherwise errorMessage null. */
  flagged: boolean;
  errorMessage: string;
}

export interface SimCounts {
  events: number;
  eventsMonth: number;
  attributes: number;
  attributesMonth: number;
  correlations: number;
  proposals: number;
  users: number;
  usersPgp: number;
  organisations: number;
  localOrganisations: number;
  contributingOrganisations: number;
  threads: number;
  threadsMonth: number;
  posts: number;
  postsMonth: number;
}

/**
 * A MISP path the simulator answers, e.g. '/servers/getWorkers'; each endpoint group lists its own.
 * A path ending in '/<id>' takes a number there, which the answer gets as `id`.
 */
export type SimEndpoint = string;

/** What an answer may depend on besides the state: the id argument of a '/<id>' path, the key sent, a POST's body. */
export interface SimRequest {
  readonly id?: number;
  readonly key: string;
  /** The decoded JSON body of a POST (undefined when there is none or it is not JSON). */
  readonly body?: unknown;
}

/** An answer that is one of MISP's JSON errors ({name, message, url}) instead of data, e.g. 404 'Invalid server'. */
export class SimMispError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How the simulator answers one path: each endpoint group's module (src/endpoints/<group>/) gives its own. */
export interface SimRoute {
  /** May throw SimMispError, which the simulator sends as MISP's JSON error with that status and text. */
  readonly answer: (state: SimState, request: SimRequest) => unknown;
  /** Default GET. */
  readonly method?: 'POST';
  readonly needsKey: boolean;
  readonly siteAdminOnly: boolean;
}

/** Failures the simulator can produce on demand, per endpoint or for all of them ('*'). */
export type SimFailure =
  | 'authFailed'
  | 'permissionDenied'
  | 'forbiddenOther'
  | 'rateLimited'
  | 'http500'
  | 'http502'
  | 'http504'
  | 'htmlOk'
  | 'notFound'
  | 'hang'
  | 'slowBody'
  | 'reset'
  | 'truncatedJson'
  | 'invalidJson'
  | 'hugeBody'
  | 'largeValidBody'
  | 'wrongShape';

export interface SimState {
  variant: MispVariant;
  /** API keys MISP accepts, with their role; any other key gets MISP's 403 "Authentication failed". */
  keys: Record<string, KeyRole>;
  /** MISP.live: when false, non-site-admin API calls get a 302 to /users/login (maintenance). */
  live: boolean;
  backgroundJobs: boolean;
  /** supervisord runs (SimpleBackgroundJobs): when false MISP lists no worker and supervisord_status is false. */
  supervisord: boolean;
  /** false: MISP cannot read /proc and reports alive "N/A" for every worker. */
  procAccessible: boolean;
  queues: Record<string, SimQueue>;
  counts: SimCounts;
  /** updateLocked: MISP's update_locked, true while a database update runs or after one failed. */
  dbSchema: { actual: string; expected: string; differences: number; updateLocked: boolean };
  /** Settings with an error at levels 1 and 2; level 0 ones are criticalSettings. */
  settingsIssues: { recommended: number; optional: number };
  /** Level-0 settings besides MISP.live, MISP.baseurl and Security.salt (listed, never flagged). */
  criticalSettings: SimCriticalSetting[];
  /** serverSettings moduleStatus per service type: 0 ok, 1 not enabled, 2 no modules, or the connection error text. */
  moduleStatus: Record<'Enrichment' | 'Import' | 'Export' | 'Cortex', number | string>;
  zmqStatus: number;
  proxyStatus: string;
  redisMemoryBytes: number;
  databaseTables: Array<{ name: string; dataBytes: number; indexBytes: number }>;
  newestVersion: string;
  /** The jobs table, any order; /jobs/index answers the newest 100. */
  jobs: SimJob[];
  servers: SimServer[];
  feeds: SimFeed[];
  /** The logs table in id order; nextLogId is its AUTO_INCREMENT (src/endpoints/auth-failures/sim.ts appends rows). */
  logs: SimLog[];
  nextLogId: number;
  failures: Map<SimEndpoint | '*', SimFailure>;
  /** JSON text (any text: out-of-range numbers, NaN, deep nesting...) served with 200 in place of the answer. */
  rawBodies: Map<SimEndpoint, string>;
  forbiddenText: string;
  /** slowBody sends this many bytes every slowBodyChunkMs. */
  slowBodyChunkBytes: number;
  slowBodyChunkMs: number;
  hugeBodyBytes: number;
  largeBodyBytes: number;
  /** Requests received per endpoint, and the most ever in flight at once per endpoint. */
  requests: Map<string, number>;
  maxConcurrent: Map<string, number>;
}

const VERSION_TEXT: Readonly<Record<MispVariant, string>> = {
  '2.4.130': '2.4.130',
  '2.4-sbj': '2.4.199',
  '2.5': '2.5.1',
};

export function versionText(variant: MispVariant): string {
  return VERSION_TEXT[variant];
}

function defaultQueues(variant: MispVariant): Record<string, SimQueue> {
  let pid = 1000;
  const queue = (workers: number, jobCount: number): SimQueue => ({
    workers: Array.from({ length: workers }, () => ({ pid: pid++, state: 'alive' as const })),
    jobCount,
  });
  const queues: Record<string, SimQueue> = {
    default: queue(2, 3),
    prio: queue(1, 1),
    email: queue(1, 0),
    cache: queue(1, 5),
    update: queue(1, 0),
  };
  if (variant === '2.4.130') queues.scheduler = queue(1, 0);
  return queues;
}

/** A quiet instance: a publish, a server cache run and an e-mail, all completed. */
function defaultJobs(): SimJob[] {
  const done = { status: 4, jobStatus: 'Completed' } as const;
  return [
    { id: 1, queue: 'email', type: 'posts_alert', input: 'Post: 1', ...done, message: 'Emails sent.', createdAgoSeconds: 7200, modifiedAgoSeconds: 7200 },
    { id: 2, queue: 'default', type: 'cache_servers', input: '1', ...done, message: 'Job done.', createdAgoSeconds: 3600, modifiedAgoSeconds: 3600 },
    { id: 3, queue: 'prio', type: 'publish_event', input: 'Event ID: 12', ...done, message: 'Job done.', createdAgoSeconds: 600, modifiedAgoSeconds: 598 },
  ];
}

const DEFAULT_LOG_ROWS = 146;

/** A kit-like history (146 rows, as the real-MISP kit held): setting changes, logins and a few old failures. */
function defaultLogs(): SimLog[] {
  const start = Date.now() - 86_400_000;
  return Array.from({ length: DEFAULT_LOG_ROWS }, (_, i) => {
    const id = i + 1;
    const failure = id % 40 === 0 ? { action: 'auth_fail', title: 'Failed API authentication. No authkey was provided.', email: 'SYSTEM' } : null;
    const row = failure ?? (id % 3 === 0 ? { action: 'login', title: 'User (1): admin@admin.test', email: 'admin@admin.test' } : { action: 'add', title: `AdminSetting (${id})`, email: 'SYSTEM' });
    return { id, ...row, createdAt: start + id * 60_000 };
  });
}

export function defaultState(variant: MispVariant, keys: Record<string, KeyRole>): SimState {
  return {
    variant,
    keys,
    live: true,
    backgroundJobs: true,
    supervisord: true,
    procAccessible: true,
    queues: defaultQueues(variant),
    counts: {
      events: 1200,
      eventsMonth: 40,
      attributes: 250_000,
      attributesMonth: 9_000,
      correlations: 88_001,
      proposals: 12,
      users: 30,
      usersPgp: 7,
      organisations: 15,
      localOrganisations: 4,
      contributingOrganisations: 9,
      threads: 6,
      threadsMonth: 1,
      posts: 20,
      postsMonth: 2,
    },
    dbSchema: { actual: '140', expected: '140', differences: 0, updateLocked: false },
    settingsIssues: { recommended: 2, optional: 5 },
    // The five level-0 settings the real 2.5.1 kit flags, with its messages, here all set right.
    criticalSettings: [
      { name: 'MISP.disable_emailing', tab: 'MISP', flagged: false, errorMessage: 'E-mailing is blocked.' },
      { name: 'GnuPG.email', tab: 'Encryption', flagged: false, errorMessage: 'Value not set.' },
      { name: 'Security.csp_enforce', tab: 'Security', flagged: false, errorMessage: 'Value not set.' },
      { name: 'Plugin.Enrichment_hover_enable', tab: 'Plugin', flagged: false, errorMessage: 'Value not set.' },
      { name: 'Plugin.Enrichment_hover_popover_only', tab: 'Plugin', flagged: false, errorMessage: 'Value not set.' },
    ],
    // A fresh 2.5.1 install: the modules are off.
    moduleStatus: { Enrichment: 1, Import: 1, Export: 1, Cortex: 1 },
    zmqStatus: 1,
    proxyStatus: 'not configured (so not tested)',
    redisMemoryBytes: 12_582_912,
    databaseTables: [
      { name: 'attributes', dataBytes: 52_428_800, indexBytes: 10_485_760 },
      { name: 'events', dataBytes: 1_048_576, indexBytes: 262_144 },
    ],
    newestVersion: versionText(variant),
    jobs: defaultJobs(),
    // MISP's two default feeds (disabled), as on a fresh 2.5.1, and one enabled feed.
    feeds: [
      { id: 1, name: 'CIRCL OSINT Feed', provider: 'CIRCL', url: 'https://www.circl.lu/doc/misp/feed-osint', sourceFormat: 'misp', inputSource: 'network', enabled: false, caching: false, cachedAgoSeconds: null },
      { id: 2, name: 'The Botvrij.eu Data', provider: 'Botvrij.eu', url: 'https://www.botvrij.eu/data/feed-osint', sourceFormat: 'misp', inputSource: 'network', enabled: false, caching: false, cachedAgoSeconds: null },
      { id: 3, name: 'Flux régional', provider: 'CERT Région ÅÉ', url: 'https://feeds.example/flux?token=abc', sourceFormat: 'freetext', inputSource: 'network', enabled: true, caching: true, cachedAgoSeconds: 1800 },
    ],
    // The cache_servers job of defaultJobs() cached it.
    servers: [{ id: 1, name: 'Partner CERT Ålesund', url: 'https://sync:secret@misp.partner.example:8443/', remoteOrg: 'Partner CERT', pull: true, push: false, caching: true, lastPushedId: null, cachedAgoSeconds: 3600, testStatus: 1, remoteVersion: '2.5.1' }],
    logs: defaultLogs(),
    nextLogId: DEFAULT_LOG_ROWS + 1,
    failures: new Map(),
    rawBodies: new Map(),
    forbiddenText: 'Auth key is expired',
    slowBodyChunkBytes: 8,
    slowBodyChunkMs: 200,
    hugeBodyBytes: 100 * 1024 * 1024,
    largeBodyBytes: 8 * 1024 * 1024,
    requests: new Map(),
    maxConcurrent: new Map(),
  };
}

/**
 * Sharing at work, for the demo and the NMS tests: the sync server also pushes and has pushed up to
 * event 42, its newest pull failed (MISP's own message for an unreachable server), its newest push and
 * the enabled feed's newest fetch completed. Job types, inputs and messages as MISP 2.5.1 writes them
 * (test/fixtures/real-misp-2.5.1/sharing/jobs_index_after_pull_push.json).
 */
export function addSharingActivity(state: SimState): void {
  const server = state.servers[0];
  if (server) Object.assign(server, { push: true, lastPushedId: 42 });
  const next = Math.max(0, ...state.jobs.map((job) => job.id)) + 1;
  const job = (offset: number, type: string, input: string, status: 3 | 4, message: string, agoSeconds: number): SimJob => ({
    id: next + offset,
    queue: 'default',
    type,
    input,
    status,
    jobStatus: 'Completed',
    message,
    createdAgoSeconds: agoSeconds + 2,
    modifiedAgoSeconds: agoSeconds,
  });
  state.jobs.push(
    job(0, 'pull', 'Server: 1', 3, "ERROR: curl error 7 'Couldn't connect to server': Failed to connect to misp.partner.example port 8443 after 0 ms: Couldn't connect to server", 900),
    job(1, 'push', 'Server: 1', 4, 'Job done.', 840),
    job(2, 'fetch_feeds', 'Feed: 3', 4, 'Job done.', 780),
  );
}
