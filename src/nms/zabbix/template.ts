import { stringify } from 'yaml';
import { formatOid, type Oid } from '../../snmp/oid.js';
import type { ObjectInfo } from '../../smi/types.js';
import { type Column, column, type Scalar, scalar } from '../mib-objects.js';
import { stableUuid } from './uuid.js';

export const TEMPLATE_NAME = 'MISP AgentX by SNMP';
const GROUP = 'Templates/Applications';

/** The thresholds the agent's own notifications use by default, as user macros. */
export const MACROS = [
  { macro: '{$MISP.JOBS.PENDING.HIGH}', value: '1000', description: 'Jobs waiting in all queues of an instance that raise the alarm (the agent: notifications.jobsPendingHigh).' },
  { macro: '{$MISP.JOBS.PENDING.CLEAR}', value: '500', description: 'Jobs waiting at or below which the alarm clears (the agent: notifications.jobsPendingClear).' },
  { macro: '{$MISP.DATA.AGE.MAX}', value: '900', description: 'Seconds without good data from an instance before its values count as stale.' },
  { macro: '{$MISP.POLL.DELAY}', value: '1m', description: 'How often Zabbix reads the health items.' },
  { macro: '{$MISP.STATS.DELAY}', value: '5m', description: 'How often Zabbix reads the content counts and diagnostics.' },
] as const;

type Priority = 'INFO' | 'WARNING' | 'AVERAGE' | 'HIGH' | 'DISASTER';
type Kind = 'text' | 'number' | 'float';

interface Trigger {
  /** The expression with ITEM in place of the item, e.g. "last(ITEM)=2". */
  readonly expression: string;
  readonly recovery?: string;
  readonly name: string;
  readonly priority: Priority;
  /** The agent's notification that says the same. */
  readonly notification: string;
}

interface ItemSpec {
  readonly object: ObjectInfo;
  readonly oidOf: (root: Oid) => Oid;
  readonly key: string;
  readonly name: string;
  readonly kind: Kind;
  readonly delay: string;
  readonly units?: string;
  /** Multiplies the raw value (e.g. microseconds to seconds). */
  readonly multiplier?: string;
  readonly triggers?: readonly Trigger[];
}

const POLL = '{$MISP.POLL.DELAY}';
const STATS = '{$MISP.STATS.DELAY}';

const valueMapOf = (object: ObjectInfo): string | undefined => (object.syntax.enumeration ? object.syntax.name : undefined);

function kindOf(object: ObjectInfo): Kind {
  return object.syntax.valueType === 'OctetString' ? 'text' : 'number';
}

function fromColumn(name: string, key: string, label: string, delay: string, extra: Partial<ItemSpec> = {}): ItemSpec {
  const c: Column = column(name);
  return { object: c.object, oidOf: c.oid, key, name: label, kind: kindOf(c.object), delay, ...extra };
}

function fromScalar(name: string, key: string, label: string, delay: string, extra: Partial<ItemSpec> = {}): ItemSpec {
  const s: Scalar = scalar(name);
  return { object: s.object, oidOf: (root) => [...s.oid(root), 0], key, name: label, kind: kindOf(s.object), delay, ...extra };
}

const AGENT_ITEMS: readonly ItemSpec[] = [
  fromScalar('mispAgentVersion', 'misp.agent.version', 'misp-agentx version', '1h'),
  fromScalar('mispAgentUptime', 'misp.agent.uptime', 'misp-agentx uptime', POLL, { kind: 'float', units: 'uptime', multiplier: '0.01' }),
  fromScalar('mispAgentInstanceCount', 'misp.agent.instances', 'MISP instances configured', '1h'),
  fromScalar('mispAgentNotificationsSent', 'misp.agent.notifications.sent', 'misp-agentx notifications sent', POLL),
  fromScalar('mispAgentNotificationsHeld', 'misp.agent.notifications.held', 'misp-agentx notifications held by the rate limit or the session', POLL),
  fromScalar('mispAgentNotificationsDropped', 'misp.agent.notifications.dropped', 'misp-agentx changes never notified', POLL),
];

const I = (key: string): string => `${key}[{#SNMPINDEX}]`;
const INSTANCE = 'MISP {#MISP.NAME}';

const INSTANCE_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispInstanceStatus', I('misp.instance.status'), `${INSTANCE}: status`, POLL, {
    triggers: [
      { expression: 'last(ITEM)=4', name: `${INSTANCE}: MISP refuses the API key of the agent`, priority: 'HIGH', notification: 'mispInstanceAuthFailed' },
    ],
  }),
  fromColumn('mispInstanceReachable', I('misp.instance.reachable'), `${INSTANCE}: reachable`, POLL, {
    triggers: [{ expression: 'last(ITEM)=2', name: `${INSTANCE}: MISP is unreachable`, priority: 'HIGH', notification: 'mispInstanceUnreachable' }],
  }),
  fromColumn('mispInstanceDataAge', I('misp.instance.data_age'), `${INSTANCE}: data age`, POLL, {
    units: 's',
    triggers: [
      {
        expression: 'last(ITEM)>{$MISP.DATA.AGE.MAX}',
        name: `${INSTANCE}: no good data for more than {$MISP.DATA.AGE.MAX}s`,
        priority: 'WARNING',
        notification: 'mispInstanceDataStale',
      },
    ],
  }),
  fromColumn('mispInstanceConsecutiveFailures', I('misp.instance.failures'), `${INSTANCE}: consecutive failed polls`, POLL),
  fromColumn('mispInstanceLastError', I('misp.instance.last_error'), `${INSTANCE}: last error`, POLL),
  fromColumn('mispInstanceVersion', I('misp.instance.version'), `${INSTANCE}: MISP version`, '1h'),
  fromColumn('mispInstanceProbeTotal', I('misp.instance.http.total'), `${INSTANCE}: HTTP response time`, POLL, { kind: 'float', units: 's', multiplier: '0.000001' }),
  fromColumn('mispInstanceProbeTtfb', I('misp.instance.http.ttfb'), `${INSTANCE}: HTTP time to first byte`, POLL, { kind: 'float', units: 's', multiplier: '0.000001' }),
  fromColumn('mispInstanceProbeHttpStatus', I('misp.instance.http.status'), `${INSTANCE}: HTTP status of the probe`, POLL),
  fromColumn('mispWorkersAlive', I('misp.workers.alive'), `${INSTANCE}: workers alive`, POLL),
  fromColumn('mispWorkersDead', I('misp.workers.dead'), `${INSTANCE}: workers dead`, POLL, {
    triggers: [{ expression: 'last(ITEM)>0', name: `${INSTANCE}: {ITEM.LASTVALUE} background workers are dead`, priority: 'AVERAGE', notification: 'mispWorkersDeadFound' }],
  }),
  fromColumn('mispWorkersQueuesNotOk', I('misp.workers.queues_not_ok'), `${INSTANCE}: queues without a working worker`, POLL),
  fromColumn('mispWorkersRunning', I('misp.workers.running'), `${INSTANCE}: workers running`, POLL),
  fromColumn('mispWorkersExpected', I('misp.workers.expected'), `${INSTANCE}: workers expected`, POLL),
  fromColumn('mispWorkersNotOk', I('misp.workers.not_ok'), `${INSTANCE}: workers listed but not ok`, POLL),
  fromColumn('mispWorkersMissing', I('misp.workers.missing'), `${INSTANCE}: workers missing`, POLL, {
    triggers: [{ expression: 'last(ITEM)>0', name: `${INSTANCE}: {ITEM.LASTVALUE} background workers are missing`, priority: 'AVERAGE', notification: 'mispWorkersMissingFound' }],
  }),
  fromColumn('mispWorkersSupervisord', I('misp.workers.supervisord'), `${INSTANCE}: supervisord reachable by MISP`, POLL, {
    triggers: [{ expression: 'last(ITEM)=2', name: `${INSTANCE}: MISP cannot reach supervisord, its workers do not run`, priority: 'HIGH', notification: 'mispSupervisordDown' }],
  }),
  fromColumn('mispInstanceLive', I('misp.instance.live'), `${INSTANCE}: MISP.live (false: maintenance)`, POLL),
  fromColumn('mispWorkersJobsPending', I('misp.workers.jobs_pending'), `${INSTANCE}: jobs pending`, POLL, {
    triggers: [
      {
        expression: 'last(ITEM)>={$MISP.JOBS.PENDING.HIGH}',
        recovery: 'last(ITEM)<={$MISP.JOBS.PENDING.CLEAR}',
        name: `${INSTANCE}: {ITEM.LASTVALUE} jobs pending`,
        priority: 'WARNING',
        notification: 'mispJobsPendingHigh',
      },
    ],
  }),
  fromColumn('mispStatEvents', I('misp.stats.events'), `${INSTANCE}: events`, STATS),
  fromColumn('mispStatEventsMonth', I('misp.stats.events_month'), `${INSTANCE}: events modified this month`, STATS),
  fromColumn('mispStatAttributes', I('misp.stats.attributes'), `${INSTANCE}: attributes`, STATS),
  fromColumn('mispStatAttributesMonth', I('misp.stats.attributes_month'), `${INSTANCE}: attributes modified this month`, STATS),
  fromColumn('mispStatUsers', I('misp.stats.users'), `${INSTANCE}: users`, STATS),
  fromColumn('mispStatOrganisations', I('misp.stats.orgs'), `${INSTANCE}: organisations`, STATS),
  fromColumn('mispDiagDbSchemaOk', I('misp.diag.db_schema_ok'), `${INSTANCE}: database schema as expected`, STATS, {
    triggers: [{ expression: 'last(ITEM)=2', name: `${INSTANCE}: database schema differs from what MISP expects`, priority: 'AVERAGE', notification: 'mispDbSchemaMismatch' }],
  }),
  fromColumn('mispDiagUpdateLocked', I('misp.diag.update_locked'), `${INSTANCE}: database updates locked`, STATS, {
    triggers: [{ expression: 'last(ITEM)=1', name: `${INSTANCE}: database updates are locked`, priority: 'WARNING', notification: 'mispUpdateLocked' }],
  }),
  fromColumn('mispDiagDatabaseSize', I('misp.diag.db_size'), `${INSTANCE}: database size`, STATS, { units: 'B' }),
];

const QUEUE = 'MISP instance {#MISP.INSTANCE} queue {#MISP.QUEUE}';

const QUEUE_ITEMS: readonly ItemSpec[] = [
  fromColumn('mispQueueOk', I('misp.queue.ok'), `${QUEUE}: ok`, POLL, {
    triggers: [{ expression: 'last(ITEM)=2', name: `${QUEUE}: no working worker, jobs wait`, priority: 'AVERAGE', notification: 'mispQueueNotOk' }],
  }),
  fromColumn('mispQueueJobsPending', I('misp.queue.jobs_pending'), `${QUEUE}: jobs pending`, POLL),
  fromColumn('mispQueueWorkersAlive', I('misp.queue.workers.alive'), `${QUEUE}: workers alive`, POLL),
  fromColumn('mispQueueWorkersDead', I('misp.queue.workers.dead'), `${QUEUE}: workers dead`, POLL),
  fromColumn('mispQueueWorkersRunning', I('misp.queue.workers.running'), `${QUEUE}: workers running`, POLL),
  fromColumn('mispQueueWorkersMissing', I('misp.queue.workers.missing'), `${QUEUE}: workers missing`, POLL),
];

const VALUE_TYPE: Readonly<Record<Kind, string | undefined>> = { text: 'CHAR', number: undefined, float: 'FLOAT' };

function item(spec: ItemSpec, root: Oid, prototype: boolean): Record<string, unknown> {
  const oid = formatOid(spec.oidOf(root));
  const valueMap = valueMapOf(spec.object);
  const expression = (e: string): string => e.replaceAll('ITEM', `/${TEMPLATE_NAME}/${spec.key}`);
  const triggers = (spec.triggers ?? []).map((t) => ({
    uuid: stableUuid(`trigger/${t.notification}`),
    expression: expression(t.expression),
    ...(t.recovery ? { recovery_mode: 'RECOVERY_EXPRESSION', recovery_expression: expression(t.recovery) } : {}),
    name: t.name,
    priority: t.priority,
    description: `The agent sends ${t.notification} for the same condition.`,
  }));
  return {
    uuid: stableUuid(`item/${spec.key}`),
    name: spec.name,
    type: 'SNMP_AGENT',
    snmp_oid: prototype ? `${oid}.{#SNMPINDEX}` : oid,
    key: spec.key,
    delay: spec.delay,
    ...(spec.kind === 'text' ? { trends: '0' } : {}),
    ...(VALUE_TYPE[spec.kind] ? { value_type: VALUE_TYPE[spec.kind] } : {}),
    ...(spec.units ? { units: spec.units } : {}),
    description: `${spec.object.name}: ${spec.object.description}`,
    ...(valueMap ? { valuemap: { name: valueMap } } : {}),
    ...(spec.multiplier ? { preprocessing: [{ type: 'MULTIPLIER', parameters: [spec.multiplier] }] } : {}),
    tags: [{ tag: 'component', value: prototype ? spec.key.split('.')[1] : 'agent' }],
    ...(triggers.length > 0 ? { [prototype ? 'trigger_prototypes' : 'triggers']: triggers } : {}),
  };
}

function valueMaps(): Record<string, unknown>[] {
  const byName = new Map([...AGENT_ITEMS, ...INSTANCE_ITEMS, ...QUEUE_ITEMS].flatMap((s) => (s.object.syntax.enumeration ? [[s.object.syntax.name, s.object.syntax.enumeration] as const] : [])));
  return [...byName].map(([name, enumeration]) => ({
    uuid: stableUuid(`valuemap/${name}`),
    name,
    mappings: Object.entries(enumeration).map(([label, value]) => ({ value: String(value), newvalue: label })),
  }));
}

/** The Zabbix 6.0 template (YAML export format) for the agent's OID root. */
export function renderZabbixTemplate(root: Oid): string {
  const oidText = (name: string): string => formatOid(column(name).oid(root));
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
              delay: '1h',
              description: 'One row of mispInstanceTable per MISP instance the agent watches.',
              item_prototypes: INSTANCE_ITEMS.map((s) => item(s, root, true)),
            },
            {
              uuid: stableUuid('discovery/queues'),
              name: 'MISP queues',
              type: 'SNMP_AGENT',
              snmp_oid: `discovery[{#MISP.QUEUE},${oidText('mispQueueName')}]`,
              key: 'misp.queue.discovery',
              delay: '1h',
              description: 'One row of mispQueueTable per background job queue; {#SNMPINDEX} is <instance>.<queue>.',
              item_prototypes: QUEUE_ITEMS.map((s) => item(s, root, true)),
              preprocessing: [
                {
                  type: 'JAVASCRIPT',
                  parameters: [
                    'var parsed = JSON.parse(value);\nvar rows = Array.isArray(parsed) ? parsed : parsed.data;\nrows.forEach(function (r) { r["{#MISP.INSTANCE}"] = r["{#SNMPINDEX}"].split(".")[0]; });\nreturn JSON.stringify(rows);',
                  ],
                },
              ],
            },
          ],
          macros: MACROS.map((m) => ({ ...m })),
          valuemaps: valueMaps(),
        },
      ],
    },
  };
  return `# Generated by misp-agentx (npm run nms:generate) for the OID root ${formatOid(root)}.\n${stringify(template, { lineWidth: 0 })}`;
}
