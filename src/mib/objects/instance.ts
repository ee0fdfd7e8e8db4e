import type { InstanceSnapshot, PollState } from '../../domain/snapshot.js';
import { ENDPOINT_GROUP_LIST } from '../../endpoints/index.js';
import { instanceIndex } from '../../smi/per-instance.js';
import { ageSeconds, readOnly, tableBranch } from '../../smi/define.js';
import { COUNTER32, GAUGE32, STATUS, TRUTH_VALUE, UTF8_STRING } from '../../smi/syntaxes.js';
import { latestError, mostConsecutiveFailures, newestSuccessAt, sumOfFailures } from '../../domain/poll-state.js';

const CONFIG = 'misp-agentx configuration';
const POLLS = 'misp-agentx, over every poll group of the instance';
const PROBE = 'HTTP probe of GET /users/heartbeat (GET /servers/getVersion on MISP before 2.4.194)';

const pollsOf = (instance: InstanceSnapshot): PollState[] => Object.values(instance.polls);

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
    // Columns each endpoint group adds (version, probe times, MISP.live), in arc order.
    ...ENDPOINT_GROUP_LIST.flatMap((group) => group.instanceColumns ?? []).sort((a, b) => a.arc - b.arc),
  ],
});
