import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { snmpTool } from '../../helpers/cli-tools.js';
import { SCALARS, TEST_ROOT, sampleTree } from '../../helpers/sample-tree.js';
import { SnmpClient, T, counter64Value } from '../../../src/snmp/manager.js';
import type { Snmpd } from '../../helpers/snmpd.js';
import { type Served, serveThroughSnmpd } from '../../helpers/served.js';

const ROOT = formatOid(TEST_ROOT);
const oid = (suffix: string): string => `${ROOT}.${suffix}`;

describe.each(['unix', 'tcp'] as const)('serving through a real snmpd over %s', (transport) => {
  let snmpd: Snmpd;
  let client: SnmpClient;
  let served: Served;
  const live = new LiveTree(sampleTree(3));

  beforeAll(async () => {
    served = await serveThroughSnmpd(TEST_ROOT, live, transport, { description: 'misp-agentx test' });
    ({ snmpd, client } = served);
  });

  afterAll(() => served?.close());

  it('GETs each value type with its type and exact value', async () => {
    const names = Object.keys(SCALARS) as (keyof typeof SCALARS)[];
    const varbinds = await client.get(names.map((n) => oid(`${SCALARS[n].arc}.0`)));
    const byName = Object.fromEntries(names.map((n, i) => [n, varbinds[i]!]));
    expect(byName.integer).toMatchObject({ type: T.Integer, value: -42 });
    expect(byName.string?.type).toBe(T.OctetString);
    expect((byName.string?.value as Buffer).toString('utf8')).toBe('Grüße, 東京 ✓');
    expect(byName.oid).toMatchObject({ type: T.OID, value: '1.3.6.1.2.1.1.1' });
    expect(byName.ip).toMatchObject({ type: T.IpAddress, value: '127.0.0.1' });
    expect(byName.counter32).toMatchObject({ type: T.Counter, value: 4294967295 });
    expect(byName.gauge32).toMatchObject({ type: T.Gauge, value: 123456 });
    expect(byName.timeTicks).toMatchObject({ type: T.TimeTicks, value: 8640000 });
    expect(byName.opaque?.type).toBe(T.Opaque);
    expect(byName.counter64?.type).toBe(T.Counter64);
    expect(counter64Value(byName.counter64?.value)).toBe((1n << 64n) - 1n);
  });

  it('answers noSuchInstance under a known object and noSuchObject elsewhere', async () => {
    const [instance, column, unknown] = await client.get([oid('1.1'), oid('10.1.3.99'), oid('55.0')]);
    expect(instance?.type).toBe(T.NoSuchInstance);
    expect(column?.type).toBe(T.NoSuchInstance);
    expect(unknown?.type).toBe(T.NoSuchObject);
  });

  it('GETNEXT walks every object of the subtree in order', async () => {
    const walked = await client.walk(ROOT);
    expect(walked.map((vb) => vb.oid)).toEqual([...live.current].map((vb) => formatOid(vb.oid)));
  });

  it('a GETNEXT past the last object ends cleanly in the next native object', async () => {
    const [next] = await client.getNext([oid('10.1.3.3')]);
    expect(next?.type).not.toBe(T.EndOfMibView);
    expect(next?.oid.startsWith(`${ROOT}.`)).toBe(false);
    expect(next && next.oid > ROOT).toBe(true);
  });

  it('GETBULK honours non-repeaters and max-repetitions', async () => {
    // net-snmp returns the repeaters' rows as nested arrays.
    const varbinds = (await client.getBulk([oid('8.0'), oid('10.1.2')], 1, 4)).flat();
    expect(varbinds.map((vb) => vb.oid)).toEqual([oid('9.0'), oid('10.1.2.1'), oid('10.1.2.2'), oid('10.1.2.3'), oid('10.1.3.1')]);
  });

  it('snmpwalk and snmpbulkwalk see the same subtree and end without error', async () => {
    const expected = [...live.current].map((vb) => `.${formatOid(vb.oid)}`);
    for (const tool of ['snmpwalk', 'snmpbulkwalk']) {
      const out = await snmpTool(tool, ['-v2c', '-c', 'public', '-On', '-Cc', `127.0.0.1:${snmpd.udpPort}`, ROOT]);
      // A non-ASCII string prints as Hex-STRING over several lines: keep the lines that name an OID.
      const oids = out.split('\n').filter((line) => line.startsWith('.')).map((line) => line.split(' = ')[0]);
      expect(oids, tool).toEqual(expected);
    }
  });

  it('refuses SET as not writable', async () => {
    const writer = new SnmpClient(snmpd.udpPort, { community: snmpd.writeCommunity });
    await expect(writer.set([{ oid: oid('1.0'), type: T.Integer, value: 5 }])).rejects.toThrow(/NotWritable/);
    writer.close();
  });

  it('lists itself in sysORTable', async () => {
    const out = await snmpTool('snmpwalk', ['-v2c', '-c', 'public', '-On', `127.0.0.1:${snmpd.udpPort}`, '1.3.6.1.2.1.1.9.1']);
    expect(out).toContain(`= OID: .${ROOT}`);
    expect(out).toContain('misp-agentx test');
  });

  it('serves a replaced tree at once', async () => {
    live.replace(sampleTree(5, 7));
    const [row5] = await client.get([oid('10.1.3.5')]);
    expect(row5).toMatchObject({ type: T.Gauge, value: 507 });
    live.replace(sampleTree(3));
  });
});
