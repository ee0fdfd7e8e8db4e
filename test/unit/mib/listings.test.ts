import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTree } from '../../../src/mib/build-tree.js';
import { objectOid, renderOidList } from '../../../src/mib/oid-list.js';
import { renderDocs } from '../../../src/mib/render/docs.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { listServedValues } from '../../../src/mib/served-values.js';
import { MISP_AGENTX_OBJECTS } from '../../../src/mib/placed-objects.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { agentStatus, fullInstance, NOW } from '../../helpers/sample-snapshots.js';

const ROOT = formatOid(DEFAULT_ROOT);
const readable = MISP_AGENTX_OBJECTS.filter((p) => p.object.access === 'read-only');

describe('objectOid', () => {
  it('gives an object OID under any root, with the index appended, and refuses unknown names', () => {
    expect(formatOid(objectOid(DEFAULT_ROOT, 'mispPollStatus', 1, 3))).toBe(`${formatOid(DEFAULT_ROOT)}.1.8.1.3.1.3`);
    expect(objectOid([1, 3, 6, 1, 4, 1, 99999], 'mispAgentVersion')).toEqual([1, 3, 6, 1, 4, 1, 99999, 1, 1, 1]);
    expect(() => objectOid(DEFAULT_ROOT, 'mispNoSuchThing')).toThrow(/no object named mispNoSuchThing/);
  });
});

describe('renderOidList', () => {
  const lines = renderOidList([1, 3, 6, 1, 4, 1, 99999]).trimEnd().split('\n');

  it('lists every readable object once, under the root it is given', () => {
    expect(lines.slice(1)).toHaveLength(readable.length);
    expect(lines[0]).toContain('1.3.6.1.4.1.99999');
  });

  it('gives scalars their .0 and names the index a column needs', () => {
    expect(lines.find((l) => l.startsWith('.1.3.6.1.4.1.99999.1.1.1.0 '))).toMatch(/ mispAgentVersion\.0 +MispUtf8String$/);
    expect(lines.find((l) => l.startsWith('.1.3.6.1.4.1.99999.1.5.1.2 '))).toMatch(
      /mispWorkerPid\.<mispInstanceIndex>\.<mispQueueIndex>\.<mispWorkerIndex> +Integer32$/,
    );
    expect(lines.join('\n')).not.toContain('mispInstanceIndex ');
  });
});

describe('listServedValues', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names each served instance and prints its value readably', () => {
    vi.spyOn(performance, 'now').mockReturnValue(NOW);
    const tree = buildTree(DEFAULT_ROOT, agentStatus(), [fullInstance(1)]);
    const values = listServedValues(DEFAULT_ROOT, tree);
    expect(values).toHaveLength(tree.size);
    const byName = new Map(values.map((v) => [v.name, v]));
    expect(byName.get('mispAgentVersion.0')).toEqual({ name: 'mispAgentVersion.0', oid: `${ROOT}.1.1.1.0`, type: 'OctetString', value: '"0.1.0"' });
    expect(byName.get('mispInstanceStatus.1')?.value).toBe('ok(1)');
    expect(byName.get('mispQueueOk.1.6')?.value).toBe('false(2)');
    expect(byName.get('mispPollStatus.1.3')?.oid).toBe(`${ROOT}.1.8.1.3.1.3`);
    expect(byName.get('mispStatAttributes.1')).toMatchObject({ type: 'Counter64', value: '5000000000' });
    expect(byName.get('mispInstanceProbeHttpStatus.1')?.value).toBe('200');
  });
});

describe('renderDocs', () => {
  const docs = renderDocs(DEFAULT_ROOT);

  it('tells production sites to move the root under their own PEN', () => {
    expect(docs).toMatch(/production site should move `oidRoot` under its own PEN/);
    expect(docs).toContain('netSnmpPlaypen');
  });

  it('documents every object with its numeric OID, type, source and permission', () => {
    for (const { object, arcs } of MISP_AGENTX_OBJECTS) {
      const row = docs.split('\n').find((l) => l.startsWith(`| \`${ROOT}.${formatOid(arcs)}\` | ${object.name} |`));
      expect(row, object.name).toBeDefined();
      expect(row).toContain(object.syntax.name);
      expect(row).toContain(object.source.replace(/\|/g, '\\|'));
    }
  });
});
