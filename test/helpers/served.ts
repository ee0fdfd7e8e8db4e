import { AgentxSession, type AgentxSessionOptions } from '../../src/agentx/session.js';
import type { LiveTree } from '../../src/snmp/oid-tree.js';
import type { Oid } from '../../src/snmp/oid.js';
import { capturedLogger } from './log-capture.js';
import { SnmpClient } from '../../src/snmp/manager.js';
import { Snmpd } from './snmpd.js';
import { waitFor } from '../../src/common/wait.js';

export interface Served {
  readonly snmpd: Snmpd;
  readonly session: AgentxSession;
  readonly client: SnmpClient;
  close(): Promise<void>;
}

/** A real snmpd with an AgentX session registered and serving `tree`, and a client to query it. */
export async function serveThroughSnmpd(
  root: Oid,
  tree: LiveTree,
  transport: 'unix' | 'tcp' = 'unix',
  options: Partial<AgentxSessionOptions> = {},
): Promise<Served> {
  const snmpd = await Snmpd.start();
  const session = new AgentxSession({
    socket: transport === 'unix' ? snmpd.agentxUnix : snmpd.agentxTcp,
    root,
    tree,
    logger: capturedLogger('info').logger,
    ...options,
  });
  session.start();
  await waitFor('AgentX session ready', () => session.state === 'ready');
  const client = new SnmpClient(snmpd.udpPort);
  return {
    snmpd,
    session,
    client,
    async close() {
      client.close();
      await session.stop();
      await snmpd.stop();
    },
  };
}
