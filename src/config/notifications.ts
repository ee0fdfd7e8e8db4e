import { NOTIFICATION_KINDS, type NotificationKind } from '../domain/notification-kinds.js';
import { MAX_RECENT_FAILURES } from '../endpoints/auth-failures/cursor.js';
import { bool, integer, zeroOrRange } from './converters.js';
import { type ObjectReader, report } from './reader.js';
import type { NotificationsConfig } from './types.js';

export const NOTIFICATION_DEFAULTS: NotificationsConfig = {
  enabled: true,
  kinds: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, true])) as Record<NotificationKind, boolean>,
  jobsPendingHigh: 1000,
  jobsPendingClear: 500,
  authFailures: { burstThreshold: 10, burstSeconds: 300 },
  staleAfterSeconds: 0,
  clearAfterSeconds: 60,
  // A burst of 12 per kind and instance carries a whole-stack event of 2.4 (6 queues) down and
  // back up; held ones go out as soon as a token is back (docs/notifications.md).
  rateLimit: { burst: 12, refillSeconds: 300, globalPerMinute: 30 },
};

const MAX_JOBS = 1_000_000_000;
const MIN_STALE_SECONDS = 10;
const MAX_STALE_SECONDS = 604_800;

const staleAfter = zeroOrRange(MIN_STALE_SECONDS, MAX_STALE_SECONDS, "three times the instance's shortest poll interval");

function readKinds(reader: ObjectReader): Record<NotificationKind, boolean> {
  const kinds = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, reader.field(kind, bool, NOTIFICATION_DEFAULTS.kinds[kind])]));
  reader.finish();
  return kinds as Record<NotificationKind, boolean>;
}

function readRateLimit(reader: ObjectReader): NotificationsConfig['rateLimit'] {
  const defaults = NOTIFICATION_DEFAULTS.rateLimit;
  const rateLimit = {
    burst: reader.field('burst', integer(1, 100, ' notifications'), defaults.burst),
    refillSeconds: reader.field('refillSeconds', integer(1, 86_400, ' seconds'), defaults.refillSeconds),
    globalPerMinute: reader.field('globalPerMinute', integer(1, 10_000, ' notifications'), defaults.globalPerMinute),
  };
  reader.finish();
  return rateLimit;
}

function readAuthFailures(reader: ObjectReader): NotificationsConfig['authFailures'] {
  const defaults = NOTIFICATION_DEFAULTS.authFailures;
  const authFailures = {
    burstThreshold: reader.field('burstThreshold', integer(1, MAX_RECENT_FAILURES, ' failed-authentication log rows'), defaults.burstThreshold),
    burstSeconds: reader.field('burstSeconds', integer(10, 86_400, ' seconds'), defaults.burstSeconds),
  };
  reader.finish();
  return authFailures;
}

/** The `notifications:` section; every field optional, every default on. */
export function readNotifications(reader: ObjectReader): NotificationsConfig {
  const d = NOTIFICATION_DEFAULTS;
  const notifications = {
    enabled: reader.field('enabled', bool, d.enabled),
    kinds: readKinds(reader.mapping('kinds')),
    jobsPendingHigh: reader.field('jobsPendingHigh', integer(1, MAX_JOBS, ' jobs'), d.jobsPendingHigh),
    jobsPendingClear: reader.field('jobsPendingClear', integer(0, MAX_JOBS - 1, ' jobs'), d.jobsPendingClear),
    authFailures: readAuthFailures(reader.mapping('authFailures')),
    staleAfterSeconds: reader.field('staleAfterSeconds', staleAfter, d.staleAfterSeconds),
    clearAfterSeconds: reader.field('clearAfterSeconds', integer(0, 86_400, ' seconds'), d.clearAfterSeconds),
    rateLimit: readRateLimit(reader.mapping('rateLimit')),
  };
  reader.finish();
  if (notifications.jobsPendingClear >= notifications.jobsPendingHigh) {
    report(
      reader.ctx,
      [...reader.path, 'jobsPendingClear'],
      `got ${notifications.jobsPendingClear}, expected less than jobsPendingHigh (${notifications.jobsPendingHigh}), so a count near the threshold cannot flap`,
    );
  }
  return notifications;
}
