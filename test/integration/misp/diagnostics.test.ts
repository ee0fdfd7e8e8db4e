import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { buildTree, DEFAULT_ROOT, objectOid } from '../../../src/mib/index.js';
import { readConditions } from '../../../src/notify/conditions.js';
import { LiveTree } from '../../../src/snmp/oid-tree.js';
import { formatOid } from '../../../src/snmp/oid.js';
import { T } from '../../../src/snmp/manager.js';
import { agentStatus } from '../../helpers/sample-snapshots.js';
import { type Served, serveThroughSnmpd } from '../../helpers/served.js';
import { closeWatched, FRESH_CONDITIONS, watchSimulated } from './helpers.js';

const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.close();
  await closeWatched();
});

/** GETs the named objects at `index` of the snapshot's tree through a real snmpd. */
async function getThroughSnmpd(snapshot: InstanceSnapshot, objects: ReadonlyArray<readonly [string, ...number[]]>) {
  const s = await serveThroughSnmpd(DEFAULT_ROOT, new LiveTree(buildTree(DEFAULT_ROOT, agentStatus({ instanceCount: 1 }), [snapshot])));
  served.push(s);
  return s.client.get(objects.map(([name, ...index]) => formatOid(objectOid(DEFAULT_ROOT, name, ...index))));
}

/** Flags (or unflags) the simulated MISP's MISP.disable_emailing, with the real 2.5.1 message. */
function flagEmailing(state: { criticalSettings: Array<{ name: string; flagged: boolean }> }, flagged: boolean): void {
  const setting = state.criticalSettings.find((s) => s.name === 'MISP.disable_emailing');
  if (setting === undefined) throw new Error('the simulator lists no MISP.disable_emailing');
  setting.flagged = flagged;
}
const CURL_7 = "curl error 7 'Couldn't connect to server': Failed to connect to 127.0.0.1 port 6666 after 0 ms: Couldn't connect to server";

describe('diagnostics through the simulated MISP over real HTTP', () => {
  it('serves a critical setting MISP flags, raises criticalSetting, and keeps the row as cleared once MISP no longer flags it', async () => {
    const { sim, monitor } = await watchSimulated({ diagnostics: 5 });
    const healthy = await monitor.pollOnce();
    // Listed at level 0 but fine: no row, nothing to announce.
    expect(healthy.diagnostics?.criticalSettings).toEqual([]);
    expect(healthy.diagnostics?.settingsCritical).toBe(0);
    expect(readConditions(healthy, ['criticalSetting'], FRESH_CONDITIONS)).toEqual([]);

    flagEmailing(sim.state, true);
    const flagged = await monitor.pollOnce();
    expect(flagged.diagnostics?.settingsCritical).toBe(1);
    const [setting] = flagged.diagnostics?.criticalSettings ?? [];
    expect(setting).toMatchObject({ name: 'MISP.disable_emailing', tab: 'MISP', message: 'E-mailing is blocked.', flagged: true });
    const index = setting?.index ?? 0;
    expect(readConditions(flagged, ['criticalSetting'], FRESH_CONDITIONS)).toEqual([
      expect.objectContaining({ key: 'criticalSetting/test/MISP.disable_emailing', index: [1, index], active: true }),
    ]);
    const values = await getThroughSnmpd(flagged, [
      ['mispDiagCriticalSettingName', 1, index],
      ['mispDiagCriticalSettingMessage', 1, index],
      ['mispDiagCriticalSettingTab', 1, index],
      ['mispDiagCriticalSettingFlagged', 1, index],
      ['mispDiagSettingsCritical', 1],
    ]);
    expect(values.map((vb) => (Buffer.isBuffer(vb.value) ? vb.value.toString('utf8') : vb.value))).toEqual(['MISP.disable_emailing', 'E-mailing is blocked.', 'MISP', 1, 1]);

    flagEmailing(sim.state, false);
    const cleared = await monitor.pollOnce();
    expect(cleared.diagnostics?.settingsCritical).toBe(0);
    expect(cleared.diagnostics?.criticalSettings).toEqual([expect.objectContaining({ index, name: 'MISP.disable_emailing', message: '', flagged: false })]);
    expect(readConditions(cleared, ['criticalSetting'], FRESH_CONDITIONS)[0]).toMatchObject({ index: [1, index], active: false });
    // The simulated answer holds a redacted Security.salt and MISP.baseurl's value: no value is kept.
    expect(JSON.stringify(cleared.diagnostics)).not.toMatch(/\*\*\*\*\*|misp\.test/);
  });

  it('serves each misp-modules type, raises modulesUnreachable while an enabled type cannot be reached, and clears it', async () => {
    const { sim, monitor } = await watchSimulated({ diagnostics: 5 });
    sim.state.moduleStatus = { Enrichment: CURL_7, Import: 0, Export: 1, Cortex: 2 };
    const failing = await monitor.pollOnce();
    expect(failing.diagnostics?.modules).toEqual({ Enrichment: 'unreachable', Import: 'ok', Export: 'disabled', Cortex: 'noModules' });
    expect(readConditions(failing, ['modulesUnreachable'], FRESH_CONDITIONS).map((r) => [r.key, r.index, r.active])).toEqual([
      ['modulesUnreachable/test/Enrichment', [1, 1], true],
      ['modulesUnreachable/test/Import', [1, 2], false],
      ['modulesUnreachable/test/Export', [1, 3], false],
      ['modulesUnreachable/test/Cortex', [1, 4], false],
    ]);
    const values = await getThroughSnmpd(failing, [
      ['mispDiagModuleType', 1, 1],
      ['mispDiagModuleStatus', 1, 1],
      ['mispDiagModuleMessage', 1, 1],
      ['mispDiagModuleStatus', 1, 4],
      ['mispDiagModuleMessage', 1, 2],
    ]);
    expect(values.map((vb) => (Buffer.isBuffer(vb.value) ? vb.value.toString('utf8') : vb.value))).toEqual(['Enrichment', 4, CURL_7, 3, '']);

    sim.state.moduleStatus = { Enrichment: 0, Import: 0, Export: 1, Cortex: 2 };
    const reachable = await monitor.pollOnce();
    expect(readConditions(reachable, ['modulesUnreachable'], FRESH_CONDITIONS)[0]).toMatchObject({ active: false });
  });

  it('serves ZeroMQ and the proxy as codes next to their texts; MISP.live stays in mispInstanceLive', async () => {
    const { sim, monitor } = await watchSimulated({ diagnostics: 5, workers: 5 });
    sim.state.zmqStatus = 3;
    sim.state.proxyStatus = 'Getting URL via proxy failed';
    const snapshot = await monitor.pollOnce();
    expect(snapshot.diagnostics).toMatchObject({ zmqStatus: 'ZeroMQ script not running', zmqStatusCode: 'notRunning', proxyStatus: 'Getting URL via proxy failed', proxyStatusCode: 'failed' });
    const values = await getThroughSnmpd(snapshot, [
      ['mispDiagZmqStatus', 1],
      ['mispDiagZmqStatusCode', 1],
      ['mispDiagProxyStatus', 1],
      ['mispDiagProxyStatusCode', 1],
      ['mispInstanceLive', 1],
    ]);
    expect(values.map((vb) => (Buffer.isBuffer(vb.value) ? vb.value.toString('utf8') : vb.value))).toEqual(['ZeroMQ script not running', 4, 'Getting URL via proxy failed', 3, 1]);
    expect(values[4]?.type).toBe(T.Integer);
  });

  it('a wrong-shaped settings report keeps the last good critical settings and names the problem', async () => {
    const { sim, monitor } = await watchSimulated({ diagnostics: 5 });
    flagEmailing(sim.state, true);
    await monitor.pollOnce();
    sim.state.rawBodies.set('/servers/serverSettings', '["not", "an", "object"]');
    const snapshot = await monitor.pollOnce();
    expect(snapshot.polls.diagnostics).toMatchObject({ status: 'invalidResponse', lastError: expect.stringContaining('serverSettings') });
    expect(snapshot.diagnostics?.criticalSettings).toEqual([expect.objectContaining({ name: 'MISP.disable_emailing', flagged: true })]);
  });
});
