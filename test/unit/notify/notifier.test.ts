import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src/agentx/session-state.js';
import { NOTIFICATION_DEFAULTS } from '../../../src/config/notifications.js';
import type { NotificationsConfig } from '../../../src/config/types.js';
import { buildTree } from '../../../src/mib/build-tree.js';
import { listOids, objectOid } from '../../../src/mib/oid-list.js';
import { DEFAULT_ROOT } from '../../../src/mib/root.js';
import type { OidTree } from '../../../src/snmp/oid-tree.js';
import type { InstanceSnapshot } from '../../../src/domain/snapshot.js';
import { Notifier, type NotifySession } from '../../../src/notify/notifier.js';
import { SNMP_TRAP_OID } from '../../../src/notify/varbinds.js';
import { formatOid } from '../../../src/snmp/oid.js';
import type { VarBind } from '../../../src/snmp/value.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { NOW, agentStatus, healthyInstance } from '../../helpers/sample-snapshots.js';

const INTERVALS = { probe: 60, version: 3600, workers: 60, statistics: 600, diagnostics: 3600, jobs: 300, servers: 300, feeds: 900, authFailures: 0 };
const oidOf = (name: string): string => formatOid(objectOid(DEFAULT_ROOT, name));

/** A healthy instance: every queue ok, no dead worker. */
const healthy = (index = 1, name = 'main'): InstanceSnapshot => healthyInstance(index, name);
const unreachable = (s: InstanceSnapshot): InstanceSnapshot => ({ ...s, status: 'unreachable', reachable: false });

class FakeSession implements NotifySession {
  state: SessionState = 'ready';
  refuse = false;
  readonly sent: VarBind[][] = [];
  async notify(varbinds: readonly VarBind[]): Promise<void> {
    if (this.refuse) throw new Error('master refused Notify: processingError');
    this.sent.push([...varbinds]);
  }
  /** The notification names sent, in order. */
  names(): string[] {
    const byOid = new Map(listOids(DEFAULT_ROOT).map((o) => [formatOid(o.oid), o.name]));
    return this.sent.map((vbs) => {
      const trap = vbs[0]!;
      expect(formatOid(trap.oid)).toBe(formatOid(SNMP_TRAP_OID));
      return byOid.get(formatOid(trap.value.type === 'ObjectIdentifier' ? trap.value.value : [])) ?? '?';
    });
  }
}

function setup(overrides: Partial<NotificationsConfig> = {}) {
  const session = new FakeSession();
  const log = capturedLogger();
  const clock = { now: NOW };
  let tree: OidTree | null = null;
  const notifications: NotificationsConfig = { ...NOTIFICATION_DEFAULTS, staleAfterSeconds: 604_800, clearAfterSeconds: 0, ...overrides };
  const notifier = new Notifier({
    config: () => ({ agentx: { oidRoot: DEFAULT_ROOT }, notifications, instances: [{ name: 'main', intervals: INTERVALS }, { name: 'second', intervals: INTERVALS }] }),
    session: () => session,
    read: (oid) => tree!.get(oid),
    logger: log.logger,
    now: () => clock.now,
  });
  /** Lets `seconds` pass, then shows the notifier the snapshots, as the daemon does after each poll. */
  const observe = async (seconds: number, ...snapshots: InstanceSnapshot[]): Promise<void> => {
    clock.now += seconds * 1000;
    tree = buildTree(DEFAULT_ROOT, agentStatus(), snapshots);
    notifier.observe(snapshots);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { session, log, notifier, observe, clock };
}

describe('Notifier', () => {
  it('says nothing about a healthy start, then raises and clears with the objects at the row', async () => {
    const { session, observe } = setup();
    await observe(0, healthy());
    expect(session.sent).toEqual([]);
    await observe(60, unreachable(healthy()));
    await observe(60, unreachable(healthy()));
    await observe(60, healthy());
    expect(session.names()).toEqual(['mispInstanceUnreachable', 'mispInstanceReachableAgain']);
    const [raised] = session.sent;
    expect(raised!.map((vb) => [formatOid(vb.oid), vb.value])).toEqual([
      [formatOid(SNMP_TRAP_OID), { type: 'ObjectIdentifier', value: [...DEFAULT_ROOT, 0, 1] }],
      [`${oidOf('mispInstanceName')}.1`, { type: 'OctetString', value: Buffer.from('main') }],
      [`${oidOf('mispInstanceReachable')}.1`, { type: 'Integer', value: 2 }],
      [`${oidOf('mispInstanceStatus')}.1`, { type: 'Integer', value: 3 }],
      [`${oidOf('mispInstanceLastError')}.1`, { type: 'OctetString', value: Buffer.from('') }],
    ]);
  });

  it('announces an instance that is already broken at the first poll', async () => {
    const { session, observe } = setup();
    await observe(0, { ...healthy(), status: 'authFailed' });
    expect(session.names()).toEqual(['mispInstanceAuthFailed']);
  });

  it('gives queue objects the instance and queue index, instance objects the instance index', async () => {
    const { session, observe } = setup();
    await observe(0, healthy(2, 'second'));
    const broken = healthy(2, 'second');
    const queues = broken.workers!.queues.map((q) => (q.name === 'scheduler' ? { ...q, ok: false, workersDead: 1 } : q));
    await observe(60, { ...broken, workers: { ...broken.workers!, queues } });
    expect(session.names()).toEqual(['mispQueueNotOk']);
    expect(session.sent[0]!.slice(1).map((vb) => formatOid(vb.oid))).toEqual([
      `${oidOf('mispInstanceName')}.2`,
      `${oidOf('mispQueueName')}.2.6`,
      `${oidOf('mispQueueOk')}.2.6`,
      `${oidOf('mispQueueWorkersRunning')}.2.6`,
      `${oidOf('mispQueueWorkersMissing')}.2.6`,
    ]);
  });

  it('clears only after clearAfterSeconds, so a condition flapping faster stays raised', async () => {
    const { session, observe } = setup({ clearAfterSeconds: 120 });
    for (let i = 0; i < 10; i++) await observe(60, i % 2 === 0 ? unreachable(healthy()) : healthy());
    expect(session.names()).toEqual(['mispInstanceUnreachable']);
    await observe(60, healthy());
    await observe(60, healthy());
    expect(session.names()).toEqual(['mispInstanceUnreachable', 'mispInstanceReachableAgain']);
  });

  it('bounds a flapping instance by the rate limit, counts what it held back, and sends the final state later', async () => {
    const { session, observe, notifier, log } = setup({ rateLimit: { burst: 2, refillSeconds: 600, globalPerMinute: 30 } });
    for (let i = 0; i < 20; i++) await observe(10, i % 2 === 0 ? unreachable(healthy()) : healthy());
    expect(session.names()).toEqual(['mispInstanceUnreachable', 'mispInstanceReachableAgain']);
    // The last flap left MISP reachable, as the NMS last heard: 18 changes never sent.
    expect(notifier.counts).toMatchObject({ sent: 2, suppressed: 18 });
    await observe(10, unreachable(healthy()));
    await observe(600, unreachable(healthy()));
    expect(session.names()).toEqual(['mispInstanceUnreachable', 'mispInstanceReachableAgain', 'mispInstanceUnreachable']);
    // One warning for the whole storm; the next notification sent tells how many changes were not.
    const limited = log.lines().filter((l) => l['msg'] === 'notification rate limit reached; holding the change until it allows one');
    expect(limited).toHaveLength(1);
    expect(log.lines().filter((l) => l['msg'] === 'notification sent').at(-1)).toMatchObject({ changesNotSent: 18 });
  });

  it('sends every change when the limits allow it', async () => {
    const { session, observe } = setup({ rateLimit: { burst: 100, refillSeconds: 1, globalPerMinute: 10_000 } });
    for (let i = 0; i < 20; i++) await observe(10, i % 2 === 0 ? unreachable(healthy()) : healthy());
    expect(session.sent).toHaveLength(20);
  });

  it('with the defaults, delivers every change of a whole-stack event: 5 queues and supervisord down, then back', async () => {
    const { session, observe, notifier } = setup({ rateLimit: NOTIFICATION_DEFAULTS.rateLimit });
    const base = healthy();
    const template = base.workers!.queues[0]!;
    const names = ['default', 'prio', 'email', 'cache', 'update'];
    const stack = (up: boolean): InstanceSnapshot => {
      const queues = names.map((name, i) => ({ ...template, name, index: i + 1, ok: up, workersRunning: up ? 5 : 0, workersMissing: up ? 0 : 5, workers: up ? template.workers : [] }));
      return { ...base, workers: { ...base.workers!, queues, supervisordRunning: up, workersRunning: up ? 25 : 0, workersMissing: up ? 0 : 25, queuesOk: up ? 5 : 0, queuesNotOk: up ? 0 : 5 } };
    };
    await observe(0, stack(true));
    await observe(60, stack(false));
    await observe(60, stack(true));
    const down = ['mispQueueNotOk', 'mispQueueNotOk', 'mispQueueNotOk', 'mispQueueNotOk', 'mispQueueNotOk', 'mispWorkersMissingFound', 'mispSupervisordDown'];
    const up = ['mispQueueOkAgain', 'mispQueueOkAgain', 'mispQueueOkAgain', 'mispQueueOkAgain', 'mispQueueOkAgain', 'mispWorkersMissingCleared', 'mispSupervisordUp'];
    expect(session.names()).toEqual([...down, ...up]);
    expect(notifier.tallyForMib).toEqual({ sent: 14, held: 0, dropped: 0 });
  });

  it('sends a held notification as soon as the rate limit allows, without waiting for another poll', async () => {
    const { session, observe, notifier, clock } = setup({ rateLimit: { burst: 1, refillSeconds: 1, globalPerMinute: 10_000 } });
    await observe(0, unreachable(healthy()));
    await observe(0.01, healthy());
    expect(session.names()).toEqual(['mispInstanceUnreachable']);
    expect(notifier.tallyForMib).toEqual({ sent: 1, held: 1, dropped: 0 });
    // No observe() from here: only the notifier's own timer can send it.
    clock.now += 1_000;
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(session.names()).toEqual(['mispInstanceUnreachable', 'mispInstanceReachableAgain']);
    expect(notifier.tallyForMib).toEqual({ sent: 2, held: 0, dropped: 0 });
    notifier.stop();
  });

  it('caps all instances together at globalPerMinute', async () => {
    const { session, observe } = setup({ rateLimit: { burst: 4, refillSeconds: 600, globalPerMinute: 3 } });
    await observe(0, healthy(1, 'main'), healthy(2, 'second'));
    await observe(1, { ...unreachable(healthy(1, 'main')), status: 'authFailed' }, unreachable(healthy(2, 'second')));
    expect(session.sent).toHaveLength(3);
  });

  it('holds a change while the session is down: sent once it is back if still true', async () => {
    const { session, observe, notifier, log } = setup();
    session.state = 'disconnected';
    await observe(0, unreachable(healthy()));
    expect(session.sent).toEqual([]);
    expect(log.lines().filter((l) => l['msg'] === 'AgentX session not ready; notifications wait for it')).toHaveLength(1);
    session.state = 'ready';
    notifier.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(session.names()).toEqual(['mispInstanceUnreachable']);
  });

  it('drops a held change with a log line when it is no longer true once the session is back', async () => {
    const { session, observe, notifier, log } = setup();
    session.state = 'disconnected';
    await observe(0, unreachable(healthy()));
    await observe(60, healthy());
    session.state = 'ready';
    notifier.flush();
    expect(session.sent).toEqual([]);
    expect(notifier.counts.dropped).toBe(2);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ msg: 'notification dropped: the condition is no longer true', kind: 'unreachable', subject: 'main', heldBy: 'session' }),
    );
  });

  it('tries again at the next poll when the master refuses', async () => {
    const { session, observe, notifier } = setup();
    session.refuse = true;
    await observe(0, unreachable(healthy()));
    expect(notifier.counts.failed).toBe(1);
    session.refuse = false;
    await observe(60, unreachable(healthy()));
    expect(session.names()).toEqual(['mispInstanceUnreachable']);
  });

  it('sends nothing of a kind switched off, nor anything when notifications are off', async () => {
    const kinds = { ...NOTIFICATION_DEFAULTS.kinds, unreachable: false };
    const off = setup({ kinds });
    await off.observe(0, unreachable(healthy()));
    await off.observe(0, { ...healthy(), status: 'authFailed' });
    expect(off.session.names()).toEqual(['mispInstanceAuthFailed']);
    const none = setup({ enabled: false });
    await none.observe(0, { ...unreachable(healthy()), status: 'authFailed' });
    expect(none.session.sent).toEqual([]);
  });

  it('raises jobs pending at jobsPendingHigh and clears at jobsPendingClear, not in between', async () => {
    const { session, observe } = setup({ jobsPendingHigh: 100, jobsPendingClear: 50 });
    const pending = (jobsPending: number) => ({ ...healthy(), workers: { ...healthy().workers!, jobsPending } });
    for (const jobs of [10, 100, 60, 99, 120, 51, 50, 99]) await observe(60, pending(jobs));
    expect(session.names()).toEqual(['mispJobsPendingHigh', 'mispJobsPendingNormal']);
  });

  it('raises stale data once the data age passes staleAfterSeconds', async () => {
    const { session, observe } = setup({ staleAfterSeconds: 300 });
    await observe(0, healthy());
    await observe(300, healthy());
    expect(session.names()).toEqual(['mispInstanceDataStale']);
    const age = session.sent[0]!.find((vb) => formatOid(vb.oid) === `${oidOf('mispInstanceDataAge')}.1`);
    expect(age?.value.type).toBe('Gauge32');
  });

  it('forgets a queue gone from the answer, and logs a failing check instead of throwing', async () => {
    const { session, observe, notifier, log } = setup();
    const broken = healthy();
    await observe(0, { ...broken, workers: { ...broken.workers!, queues: broken.workers!.queues.map((q) => ({ ...q, ok: false })) } });
    expect(session.names()).toEqual(['mispQueueNotOk', 'mispQueueNotOk']);
    await observe(60, { ...broken, workers: { ...broken.workers!, queues: [] } });
    expect(session.sent).toHaveLength(2);
    notifier.observe([{ ...healthy(), polls: null } as unknown as InstanceSnapshot]);
    expect(log.lines()).toContainEqual(expect.objectContaining({ msg: 'checking the notification conditions failed' }));
  });
});
