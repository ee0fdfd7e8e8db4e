import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceMonitor } from '../../../src/poller/monitor.js';
import type { GroupName } from '../../../src/domain/snapshot.js';
import { startSimulatedMisp, type SimulatedMisp } from '../../../src/sim/simulated-misp.js';
import { createSelfSignedCertificate } from '../../../src/sim/self-signed-cert.js';
import { freeTcpPort } from '../../../src/demo/free-port.js';
import { ADMIN_KEY, READER_KEY, capturedLogger, testConfig } from './helpers.js';
import { FAILURE_STATUSES } from '../../helpers/failure-statuses.js';
import type { InstanceConfig } from '../../../src/domain/instance-config.js';

let sim: SimulatedMisp;
const logs = capturedLogger();

beforeAll(async () => {
  sim = await startSimulatedMisp({ variant: '2.5', keys: { [ADMIN_KEY]: 'siteAdmin', [READER_KEY]: 'readOnly' } });
});
afterAll(async () => {
  await sim.close();
  // Whatever happened above, the key never reached a log line.
  expect(logs.text()).not.toContain(ADMIN_KEY.slice(0, 12));
});

async function pollWith(config: InstanceConfig) {
  const monitor = new InstanceMonitor(1, config, logs.logger);
  try {
    return await monitor.pollOnce();
  } finally {
    await monitor.stop();
  }
}

describe('each failure class gives its status', () => {
  it.each(FAILURE_STATUSES)('%s -> %s, with the last good values kept', async (failure, status) => {
    const config = testConfig(sim.url, { intervals: { statistics: 5 }, timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 } });
    const monitor = new InstanceMonitor(1, config, logs.logger);
    try {
      const good = await monitor.pollOnce();
      expect(good.polls.statistics.status).toBe('ok');
      sim.setFailure('/users/statistics', failure);
      const bad = await monitor.pollOnce();
      expect(bad.polls.statistics.status).toBe(status);
      expect(bad.polls.statistics.lastError).not.toBe('');
      expect(bad.polls.statistics.lastError).toMatch(/^[\x20-\x7e]{1,200}$/);
      expect(bad.statistics).toEqual(good.statistics);
      expect(bad.polls.statistics.lastSuccessAt).toBe(good.polls.statistics.lastSuccessAt);
      expect(bad.polls.statistics.consecutiveFailures).toBe(1);
      expect(bad.status).toBe(status);
    } finally {
      sim.setFailure('/users/statistics', null);
      await monitor.stop();
    }
  });

  it('a huge body is cut off early, not read to the end', async () => {
    sim.setFailure('/servers/getWorkers', 'hugeBody');
    const started = performance.now();
    try {
      const snapshot = await pollWith(testConfig(sim.url, { intervals: { workers: 5 }, maxBodyBytes: 1024 * 1024 }));
      expect(snapshot.polls.workers.status).toBe('tooLarge');
    } finally {
      sim.setFailure('/servers/getWorkers', null);
    }
    // 100 MB over loopback would take far longer than reading 1 MiB.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('403 permission for workers while statistics work with a read-only key', async () => {
    const snapshot = await pollWith(testConfig(sim.url, { apiKey: READER_KEY, intervals: { workers: 5, statistics: 5 } }));
    expect(snapshot.polls.workers.status).toBe('permissionDenied');
    expect(snapshot.polls.statistics.status).toBe('ok');
    expect(snapshot.status).toBe('degraded');
  });

  it('maintenance (MISP.live off): a non-admin key gets the login redirect, the heartbeat still answers', async () => {
    sim.state.live = false;
    try {
      const snapshot = await pollWith(testConfig(sim.url, { apiKey: READER_KEY, intervals: { probe: 5, version: 5, statistics: 5 } }));
      expect(snapshot.polls.probe.status).toBe('ok');
      expect(snapshot.polls.statistics.status).toBe('maintenance');
      expect(snapshot.status).toBe('maintenance');
      const admin = await pollWith(testConfig(sim.url, { intervals: { statistics: 5 } }));
      expect(admin.polls.statistics.status).toBe('ok');
    } finally {
      sim.state.live = true;
    }
  });

  it('a wrong key is authFailed and is not retried', async () => {
    const before = sim.state.requests.get('/servers/getVersion') ?? 0;
    const snapshot = await pollWith(testConfig(sim.url, { apiKey: 'WrongKey'.repeat(5), intervals: { version: 5 } }));
    expect(snapshot.polls.version.status).toBe('authFailed');
    expect(snapshot.polls.version.lastError).toContain('Authentication failed');
    expect(sim.state.requests.get('/servers/getVersion')).toBe(before + 1);
  });

  it('a 502 is retried a bounded number of times within the poll', async () => {
    sim.setFailure('/servers/getVersion', 'http502');
    const before = sim.state.requests.get('/servers/getVersion') ?? 0;
    try {
      const snapshot = await pollWith(testConfig(sim.url, { intervals: { version: 5 } }));
      expect(snapshot.polls.version.status).toBe('serverError');
      expect(sim.state.requests.get('/servers/getVersion')).toBe(before + 3);
    } finally {
      sim.setFailure('/servers/getVersion', null);
    }
  });

  it('connection refused is unreachable', async () => {
    const port = await freeTcpPort();
    const snapshot = await pollWith(testConfig(`http://127.0.0.1:${port}`, { intervals: { probe: 5, version: 5 } }));
    expect(snapshot.polls.probe.status).toBe('unreachable');
    expect(snapshot).toMatchObject({ status: 'unreachable', reachable: false });
  });
});

describe('TLS', () => {
  let tlsSim: SimulatedMisp;
  let certFile: string;
  beforeAll(async () => {
    const certificate = await createSelfSignedCertificate();
    certFile = certificate.certFile;
    tlsSim = await startSimulatedMisp({ variant: '2.5', keys: { [ADMIN_KEY]: 'siteAdmin' }, tls: certificate });
  });
  afterAll(async () => tlsSim.close());

  const groups: Partial<Record<GroupName, number>> = { probe: 5, version: 5 };

  it('a self-signed certificate is refused by default (tlsError)', async () => {
    const snapshot = await pollWith(testConfig(tlsSim.url, { intervals: groups }));
    expect(snapshot.polls.version.status).toBe('tlsError');
    expect(snapshot.status).toBe('tlsError');
  });

  it('is trusted through caFile, and the probe measures the handshake', async () => {
    const snapshot = await pollWith(testConfig(tlsSim.url, { caFile: certFile, intervals: groups }));
    expect(snapshot.status).toBe('ok');
    expect(snapshot.probe?.tlsUs).toBeGreaterThan(snapshot.probe?.connectUs ?? Infinity);
  });

  it('an unreadable caFile is a clear tlsError, not a crash', async () => {
    const snapshot = await pollWith(testConfig(tlsSim.url, { caFile: '/nonexistent/ca.pem', intervals: groups }));
    expect(snapshot.polls.version).toMatchObject({ status: 'tlsError', lastError: 'cannot read CA file /nonexistent/ca.pem: ENOENT' });
  });

  it('tlsVerify: false works and logs a warning', async () => {
    const local = capturedLogger();
    const monitor = new InstanceMonitor(1, testConfig(tlsSim.url, { tlsVerify: false, intervals: groups }), local.logger);
    const snapshot = await monitor.pollOnce();
    await monitor.stop();
    expect(snapshot.status).toBe('ok');
    expect(local.lines().filter((line) => line.level === 40 && String(line.msg).includes('verification is OFF'))).toHaveLength(1);
  });
});
