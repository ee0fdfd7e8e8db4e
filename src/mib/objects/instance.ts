import type { InstanceSnapshot, PollState } from '../../domain/snapshot.js';
import { indexColumn, readOnly, tableBranch } from '../definition/define.js';
import { COUNTER32, GAUGE32, integer32, STATUS, TRUTH_VALUE, UNSIGNED32, UTF8_STRING } from '../definition/syntaxes.js';
import { ageSeconds, latestError, mostConsecutiveFailures, newestSuccessAt, sumOfFailures } from '../../domain/poll-summary.js';

const CONFIG = 'misp-agentx configuration';
const POLLS = 'misp-agentx, over every poll group of the instance';
const PROBE = 'HTTP probe of GET /users/heartbeat (GET /servers/getVersion on MISP before 2.4.194)';
const VERSION = 'GET /servers/getVersion: version';

const pollsOf = (instance: InstanceSnapshot): PollState[] => Object.values(instance.polls);

export const instanceIndex = indexColumn({
  name: 'mispInstanceIndex',
  arc: 1,
  syntax: integer32(1, 2147483647),
  description: 'The position of the MISP instance in the configuration, from 1.',
  source: CONFIG,
  permission: 'agent',
});

/** One row per configured MISP: identity, overall health, version and HTTP probe timings. */
export const instanceTable = tableBranch<InstanceSnapshot>({
  name: 'mispInstanceTable',
  arc: 2,
  description: 'The MISP instances this agent watches, one row per instance in configuration order.',
  entry: { name: 'mispInstanceEntry', description: 'One configured MISP instance.' },
  index: [instanceIndex],
  group: {
    name: 'mispInstanceGroup',
    description: 'Identity, health, version and HTTP probe timings of each MISP instance.',
    compliance: { mandatory: true },
  },
  rows: ({ instances }) => instances.map((row) => ({ index: [row.index], row })),
  columns: [
    instanceIndex,
    readOnly({
      name: 'mispInstanceName',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The name given to the instance in the configuration.',
      source: CONFIG,
      permission: 'agent',
      read: (i: InstanceSnapshot) => i.name,
    }),
    readOnly({
      name: 'mispInstanceUrl',
      arc: 3,
      syntax: UTF8_STRING,
      description: 'The base URL of the instance. It never contains the API key.',
      source: CONFIG,
      permission: 'agent',
      read: (i: InstanceSnapshot) => i.url,
    }),
    readOnly({
      name: 'mispInstanceReachable',
      arc: 4,
      syntax: TRUTH_VALUE,
      description:
        'true when the last probe got an answer from MISP itself (any status but a 5xx a proxy may have ' +
        'sent); with the probe switched off, when the last poll of any group did.',
      source: `misp-agentx, from the outcome of the ${PROBE}`,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.reachable,
    }),
    readOnly({
      name: 'mispInstanceStatus',
      arc: 5,
      syntax: STATUS,
      description:
        'The overall health of the instance, the first of these that applies: the probe failure when the ' +
        'probe fails; authFailed when any group has its key refused; the failure every other group shares ' +
        '(e.g. maintenance for a key MISP redirects to its login page); maintenance when MISP.live is off ' +
        '(mispInstanceLive false); degraded when some group fails, or workers are missing ' +
        '(mispWorkersMissing) or not ok (mispWorkersNotOk), a queue is not ok, supervisord is down ' +
        '(mispWorkersSupervisord false), the database schema differs (mispDiagDbSchemaOk false) or ' +
        'database updates are locked (mispDiagUpdateLocked true); else ok. mispPollTable shows each group ' +
        'on its own.',
      source: POLLS,
      permission: 'agent',
      read: (i: InstanceSnapshot) => i.status,
    }),
    readOnly({
      name: 'mispInstanceDataAge',
      arc: 6,
      syntax: GAUGE32,
      units: 'seconds',
      description:
        'Seconds since any poll group of the instance last stored good data. No value before the ' +
        'first successful poll.',
      source: POLLS,
      permission: 'agent',
      read: (i: InstanceSnapshot) => {
        const at = newestSuccessAt(pollsOf(i));
        return at === null ? null : ageSeconds(at);
      },
    }),
    readOnly({
      name: 'mispInstanceConsecutiveFailures',
      arc: 7,
      syntax: GAUGE32,
      units: 'polls',
      description: 'The longest current run of failed polls among the poll groups of the instance; 0 when all succeed.',
      source: POLLS,
      permission: 'agent',
      read: (i: InstanceSnapshot) => mostConsecutiveFailures(pollsOf(i)),
    }),
    readOnly({
      name: 'mispInstanceFailuresTotal',
      arc: 8,
      syntax: COUNTER32,
      units: 'polls',
      description: 'Failed polls of the instance, all groups together, since the agent started.',
      source: POLLS,
      permission: 'agent',
      read: (i: InstanceSnapshot) => sumOfFailures(pollsOf(i)),
    }),
    readOnly({
      name: 'mispInstanceLastError',
      arc: 9,
      syntax: UTF8_STRING,
      description:
        'The error of the failing poll group that was polled most recently; empty when no group is failing.',
      source: POLLS,
      permission: 'agent',
      read: (i: InstanceSnapshot) => latestError(pollsOf(i)),
    }),
    readOnly({
      name: 'mispInstanceVersion',
      arc: 10,
      syntax: UTF8_STRING,
      description: 'The MISP version as MISP reports it, e.g. 2.5.1.',
      source: VERSION,
      permission: 'apiKey',
      read: (i: InstanceSnapshot) => i.version?.text ?? null,
    }),
    readOnly({
      name: 'mispInstanceVersionNumber',
      arc: 11,
      syntax: UNSIGNED32,
      description:
        'The MISP version as one number that orders correctly: major * 1000000 + minor * 1000 + patch, ' +
        'so 2.4.130 is 2004130 and 2.5.1 is 2005001.',
      source: VERSION,
      permission: 'apiKey',
      read: (i: InstanceSnapshot) => i.version?.number ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeDns',
      arc: 12,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the host name was resolved (curl\'s time_namelookup).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.dnsUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeConnect',
      arc: 13,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the TCP connection was open (curl\'s time_connect; includes the name lookup).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.connectUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTls',
      arc: 14,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the TLS handshake was done (curl\'s time_appconnect); 0 for plain HTTP.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.tlsUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTtfb',
      arc: 15,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe until the first byte of the answer (curl\'s time_starttransfer).',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.ttfbUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeTotal',
      arc: 16,
      syntax: GAUGE32,
      units: 'microseconds',
      description: 'Time from the start of the last probe, name resolution included, to the end of the body (curl\'s time_total). The probe times are cumulative, so they never need adding up.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probe?.totalUs ?? null,
    }),
    readOnly({
      name: 'mispInstanceProbeHttpStatus',
      arc: 17,
      syntax: integer32(0, 999),
      description:
        'The HTTP status code of the last probe, failed or not; 0 when the last probe got no HTTP answer ' +
        '(unreachable, timeout, TLS or DNS failure). The probe times above describe the last probe only ' +
        'when it succeeded: a failed probe leaves them without a value.',
      source: PROBE,
      permission: 'anonymous',
      read: (i: InstanceSnapshot) => i.probeHttpStatus,
    }),
    readOnly({
      name: 'mispInstanceLive',
      arc: 18,
      syntax: TRUTH_VALUE,
      description:
        "MISP's MISP.live setting: false while MISP is in maintenance, when only site admins may use it (a " +
        'site-admin key still gets normal answers, so only this setting shows it). Read with each workers ' +
        'poll; no value without a site-admin key or before the first workers poll.',
      source: 'GET /servers/getSetting/MISP.live: value',
      permission: 'siteAdmin',
      read: (i: InstanceSnapshot) => i.workers?.mispLive ?? null,
    }),
  ],
});
