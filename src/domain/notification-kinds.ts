/**
 * The conditions the agent announces. Each has one NOTIFICATION-TYPE sent when it starts and one
 * sent when it ends, so an NMS can raise and clear an alarm from the notifications alone.
 */
export const NOTIFICATION_KINDS = [
  'unreachable',
  'authFailed',
  'dataStale',
  'queueNotOk',
  'workersDead',
  'jobsPending',
  'dbSchemaMismatch',
  'updateLocked',
  // Added later: new kinds go last, so the arcs of the ones above never change.
  'workersMissing',
  'supervisordDown',
  'jobsFailed',
  'syncServerFailing',
  'feedFailing',
  'criticalSetting',
  'modulesUnreachable',
  'authFailureBurst',
  'syncServerTestFailed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
