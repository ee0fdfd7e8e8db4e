import { indexColumn, readOnly, tableBranch, wallAgeSeconds } from '../../smi/define.js';
import { instanceIndex } from '../../smi/per-instance.js';
import { enumerated, integer32, TRUTH_VALUE, UNSIGNED32, GAUGE32, UTF8_STRING } from '../../smi/syntaxes.js';
import type { Syntax } from '../../smi/types.js';
import type { JobRecord } from '../jobs/model.js';
import { JOB_OUTCOME } from '../jobs/mib.js';
import { type SyncServerData, TEST_STATUSES, type TestStatus } from './model.js';

const SERVERS = 'GET /servers/index';
const TEST = 'GET /servers/testConnection/<id> (intervals.serverConnectionTest)';

/** MISP's codes 1-8 keep their numbers; notTested is 9 rather than 0 (SMIv2 enumerations avoid 0). */
export const CONNECTION_TEST_STATUS: Syntax<TestStatus | 'notTested'> = enumerated(
  'MispConnectionTestStatus',
  { ...Object.fromEntries(TEST_STATUSES.map((status, i) => [status, i + 1])), notTested: 9 } as Record<TestStatus | 'notTested', number>,
  "The answer of MISP's sync server connection test (/servers/testConnection), with MISP's numbers: ok (1, the " +
    'remote answered with a sync key), connectionFailed (2: refused, DNS, TLS or timeout), unexpectedAnswer (3: an ' +
    'HTTP error or not MISP), authenticationFailed (4: the remote refused the key), passwordChangeRequired (5) and ' +
    'termsNotAccepted (6) for the remote user, noSyncPermission (7: the remote key may pull, not push), sightingOnly ' +
    '(8: it may push sightings only); notTested (9): the test is off, not run yet, or pull and push are both off.',
);
const JOBS = 'GET /jobs/index (the jobs group)';

/** A sync server with the newest pull and push jobs the jobs group has seen for it. */
export type SyncServerRow = SyncServerData & { readonly jobs: Readonly<Record<Direction, JobRecord | null>>; readonly instanceName: string };
export type Direction = 'pull' | 'push';

/** MISP's job_input for a server's pull and push (ServersController.php, ServerShell.php). */
export const serverJobKey = (direction: Direction, id: number): string => `${direction}|Server: ${id}`;

const serverId = indexColumn({
  name: 'mispSyncServerId',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: "MISP's id of the sync server.",
  source: `${SERVERS}: Server.id`,
  permission: 'siteAdmin',
});

/** Outcome, age and message of the newest pull or push, at three consecutive arcs. */
function directionColumns(direction: Direction, label: 'Pull' | 'Push', firstArc: number) {
  const job = (row: SyncServerRow): JobRecord | null => row.jobs[direction];
  const source = `${JOBS}: the newest job of type ${direction} with input Server: <id>`;
  return [
    readOnly({
      name: `mispSyncServer${label}Outcome`,
      arc: firstArc,
      syntax: JOB_OUTCOME,
      description: `The outcome of the newest ${direction} of this server (jobs.status), unknown when the agent has seen none since it started (needs the jobs group).`,
      source: `${source}: Job.status`,
      permission: 'siteAdmin',
      read: (row: SyncServerRow) => job(row)?.outcome ?? 'unknown',
    }),
    readOnly({
      name: `mispSyncServer${label}Age`,
      arc: firstArc + 1,
      syntax: GAUGE32,
      units: 'seconds',
      description: `Seconds since the newest ${direction} of this server last changed (ended, for a finished job). No value when none was seen.`,
      source: `${source}: Job.date_modified`,
      permission: 'siteAdmin',
      read: (row: SyncServerRow) => {
        const found = job(row);
        return found === null ? null : wallAgeSeconds(found.modifiedAt);
      },
    }),
    readOnly({
      name: `mispSyncServer${label}Message`,
      arc: firstArc + 2,
      syntax: UTF8_STRING,
      description: `MISP's message for the newest ${direction} of this server (e.g. the connection error). No value when none was seen.`,
      source: `${source}: Job.message`,
      permission: 'siteAdmin',
      read: (row: SyncServerRow) => job(row)?.message ?? null,
    }),
  ];
}

/** One row per sync server of each instance. */
export const syncServerTable = tableBranch<SyncServerRow>({
  name: 'mispSyncServerTable',
  arc: 11,
  description:
    'The sync servers (other MISP instances this one pulls from or pushes to) of each MISP instance, with the ' +
    'outcome of their newest pull and push from the jobs group. The URL is served as its host only: a sync URL ' +
    'may carry credentials; the sync key is never read (MISP leaves it out of /servers/index).',
  entry: { name: 'mispSyncServerEntry', description: 'One sync server of one MISP instance.' },
  index: [instanceIndex, serverId],
  group: {
    name: 'mispSyncServerGroup',
    description: 'The sync servers of each MISP instance and how their pulls and pushes went.',
    compliance: { mandatory: false, description: 'Served only for instances polled with a site-admin API key.' },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) =>
      (i.servers?.servers ?? []).map((server) => {
        const newest = (direction: Direction): JobRecord | null => i.jobs?.latest.get(serverJobKey(direction, server.id)) ?? null;
        return { index: [i.index, server.id], row: { ...server, jobs: { pull: newest('pull'), push: newest('push') }, instanceName: i.name } };
      }),
    ),
  columns: [
    serverId,
    readOnly({
      name: 'mispSyncServerName',
      arc: 2,
      syntax: UTF8_STRING,
      description: "The admin's name for the sync server.",
      source: `${SERVERS}: Server.name`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.name,
    }),
    readOnly({
      name: 'mispSyncServerHost',
      arc: 3,
      syntax: UTF8_STRING,
      description: 'The host (and port) of the sync URL, never its user, password, path or query. Empty when the URL cannot be read.',
      source: `${SERVERS}: Server.url`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.host,
    }),
    readOnly({
      name: 'mispSyncServerRemoteOrg',
      arc: 4,
      syntax: UTF8_STRING,
      description: 'The organisation that runs the remote server.',
      source: `${SERVERS}: RemoteOrg.name`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.remoteOrg,
    }),
    ...(['pull', 'push'] as const).map((direction, i) =>
      readOnly({
        name: `mispSyncServer${direction === 'pull' ? 'Pull' : 'Push'}`,
        arc: 5 + i,
        syntax: TRUTH_VALUE,
        description: `Whether ${direction} is enabled for this server.`,
        source: `${SERVERS}: Server.${direction}`,
        permission: 'siteAdmin',
        read: (s: SyncServerData) => s[direction],
      }),
    ),
    readOnly({
      name: 'mispSyncServerCaching',
      arc: 7,
      syntax: TRUTH_VALUE,
      description: 'Whether caching of this server (for correlation and lookup) is enabled.',
      source: `${SERVERS}: Server.caching_enabled`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.caching,
    }),
    readOnly({
      name: 'mispSyncServerLastPushedId',
      arc: 8,
      syntax: UNSIGNED32,
      description: 'The local event id the last push reached. No value when MISP has none.',
      source: `${SERVERS}: Server.lastpushedid`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.lastPushedId,
    }),
    readOnly({
      name: 'mispSyncServerLastPulledId',
      arc: 9,
      syntax: UNSIGNED32,
      description:
        'lastpulledid as MISP has it. MISP 2.5 never writes it (only its validation rule names it): it is absent, ' +
        'or whatever an admin typed, and does not move with pulls. Use mispSyncServerPullOutcome and PullAge.',
      source: `${SERVERS}: Server.lastpulledid`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.lastPulledId,
    }),
    readOnly({
      name: 'mispSyncServerCacheAge',
      arc: 10,
      syntax: GAUGE32,
      units: 'seconds',
      description:
        'Seconds since a cache run of this server last ended. MISP 2.5.1 sets this time even when the run could not ' +
        'reach the server (it then empties the cache): it tells that caching runs, not that it works. No value when none ran.',
      source: `${SERVERS}: Server.cache_timestamp`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => (s.cachedAt === null ? null : wallAgeSeconds(s.cachedAt)),
    }),
    ...directionColumns('pull', 'Pull', 11),
    ...directionColumns('push', 'Push', 14),
    readOnly({
      name: 'mispSyncServerInstanceName',
      arc: 17,
      syntax: UTF8_STRING,
      description: 'The name of the instance the sync server belongs to (mispInstanceName of the same mispInstanceIndex), for naming the server in an NMS.',
      source: 'configuration: the instance name',
      permission: 'siteAdmin',
      read: (row: SyncServerRow) => row.instanceName,
    }),
    readOnly({
      name: 'mispSyncServerTestStatus',
      arc: 18,
      syntax: CONNECTION_TEST_STATUS,
      description:
        "The answer of MISP's newest connection test of this server, which makes MISP connect to it. Off by default " +
        '(agent setting intervals.serverConnectionTest, at most hourly, one server per servers poll); only servers ' +
        'with pull or push enabled are tested.',
      source: `${TEST}: status`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.test?.status ?? 'notTested',
    }),
    readOnly({
      name: 'mispSyncServerTestAge',
      arc: 19,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'Seconds since MISP answered the test of mispSyncServerTestStatus. No value when it is notTested.',
      source: TEST,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => (s.test === null ? null : wallAgeSeconds(s.test.testedAt)),
    }),
    readOnly({
      name: 'mispSyncServerRemoteVersion',
      arc: 20,
      syntax: UTF8_STRING,
      description: 'The remote MISP\'s version, as the newest connection test read it (status ok, noSyncPermission or sightingOnly). No value otherwise.',
      source: `${TEST}: version (info.version for 7 and 8)`,
      permission: 'siteAdmin',
      read: (s: SyncServerData) => s.test?.remoteVersion ?? null,
    }),
  ],
});
