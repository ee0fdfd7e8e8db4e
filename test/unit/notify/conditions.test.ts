import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../src/domain/notification-kinds.js';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import type { SyncServerData } from '../../../src/endpoints/servers/model.js';
import { type ConditionContext, readConditions } from '../../../src/notify/conditions.js';
import { NOW, fullInstance, healthyInstance, poll, readOnlyKeyInstance, unpolledInstance } from '../../helpers/sample-snapshots.js';

const CTX: ConditionContext = {
  now: NOW,
  staleAfterMs: 60_000,
  jobsPendingHigh: 100,
  jobsPendingClear: 50,
  wallNow: Date.now(),
  authFailureBurst: { burstThreshold: 3, burstSeconds: 300 },
  isRaised: () => false,
};

/** kind -> active, for the instance-level conditions of one snapshot (queue conditions keyed by queue name). */
function read(snapshot: InstanceSnapshot, ctx: Partial<ConditionContext> = {}): Record<string, boolean | null> {
  return Object.fromEntries(readConditions(snapshot, NOTIFICATION_KINDS, { ...CTX, ...ctx }).map((r) => [r.key, r.active]));
}

const healthy = (): InstanceSnapshot => healthyInstance(2, 'main');

describe('readConditions', () => {
  it('reads every kind of a healthy instance as not holding, with stable keys and row indexes', () => {
    const readings = readConditions(healthy(), NOTIFICATION_KINDS, CTX);
    expect(readings.map((r) => [r.key, r.active, r.index])).toEqual([
      ['unreachable/main', false, [2]],
      ['authFailed/main', false, [2]],
      ['dataStale/main', false, [2]],
      ['queueNotOk/main/default', false, [2, 1]],
      ['queueNotOk/main/scheduler', false, [2, 6]],
      ['workersDead/main', false, [2]],
      ['jobsPending/main', false, [2]],
      ['dbSchemaMismatch/main', false, [2]],
      ['updateLocked/main', false, [2]],
      ['workersMissing/main', false, [2]],
      ['supervisordDown/main', false, [2]],
      ['jobsFailed/main', false, [2]],
      ['syncServerFailing/main/6', false, [2, 6]],
      ['feedFailing/main/7', false, [2, 7]],
      ['criticalSetting/main/GnuPG.email', false, [2, 120_431]],
      ['criticalSetting/main/MISP.disable_emailing', false, [2, 504_112]],
      ['modulesUnreachable/main/Enrichment', false, [2, 1]],
      ['modulesUnreachable/main/Import', false, [2, 2]],
      ['modulesUnreachable/main/Export', false, [2, 3]],
      ['modulesUnreachable/main/Cortex', false, [2, 4]],
      ['authFailureBurst/main', false, [2]],
      ['syncServerTestFailed/main/6', false, [2, 6]],
    ]);
    expect(readings.find((r) => r.kind === 'queueNotOk')?.subject).toBe('main queue default');
  });

  it('reads only the kinds asked for', () => {
    const kinds: NotificationKind[] = ['workersDead'];
    expect(readConditions(healthy(), kinds, CTX).map((r) => r.key)).toEqual(['workersDead/main']);
  });

  it('sees each condition hold', () => {
    const base = healthy();
    expect(read({ ...base, reachable: false, status: 'unreachable' })['unreachable/main']).toBe(true);
    expect(read({ ...base, status: 'authFailed' })['authFailed/main']).toBe(true);
    expect(read(base, { now: NOW + 61_000 })['dataStale/main']).toBe(true);
    const full = fullInstance(2, 'main');
    expect(read(full)['queueNotOk/main/scheduler']).toBe(true);
    expect(read(full)['workersDead/main']).toBe(true);
    expect(read({ ...base, workers: { ...base.workers!, jobsPending: 100 } })['jobsPending/main']).toBe(true);
    const diagnostics = { ...base.diagnostics!, dbSchemaOk: false, updateLocked: true };
    expect(read({ ...base, diagnostics })).toMatchObject({ 'dbSchemaMismatch/main': true, 'updateLocked/main': true });
    expect(read(full)['workersMissing/main']).toBe(true);
    expect(read({ ...base, workers: { ...base.workers!, supervisordRunning: false } })['supervisordDown/main']).toBe(true);
    expect(read({ ...base, workers: { ...base.workers!, supervisordRunning: true } })['supervisordDown/main']).toBe(false);
    expect(read(full)['jobsFailed/main']).toBe(true);
    // fullInstance's server 6 pulls, and its newest pull job failed.
    expect(read(full)['syncServerFailing/main/6']).toBe(true);
    const pushOnly = { servers: [{ ...full.servers!.servers[0]!, pull: false }] };
    expect(read({ ...full, servers: pushOnly })['syncServerFailing/main/6']).toBe(false);
    expect(read({ ...full, jobs: null })['syncServerFailing/main/6']).toBe(null);
    // Feed 7 is enabled and its newest fetch failed; feed 8 only caches, so it has no condition.
    expect(read(full)['feedFailing/main/7']).toBe(true);
    expect(Object.keys(read(full))).not.toContain('feedFailing/main/8');
    // GnuPG.email is flagged; MISP.disable_emailing was flagged earlier and no longer is.
    expect(read(full)).toMatchObject({ 'criticalSetting/main/GnuPG.email': true, 'criticalSetting/main/MISP.disable_emailing': false });
    // Enrichment is enabled but its server cannot be reached; export is off, which is not a failure.
    expect(read(full)).toMatchObject({ 'modulesUnreachable/main/Enrichment': true, 'modulesUnreachable/main/Import': false, 'modulesUnreachable/main/Export': false });
    const unknown = { ...base.diagnostics!, modules: { ...base.diagnostics!.modules, Cortex: null } };
    expect(read({ ...base, diagnostics: unknown })['modulesUnreachable/main/Cortex']).toBe(null);
    const tested = (test: Partial<NonNullable<SyncServerData['test']>> | null, push = true) => ({
      servers: [{ ...full.servers!.servers[0]!, push, test: test === null ? null : { status: 'ok' as const, remoteVersion: null, testedAt: 0, ...test } }],
    });
    expect(read({ ...full, servers: tested({ status: 'authenticationFailed' }) })['syncServerTestFailed/main/6']).toBe(true);
    expect(read({ ...full, servers: tested({ status: 'noSyncPermission' }, false) })['syncServerTestFailed/main/6']).toBe(false);
    expect(read({ ...full, servers: tested(null) })['syncServerTestFailed/main/6']).toBe(null);
  });

  it('sees a burst of failed authentications by their created time, threshold and window from the configuration', () => {
    const at = (agoSeconds: number[], threshold = 3) => {
      const recent = agoSeconds.map((ago) => CTX.wallNow - ago * 1000);
      const snapshot = { ...healthy(), authFailures: { ...healthy().authFailures!, recent } };
      return read(snapshot, { authFailureBurst: { burstThreshold: threshold, burstSeconds: 300 } })['authFailureBurst/main'];
    };
    expect(at([10, 20])).toBe(false);
    expect(at([10, 20, 300])).toBe(true);
    // One of the three lies outside the 300 s window.
    expect(at([10, 20, 301])).toBe(false);
    expect(at([10], 1)).toBe(true);
    expect(read({ ...healthy(), authFailures: null })['authFailureBurst/main']).toBe(null);
  });

  it('holds jobs pending between the clear and the raise thresholds only while raised', () => {
    const at = (jobsPending: number, raised: boolean) =>
      read({ ...healthy(), workers: { ...healthy().workers!, jobsPending } }, { isRaised: () => raised })['jobsPending/main'];
    expect([at(99, false), at(100, false)]).toEqual([false, true]);
    expect([at(99, true), at(51, true), at(50, true)]).toEqual([true, true, false]);
  });

  it('cannot tell before the first poll, nor what a key without rights cannot see', () => {
    expect(Object.values(read(unpolledInstance(1)))).toEqual([null, null, null, null, null, null, null, null, null, null, null]);
    const readOnly = read(readOnlyKeyInstance(1));
    expect(readOnly).toMatchObject({ 'workersDead/misp-1': null, 'workersMissing/misp-1': null, 'supervisordDown/misp-1': null, 'jobsPending/misp-1': null, 'dbSchemaMismatch/misp-1': null, 'jobsFailed/misp-1': null });
    expect(Object.keys(readOnly).some((key) => key.startsWith('queueNotOk'))).toBe(false);
  });

  it('does not judge the key while MISP cannot be reached', () => {
    expect(read({ ...healthy(), status: 'timeout', reachable: false })['authFailed/main']).toBeNull();
  });

  it('judges staleness by the newest good data of any group', () => {
    const polls = Object.fromEntries(Object.entries(healthy().polls).map(([g, p]) => [g, { ...p, lastSuccessAt: NOW - 70_000 }]));
    const old = { ...healthy(), polls: { ...polls, version: poll({ lastSuccessAt: NOW - 1_000 }) } } as InstanceSnapshot;
    expect(read(old)['dataStale/main']).toBe(false);
    expect(read({ ...old, polls: polls as InstanceSnapshot['polls'] })['dataStale/main']).toBe(true);
  });
});
