import { afterEach, describe, expect, it } from 'vitest';
import { buildTree, DEFAULT_ROOT, objectOid } from '../../../src/mib/index.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { T } from '../../../src/snmp/manager.js';
import { agentStatus } from '../../helpers/sample-snapshots.js';
import { type Served, serveThroughSnmpd } from '../../helpers/served.js';
import { closeWatched, watchSimulated } from './helpers.js';

let served: Served | null = null;
afterEach(async () => {
  await served?.close();
  served = null;
  await closeWatched();
});

/** The longest run of whole characters of `text` whose UTF-8 form fits in 255 bytes: what SnmpAdminString allows. */
function expectedBytes(text: string): Buffer {
  let out = Buffer.alloc(0);
  for (const character of text) {
    const next = Buffer.concat([out, Buffer.from(character, 'utf8')]);
    if (next.length > 255) break;
    out = next;
  }
  return out;
}

const LONG_SERVER = `Société Générale CERT ${'日本語'.repeat(40)}`;
const REMOTE_ORG = 'Société Générale CERT';
const LONG_FEED = `Flux ${'🚨'.repeat(100)}`;
const SETTING = 'Plugin.Société_日本語';
const LONG_MESSAGE = `Valeur non définie: ${'É'.repeat(200)}`;
const QUEUE = 'file_d’attente_é_日本';

describe('names and messages from MISP are served as UTF-8, cut on a character boundary at 255 bytes', () => {
  it('sync servers, organisations, feeds, queues and critical settings, read through a real snmpd', async () => {
    const { sim, monitor } = await watchSimulated({ workers: 5, jobs: 5, servers: 5, feeds: 5, diagnostics: 5 });
    sim.state.servers[0]!.name = LONG_SERVER;
    sim.state.servers[0]!.remoteOrg = REMOTE_ORG;
    sim.state.feeds[2]!.name = LONG_FEED;
    sim.state.queues[QUEUE] = { workers: [{ pid: 4242, state: 'alive' }], jobCount: 0 };
    sim.state.criticalSettings.push({ name: SETTING, tab: 'Plugin', flagged: true, errorMessage: LONG_MESSAGE });
    const snapshot = await monitor.pollOnce();
    const queue = snapshot.workers?.queues.find((q) => q.name === QUEUE);
    const setting = snapshot.diagnostics?.criticalSettings?.find((s) => s.name === SETTING);
    expect(queue).toBeDefined();
    expect(setting).toBeDefined();

    served = await serveThroughSnmpd(DEFAULT_ROOT, new LiveTree(buildTree(DEFAULT_ROOT, agentStatus({ instanceCount: 1 }), [snapshot])));
    const asked: Array<[string, number[], string]> = [
      ['mispSyncServerName', [1, 1], LONG_SERVER],
      ['mispSyncServerRemoteOrg', [1, 1], REMOTE_ORG],
      ['mispFeedName', [1, 3], LONG_FEED],
      ['mispFeedProvider', [1, 3], 'CERT Région ÅÉ'],
      ['mispQueueName', [1, queue!.index], QUEUE],
      ['mispDiagCriticalSettingName', [1, setting!.index], SETTING],
      ['mispDiagCriticalSettingMessage', [1, setting!.index], LONG_MESSAGE],
    ];
    const answers = await served.client.get(asked.map(([name, index]) => formatOid(objectOid(DEFAULT_ROOT, name, ...index))));
    const bytes = answers.map((vb) => {
      expect(vb.type).toBe(T.OctetString);
      return vb.value as Buffer;
    });
    for (const [i, [name, , full]] of asked.entries()) {
      const value = bytes[i]!;
      expect({ name, bytes: value.toString('hex') }).toEqual({ name, bytes: expectedBytes(full).toString('hex') });
      expect(value.length).toBeLessThanOrEqual(255);
      // Whole characters only: decoding and encoding again gives the same bytes, with no replacement character.
      expect(Buffer.from(value.toString('utf8'), 'utf8').equals(value)).toBe(true);
      expect(value.toString('utf8')).not.toContain('\uFFFD');
    }
    // The long texts were cut: 3-byte characters stop at 254 bytes, 4-byte emoji at 253, 2-byte É at 255.
    expect([bytes[0]!.length, bytes[2]!.length, bytes[6]!.length]).toEqual([254, 253, 255]);
    expect(bytes[1]!.toString('utf8')).toBe(REMOTE_ORG);
    expect(bytes[4]!.toString('utf8')).toBe(QUEUE);
  });
});
