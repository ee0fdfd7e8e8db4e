import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTree } from '../../../src/mib/build-tree.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import { listOids } from '../../../src/mib/oid-list.js';
import type { Oid } from '../../../src/snmp/oid.js';
import type { SnmpValue } from '../../../src/snmp/value.js';
import { agentStatus, fullInstance, NOW, readOnlyKeyInstance, unpolledInstance } from '../../helpers/sample-snapshots.js';

const OIDS = new Map(listOids(DEFAULT_ROOT).map((o) => [o.name, o.oid]));
const at = (name: string, ...index: number[]): Oid => {
  const oid = OIDS.get(name);
  if (oid === undefined) throw new Error(`no object ${name}`);
  return [...oid, ...index];
};
const text = (value: SnmpValue): string => (value.type === 'OctetString' ? value.value.toString('utf8') : `not a string: ${value.type}`);

describe('buildTree', () => {
  beforeEach(() => vi.spyOn(performance, 'now').mockReturnValue(NOW));
  afterEach(() => vi.restoreAllMocks());

  const tree = () => buildTree(DEFAULT_ROOT, agentStatus(), [fullInstance(1), readOnlyKeyInstance(2), unpolledInstance(3)]);

  it('serves the agent scalars, uptime and session state read at request time', () => {
    let state: 'ready' | 'connecting' = 'ready';
    const t = buildTree(DEFAULT_ROOT, agentStatus({ sessionState: () => state }), []);
    expect(t.get(at('mispAgentVersion', 0))).toEqual({ type: 'OctetString', value: Buffer.from('0.1.0') });
    expect(t.get(at('mispAgentUptime', 0))).toEqual({ type: 'TimeTicks', value: 9_000 });
    expect(t.get(at('mispAgentInstanceCount', 0))).toEqual({ type: 'Gauge32', value: 3 });
    expect(t.get(at('mispAgentSessionState', 0))).toEqual({ type: 'Integer', value: 5 });
    state = 'connecting';
    vi.spyOn(performance, 'now').mockReturnValue(NOW + 1_000);
    expect(t.get(at('mispAgentSessionState', 0))).toEqual({ type: 'Integer', value: 2 });
    expect(t.get(at('mispAgentUptime', 0))).toEqual({ type: 'TimeTicks', value: 9_100 });
  });

  it('serves each instance with the types and values the MIB promises', () => {
    const t = tree();
    expect(text(t.get(at('mispInstanceName', 1)))).toBe('misp-1');
    expect(t.get(at('mispInstanceReachable', 1))).toEqual({ type: 'Integer', value: 1 });
    expect(t.get(at('mispInstanceReachable', 3))).toEqual({ type: 'Integer', value: 2 });
    expect(t.get(at('mispInstanceStatus', 2))).toEqual({ type: 'Integer', value: 2 });
    expect(t.get(at('mispInstanceVersionNumber', 1))).toEqual({ type: 'Gauge32', value: 2_004_130 });
    expect(t.get(at('mispInstanceProbeTotal', 1))).toEqual({ type: 'Gauge32', value: 12_345 });
    expect(t.get(at('mispInstanceProbeHttpStatus', 1))).toEqual({ type: 'Integer', value: 200 });
    expect(t.get(at('mispInstanceFailuresTotal', 1))).toEqual({ type: 'Counter32', value: 5 });
    expect(t.get(at('mispInstanceConsecutiveFailures', 2))).toEqual({ type: 'Gauge32', value: 4 });
    // The diagnostics group failed most recently of the three denied groups.
    expect(text(t.get(at('mispInstanceLastError', 2)))).toBe('You do not have permission to use this functionality.');
    expect(text(t.get(at('mispInstanceLastError', 1)))).toBe('');
  });

  it('computes data ages when asked, from the newest success', () => {
    const t = tree();
    expect(t.get(at('mispInstanceDataAge', 1))).toEqual({ type: 'Gauge32', value: 5 });
    expect(t.get(at('mispPollDataAge', 1, 4))).toEqual({ type: 'Gauge32', value: 125 });
    vi.spyOn(performance, 'now').mockReturnValue(NOW + 60_000);
    expect(t.get(at('mispInstanceDataAge', 1))).toEqual({ type: 'Gauge32', value: 65 });
  });

  it('serves 64-bit gauges as Counter64 and keeps totals that can drop as gauges', () => {
    const t = tree();
    expect(t.get(at('mispStatAttributes', 1))).toEqual({ type: 'Counter64', value: 5_000_000_000n });
    expect(t.get(at('mispStatCorrelations', 1))).toEqual({ type: 'Counter64', value: 2n ** 40n });
    expect(t.get(at('mispDiagDatabaseSize', 1))).toEqual({ type: 'Counter64', value: 6_000_000_000n });
    expect(t.get(at('mispStatEvents', 1))).toEqual({ type: 'Gauge32', value: 1_200 });
  });

  it('indexes queues by their stable number and workers within them', () => {
    const t = tree();
    expect(text(t.get(at('mispQueueName', 1, 6)))).toBe('scheduler');
    expect(t.get(at('mispQueueOk', 1, 6))).toEqual({ type: 'Integer', value: 2 });
    expect(t.get(at('mispWorkerPid', 1, 1, 2))).toEqual({ type: 'Integer', value: 1202 });
    expect(t.get(at('mispWorkerCorrectUser', 1, 6, 1))).toEqual({ type: 'Integer', value: 2 });
    expect(t.get(at('mispWorkersJobsPending', 1))).toEqual({ type: 'Gauge32', value: 7 });
  });

  it('serves the poll table with the group as index, so a read-only key shows which group is denied', () => {
    const t = tree();
    expect(t.get(at('mispPollStatus', 2, 3))).toEqual({ type: 'Integer', value: 5 });
    expect(t.get(at('mispPollStatus', 2, 4))).toEqual({ type: 'Integer', value: 1 });
    // Row 6 was authFailures, removed with the 202611290000Z revision.
    expect(t.get(at('mispPollStatus', 2, 6))).toEqual({ type: 'NoSuchInstance' });
    expect(text(t.get(at('mispPollGroupName', 2, 3)))).toBe('workers');
    expect(t.get(at('mispPollDataAge', 2, 4))).toEqual({ type: 'Gauge32', value: 5 });
    expect(t.get(at('mispPollDataAge', 2, 3))).toEqual({ type: 'NoSuchInstance' });
  });

  it('leaves out what MISP did not report, so a manager sees noSuchInstance, not 0', () => {
    const t = tree();
    for (const name of ['mispWorkersAlive', 'mispDiagDbSchemaOk', 'mispDiagRedisMemory']) {
      expect(t.get(at(name, 2))).toEqual({ type: 'NoSuchInstance' });
    }
    for (const name of ['mispInstanceVersion', 'mispInstanceProbeDns', 'mispInstanceDataAge', 'mispStatEvents']) {
      expect(t.get(at(name, 3))).toEqual({ type: 'NoSuchInstance' });
    }
    expect(t.get(at('mispPollDataAge', 3, 1))).toEqual({ type: 'NoSuchInstance' });
    expect(t.get(at('mispPollLastDuration', 3, 1))).toEqual({ type: 'NoSuchInstance' });
    expect(t.get(at('mispQueueJobsPending', 1, 6))).toEqual({ type: 'NoSuchInstance' });
    expect(t.get(at('mispQueueName', 1, 2))).toEqual({ type: 'NoSuchInstance' });
    expect(t.get(at('mispInstanceName', 4))).toEqual({ type: 'NoSuchInstance' });
  });

  it('answers noSuchObject for index columns and OIDs outside the MIB', () => {
    const t = tree();
    expect(t.get(at('mispInstanceIndex', 1))).toEqual({ type: 'NoSuchObject' });
    expect(t.get(at('mispInstanceEntry', 99, 1))).toEqual({ type: 'NoSuchObject' });
    expect(t.get([...DEFAULT_ROOT, 1, 1, 99, 0])).toEqual({ type: 'NoSuchObject' });
  });

  it('bounds hostile strings to 255 valid UTF-8 bytes without control characters', () => {
    const hostile = { ...fullInstance(1, `${'\u0000\u001b[31m'}${'名'.repeat(5_000)}`), url: 'https://x/\r\n\u0007' };
    const failing = {
      ...hostile,
      polls: { ...hostile.polls, probe: { ...hostile.polls.probe, status: 'invalidResponse' as const, lastError: `\ud800${'é'.repeat(10_000)}` } },
    };
    const t = buildTree(DEFAULT_ROOT, agentStatus(), [failing]);
    for (const name of ['mispInstanceName', 'mispInstanceUrl', 'mispInstanceLastError']) {
      const value = t.get(at(name, 1));
      if (value.type !== 'OctetString') throw new Error(`${name} is ${value.type}`);
      expect(value.value.length).toBeLessThanOrEqual(255);
      expect(Buffer.from(value.value.toString('utf8'), 'utf8').equals(value.value)).toBe(true);
      expect(value.value.toString('utf8')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(text(t.get(at('mispInstanceName', 1))).startsWith('  [31m名名')).toBe(true);
    expect(text(t.get(at('mispInstanceLastError', 1))).startsWith('\ufffdéé')).toBe(true);
  });

  it('clamps untrusted numbers into their SMI range instead of failing the whole tree', () => {
    const base = fullInstance(1);
    const wild = {
      ...base,
      probe: { ...base.probe!, httpStatus: 70_000, totalUs: 2 ** 40 },
      probeHttpStatus: 70_000,
      statistics: { ...base.statistics!, events: -5, attributes: Number.NaN },
    };
    const t = buildTree(DEFAULT_ROOT, agentStatus(), [wild]);
    expect(t.get(at('mispInstanceProbeHttpStatus', 1))).toEqual({ type: 'Integer', value: 999 });
    expect(t.get(at('mispInstanceProbeTotal', 1))).toEqual({ type: 'Gauge32', value: 4_294_967_295 });
    expect(t.get(at('mispStatEvents', 1))).toEqual({ type: 'Gauge32', value: 0 });
    expect(t.get(at('mispStatAttributes', 1))).toEqual({ type: 'Counter64', value: 0n });
  });
});
