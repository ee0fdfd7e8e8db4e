import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentxSession } from '../../../src/agentx/session.js';
import { buildTree } from '../../../src/mib/build-tree.js';
import { MIB_FILE } from '../../../src/mib/render/file-names.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { LiveTree } from '../../../src/mib/tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { SnmpClient } from '../../helpers/snmp-client.js';
import { Snmpd } from '../../helpers/snmpd.js';
import { waitFor } from '../../helpers/wait.js';
import { agentStatus, fullInstance, readOnlyKeyInstance, unpolledInstance } from '../../unit/mib/sample-snapshots.js';
import { disagreements, loadMibObjects } from './mib-store.js';

describe('the whole subtree walked through a real snmpd', () => {
  let snmpd: Snmpd;
  let session: AgentxSession;
  let client: SnmpClient;
  const tree = buildTree(DEFAULT_ROOT, agentStatus({ sessionState: () => session.state }), [
    fullInstance(1),
    readOnlyKeyInstance(2),
    unpolledInstance(3),
  ]);

  beforeAll(async () => {
    snmpd = await Snmpd.start();
    session = new AgentxSession({ socket: snmpd.agentxUnix, root: DEFAULT_ROOT, tree: new LiveTree(tree), logger: capturedLogger().logger });
    session.start();
    await waitFor('AgentX session ready', () => session.state === 'ready');
    client = new SnmpClient(snmpd.udpPort);
  });

  afterAll(async () => {
    client?.close();
    await session?.stop();
    await snmpd?.stop();
  });

  it('serves exactly the tree, each value a readable MIB object of its type, every MIB object with data included', async () => {
    const walked = await client.walk(formatOid(DEFAULT_ROOT));
    expect(walked.map((vb) => vb.oid)).toEqual([...tree].map((vb) => formatOid(vb.oid)));
    expect(disagreements(walked, loadMibObjects(MIB_FILE))).toEqual([]);
  });
});
