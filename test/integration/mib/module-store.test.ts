import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTree } from '../../../src/mib/build-tree.js';
import { MIB_FILE } from '../../../src/mib/render/file-names.js';
import { MISP_AGENTX_OBJECTS } from '../../../src/mib/placed-objects.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { agentStatus, fullInstance, NOW, readOnlyKeyInstance } from '../../helpers/sample-snapshots.js';
import { disagreements, loadMibObjects, TYPE_NUMBERS } from './mib-store.js';

describe("net-snmp's ModuleStore", () => {
  const objects = loadMibObjects(MIB_FILE);
  afterEach(() => vi.restoreAllMocks());

  it('loads the MIB with every object of the definition at its OID, readable or not as defined', () => {
    const expected = MISP_AGENTX_OBJECTS.map(({ object, arcs }) => ({
      name: object.name,
      oid: formatOid([...DEFAULT_ROOT, ...arcs]),
      readable: object.access === 'read-only',
    }));
    expect(objects.map(({ name, oid, readable }) => ({ name, oid, readable }))).toEqual(expected);
  });

  it('agrees with the served tree: every served OID is a readable MIB object of the same type, and every one is served', () => {
    vi.spyOn(performance, 'now').mockReturnValue(NOW);
    const tree = buildTree(DEFAULT_ROOT, agentStatus(), [fullInstance(1), readOnlyKeyInstance(2)]);
    const served = [...tree].map((vb) => ({ oid: formatOid(vb.oid), type: TYPE_NUMBERS[vb.value.type] ?? -1 }));
    expect(disagreements(served, objects)).toEqual([]);
  });

  it('notices a served value of the wrong type or outside the MIB', () => {
    const uptime = objects.find((o) => o.name === 'mispAgentUptime');
    const served = [
      { oid: `${uptime?.oid}.0`, type: TYPE_NUMBERS.Gauge32 ?? -1 },
      { oid: `${formatOid(DEFAULT_ROOT)}.1.1.99.0`, type: TYPE_NUMBERS.Integer ?? -1 },
    ];
    const problems = disagreements(served, objects);
    expect(problems).toContain(`${uptime?.oid}.0 is served as type ${TYPE_NUMBERS.Gauge32}, mispAgentUptime is ${TYPE_NUMBERS.TimeTicks}`);
    expect(problems).toContain(`${formatOid(DEFAULT_ROOT)}.1.1.99.0 is served but no MIB object holds it`);
    expect(problems.some((p) => p.startsWith('mispAgentVersion ('))).toBe(true);
  });
});
