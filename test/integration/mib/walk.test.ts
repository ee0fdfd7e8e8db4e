import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '../../../src/mib/build-tree.js';
import { MIB_FILE } from '../../../src/mib/render/file-names.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { type Served, serveThroughSnmpd } from '../../helpers/served.js';
import { agentStatus, fullInstance, readOnlyKeyInstance, unpolledInstance } from '../../helpers/sample-snapshots.js';
import { disagreements, loadMibObjects } from './mib-store.js';

describe('the whole subtree walked through a real snmpd', () => {
  let served: Served;
  const tree = buildTree(DEFAULT_ROOT, agentStatus({ sessionState: () => served.session.state }), [
    fullInstance(1),
    readOnlyKeyInstance(2),
    unpolledInstance(3),
  ]);

  beforeAll(async () => {
    served = await serveThroughSnmpd(DEFAULT_ROOT, new LiveTree(tree));
  });

  afterAll(() => served?.close());

  it('serves exactly the tree, each value a readable MIB object of its type, every MIB object with data included', async () => {
    const walked = await served.client.walk(formatOid(DEFAULT_ROOT));
    expect(walked.map((vb) => vb.oid)).toEqual([...tree].map((vb) => formatOid(vb.oid)));
    expect(disagreements(walked, loadMibObjects(MIB_FILE))).toEqual([]);
  });
});
