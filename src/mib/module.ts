import { SHARED_CONVENTIONS, STRING_CONVENTIONS } from '../smi/syntaxes.js';
import type { MibDefinition } from '../smi/types.js';
import { ENDPOINT_GROUP_LIST } from '../endpoints/index.js';
import { agentBranch } from './objects/agent.js';
import { instanceTable } from './objects/instance.js';
import { notificationPairs } from './objects/notifications.js';
import { pollTable } from './objects/polls.js';

/** The agent, the instances, each endpoint group's own tables and the polls, in arc order (OID order). */
const BRANCHES = [agentBranch, instanceTable, ...ENDPOINT_GROUP_LIST.flatMap((group) => group.tables ?? []), pollTable].sort((a, b) => a.arc - b.arc);

/** The raised and cleared NOTIFICATION-TYPE of each kind of condition the agent announces. */
export const MISP_AGENTX_NOTIFICATIONS = notificationPairs(BRANCHES);

/** MISP-AGENTX-MIB: the single definition the served tree, the MIB file, the docs and the OID list come from. */
export const MISP_AGENTX_MIB: MibDefinition = {
  moduleName: 'MISP-AGENTX-MIB',
  identityName: 'mispAgentxMIB',
  organization: 'misp-agentx project',
  contactInfo: 'The misp-agentx maintainers, through the project issue tracker.',
  description:
    'Health, background workers, content statistics and diagnostics of MISP threat-intelligence ' +
    'platform instances, served by the misp-agentx AgentX subagent. Every object is read-only. ' +
    'Values the agent has not (yet) obtained from MISP are absent, never 0. The OID root is ' +
    'configurable; a production site should place it under its own IANA Private Enterprise Number.',
  revisions: [
    {
      date: '202611290420Z',
      description:
        'Descriptions only: mispAuthLogLag also counts the windows up to log rows found beyond a run of unused ids; ' +
        'the authFailures group needs a site-admin key (MISP lets a site admin through its ACL, perm_audit or not); ' +
        'mispSyncServerCacheAge counts from the end of the newest cache run, failed or not, as MISP sets the time either way.',
    },
    {
      date: '202611290320Z',
      description:
        "Optional sync server connection test (/servers/testConnection, off by default, at most hourly): " +
        'mispSyncServerTestStatus (MispConnectionTestStatus, MISP\'s 1-8 and notTested), mispSyncServerTestAge, ' +
        'mispSyncServerRemoteVersion; notifications mispSyncServerTestFailed / mispSyncServerTestOk.',
    },
    {
      date: '202611290310Z',
      description:
        'Diagnostics: mispDiagCriticalSettingTable (the critical settings MISP flags: name, message, tab, never a value), ' +
        'mispDiagModuleTable (misp-modules per service type), mispDiagZmqStatusCode, mispDiagProxyStatus and ' +
        'mispDiagProxyStatusCode; notifications mispCriticalSettingAppeared / mispCriticalSettingCleared and ' +
        'mispModulesUnreachable / mispModulesReachable. Queue names and worker users are served as UTF-8, not folded to ASCII.',
    },
    {
      date: '202611290300Z',
      description:
        'Failed authentication (poll group authFailures(10), opt-in, new rows of /admin/logs/index read by log id window): ' +
        'mispAuthFailuresTable (auth_fail and login_fail rows since the agent started, age and title of the newest, the ' +
        'log cursor and lag); notifications mispAuthFailureBurst / mispAuthFailureBurstOver.',
    },
    {
      date: '202611290145Z',
      description: 'Diagnostics: misp-modules status and error per service type, GnuPG status and text, STIX status, unwritable folders.',
    },
    {
      date: '202611290140Z',
      description:
        'Feeds (poll group feeds(9), /feeds/index): mispFeedsTable (total, enabled, caching counts) and mispFeedTable ' +
        '(enabled or caching feeds: name, provider, format, input, cache age, outcome, age and message of the newest ' +
        'fetch from the jobs group); notifications mispFeedFailing / mispFeedWorking.',
    },
    {
      date: '202611290135Z',
      description:
        'Sync servers (poll group servers(8), /servers/index): mispSyncServerTable with host only, directions, ' +
        'last pushed id, cache age and the outcome, age and message of the newest pull and push (MispJobOutcome, ' +
        'from the jobs group); notifications mispSyncServerFailing / mispSyncServerWorking; mispJobsBackgroundJobs.',
    },
    {
      date: '202611290125Z',
      description:
        'Background jobs (poll group jobs(7), /jobs/index): recent job outcomes per instance and per job type ' +
        '(mispJobsTable, mispJobTypeTable), the newest failure, and the notifications mispJobsFailedAppeared / mispJobsFailedNoNew.',
    },
    { date: '202611290100Z', description: 'mispQueueInstanceName: the instance name in each queue row, so an NMS names queues by instance.' },
    {
      date: '202611290000Z',
      description:
        'Poll group authFailures(6) removed from MispPollGroup and the poll table: MISP cannot count failed ' +
        'logins cheaply, so this agent never collected it (docs/polling.md).',
    },
    {
      date: '202611282300Z',
      description:
        'Workers that should be there: expected, running, missing and not ok per queue and in total, where ' +
        'the expectation comes from, supervisord status, each worker\'s ok flag; MISP.live; probe HTTP status ' +
        'of failed probes; thread and post month counts; notification counters; notifications for missing ' +
        'workers and supervisord down. Status degraded and maintenance as the table in docs/polling.md says.',
    },
    { date: '202611221500Z', description: 'Notifications: MISP unreachable, key refused, data stale, queues, dead workers, jobs pending, database schema and update lock.' },
    { date: '202611220000Z', description: 'Initial version.' },
  ],
  conventions: [...SHARED_CONVENTIONS, ...ENDPOINT_GROUP_LIST.flatMap((group) => group.conventions ?? []), ...STRING_CONVENTIONS],
  nodes: {
    notifications: 'mispAgentxNotifications',
    objects: 'mispAgentxObjects',
    conformance: 'mispAgentxConformance',
    groups: 'mispAgentxGroups',
    compliances: 'mispAgentxCompliances',
  },
  branches: BRANCHES,
  notifications: Object.values(MISP_AGENTX_NOTIFICATIONS).flatMap((pair) => [pair.raise, pair.clear]),
  notificationGroup: {
    name: 'mispAgentxNotificationGroup',
    // Far above the object groups, which take their branch's arc.
    arc: 100,
    description: 'The notifications the agent sends.',
  },
  compliance: {
    name: 'mispAgentxCompliance',
    description: 'An agent that serves MISP-AGENTX-MIB.',
  },
};
