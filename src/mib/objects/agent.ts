import type { AgentStatus } from '../agent-status.js';
import { readOnly, scalarBranch } from '../definition/define.js';
import { GAUGE32, SESSION_STATE, TIME_TICKS, UTF8_STRING } from '../definition/syntaxes.js';

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
  ],
});
