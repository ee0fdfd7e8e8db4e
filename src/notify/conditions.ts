import { newestSuccessAt } from '../domain/poll-state.js';
import type { NotificationKind } from '../domain/notification-kinds.js';
import type { InstanceSnapshot } from '../domain/snapshot.js';
import type { Oid } from '../snmp/oid.js';
import { serverJobKey, type Direction } from '../endpoints/servers/mib.js';
import { newestFetchJob } from '../endpoints/feeds/mib.js';
import { testFailed } from '../endpoints/servers/connection-test.js';
import type { JobRecord } from '../endpoints/jobs/model.js';
import { MODULE_TYPES } from '../endpoints/diagnostics/model.js';

/** What the condition readers need besides the snapshot. */
export interface ConditionContext {
  /** performance.now() milliseconds, the clock of the snapshots' times. */
  readonly now: number;
  readonly staleAfterMs: number;
  readonly jobsPendingHigh: number;
  readonly jobsPendingClear: number;
  /** Wall-clock epoch milliseconds, the clock of the times MISP wrote (log rows' created). */
  readonly wallNow: number;
  /** notifications.authFailures: this many failure rows within burstSeconds are a burst. */
  readonly authFailureBurst: { readonly burstThreshold: number; readonly burstSeconds: number };
  /** Whether the condition with this key is raised now: thresholds with hysteresis depend on it. */
  readonly isRaised: (key: string) => boolean;
}

/** One condition of one instance, or of one row of it (a queue, a sync server), as a snapshot shows it. */
export interface ConditionReading {
  readonly kind: NotificationKind;
  /** Stable across polls and reloads: the kind, the instance name, and the row (queue name, server id) for rows. */
  readonly key: string;
  readonly instance: string;
  /** The instance index, then the row index for row conditions: the notification row. */
  readonly index: Oid;
  /** For logs: "misp", "misp queue email", "misp sync server 6". */
  readonly subject: string;
  /** true while the condition holds, false when it does not, null when the snapshot cannot tell. */
  readonly active: boolean | null;
}

interface Found {
  /** A row of a table below the instance: a queue, a sync server. */
  readonly row?: { readonly index: number; readonly name: string; readonly what: string };
  /** Given whether the condition is raised now (for hysteresis), whether it holds. */
  readonly active: (raised: boolean) => boolean | null;
}

const jobFailed = (job: JobRecord | undefined): boolean => job?.outcome === 'failed' || job?.outcome === 'stale';

const one = (value: boolean | null): Found[] => [{ active: () => value }];

/** Before the first poll, and with every group off, nothing is known. */
const polled = (s: InstanceSnapshot): boolean => s.status !== 'notYetPolled' && s.status !== 'disabled';

const READERS: Readonly<Record<NotificationKind, (s: InstanceSnapshot, ctx: ConditionContext) => Found[]>> = {
  unreachable: (s) => one(polled(s) ? !s.reachable : null),
  // While MISP cannot be reached, whether it takes the key is unknown.
  authFailed: (s) => one(s.status === 'authFailed' ? true : polled(s) && s.reachable ? false : null),
  dataStale: (s, ctx) => {
    const at = newestSuccessAt(Object.values(s.polls));
    return one(at === null ? null : ctx.now - at > ctx.staleAfterMs);
  },
  queueNotOk: (s) => (s.workers?.queues ?? []).map((queue) => ({ row: { index: queue.index, name: queue.name, what: 'queue' }, active: () => !queue.ok })),
  workersDead: (s) => one(s.workers === null ? null : s.workers.workersDead > 0),
  jobsPending: (s, ctx) => {
    const pending = s.workers?.jobsPending;
    if (pending === undefined) return one(null);
    return [{ active: (raised) => (raised ? pending > ctx.jobsPendingClear : pending >= ctx.jobsPendingHigh) }];
  },
  dbSchemaMismatch: (s) => {
    const ok = s.diagnostics?.dbSchemaOk ?? null;
    return one(ok === null ? null : !ok);
  },
  updateLocked: (s) => one(s.diagnostics?.updateLocked ?? null),
  workersMissing: (s) => one(s.workers === null || !s.workers.backgroundJobsEnabled ? null : s.workers.workersMissing > 0),
  supervisordDown: (s) => one(s.workers?.supervisordRunning == null ? null : !s.workers.supervisordRunning),
  jobsFailed: (s) => one(s.jobs === null ? null : s.jobs.newFailed > 0),
  syncServerFailing: (s) =>
    (s.servers?.servers ?? []).map((server) => ({
      row: { index: server.id, name: String(server.id), what: 'sync server' },
      active: () => {
        if (s.jobs === null) return null;
        const failed = (direction: Direction): boolean => {
          return server[direction] && jobFailed(s.jobs?.latest.get(serverJobKey(direction, server.id)));
        };
        return failed('pull') || failed('push');
      },
    })),
  feedFailing: (s) =>
    (s.feeds?.feeds ?? [])
      .filter((feed) => feed.enabled)
      .map((feed) => ({
        row: { index: feed.id, name: String(feed.id), what: 'feed' },
        active: () => (s.jobs === null ? null : jobFailed(newestFetchJob(s.jobs, feed.id) ?? undefined)),
      })),
  // A setting's row stays after MISP stops flagging it (CriticalSettingsMemory), so the clear is read too.
  criticalSetting: (s) =>
    (s.diagnostics?.criticalSettings ?? []).map((setting) => ({
      row: { index: setting.index, name: setting.name, what: 'critical setting' },
      active: () => setting.flagged,
    })),
  // MISP tries to reach misp-modules only for enabled types: unreachable means enabled and failing.
  modulesUnreachable: (s) =>
    s.diagnostics === null
      ? []
      : MODULE_TYPES.map((type, position) => {
          const status = s.diagnostics?.modules[type] ?? null;
          return { row: { index: position + 1, name: type, what: 'misp-modules' }, active: () => (status === null ? null : status === 'unreachable') };
        }),
  authFailureBurst: (s, ctx) => {
    if (s.authFailures === null) return one(null);
    const since = ctx.wallNow - ctx.authFailureBurst.burstSeconds * 1000;
    return one(s.authFailures.recent.filter((createdAt) => createdAt >= since).length >= ctx.authFailureBurst.burstThreshold);
  },
  syncServerTestFailed: (s) =>
    (s.servers?.servers ?? []).map((server) => ({ row: { index: server.id, name: String(server.id), what: 'sync server' }, active: () => testFailed(server) })),
};

/** The conditions of `kinds` in one snapshot. Pure: the same inputs always give the same readings. */
export function readConditions(snapshot: InstanceSnapshot, kinds: readonly NotificationKind[], ctx: ConditionContext): ConditionReading[] {
  return kinds.flatMap((kind) =>
    READERS[kind](snapshot, ctx).map(({ row, active }) => {
      const key = row === undefined ? `${kind}/${snapshot.name}` : `${kind}/${snapshot.name}/${row.name}`;
      return {
        kind,
        key,
        instance: snapshot.name,
        index: row === undefined ? [snapshot.index] : [snapshot.index, row.index],
        subject: row === undefined ? snapshot.name : `${snapshot.name} ${row.what} ${row.name}`,
        active: active(ctx.isRaised(key)),
      };
    }),
  );
}
