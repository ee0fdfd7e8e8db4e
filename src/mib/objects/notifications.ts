import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notification-kinds.js';
import type { Branch, NotificationInfo, ObjectInfo } from '../../smi/types.js';

export interface NotificationPair {
  readonly raise: NotificationInfo;
  readonly clear: NotificationInfo;
}

interface PairSpec {
  /** The objects carried, by name: the instance name first, then what changed and its new value. */
  readonly objects: readonly string[];
  readonly raise: { readonly name: string; readonly description: string };
  readonly clear: { readonly name: string; readonly description: string };
}

const HOLD = 'Sent once the condition has been over for the agent setting notifications.clearAfterSeconds.';

const PAIRS: Readonly<Record<NotificationKind, PairSpec>> = {
  unreachable: {
    objects: ['mispInstanceName', 'mispInstanceReachable', 'mispInstanceStatus', 'mispInstanceLastError'],
    raise: { name: 'mispInstanceUnreachable', description: 'MISP stopped answering the probe: mispInstanceStatus says why.' },
    clear: { name: 'mispInstanceReachableAgain', description: `MISP answers the probe again. ${HOLD}` },
  },
  authFailed: {
    objects: ['mispInstanceName', 'mispInstanceStatus', 'mispInstanceLastError'],
    raise: { name: 'mispInstanceAuthFailed', description: 'MISP refused the API key of the agent: the key is wrong, expired, disabled or not allowed from this address.' },
    clear: { name: 'mispInstanceAuthOk', description: `MISP accepts the API key again. ${HOLD}` },
  },
  dataStale: {
    objects: ['mispInstanceName', 'mispInstanceDataAge', 'mispInstanceStatus'],
    raise: {
      name: 'mispInstanceDataStale',
      description:
        'No poll of the instance has stored good data for longer than the agent setting notifications.staleAfterSeconds ' +
        '(by default three times its shortest poll interval): the values served are old.',
    },
    clear: { name: 'mispInstanceDataFresh', description: `A poll of the instance stored good data again. ${HOLD}` },
  },
  queueNotOk: {
    objects: ['mispInstanceName', 'mispQueueName', 'mispQueueOk', 'mispQueueWorkersRunning', 'mispQueueWorkersMissing'],
    raise: { name: 'mispQueueNotOk', description: 'A background job queue has no worker MISP marks ok any more: jobs put there wait.' },
    clear: { name: 'mispQueueOkAgain', description: `The queue has a working worker again. ${HOLD}` },
  },
  workersDead: {
    objects: ['mispInstanceName', 'mispWorkersDead', 'mispWorkersAlive'],
    raise: {
      name: 'mispWorkersDeadFound',
      description:
        'MISP lists background workers that are not alive (none were before). Only CakeResque (MISP before ' +
        '2.4.151) lists dead workers; on later MISP a stopped worker is missing instead (mispWorkersMissingFound).',
    },
    clear: { name: 'mispWorkersDeadCleared', description: `MISP lists no dead worker any more. ${HOLD}` },
  },
  jobsPending: {
    objects: ['mispInstanceName', 'mispWorkersJobsPending'],
    raise: {
      name: 'mispJobsPendingHigh',
      description: 'The jobs waiting in all queues together reached notifications.jobsPendingHigh.',
    },
    clear: {
      name: 'mispJobsPendingNormal',
      description: `The jobs waiting fell to notifications.jobsPendingClear or below. ${HOLD}`,
    },
  },
  dbSchemaMismatch: {
    objects: ['mispInstanceName', 'mispDiagDbSchemaOk', 'mispDiagDbSchemaActual', 'mispDiagDbSchemaExpected'],
    raise: {
      name: 'mispDbSchemaMismatch',
      description: 'The MISP database schema differs from the one its code expects. Sent only while diagnostics are polled.',
    },
    clear: { name: 'mispDbSchemaOkAgain', description: `The database schema matches again. ${HOLD}` },
  },
  updateLocked: {
    objects: ['mispInstanceName', 'mispDiagUpdateLocked'],
    raise: {
      name: 'mispUpdateLocked',
      description: 'MISP database updates are locked, e.g. because an update runs or failed. Sent only while diagnostics are polled.',
    },
    clear: { name: 'mispUpdateUnlocked', description: `Database updates are no longer locked. ${HOLD}` },
  },
  workersMissing: {
    objects: ['mispInstanceName', 'mispWorkersMissing', 'mispWorkersRunning', 'mispWorkersExpected', 'mispWorkersExpectedSource'],
    raise: {
      name: 'mispWorkersMissingFound',
      description:
        'Fewer background workers run (MISP lists them ok) than are expected (none were missing before): a ' +
        'worker was stopped or crashed. mispQueueWorkersMissing tells which queues.',
    },
    clear: { name: 'mispWorkersMissingCleared', description: `Every expected worker runs again. ${HOLD}` },
  },
  supervisordDown: {
    objects: ['mispInstanceName', 'mispWorkersSupervisord', 'mispWorkersMissing'],
    raise: {
      name: 'mispSupervisordDown',
      description: 'MISP cannot reach supervisord, which runs its background workers (getWorkers supervisord_status false).',
    },
    clear: { name: 'mispSupervisordUp', description: `MISP reaches supervisord again. ${HOLD}` },
  },
  jobsFailed: {
    objects: ['mispInstanceName', 'mispJobsNewFailed', 'mispJobsNewestFailureType', 'mispJobsNewestFailureInput', 'mispJobsNewestFailureMessage'],
    raise: {
      name: 'mispJobsFailedAppeared',
      description:
        'A jobs poll found background jobs that failed (or died) since the previous poll: a publish, pull, push, ' +
        'feed fetch or other job did not do its work. The varbinds name the newest failure.',
    },
    clear: { name: 'mispJobsFailedNoNew', description: `Jobs polls found no new failed job. ${HOLD}` },
  },
  syncServerFailing: {
    objects: [
      'mispInstanceName',
      'mispSyncServerName',
      'mispSyncServerHost',
      'mispSyncServerPullOutcome',
      'mispSyncServerPullMessage',
      'mispSyncServerPushOutcome',
      'mispSyncServerPushMessage',
    ],
    raise: {
      name: 'mispSyncServerFailing',
      description:
        'The newest pull or push of a sync server (with that direction enabled) failed or died: sharing with that ' +
        'server does not work. Needs the servers and jobs groups.',
    },
    clear: { name: 'mispSyncServerWorking', description: `The newest pull and push of the sync server no longer failed. ${HOLD}` },
  },
  feedFailing: {
    objects: ['mispInstanceName', 'mispFeedName', 'mispFeedProvider', 'mispFeedFetchOutcome', 'mispFeedFetchMessage'],
    raise: {
      name: 'mispFeedFailing',
      description: 'The newest fetch of an enabled feed failed or died (the reason is in MISP\'s error.log). Needs the feeds and jobs groups.',
    },
    clear: { name: 'mispFeedWorking', description: `The newest fetch of the feed no longer failed. ${HOLD}` },
  },
  criticalSetting: {
    objects: ['mispInstanceName', 'mispDiagCriticalSettingName', 'mispDiagCriticalSettingMessage'],
    raise: {
      name: 'mispCriticalSettingAppeared',
      description: 'MISP flags a critical (level 0) setting with an error, as its diagnostics tab shows it. Sent only while diagnostics are polled.',
    },
    clear: { name: 'mispCriticalSettingCleared', description: `MISP no longer flags the setting. ${HOLD}` },
  },
  modulesUnreachable: {
    objects: ['mispInstanceName', 'mispDiagModuleType', 'mispDiagModuleMessage'],
    raise: {
      name: 'mispModulesUnreachable',
      description:
        'A misp-modules service type (enrichment, import, export, Cortex) is enabled but MISP cannot reach its ' +
        'server: the message is the connection error. Sent only while diagnostics are polled.',
    },
    clear: { name: 'mispModulesReachable', description: `MISP reaches the service type again, or it was disabled. ${HOLD}` },
  },
  authFailureBurst: {
    objects: ['mispInstanceName', 'mispAuthFailures', 'mispLoginFailures', 'mispAuthFailuresLastTitle'],
    raise: {
      name: 'mispAuthFailureBurst',
      description:
        'MISP logged notifications.authFailures.burstThreshold or more auth_fail and login_fail rows (together) within ' +
        'notifications.authFailures.burstSeconds, by their created time: someone is guessing API keys or passwords, or a ' +
        'client uses a revoked key. The varbinds carry the counts and the newest title. Needs the authFailures group.',
    },
    clear: { name: 'mispAuthFailureBurstOver', description: `Fewer rows than the threshold lie within the window. ${HOLD}` },
  },
  syncServerTestFailed: {
    objects: ['mispInstanceName', 'mispSyncServerName', 'mispSyncServerHost', 'mispSyncServerTestStatus'],
    raise: {
      name: 'mispSyncServerTestFailed',
      description:
        "MISP's connection test of a sync server failed: MISP cannot reach it, its answer is not MISP's, or it " +
        'refuses the sync key (statuses 2-6), or its key may not push while this server pushes (7, 8). Sent only ' +
        'while the optional test runs (intervals.serverConnectionTest).',
    },
    clear: { name: 'mispSyncServerTestOk', description: `The connection test of the sync server passes again. ${HOLD}` },
  },
};

/**
 * The NOTIFICATION-TYPEs, kind by kind: the kind at position i (from 0) takes arcs 2i+1 (raised)
 * and 2i+2 (cleared). Object names are resolved against `branches`; a name that is not a readable
 * object there is a definition bug and throws.
 */
export function notificationPairs(branches: readonly Branch[]): Readonly<Record<NotificationKind, NotificationPair>> {
  const readable = new Map(branches.flatMap((b) => b.objects).filter((o) => o.access === 'read-only').map((o) => [o.name, o]));
  const resolve = (name: string): ObjectInfo => {
    const object = readable.get(name);
    if (object === undefined) throw new Error(`notification object ${name} is not a readable object of the MIB`);
    return object;
  };
  const entries = NOTIFICATION_KINDS.map((kind, i) => {
    const { objects, raise, clear } = PAIRS[kind];
    const resolved = objects.map(resolve);
    const pair: NotificationPair = {
      raise: { ...raise, arc: 2 * i + 1, objects: resolved },
      clear: { ...clear, arc: 2 * i + 2, objects: resolved },
    };
    return [kind, pair] as const;
  });
  return Object.fromEntries(entries) as Record<NotificationKind, NotificationPair>;
}
