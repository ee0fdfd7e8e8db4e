import type { AgentStatus } from '../../domain/agent-status.js';
import { readOnly, scalarBranch } from '../../smi/define.js';
import { COUNTER32, GAUGE32, SESSION_STATE, TIME_TICKS, UTF8_STRING } from '../../smi/syntaxes.js';

const AGENT = 'misp-agentx itself';

/** The daemon's own state: is the agent alive, and how long has it been up. */
export const agentBranch = scalarBranch({
  name: 'mispAgent',
  arc: 1,
  description: 'The misp-agentx daemon itself.',
  group: {
    name: 'mispAgentGroup',
    description: "The agent's own version, uptime, configuration size and AgentX session state.",
    compliance: { mandatory: true },
  },
  scalars: [
    readOnly({
      name: 'mispAgentVersion',
      arc: 1,
      syntax: UTF8_STRING,
      description: 'The version of the misp-agentx software.',
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => agent.version,
    }),
    readOnly({
      name: 'mispAgentUptime',
      arc: 2,
      syntax: TIME_TICKS,
      units: 'hundredths of a second',
      description:
        'Time since the agent started; it restarts from 0 when the agent restarts, which is also when ' +
        'every Counter32 in this module starts again from 0.',
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => () => (performance.now() - agent.startedAt) / 10,
    }),
    readOnly({
      name: 'mispAgentInstanceCount',
      arc: 3,
      syntax: GAUGE32,
      units: 'instances',
      description: 'The number of MISP instances configured, which is the number of rows of mispInstanceTable.',
      source: `${AGENT}: its configuration file`,
      permission: 'agent',
      read: (agent: AgentStatus) => agent.instanceCount,
    }),
    readOnly({
      name: 'mispAgentSessionState',
      arc: 4,
      syntax: SESSION_STATE,
      description: "The state of the agent's AgentX session with the master agent.",
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => agent.sessionState,
    }),
    readOnly({
      name: 'mispAgentNotificationsSent',
      arc: 5,
      syntax: COUNTER32,
      units: 'notifications',
      description: 'Notifications the agent handed to the master agent since it started.',
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => () => agent.notifications().sent,
    }),
    readOnly({
      name: 'mispAgentNotificationsHeld',
      arc: 6,
      syntax: GAUGE32,
      units: 'notifications',
      description:
        'Notifications due now but waiting: for the rate limit (notifications.rateLimit), which sends each ' +
        'as soon as it allows, or for the AgentX session.',
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => () => agent.notifications().held,
    }),
    readOnly({
      name: 'mispAgentNotificationsDropped',
      arc: 7,
      syntax: COUNTER32,
      units: 'notifications',
      description:
        'Changes never sent since the agent started, because the condition went back to what the NMS was ' +
        'last told while the rate limit or the AgentX session held them. The next notification of that ' +
        'condition then carries the state as it is.',
      source: AGENT,
      permission: 'agent',
      read: (agent: AgentStatus) => () => agent.notifications().dropped,
    }),
  ],
});
