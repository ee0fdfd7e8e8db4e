import { GROUP_INDEX, GROUP_NAMES, type GroupName, type PollState } from '../../domain/snapshot.js';
import { ageSeconds, indexColumn, readOnly, tableBranch } from '../../smi/define.js';
import { COUNTER32, GAUGE32, POLL_GROUP, STATUS, UTF8_STRING } from '../../smi/syntaxes.js';

import { instanceIndex } from '../../smi/per-instance.js';

const AGENT = 'misp-agentx: its poll of this group';

interface GroupPoll {
  readonly group: GroupName;
  readonly poll: PollState;
}

const pollGroup = indexColumn({
  name: 'mispPollGroupIndex',
  arc: 1,
  syntax: POLL_GROUP,
  description: 'The endpoint group.',
  source: AGENT,
  permission: 'agent',
});

/**
 * Each endpoint group's own health, so that a read-only key shows permissionDenied for workers
 * while its statistics stay fresh.
 */
export const pollTable = tableBranch<GroupPoll>({
  name: 'mispPollTable',
  arc: 8,
  description: 'The state of each endpoint group the agent polls on each MISP instance.',
  entry: { name: 'mispPollEntry', description: 'One endpoint group of one MISP instance.' },
  index: [instanceIndex, pollGroup],
  group: {
    name: 'mispPollStateGroup',
    description: 'The poll state of each endpoint group of each MISP instance.',
    compliance: { mandatory: true },
  },
  rows: ({ instances }) =>
    instances.flatMap((i) =>
      GROUP_NAMES.map((group) => ({ index: [i.index, GROUP_INDEX[group]], row: { group, poll: i.polls[group] } })),
    ),
  columns: [
    pollGroup,
    readOnly({
      name: 'mispPollGroupName',
      arc: 2,
      syntax: UTF8_STRING,
      description: 'The name of the endpoint group, as the MispPollGroup labels spell it.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.group,
    }),
    readOnly({
      name: 'mispPollStatus',
      arc: 3,
      syntax: STATUS,
      description: 'The outcome of the last poll of the group.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.poll.status,
    }),
    readOnly({
      name: 'mispPollDataAge',
      arc: 4,
      syntax: GAUGE32,
      units: 'seconds',
      description: 'Seconds since the group last stored good data. No value before its first successful poll.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => (p.poll.lastSuccessAt === null ? null : ageSeconds(p.poll.lastSuccessAt)),
    }),
    readOnly({
      name: 'mispPollLastDuration',
      arc: 5,
      syntax: GAUGE32,
      units: 'milliseconds',
      description: 'How long the last poll of the group took. No value before the first poll ends.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.poll.lastDurationMs,
    }),
    readOnly({
      name: 'mispPollConsecutiveFailures',
      arc: 6,
      syntax: GAUGE32,
      units: 'polls',
      description: 'Failed polls of the group since its last success; 0 when the last poll succeeded.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.poll.consecutiveFailures,
    }),
    readOnly({
      name: 'mispPollFailuresTotal',
      arc: 7,
      syntax: COUNTER32,
      units: 'polls',
      description: 'Failed polls of the group since the agent started.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.poll.failuresTotal,
    }),
    readOnly({
      name: 'mispPollLastError',
      arc: 8,
      syntax: UTF8_STRING,
      description: 'Why the last poll of the group failed; empty when it succeeded. Never contains the API key.',
      source: AGENT,
      permission: 'agent',
      read: (p: GroupPoll) => p.poll.lastError,
    }),
  ],
});
