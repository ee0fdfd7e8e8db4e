import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEGRADED_WHEN, deriveInstanceStatus, deriveReachable } from '../../../src/domain/instance-status.js';
import type { GroupName, PollState, Status } from '../../../src/domain/snapshot.js';
import type { DiagnosticsData } from '../../../src/endpoints/diagnostics/model.js';
import type { WorkersData } from '../../../src/endpoints/workers/model.js';
import { initialPollState } from '../../../src/domain/poll-state.js';

function polls(statuses: Partial<Record<GroupName, Status>>): Record<GroupName, PollState> {
  const base = initialPollState(false);
  const all: Record<GroupName, PollState> = {
    probe: base,
    version: base,
    workers: base,
    statistics: base,
    diagnostics: base,
    jobs: base,
    servers: base,
    feeds: base,
    authFailures: base,
  };
  for (const [group, status] of Object.entries(statuses)) all[group as GroupName] = { ...base, status };
  return all;
}
const workers = (dead: number, notOk: number, extra: Partial<WorkersData> = {}): WorkersData => ({
  backgroundJobsEnabled: true,
  supervisordRunning: true,
  mispLive: true,
  expectedSource: 'supervisord',
  workersAlive: 3,
  workersDead: dead,
  workersUnknown: 0,
  workersNotOk: dead,
  workersRunning: 3,
  workersExpected: 3 + dead,
  workersMissing: dead,
  queuesOk: 5 - notOk,
  queuesNotOk: notOk,
  jobsPending: 0,
  queues: [],
  ...extra,
});
const diagnostics = (schemaOk: boolean, locked: boolean): DiagnosticsData => ({
  dbSchemaActual: '130',
  dbSchemaExpected: '130',
  dbSchemaOk: schemaOk,
  updateLocked: locked,
  settingsCritical: null,
  settingsRecommended: null,
  settingsOptional: null,
  zmqStatus: null,
  redisMemoryBytes: null,
  databaseSizeBytes: null,
  backgroundJobsStatus: null,
  newestVersion: null,
  updateAvailable: null,
  modules: { Enrichment: null, Import: null, Export: null, Cortex: null },
  modulesMessage: { Enrichment: '', Import: '', Export: '', Cortex: '' },
  gnupg: null,
  gnupgText: null,
  stix: null,
  unwritableDirs: null,
});
const ALL_OK = { probe: 'ok', workers: 'ok', diagnostics: 'ok' } as const;

describe('deriveInstanceStatus', () => {
  it.each<[string, Partial<Record<GroupName, Status>>, WorkersData | null, Status, DiagnosticsData?]>([
    ['all off', {}, null, 'disabled'],
    ['nothing polled yet', { probe: 'notYetPolled', workers: 'notYetPolled' }, null, 'notYetPolled'],
    ['all ok', { probe: 'ok', workers: 'ok', statistics: 'ok' }, workers(0, 0), 'ok'],
    ['probe failing names the cause', { probe: 'tlsError', workers: 'ok' }, null, 'tlsError'],
    ['a refused key wins over other failures', { probe: 'ok', workers: 'authFailed', statistics: 'timeout' }, null, 'authFailed'],
    ['the same failure in every group but the probe is that failure', { probe: 'ok', version: 'maintenance', statistics: 'maintenance' }, null, 'maintenance'],
    ['different failures are degraded', { probe: 'ok', version: 'maintenance', statistics: 'timeout' }, null, 'degraded'],
    ['one group failing is degraded', { probe: 'ok', workers: 'permissionDenied', statistics: 'ok' }, null, 'degraded'],
    ['same failure in every polled group, probe off', { version: 'maintenance', statistics: 'maintenance' }, null, 'maintenance'],
    ['dead workers are degraded', { probe: 'ok', workers: 'ok' }, workers(1, 0), 'degraded'],
    ['a failing queue is degraded', { probe: 'ok', workers: 'ok' }, workers(0, 1), 'degraded'],
    ['one group not yet polled does not count', { probe: 'ok', statistics: 'notYetPolled' }, null, 'ok'],
    ['a missing worker (gone from the 2.5 list) is degraded', ALL_OK, workers(0, 0, { workersMissing: 1, workersExpected: 4 }), 'degraded'],
    ['a listed worker MISP marks not ok (N/A, wrong user) is degraded', ALL_OK, workers(0, 0, { workersNotOk: 1 }), 'degraded'],
    ['supervisord down is degraded', ALL_OK, workers(0, 0, { supervisordRunning: false }), 'degraded'],
    ['supervisord not reported (CakeResque) is no problem', ALL_OK, workers(0, 0, { supervisordRunning: null }), 'ok'],
    ['a database schema mismatch is degraded', ALL_OK, workers(0, 0), 'degraded', diagnostics(false, false)],
    ['locked database updates are degraded', ALL_OK, workers(0, 0), 'degraded', diagnostics(true, true)],
    ['MISP.live false is maintenance, even though a site-admin key gets answers', ALL_OK, workers(1, 1, { mispLive: false }), 'maintenance'],
    ['a refused key still wins over MISP.live false', { probe: 'ok', workers: 'ok', statistics: 'authFailed' }, workers(0, 0, { mispLive: false }), 'authFailed'],
  ])('%s', (_label, statuses, workerData, expected, diag) => {
    expect(deriveInstanceStatus(polls(statuses), workerData, diag ?? null)).toBe(expected);
  });
});

describe('the instance status table of docs/polling.md', () => {
  it('has a degraded row for each condition the code checks', () => {
    const doc = readFileSync(new URL('../../../docs/polling.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('### Instance status'));
    for (const row of DEGRADED_WHEN) expect(table).toContain(`| ${row.what} | degraded |`);
  });
});

describe('deriveReachable', () => {
  it('follows the probe when it has run', () => {
    expect(deriveReachable(polls({ probe: 'ok', workers: 'timeout' }))).toBe(true);
    expect(deriveReachable(polls({ probe: 'timeout', workers: 'ok' }))).toBe(false);
    expect(deriveReachable(polls({ probe: 'serverError' }))).toBe(false);
  });
  it('without a probe, any answer from MISP counts (a 403 is an answer)', () => {
    expect(deriveReachable(polls({ workers: 'permissionDenied' }))).toBe(true);
    expect(deriveReachable(polls({ workers: 'unreachable' }))).toBe(false);
    expect(deriveReachable(polls({}))).toBe(false);
  });
});
