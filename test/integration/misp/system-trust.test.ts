import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import type { InstanceConfig } from '../../../src/domain/instance-config.js';
import { readSystemBundle } from '../../../src/http/tls-options.js';
import { type SimulatedMisp, startSimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { type LocalCa, createLocalCa } from '../../helpers/local-ca.js';
import { tempDir } from '../../helpers/config-fixture.js';
import { ADMIN_KEY, capturedLogger, testConfig } from './helpers.js';

// The system store is the bundle update-ca-certificates writes; $SSL_CERT_FILE stands in for it
// here so that the test does not change the machine's trust (CI's package test uses the real command).
let ca: LocalCa;
let otherCa: LocalCa;
let sim: SimulatedMisp;
let withCa: string;
let withoutCa: string;
const savedCertFile = process.env['SSL_CERT_FILE'];

beforeAll(async () => {
  [ca, otherCa] = [createLocalCa('misp-agentx test CA'), createLocalCa('another CA')];
  sim = await startSimulatedMisp({ variant: '2.5', keys: { [ADMIN_KEY]: 'siteAdmin' }, tls: ca.server });
  const system = readFileSync(readSystemBundle()?.path ?? '/etc/ssl/certs/ca-certificates.crt');
  const dir = tempDir();
  [withCa, withoutCa] = [join(dir, 'with-ca.crt'), join(dir, 'without-ca.crt')];
  writeFileSync(withCa, Buffer.concat([system, Buffer.from(ca.caCert)]));
  writeFileSync(withoutCa, system);
});
afterEach(() => {
  if (savedCertFile === undefined) delete process.env['SSL_CERT_FILE'];
  else process.env['SSL_CERT_FILE'] = savedCertFile;
});
afterAll(async () => sim?.close());

async function statusWith(systemBundle: string, overrides: Partial<InstanceConfig> = {}): Promise<string> {
  process.env['SSL_CERT_FILE'] = systemBundle;
  const monitor = new InstanceMonitor(1, testConfig(sim.url, { intervals: { probe: 5, version: 5 }, ...overrides }), capturedLogger().logger);
  try {
    return (await monitor.pollOnce()).status;
  } finally {
    await monitor.stop();
  }
}

describe('TLS trust', () => {
  it('trusts a CA added to the system bundle without caFile, on any Node build', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(await statusWith(withCa)).toBe('ok');
  });

  it('refuses the same server when the system bundle lacks that CA (Node\'s own roots do not have it either)', async () => {
    expect(await statusWith(withoutCa)).toBe('tlsError');
  });

  it('caFile replaces the system store: its CA is trusted, the system\'s are not', async () => {
    expect(await statusWith(withoutCa, { caFile: ca.caFile })).toBe('ok');
    expect(await statusWith(withCa, { caFile: otherCa.caFile })).toBe('tlsError');
  });
});
