import { stringify } from 'yaml';
import { NOTIFICATION_DEFAULTS } from '../../config/notifications.js';
import { STATUS_CODES, type Status } from '../../domain/snapshot.js';
import { DEFAULT_INTERVALS } from '../../endpoints/index.js';
import { staleAfterMs } from '../../notify/notifier.js';
import type { ObjectInfo } from '../../smi/types.js';
import { formatOid, type Oid } from '../../snmp/oid.js';
import { column, scalar } from '../mib-objects.js';
import { stableUuid } from './uuid.js';

export const TEMPLATE_NAME = 'MISP AgentX by SNMP';
const GROUP = 'Templates/Applications';

/** Zabbix polls the health items as often as the agent polls MISP by default; faster only rereads the same values. */
const POLL_SECONDS = DEFAULT_INTERVALS.workers;

/** Every macro the template uses; the thresholds are the agent's own defaults, so a trigger and a notification agree. */
export const MACROS = [
  { macro: '{$MISP.JOBS.PENDING.HIGH}', value: String(NOTIFICATION_DEFAULTS.jobsPendingHigh), description: 'Jobs waiting in all queues of an instance that raise the problem (the agent: notifications.jobsPendingHigh).' },
  { macro: '{$MISP.JOBS.PENDING.CLEAR}', value: String(NOTIFICATION_DEFAULTS.jobsPendingClear), description: 'Jobs waiting at or below which the problem closes (the agent: notifications.jobsPendingClear).' },
  {
    macro: '{$MISP.DATA.AGE.MAX}',
    value: String(staleAfterMs(NOTIFICATION_DEFAULTS, DEFAULT_INTERVALS) / 1000),
    description: 'Seconds without good data from an instance before its values count as stale (the agent: notifications.staleAfterSeconds, by default 3 x its shortest poll interval).',
  },
  { macro: '{$MISP.POLL.DELAY}', value: `${POLL_SECONDS}s`, description: 'How often Zabbix reads the health items (the agent polls MISP every 60 s by default).' },
  { macro: '{$MISP.STATS.DELAY}', value: `${DEFAULT_INTERVALS.statistics}s`, description: 'How often Zabbix reads the content counts (the agent: intervals.statistics).' },
  { macro: '{$MISP.JOBS.DELAY}', value: `${DEFAULT_INTERVALS.jobs}s`, description: 'How often Zabbix reads the background job outcomes (the agent: intervals.jobs).' },
  {
    macro: '{$MISP.AUTH.BURST.THRESHOLD}',
    value: String(NOTIFICATION_DEFAULTS.authFailures.burstThreshold),
    description: 'Failed-authentication log rows (auth_fail and login_fail together) within {$MISP.AUTH.BURST.TIME} that open the burst problem (the agent: notifications.authFailures.burstThreshold).',
  },
  { macro: '{$MISP.AUTH.BURST.TIME}', value: `${NOTIFICATION_DEFAULTS.authFailures.burstSeconds}s`, description: 'The window of the burst problem (the agent: notifications.authFailures.burstSeconds).' },
  { macro: '{$MISP.DISCOVERY.DELAY}', value: '1h', description: 'How often Zabbix looks for new instances and queues.' },
  { macro: '{$MISP.NODATA.TIME}', value: `${3 * POLL_SECONDS}s`, description: 'Time without any value from misp-agentx (through snmpd) before "misp-agentx does not answer" opens (at least 30 s).' },
  {
    macro: '{$MISP.DEGRADED.TIME}',
    value: `${2 * POLL_SECONDS}s`,
    description: 'How long the status must stay degraded before "MISP is degraded" opens: while groups start failing one by one the status passes through degraded on its way to the failure they share.',
  },
  {
    macro: '{$MISP.WORKERS.TIME}',
    value: `${2 * POLL_SECONDS}s`,
    description: 'How long a worker condition (missing, dead, not ok, queues without a worker) must last before its problem opens: supervisord going down empties every queue in the same poll, and its own problem must be open first to hold the others back.',
  },
  { macro: '{$MISP.RESTART.WINDOW}', value: '10m', description: 'How long "misp-agentx has been restarted" stays open after a restart.' },
  { macro: '{$MISP.SNMP.TIMEOUT}', value: '5m', description: 'Time without an SNMP answer from snmpd before "no SNMP answer" opens.' },
] as const;

type Priority = 'INFO' | 'WARNING' | 'AVERAGE' | 'HIGH' | 'DISASTER';
type Kind = 'text' | 'number' | 'float';

interface ItemSpec {
  readonly key: string;
  readonly name: string;
  readonly kind: Kind;
  readonly delay: string;
  /** An SNMP object, polled at .0 (scalar) or .{#SNMPINDEX} (column); none for Zabbix's internal items. */
  readonly object?: ObjectInfo;
  readonly oidOf?: (root: Oid) => Oid;
  readonly units?: string;
  /** A JavaScript preprocessing step: a division gives rounded floats where a multiplier gives 0.0032779999999999997. */
  readonly script?: string;
  /** Created disabled: the agent does not collect it with its default configuration. */
  readonly disabled?: boolean;
  /**
   * The object has no value in some rows (no such job seen, no failure in the window): SNMP says
   * noSuchInstance, which would make the item unsupported and every trigger naming it unknown. Text
   * reads as empty instead, a number keeps no value.
   */
  readonly mayBeAbsent?: boolean;
}

interface TriggerSpec {
  /** Stable name for UUIDs and dependencies. */
  readonly id: string;
  readonly name: string;
  /** Zabbix expression; K(key) stands for the item with that key. */
  readonly expression: string;
  readonly recovery?: string;
  readonly priority: Priority;
  readonly opdata?: string;
  readonly description: string;
  /** Ids of the triggers that, when in problem, explain this one, so one cause opens one problem. */
  readonly dependsOn?: readonly string[];
}

const POLL = '{$MISP.POLL.DELAY}';
const STATS = '{$MISP.STATS.DELAY}';
const JOBS = '{$MISP.JOBS.DELAY}';

function kindOf(object: ObjectInfo): Kind {
  return object.syntax.valueType === 'OctetString' ? 'text' : 'number';
}

function fromScalar(name: string, key: string, label: string, delay: string, extra: Partial<ItemSpec> = {}): ItemSpec {
  const s = scalar(name);
  return { object: s.object, oidOf: (root) => [...s.oid(root), 0], key, name: label, kind: kindOf(s.object), delay, ...extra };
}

function fromColumn(name: string, key: string, label: string, delay: string, extra: Partial<ItemSpec> = {}): ItemSpec {
  const c = column(name);
  return { object: c.object, oidOf: c.oid, key, name: label, kind: kindOf(c.object), delay, ...extra };
}

const I = (key: string): string => `${key}[{#SNMPINDEX}]`;
const INSTANCE = 'MISP {#MISP.NAME}';
const QUEUE = 'MISP {#MISP.INSTANCE.NAME} queue {#MISP.QUEUE}';
/** The diagnostics group is off by default (intervals.diagnostics 0): its items are created disabled, not unsupported. */
const DIAGNOSTICS_OFF = DEFAULT_INTERVALS.diagnostics === 0;
const MICROSECONDS = 'return value / 1000000;';
/** The failed-authentication group is opt-in (intervals.authFailures 0): its items are created disabled. */
const AUTH_FAILURES_OFF = DEFAULT_INTERVALS.authFailures === 0;

const AGENT_ITEMS: readonly ItemSpec[] = [
  { key: 'zabbix[host,snmp,available]', name: 'SNMP agent availability', kind: 'number', delay: POLL },
  fromScalar('mispAgentVersion', 'misp.agent.version', 'misp-agentx version', '1h'),
  fromScalar('mispAgentUptime', 'misp.agent.uptime', 'misp-agentx uptime', POLL, { units: 'uptime', script: 'return Math.floor(value / 100);' }),
  fromScalar('mispAgentInstanceCount', 'misp.agent.instances', 'MISP instances configured', '1h'),
  fromScalar('mispAgentNotificationsSent', 'misp.agent.notifications.sent', 'misp-agentx notifications sent', POLL),
  fromScalar('mispAgentNotificationsHeld', 'misp.agent.notifications.held', 'misp-agentx notifications held by the rate limit or the session', POLL),
  fromScalar('mispAgentNotificationsDropped', 'misp.agent.notifications.dropped', 'misp-agentx changes never notified', POLL),
];

const INSTANCE_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispInstanceStatus', I('misp.instance.status'), `${INSTANCE}: status`, POLL),
  fromColumn('mispInstanceReachable', I('misp.instance.reachable'), `${INSTANCE}: reachable`, POLL),
  fromColumn('mispInstanceDataAge', I('misp.instance.data_age'), `${INSTANCE}: data age`, POLL, { units: 's' }),
  fromColumn('mispInstanceConsecutiveFailures', I('misp.instance.failures'), `${INSTANCE}: consecutive failed polls`, POLL),
  fromColumn('mispInstanceLastError', I('misp.instance.last_error'), `${INSTANCE}: last error`, POLL),
  fromColumn('mispInstanceVersion', I('misp.instance.version'), `${INSTANCE}: MISP version`, '1h'),
  fromColumn('mispInstanceProbeTotal', I('misp.instance.http.total'), `${INSTANCE}: HTTP response time`, POLL, { kind: 'float', units: 's', script: MICROSECONDS }),
  fromColumn('mispInstanceProbeTtfb', I('misp.instance.http.ttfb'), `${INSTANCE}: HTTP time to first byte`, POLL, { kind: 'float', units: 's', script: MICROSECONDS }),
  fromColumn('mispInstanceProbeHttpStatus', I('misp.instance.http.status'), `${INSTANCE}: HTTP status of the probe`, POLL),
  fromColumn('mispWorkersAlive', I('misp.workers.alive'), `${INSTANCE}: workers alive`, POLL),
  fromColumn('mispWorkersDead', I('misp.workers.dead'), `${INSTANCE}: workers dead`, POLL),
  fromColumn('mispWorkersQueuesNotOk', I('misp.workers.queues_not_ok'), `${INSTANCE}: queues without a working worker`, POLL),
  fromColumn('mispWorkersRunning', I('misp.workers.running'), `${INSTANCE}: workers running`, POLL),
  fromColumn('mispWorkersExpected', I('misp.workers.expected'), `${INSTANCE}: workers expected`, POLL),
  fromColumn('mispWorkersNotOk', I('misp.workers.not_ok'), `${INSTANCE}: workers listed but not ok`, POLL),
  fromColumn('mispWorkersMissing', I('misp.workers.missing'), `${INSTANCE}: workers missing`, POLL),
  fromColumn('mispWorkersSupervisord', I('misp.workers.supervisord'), `${INSTANCE}: supervisord reachable by MISP`, POLL),
  fromColumn('mispInstanceLive', I('misp.instance.live'), `${INSTANCE}: MISP.live (false: maintenance)`, POLL),
  fromColumn('mispWorkersJobsPending', I('misp.workers.jobs_pending'), `${INSTANCE}: jobs pending`, POLL),
  fromColumn('mispJobsFailed', I('misp.jobs.failed'), `${INSTANCE}: background jobs failed in the window`, JOBS),
  fromColumn('mispJobsStale', I('misp.jobs.stale'), `${INSTANCE}: background jobs whose worker died`, JOBS),
  fromColumn('mispJobsNewFailed', I('misp.jobs.new_failed'), `${INSTANCE}: background jobs newly failed`, JOBS),
  fromColumn('mispJobsNewestFailureMessage', I('misp.jobs.newest_failure'), `${INSTANCE}: newest background job failure`, JOBS, { mayBeAbsent: true }),
  fromColumn('mispAuthFailures', I('misp.auth.failures'), `${INSTANCE}: failed API authentications (log rows)`, POLL, { disabled: AUTH_FAILURES_OFF }),
  fromColumn('mispLoginFailures', I('misp.auth.login_failures'), `${INSTANCE}: failed logins (log rows)`, POLL, { disabled: AUTH_FAILURES_OFF }),
  fromColumn('mispAuthFailuresLastTitle', I('misp.auth.last_title'), `${INSTANCE}: newest failed authentication`, POLL, { disabled: AUTH_FAILURES_OFF, mayBeAbsent: true }),
  fromColumn('mispAuthLogLag', I('misp.auth.log_lag'), `${INSTANCE}: log windows not read yet`, POLL, { disabled: AUTH_FAILURES_OFF }),
  fromColumn('mispStatEvents', I('misp.stats.events'), `${INSTANCE}: events`, STATS),
  fromColumn('mispStatEventsMonth', I('misp.stats.events_month'), `${INSTANCE}: events modified this month`, STATS),
  fromColumn('mispStatAttributes', I('misp.stats.attributes'), `${INSTANCE}: attributes`, STATS),
  fromColumn('mispStatAttributesMonth', I('misp.stats.attributes_month'), `${INSTANCE}: attributes modified this month`, STATS),
  fromColumn('mispStatUsers', I('misp.stats.users'), `${INSTANCE}: users`, STATS),
  fromColumn('mispStatOrganisations', I('misp.stats.orgs'), `${INSTANCE}: organisations`, STATS),
  fromColumn('mispDiagDbSchemaOk', I('misp.diag.db_schema_ok'), `${INSTANCE}: database schema as expected`, STATS, { disabled: DIAGNOSTICS_OFF }),
  fromColumn('mispDiagUpdateLocked', I('misp.diag.update_locked'), `${INSTANCE}: database updates locked`, STATS, { disabled: DIAGNOSTICS_OFF }),
  fromColumn('mispDiagDatabaseSize', I('misp.diag.db_size'), `${INSTANCE}: database size`, STATS, { units: 'B', disabled: DIAGNOSTICS_OFF }),
];

const SERVER = 'MISP {#MISP.INSTANCE.NAME} sync server {#MISP.SERVER}';
const SERVER_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispSyncServerHost', I('misp.server.host'), `${SERVER}: host`, '1h'),
  fromColumn('mispSyncServerPull', I('misp.server.pull'), `${SERVER}: pull enabled`, JOBS),
  fromColumn('mispSyncServerPush', I('misp.server.push'), `${SERVER}: push enabled`, JOBS),
  fromColumn('mispSyncServerPullOutcome', I('misp.server.pull_outcome'), `${SERVER}: outcome of the newest pull`, JOBS),
  fromColumn('mispSyncServerPullAge', I('misp.server.pull_age'), `${SERVER}: age of the newest pull`, JOBS, { units: 's', mayBeAbsent: true }),
  fromColumn('mispSyncServerPullMessage', I('misp.server.pull_message'), `${SERVER}: message of the newest pull`, JOBS, { mayBeAbsent: true }),
  fromColumn('mispSyncServerPushOutcome', I('misp.server.push_outcome'), `${SERVER}: outcome of the newest push`, JOBS),
  fromColumn('mispSyncServerPushAge', I('misp.server.push_age'), `${SERVER}: age of the newest push`, JOBS, { units: 's', mayBeAbsent: true }),
  fromColumn('mispSyncServerPushMessage', I('misp.server.push_message'), `${SERVER}: message of the newest push`, JOBS, { mayBeAbsent: true }),
  fromColumn('mispSyncServerTestStatus', I('misp.server.test_status'), `${SERVER}: connection test`, JOBS, { mayBeAbsent: true }),
  fromColumn('mispSyncServerTestAge', I('misp.server.test_age'), `${SERVER}: age of the connection test`, JOBS, { units: 's', mayBeAbsent: true }),
  fromColumn('mispSyncServerRemoteVersion', I('misp.server.remote_version'), `${SERVER}: remote MISP version`, '1h', { mayBeAbsent: true }),
];

const FEED = 'MISP {#MISP.INSTANCE.NAME} feed {#MISP.FEED}';
const FEED_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispFeedEnabled', I('misp.feed.enabled'), `${FEED}: fetching enabled`, JOBS),
  fromColumn('mispFeedFetchOutcome', I('misp.feed.fetch_outcome'), `${FEED}: outcome of the newest fetch`, JOBS),
  fromColumn('mispFeedFetchAge', I('misp.feed.fetch_age'), `${FEED}: age of the newest fetch`, JOBS, { units: 's', mayBeAbsent: true }),
  fromColumn('mispFeedCacheAge', I('misp.feed.cache_age'), `${FEED}: age of the last successful caching`, JOBS, { units: 's', mayBeAbsent: true }),
];

const SETTING = 'MISP {#MISP.INSTANCE.NAME} critical setting {#MISP.SETTING}';
const SETTING_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispDiagCriticalSettingFlagged', I('misp.setting.flagged'), `${SETTING}: flagged by MISP`, STATS, { disabled: DIAGNOSTICS_OFF }),
  fromColumn('mispDiagCriticalSettingMessage', I('misp.setting.message'), `${SETTING}: MISP's message`, STATS, { disabled: DIAGNOSTICS_OFF }),
];

const MODULES = 'MISP {#MISP.INSTANCE.NAME} misp-modules {#MISP.MODULE}';
const MODULE_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispDiagModuleStatus', I('misp.module.status'), `${MODULES}: status`, STATS, { disabled: DIAGNOSTICS_OFF }),
  fromColumn('mispDiagModuleMessage', I('misp.module.message'), `${MODULES}: connection error`, STATS, { disabled: DIAGNOSTICS_OFF }),
];

const QUEUE_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispQueueOk', I('misp.queue.ok'), `${QUEUE}: ok`, POLL),
  fromColumn('mispQueueJobsPending', I('misp.queue.jobs_pending'), `${QUEUE}: jobs pending`, POLL),
  fromColumn('mispQueueWorkersAlive', I('misp.queue.workers.alive'), `${QUEUE}: workers alive`, POLL),
  fromColumn('mispQueueWorkersDead', I('misp.queue.workers.dead'), `${QUEUE}: workers dead`, POLL),
  fromColumn('mispQueueWorkersRunning', I('misp.queue.workers.running'), `${QUEUE}: workers running`, POLL),
  fromColumn('mispQueueWorkersMissing', I('misp.queue.workers.missing'), `${QUEUE}: workers missing`, POLL),
];

/** The item of `key` in an expression, written «key» until rendered as /<template>/key. */
const K = (key: string): string => `«${key}»`;
const last = (key: string): string => `last(${K(key)})`;
/** The smallest value over {$MISP.WORKERS.TIME}: a count that stayed above 0 that long. */
const sustained = (key: string): string => `min(${K(key)},{$MISP.WORKERS.TIME})`;
const truth = { true: 1, false: 2 } as const;
const status = I('misp.instance.status');
const lastError = I('misp.instance.last_error');
/** Names the status item and the last error in a trigger without changing its value, so operational data can show them. */
const WITH_STATUS = ` and ${last(status)}>0 and length(${last(lastError)})>=0`;

const AGENT_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: 'agent/snmp-unavailable',
    name: 'MISP host: no SNMP answer from snmpd for {$MISP.SNMP.TIMEOUT}',
    expression: `max(${K('zabbix[host,snmp,available]')},{$MISP.SNMP.TIMEOUT})=0`,
    priority: 'HIGH',
    description: 'snmpd on the MISP host does not answer (stopped, firewall, wrong community): nothing of misp-agentx can be read.',
  },
  {
    id: 'agent/gone',
    name: 'misp-agentx does not answer through snmpd',
    expression: `nodata(${K('misp.agent.uptime')},{$MISP.NODATA.TIME})=1`,
    priority: 'HIGH',
    description:
      'No value of mispAgentUptime for {$MISP.NODATA.TIME}: misp-agentx is not running or not registered with snmpd (its objects read noSuchObject), so no MISP problem can be seen.',
    dependsOn: ['agent/snmp-unavailable'],
  },
  {
    id: 'agent/restarted',
    name: 'misp-agentx has been restarted',
    expression: `last(${K('misp.agent.uptime')})<{$MISP.RESTART.WINDOW}`,
    priority: 'INFO',
    opdata: 'Uptime: {ITEM.LASTVALUE1}',
    description: 'mispAgentUptime is below {$MISP.RESTART.WINDOW}: the agent started again (its counters restarted too).',
    dependsOn: ['agent/gone'],
  },
];

/** A problem for each status the agent can report other than ok, by meaning; unreachable has its own trigger on mispInstanceReachable. */
const STATUS_PROBLEMS: ReadonlyArray<{ status: Status; name: string; priority: Priority; notification?: string }> = [
  { status: 'authFailed', name: 'MISP refuses the API key of the agent', priority: 'HIGH', notification: 'mispInstanceAuthFailed' },
  { status: 'permissionDenied', name: 'MISP denies the agent access (the key needs the site admin role?)', priority: 'AVERAGE' },
  { status: 'invalidResponse', name: 'MISP answers with data the agent cannot read', priority: 'AVERAGE' },
  { status: 'maintenance', name: 'MISP is in maintenance mode', priority: 'WARNING' },
  { status: 'timeout', name: 'MISP answers too slowly (timeout)', priority: 'AVERAGE' },
  { status: 'tlsError', name: 'TLS with MISP fails (certificate or handshake)', priority: 'HIGH' },
  { status: 'dnsError', name: 'the name of MISP does not resolve', priority: 'HIGH' },
  { status: 'rateLimited', name: 'MISP limits the requests of the agent (HTTP 429)', priority: 'WARNING' },
  { status: 'serverError', name: 'MISP answers with server errors (HTTP 5xx)', priority: 'HIGH' },
  { status: 'notFound', name: 'MISP answers 404 Not Found', priority: 'AVERAGE' },
  { status: 'tooLarge', name: 'MISP answers are larger than the agent accepts', priority: 'AVERAGE' },
  { status: 'disabled', name: 'every poll of the instance is switched off', priority: 'INFO' },
];

/** No worker listed dead or not ok; a consequence whose cause starts in the same poll excludes it in its expression. */
const NO_LISTED_PROBLEM = `${last(I('misp.workers.dead'))}=0 and ${last(I('misp.workers.not_ok'))}=0`;
const UNREACHABLE = 'instance/unreachable';
const statusId = (s: Status): string => `instance/status/${s}`;
/** The triggers that say MISP itself does not give the agent good answers: every other instance problem depends on them. */
const ANSWER = [UNREACHABLE, ...STATUS_PROBLEMS.map((p) => statusId(p.status))];
const SUPERVISORD = 'instance/supervisord-down';
const MISSING = 'instance/workers-missing';
const DEAD = 'instance/workers-dead';
const NOT_OK = 'instance/workers-not-ok';
const QUEUES = 'instance/queues-not-ok';
const SCHEMA = 'instance/db-schema';
const LOCKED = 'instance/update-locked';
const DEGRADED = statusId('degraded');

const MODULES_UNREACHABLE = column('mispDiagModuleStatus').object.syntax.enumeration?.['unreachable'];
const notifies = (notification: string): string => ` The agent sends ${notification} for the same condition.`;

const INSTANCE_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: UNREACHABLE,
    name: `${INSTANCE}: MISP is unreachable`,
    expression: `${last(I('misp.instance.reachable'))}=${truth.false}${WITH_STATUS}`,
    priority: 'HIGH',
    opdata: '{ITEM.LASTVALUE2}: {ITEM.LASTVALUE3}',
    description: `The probe gets no answer from MISP itself (refused, reset, timeout, TLS, DNS, or a 5xx from a proxy); the status says which.${notifies('mispInstanceUnreachable')}`,
    dependsOn: ['agent/gone'],
  },
  ...STATUS_PROBLEMS.map(
    (p): TriggerSpec => ({
      id: statusId(p.status),
      name: `${INSTANCE}: ${p.name}`,
      // Not while unreachable, by expression rather than dependency: Zabbix polls status and reachable
      // apart, and a dependency would keep a problem that opened a poll early open as long as unreachable.
      expression: `${last(status)}=${STATUS_CODES[p.status]} and ${last(I('misp.instance.reachable'))}<>${truth.false} and length(${last(lastError)})>=0`,
      priority: p.priority,
      opdata: '{ITEM.LASTVALUE1}: {ITEM.LASTVALUE3}',
      description: `mispInstanceStatus is ${p.status} (docs/polling.md, "Statuses").${p.notification ? notifies(p.notification) : ''}`,
    }),
  ),
  {
    id: SUPERVISORD,
    name: `${INSTANCE}: MISP cannot reach supervisord, its workers do not run`,
    expression: `${last(I('misp.workers.supervisord'))}=${truth.false}`,
    priority: 'HIGH',
    description: `getWorkers says supervisord_status false (MISP 2.4.151 and later).${notifies('mispSupervisordDown')}`,
    dependsOn: ANSWER,
  },
  {
    id: DEAD,
    name: `${INSTANCE}: background workers are dead`,
    expression: `${sustained(I('misp.workers.dead'))}>0`,
    priority: 'AVERAGE',
    opdata: '{ITEM.LASTVALUE1} dead',
    description: `MISP lists dead workers (CakeResque, MISP before 2.4.151).${notifies('mispWorkersDeadFound')}`,
    dependsOn: [...ANSWER, SUPERVISORD],
  },
  {
    id: MISSING,
    name: `${INSTANCE}: background workers are missing`,
    // A listed worker that is dead or not ok is missing too; those problems say more, and start in the same poll.
    expression: `${sustained(I('misp.workers.missing'))}>0 and ${last(I('misp.workers.expected'))}>=0 and ${NO_LISTED_PROBLEM}`,
    priority: 'AVERAGE',
    opdata: '{ITEM.LASTVALUE1} of {ITEM.LASTVALUE2} missing',
    description: `Fewer workers run than are expected (docs/polling.md, "Workers that should be there").${notifies('mispWorkersMissingFound')}`,
    dependsOn: [...ANSWER, SUPERVISORD, DEAD],
  },
  {
    id: NOT_OK,
    name: `${INSTANCE}: background workers are not ok`,
    // A dead worker is not ok too, from the same poll on.
    expression: `${sustained(I('misp.workers.not_ok'))}>0 and ${last(I('misp.workers.dead'))}=0`,
    priority: 'AVERAGE',
    opdata: '{ITEM.LASTVALUE1} not ok',
    description: 'MISP lists workers it does not mark ok (dead, or running as another user).',
    dependsOn: [...ANSWER, SUPERVISORD, DEAD],
  },
  {
    id: QUEUES,
    name: `${INSTANCE}: queues have no working worker, their jobs wait`,
    expression: `${sustained(I('misp.workers.queues_not_ok'))}>0 and ${last(I('misp.workers.missing'))}=0 and ${NO_LISTED_PROBLEM}`,
    priority: 'AVERAGE',
    opdata: '{ITEM.LASTVALUE1} queues',
    description: `The queue items say which queues (misp.queue.ok).${notifies('mispQueueNotOk')}`,
    dependsOn: [...ANSWER, SUPERVISORD, DEAD, MISSING, NOT_OK],
  },
  {
    id: 'instance/jobs-pending',
    name: `${INSTANCE}: too many jobs pending`,
    expression: `${last(I('misp.workers.jobs_pending'))}>={$MISP.JOBS.PENDING.HIGH}`,
    recovery: `${last(I('misp.workers.jobs_pending'))}<={$MISP.JOBS.PENDING.CLEAR}`,
    priority: 'WARNING',
    opdata: '{ITEM.LASTVALUE1} jobs',
    description: `Jobs waiting in all queues reached {$MISP.JOBS.PENDING.HIGH}; the problem closes at {$MISP.JOBS.PENDING.CLEAR} or below.${notifies('mispJobsPendingHigh')}`,
    dependsOn: [...ANSWER, SUPERVISORD, MISSING, QUEUES],
  },
  {
    id: 'instance/auth-failure-burst',
    name: `${INSTANCE}: burst of failed logins or API authentications`,
    // The counters' rise within the window; an agent restarted within it starts them at 0 again, so it is excluded.
    expression:
      `(max(${K(I('misp.auth.failures'))},{$MISP.AUTH.BURST.TIME})-min(${K(I('misp.auth.failures'))},{$MISP.AUTH.BURST.TIME})` +
      `+max(${K(I('misp.auth.login_failures'))},{$MISP.AUTH.BURST.TIME})-min(${K(I('misp.auth.login_failures'))},{$MISP.AUTH.BURST.TIME}))>={$MISP.AUTH.BURST.THRESHOLD}` +
      ` and last(${K('misp.agent.uptime')})>{$MISP.AUTH.BURST.TIME} and length(${last(I('misp.auth.last_title'))})>=0`,
    priority: 'WARNING',
    opdata: 'newest: {ITEM.LASTVALUE6}',
    description: `MISP logged {$MISP.AUTH.BURST.THRESHOLD} or more auth_fail and login_fail rows within {$MISP.AUTH.BURST.TIME}: someone guesses keys or passwords, or a client uses a revoked key. Rows, not attempts (docs/polling.md). Needs the agent's authFailures group.${notifies('mispAuthFailureBurst')}`,
    dependsOn: ANSWER,
  },
  {
    id: 'instance/jobs-failed',
    name: `${INSTANCE}: background jobs failed`,
    expression: `${last(I('misp.jobs.new_failed'))}>0 and length(${last(I('misp.jobs.newest_failure'))})>=0`,
    priority: 'WARNING',
    opdata: '{ITEM.LASTVALUE1} new: {ITEM.LASTVALUE2}',
    description: `The last jobs poll found jobs that failed or died since the one before (a publish, pull, push, feed fetch ...); the opdata gives the newest message.${notifies('mispJobsFailedAppeared')}`,
    dependsOn: ANSWER,
  },
  {
    id: SCHEMA,
    name: `${INSTANCE}: database schema differs from what MISP expects`,
    expression: `${last(I('misp.diag.db_schema_ok'))}=${truth.false}`,
    priority: 'AVERAGE',
    description: `Needs the agent's diagnostics group (intervals.diagnostics) and the item enabled.${notifies('mispDbSchemaMismatch')}`,
    dependsOn: ANSWER,
  },
  {
    id: LOCKED,
    name: `${INSTANCE}: database updates are locked`,
    expression: `${last(I('misp.diag.update_locked'))}=${truth.true}`,
    priority: 'WARNING',
    description: `Needs the agent's diagnostics group (intervals.diagnostics) and the item enabled.${notifies('mispUpdateLocked')}`,
    dependsOn: ANSWER,
  },
  {
    id: DEGRADED,
    name: `${INSTANCE}: MISP is degraded`,
    // Sustained: min and max over the window, so a passing degraded (groups failing one by one) opens nothing.
    expression: `min(${K(status)},{$MISP.DEGRADED.TIME})=${STATUS_CODES.degraded} and max(${K(status)},{$MISP.DEGRADED.TIME})=${STATUS_CODES.degraded} and length(${last(lastError)})>=0`,
    priority: 'WARNING',
    opdata: '{ITEM.LASTVALUE1}: {ITEM.LASTVALUE3}',
    description: 'mispInstanceStatus has been degraded for {$MISP.DEGRADED.TIME} and no more precise problem is open: a poll group fails (the last error says which), or a worker condition without its own trigger.',
    dependsOn: [...ANSWER, SUPERVISORD, DEAD, MISSING, NOT_OK, QUEUES, SCHEMA, LOCKED],
  },
  {
    id: 'instance/stale',
    name: `${INSTANCE}: no good data for more than {$MISP.DATA.AGE.MAX}s`,
    expression: `${last(I('misp.instance.data_age'))}>{$MISP.DATA.AGE.MAX}`,
    priority: 'WARNING',
    opdata: 'Data age: {ITEM.LASTVALUE1}',
    description: `The values served are old; another problem of the instance usually says why.${notifies('mispInstanceDataStale')}`,
    dependsOn: [...ANSWER, DEGRADED],
  },
];

/** A direction that is enabled and whose newest job failed (2) or died (5): MispJobOutcome. */
const directionFails = (direction: 'pull' | 'push'): string =>
  `(${last(I(`misp.server.${direction}`))}=${truth.true} and (${last(I(`misp.server.${direction}_outcome`))}=2 or ${last(I(`misp.server.${direction}_outcome`))}=5))`;

const SERVER_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: 'server/failing',
    name: `${SERVER}: sync fails`,
    expression: `${directionFails('pull')} or ${directionFails('push')} or length(${last(I('misp.server.pull_message'))})<0 or length(${last(I('misp.server.push_message'))})<0`,
    priority: 'AVERAGE',
    // Items count by position in the expression, repeats included: the two messages are the 7th and 8th.
    opdata: 'pull: {ITEM.LASTVALUE7}, push: {ITEM.LASTVALUE8}',
    description: `The newest pull or push of the sync server (direction enabled) failed, or its job died; the messages say why. Needs the agent's servers and jobs groups.${notifies('mispSyncServerFailing')}`,
  },
  {
    id: 'server/test-failed',
    name: `${SERVER}: connection test fails`,
    // MispConnectionTestStatus: 2-6 always; 7 and 8 (the remote key may not push) when this server pushes.
    expression: `(${last(I('misp.server.test_status'))}>=2 and ${last(I('misp.server.test_status'))}<=6) or ((${last(I('misp.server.test_status'))}=7 or ${last(I('misp.server.test_status'))}=8) and ${last(I('misp.server.push'))}=${truth.true})`,
    priority: 'AVERAGE',
    opdata: 'status: {ITEM.LASTVALUE1}',
    description: `MISP's connection test of the sync server failed: unreachable, not MISP, key refused, or the remote key may not push while this server pushes. Needs the agent's optional intervals.serverConnectionTest.${notifies('mispSyncServerTestFailed')}`,
  },
];

const FEED_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: 'feed/failing',
    name: `${FEED}: fetching fails`,
    expression: `${last(I('misp.feed.enabled'))}=${truth.true} and (${last(I('misp.feed.fetch_outcome'))}=2 or ${last(I('misp.feed.fetch_outcome'))}=5)`,
    priority: 'WARNING',
    description: `The newest fetch of the enabled feed failed or its job died; MISP writes the reason to its error.log only. Needs the agent's feeds and jobs groups.${notifies('mispFeedFailing')}`,
  },
];

const SETTING_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: 'setting/flagged',
    name: `${SETTING}: MISP flags a critical setting`,
    expression: `${last(I('misp.setting.flagged'))}=${truth.true} and length(${last(I('misp.setting.message'))})>=0`,
    priority: 'WARNING',
    opdata: '{ITEM.LASTVALUE2}',
    description: `MISP's diagnostics flag the critical (level 0) setting; the opdata gives MISP's message. Needs the agent's diagnostics group and the items enabled.${notifies('mispCriticalSettingAppeared')}`,
  },
];

const MODULE_TRIGGERS: readonly TriggerSpec[] = [
  {
    id: 'module/unreachable',
    name: `${MODULES}: enabled but unreachable`,
    expression: `${last(I('misp.module.status'))}=${MODULES_UNREACHABLE} and length(${last(I('misp.module.message'))})>=0`,
    priority: 'AVERAGE',
    opdata: '{ITEM.LASTVALUE2}',
    description: `The service type is enabled in MISP but MISP cannot reach the misp-modules server; the opdata gives the connection error. Needs the agent's diagnostics group and the items enabled.${notifies('mispModulesUnreachable')}`,
  },
];

const VALUE_TYPE: Readonly<Record<Kind, string | undefined>> = { text: 'CHAR', number: undefined, float: 'FLOAT' };

/**
 * Zabbix's SNMP poller hands over an OCTET STRING with a byte outside printable ASCII as hex pairs
 * ("50 61 72 ... C3 85 ..."): found by test:zabbix with a sync server named "Partner CERT Ålesund".
 * The agent serves UTF-8 (MispUtf8String), so the template decodes it back. A name made only of
 * upper-case hex pairs ("CA FE") would be decoded too; net-snmp writes printable ASCII as text.
 */
const UTF8_FROM_HEX =
  'function utf8(text) { var pairs = String(text).replace(/\\s+/g, " ").trim(); ' +
  'if (!/^[0-9A-F]{2}( [0-9A-F]{2})*$/.test(pairs)) return text; ' +
  'try { return decodeURIComponent("%" + pairs.split(" ").join("%")); } catch (error) { return text; } }';
const TEXT_ITEM_SCRIPT = `${UTF8_FROM_HEX}\nreturn utf8(value);`;
const DISCOVERY_SCRIPT =
  `${UTF8_FROM_HEX}\nvar parsed = JSON.parse(value); var rows = parsed.data || parsed; ` +
  'rows.forEach(function (row) { Object.keys(row).forEach(function (macro) { if (macro !== "{#SNMPINDEX}") row[macro] = utf8(row[macro]); }); }); ' +
  'return JSON.stringify(parsed);';

function preprocessing(spec: ItemSpec): Record<string, unknown>[] {
  const absent = spec.kind === 'text' ? { error_handler: 'CUSTOM_VALUE', error_handler_params: '' } : { error_handler: 'DISCARD_VALUE' };
  return [
    ...(spec.mayBeAbsent ? [{ type: 'CHECK_NOT_SUPPORTED', parameters: [''], ...absent }] : []),
    ...(spec.script ? [{ type: 'JAVASCRIPT', parameters: [spec.script] }] : []),
    ...(spec.kind === 'text' ? [{ type: 'JAVASCRIPT', parameters: [TEXT_ITEM_SCRIPT] }] : []),
  ];
}

function item(spec: ItemSpec, root: Oid, prototype: boolean): Record<string, unknown> {
  const valueMap = spec.object?.syntax.enumeration ? spec.object.syntax.name : undefined;
  const oid = spec.oidOf ? formatOid(spec.oidOf(root)) : undefined;
  return {
    uuid: stableUuid(`item/${spec.key}`),
    name: spec.name,
    type: oid === undefined ? 'INTERNAL' : 'SNMP_AGENT',
    ...(oid === undefined ? {} : { snmp_oid: prototype ? `${oid}.{#SNMPINDEX}` : oid }),
    key: spec.key,
    delay: spec.delay,
    ...(spec.disabled ? { status: 'DISABLED' } : {}),
    ...(spec.kind === 'text' ? { trends: '0' } : {}),
    ...(VALUE_TYPE[spec.kind] ? { value_type: VALUE_TYPE[spec.kind] } : {}),
    ...(spec.units ? { units: spec.units } : {}),
    description: spec.object ? `${spec.object.name}: ${spec.object.description}` : 'Whether snmpd on the MISP host answers Zabbix (1 available, 0 not, 2 unknown).',
    ...(valueMap ? { valuemap: { name: valueMap } } : {}),
    ...(spec.script || spec.mayBeAbsent || spec.kind === 'text' ? { preprocessing: preprocessing(spec) } : {}),
    tags: [{ tag: 'component', value: prototype ? spec.key.split('.')[1] : 'agent' }],
  };
}

function triggers(specs: readonly TriggerSpec[], all: readonly TriggerSpec[]): Record<string, unknown>[] {
  const render = (e: string): string => e.replace(/«([^»]+)»/g, (_, key: string) => `/${TEMPLATE_NAME}/${key}`);
  const byId = new Map(all.map((t) => [t.id, t]));
  return specs.map((t) => ({
    uuid: stableUuid(`trigger/${t.id}`),
    expression: render(t.expression),
    ...(t.recovery ? { recovery_mode: 'RECOVERY_EXPRESSION', recovery_expression: render(t.recovery) } : {}),
    name: t.name,
    ...(t.opdata ? { opdata: t.opdata } : {}),
    priority: t.priority,
    description: t.description,
    ...(t.dependsOn
      ? {
          dependencies: t.dependsOn.map((id) => {
            const d = byId.get(id);
            if (d === undefined) throw new Error(`trigger ${t.id} depends on unknown ${id}`);
            return { name: d.name, expression: render(d.expression), ...(d.recovery ? { recovery_expression: render(d.recovery) } : {}) };
          }),
        }
      : {}),
  }));
}

function valueMaps(): Record<string, unknown>[] {
  const byName = new Map(
    [...AGENT_ITEMS, ...INSTANCE_ITEMS, ...QUEUE_ITEMS, ...SERVER_ITEMS, ...FEED_ITEMS, ...SETTING_ITEMS, ...MODULE_ITEMS].flatMap((s) => (s.object?.syntax.enumeration ? [[s.object.syntax.name, s.object.syntax.enumeration] as const] : [])),
  );
  return [...byName].map(([name, enumeration]) => ({
    uuid: stableUuid(`valuemap/${name}`),
    name,
    mappings: Object.entries(enumeration).map(([label, value]) => ({ value: String(value), newvalue: label })),
  }));
}

/** The Zabbix 6.0 template (YAML export format) for the agent's OID root. */
export function renderZabbixTemplate(root: Oid): string {
  const oidText = (name: string): string => formatOid(column(name).oid(root));
  const allTriggers = [...AGENT_TRIGGERS, ...INSTANCE_TRIGGERS, ...SERVER_TRIGGERS, ...FEED_TRIGGERS, ...SETTING_TRIGGERS, ...MODULE_TRIGGERS];
  const template = {
    zabbix_export: {
      version: '6.0',
      groups: [{ uuid: stableUuid(`group/${GROUP}`), name: GROUP }],
      templates: [
        {
          uuid: stableUuid('template'),
          template: TEMPLATE_NAME,
          name: TEMPLATE_NAME,
          description: `MISP threat-intelligence instances watched by a misp-agentx agent through snmpd (MISP-AGENTX-MIB under ${formatOid(root)}). Generated by misp-agentx (npm run nms:generate); the host's SNMP interface needs the community ({$SNMP_COMMUNITY}) or SNMPv3 credentials.`,
          groups: [{ name: GROUP }],
          items: AGENT_ITEMS.map((s) => item(s, root, false)),
          discovery_rules: [
            {
              uuid: stableUuid('discovery/instances'),
              name: 'MISP instances',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.NAME},${oidText('mispInstanceName')},{#MISP.URL},${oidText('mispInstanceUrl')}]`,
              key: 'misp.instance.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              preprocessing: [{ type: 'JAVASCRIPT', parameters: [DISCOVERY_SCRIPT] }],
              description: 'One row of mispInstanceTable per MISP instance the agent watches.',
              item_prototypes: INSTANCE_ITEMS.map((s) => item(s, root, true)),
              trigger_prototypes: triggers(INSTANCE_TRIGGERS, allTriggers),
            },
            {
              uuid: stableUuid('discovery/queues'),
              name: 'MISP queues',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.QUEUE},${oidText('mispQueueName')},{#MISP.INSTANCE.NAME},${oidText('mispQueueInstanceName')}]`,
              key: 'misp.queue.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              preprocessing: [{ type: 'JAVASCRIPT', parameters: [DISCOVERY_SCRIPT] }],
              description: 'One row of mispQueueTable per background job queue; {#SNMPINDEX} is <instance>.<queue>.',
              item_prototypes: QUEUE_ITEMS.map((s) => item(s, root, true)),
              overrides: [
                {
                  // CakeResque's scheduler queue has no job count: no item rather than one never supported.
                  name: 'No jobs pending item for the scheduler queue',
                  step: '1',
                  filter: { conditions: [{ macro: '{#MISP.QUEUE}', value: '^scheduler$', formulaid: 'A' }] },
                  operations: [{ operationobject: 'ITEM_PROTOTYPE', operator: 'LIKE', value: ': jobs pending', discover: 'NO_DISCOVER' }],
                },
              ],
            },
            {
              uuid: stableUuid('discovery/servers'),
              name: 'MISP sync servers',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.SERVER},${oidText('mispSyncServerName')},{#MISP.INSTANCE.NAME},${oidText('mispSyncServerInstanceName')}]`,
              key: 'misp.server.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              preprocessing: [{ type: 'JAVASCRIPT', parameters: [DISCOVERY_SCRIPT] }],
              description: 'One row of mispSyncServerTable per sync server; {#SNMPINDEX} is <instance>.<server id>.',
              item_prototypes: SERVER_ITEMS.map((s) => item(s, root, true)),
              trigger_prototypes: triggers(SERVER_TRIGGERS, allTriggers),
            },
            {
              uuid: stableUuid('discovery/feeds'),
              name: 'MISP feeds',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.FEED},${oidText('mispFeedName')},{#MISP.INSTANCE.NAME},${oidText('mispFeedInstanceName')}]`,
              key: 'misp.feed.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              preprocessing: [{ type: 'JAVASCRIPT', parameters: [DISCOVERY_SCRIPT] }],
              description: 'One row of mispFeedTable per feed with fetching or caching enabled; {#SNMPINDEX} is <instance>.<feed id>.',
              item_prototypes: FEED_ITEMS.map((s) => item(s, root, true)),
              trigger_prototypes: triggers(FEED_TRIGGERS, allTriggers),
            },
            {
              uuid: stableUuid('discovery/critical-settings'),
              name: 'MISP critical settings',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.SETTING},${oidText('mispDiagCriticalSettingName')},{#MISP.INSTANCE.NAME},${oidText('mispDiagCriticalSettingInstanceName')}]`,
              key: 'misp.setting.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              description:
                'One row of mispDiagCriticalSettingTable per critical setting MISP flags (or flagged since the agent started); {#SNMPINDEX} is <instance>.<setting index>. Needs the diagnostics group.',
              item_prototypes: SETTING_ITEMS.map((s) => item(s, root, true)),
              trigger_prototypes: triggers(SETTING_TRIGGERS, allTriggers),
            },
            {
              uuid: stableUuid('discovery/modules'),
              name: 'MISP misp-modules service types',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.MODULE},${oidText('mispDiagModuleType')},{#MISP.INSTANCE.NAME},${oidText('mispDiagModuleInstanceName')}]`,
              key: 'misp.module.discovery',
              delay: '{$MISP.DISCOVERY.DELAY}',
              description: 'One row of mispDiagModuleTable per misp-modules service type; {#SNMPINDEX} is <instance>.<type>. Needs the diagnostics group.',
              item_prototypes: MODULE_ITEMS.map((s) => item(s, root, true)),
              trigger_prototypes: triggers(MODULE_TRIGGERS, allTriggers),
            },
          ],
          macros: MACROS.map((m) => ({ ...m })),
          valuemaps: valueMaps(),
        },
      ],
      triggers: triggers(AGENT_TRIGGERS, allTriggers),
    },
  };
  return `# Generated by misp-agentx (npm run nms:generate) for the OID root ${formatOid(root)}.\n${stringify(template, { lineWidth: 0 })}`;
}
