import { GROUP_NAMES, type GroupName, type InstanceSnapshot, type PollState } from '../../src/domain/snapshot.js';
import type { AgentStatus } from '../../src/domain/agent-status.js';
import type { JobRecord } from '../../src/endpoints/jobs/model.js';

export const NOW = 1_000_000;

export function poll(overrides: Partial<PollState> = {}): PollState {
  return {
    status: 'ok',
    lastAttemptAt: NOW - 5_000,
    lastSuccessAt: NOW - 5_000,
    lastDurationMs: 42,
    consecutiveFailures: 0,
    failuresTotal: 0,
    lastError: '',
    ...overrides,
  };
}

function polls(overrides: Partial<Record<GroupName, Partial<PollState>>> = {}): Record<GroupName, PollState> {
  return Object.fromEntries(
    GROUP_NAMES.map((g) => [g, poll(overrides[g])]),
  ) as Record<GroupName, PollState>;
}

/** A failed pull as MISP 2.5.1 reports it (jobs.status 3), with a non-ASCII server name in its message. */
export const PULL_FAILED: JobRecord = {
  id: 16,
  type: 'pull',
  input: 'Server: 6',
  queue: 'default',
  outcome: 'failed',
  message: "ERROR: curl error 7 'Couldn't connect to server' (agentx sync test ÄÖ)",
  createdAt: Date.now() - 600_000,
  modifiedAt: Date.now() - 600_000,
};

/** An instance polled with a site-admin key: every field reported. */
export function fullInstance(index: number, name = `misp-${index}`): InstanceSnapshot {
  return {
    index,
    name,
    url: `https://misp${index}.example.org`,
    status: 'ok',
    reachable: true,
    polls: polls({ statistics: { lastSuccessAt: NOW - 125_400, failuresTotal: 3 }, diagnostics: { failuresTotal: 2 } }),
    probe: { endpoint: '/users/heartbeat', httpStatus: 200, dnsUs: 150, connectUs: 300, tlsUs: 2_500, ttfbUs: 9_000, totalUs: 12_345 },
    probeHttpStatus: 200,
    version: { text: '2.4.130', number: 2_004_130 },
    workers: {
      backgroundJobsEnabled: true,
      supervisordRunning: true,
      mispLive: true,
      expectedSource: 'mixed',
      workersAlive: 2,
      workersDead: 1,
      workersUnknown: 0,
      workersNotOk: 1,
      workersRunning: 2,
      workersExpected: 4,
      workersMissing: 2,
      queuesOk: 1,
      queuesNotOk: 1,
      jobsPending: 7,
      queues: [
        {
          index: 1,
          name: 'default',
          ok: true,
          jobsPending: 7,
          workersAlive: 2,
          workersDead: 0,
          workersUnknown: 0,
          workersNotOk: 0,
          workersRunning: 2,
          workersExpected: 3,
          workersMissing: 1,
          expectedSource: 'configured',
          workers: [
            { index: 1, pid: 1201, user: 'www-data', alive: true, correctUser: true, ok: true },
            { index: 2, pid: 1202, user: 'www-data', alive: true, correctUser: true, ok: true },
          ],
        },
        {
          index: 6,
          name: 'scheduler',
          ok: false,
          jobsPending: null,
          workersAlive: 0,
          workersDead: 1,
          workersUnknown: 0,
          workersNotOk: 1,
          workersRunning: 0,
          workersExpected: 1,
          workersMissing: 1,
          expectedSource: 'mostSeen',
          workers: [{ index: 1, pid: 1300, user: 'misp', alive: false, correctUser: false, ok: false }],
        },
      ],
    },
    statistics: {
      events: 1_200,
      eventsMonth: 30,
      attributes: 5_000_000_000,
      attributesMonth: 1_000,
      correlations: 2 ** 40,
      proposals: 4,
      users: 50,
      usersPgp: 10,
      organisations: 12,
      localOrganisations: 3,
      contributingOrganisations: 9,
      threads: 5,
      threadsMonth: 1,
      posts: 8,
      postsMonth: 2,
    },
    diagnostics: {
      dbSchemaActual: '139',
      dbSchemaExpected: '139',
      dbSchemaOk: true,
      updateLocked: false,
      settingsCritical: 0,
      settingsRecommended: 2,
      settingsOptional: 5,
      zmqStatus: 'OK',
      zmqStatusCode: 'ok',
      proxyStatus: 'not configured (so not tested)',
      proxyStatusCode: 'notConfigured',
      criticalSettings: [
        { index: 120_431, name: 'GnuPG.email', tab: 'Encryption', message: 'Value not set.', flagged: true },
        { index: 504_112, name: 'MISP.disable_emailing', tab: 'MISP', message: '', flagged: false },
      ],
      redisMemoryBytes: 12_345_678,
      databaseSizeBytes: 6_000_000_000,
      backgroundJobsStatus: 'OK',
      newestVersion: '2.5.2',
      updateAvailable: true,
      modules: { Enrichment: 'unreachable', Import: 'ok', Export: 'disabled', Cortex: 'noModules' },
      modulesMessage: { Enrichment: "curl error 7 'Couldn't connect to server'", Import: '', Export: '', Cortex: '' },
      gnupg: 'notConfigured',
      gnupgText: 'FAIL: settings not set',
      stix: 'failing',
      unwritableDirs: 1,
    },
    jobs: {
      backgroundJobsEnabled: true,
      windowSeconds: 86_400,
      read: 7,
      windowFull: false,
      failed: 2,
      completed: 4,
      running: 1,
      pending: 0,
      stale: 0,
      newFailed: 1,
      failedTotal: 3,
      newestFailure: PULL_FAILED,
      types: [
        { index: 1_000_001, name: 'pull', failed: 1, completed: 0, running: 1, pending: 0, stale: 0 },
        { index: 1_000_002, name: 'push', failed: 1, completed: 0, running: 0, pending: 0, stale: 0 },
        { index: 1_000_003, name: 'cache_servers', failed: 0, completed: 4, running: 0, pending: 0, stale: 0 },
      ],
      latest: new Map([
        ['pull|Server: 6', PULL_FAILED],
        ['fetch_feeds|Feed: 7', { ...PULL_FAILED, id: 19, type: 'fetch_feeds', input: 'Feed: 7', message: 'Job failed. See error log for more details.' }],
        ['push|Server: 6', { ...PULL_FAILED, id: 17, type: 'push', outcome: 'completed', message: 'Push complete. 3 events pushed, 0 events could not be pushed.' }],
      ]),
    },
    servers: {
      servers: [
        { id: 6, name: 'agentx sync test ÄÖ', host: '127.0.0.1:9', remoteOrg: 'ORG-ALPHA', pull: true, push: true, caching: true, lastPushedId: 41, lastPulledId: 5, cachedAt: Date.now() - 60_000, test: { status: 'ok', remoteVersion: '2.5.1', testedAt: Date.now() - 600_000 } },
      ],
    },
    feeds: {
      total: 4,
      enabled: 1,
      caching: 2,
      feeds: [
        { id: 7, name: 'agentx loopback feed', provider: 'agentx ÅÉ', sourceFormat: 'misp', inputSource: 'network', enabled: true, caching: true, cachedAt: null },
        { id: 8, name: 'agentx local file feed', provider: 'agentx', sourceFormat: 'freetext', inputSource: 'local', enabled: false, caching: true, cachedAt: Date.now() - 120_000 },
      ],
    },
    authFailures: {
      authFailures: 7,
      loginFailures: 3,
      newest: { id: 791, action: 'login_fail', title: 'Failed login attempt using username nobody@agentx.invalid from IP: 127.0.0.1.', createdAt: Date.now() - 90_000 },
      cursor: 1000,
      lagWindows: 0,
      recent: [Date.now() - 90_000],
    },
  };
}

/** An instance polled with a key that is not site admin: no workers, no diagnostics. */
export function readOnlyKeyInstance(index: number): InstanceSnapshot {
  const denied = { status: 'permissionDenied', lastSuccessAt: null, consecutiveFailures: 4, failuresTotal: 4, lastError: 'You do not have permission to use this functionality.' } as const;
  return {
    ...fullInstance(index),
    status: 'degraded',
    polls: polls({ workers: denied, diagnostics: { ...denied, lastAttemptAt: NOW - 1_000 } }),
    workers: null,
    diagnostics: null,
    jobs: null,
    servers: null,
    feeds: null,
    authFailures: null,
  };
}

/** An instance no poll has finished for yet. */
export function unpolledInstance(index: number): InstanceSnapshot {
  return {
    ...fullInstance(index),
    status: 'notYetPolled',
    reachable: false,
    polls: Object.fromEntries(
      GROUP_NAMES.map((g) => [g, poll({ status: 'notYetPolled', lastAttemptAt: null, lastSuccessAt: null, lastDurationMs: null })]),
    ) as Record<GroupName, PollState>,
    probe: null,
    probeHttpStatus: null,
    version: null,
    workers: null,
    statistics: null,
    diagnostics: null,
    jobs: null,
    servers: null,
    feeds: null,
    authFailures: null,
  };
}

export function agentStatus(overrides: Partial<AgentStatus> = {}): AgentStatus {
  return { version: '0.1.0', startedAt: NOW - 90_000, instanceCount: 3, sessionState: () => 'ready', notifications: () => ({ sent: 5, held: 1, dropped: 2 }), ...overrides };
}

/**
 * fullInstance with nothing wrong: every queue ok, no dead, not ok or missing worker, no new failed job, no failed sync,
 * no critical setting flagged, every misp-modules type reachable or off.
 */
export function healthyInstance(index: number, name = `misp-${index}`): InstanceSnapshot {
  const full = fullInstance(index, name);
  const workers = full.workers!;
  const diagnostics = full.diagnostics!;
  const fine = { workersDead: 0, workersNotOk: 0, workersMissing: 0 };
  return {
    ...full,
    workers: { ...workers, ...fine, queues: workers.queues.map((q) => ({ ...q, ok: true, ...fine })) },
    jobs: { ...full.jobs!, newFailed: 0, latest: new Map() },
    diagnostics: {
      ...diagnostics,
      criticalSettings: (diagnostics.criticalSettings ?? []).map((setting) => ({ ...setting, message: '', flagged: false })),
      modules: { ...diagnostics.modules, Enrichment: 'ok' },
      modulesMessage: { ...diagnostics.modulesMessage, Enrichment: '' },
    },
  };
}
