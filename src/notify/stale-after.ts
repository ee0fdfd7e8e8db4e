import type { NotificationsConfig } from '../config/types.js';
import type { GroupName } from '../domain/snapshot.js';

/** How many of the shortest poll interval may pass without good data before it counts as stale. */
const STALE_INTERVALS = 3;

/** The data age (ms) past which an instance's data is stale: configured, or 3 x its shortest enabled interval. */
export function staleAfterMs(notifications: NotificationsConfig, intervals: Readonly<Record<GroupName, number>>): number {
  if (notifications.staleAfterSeconds > 0) return notifications.staleAfterSeconds * 1000;
  const enabled = Object.values(intervals).filter((seconds) => seconds > 0);
  return enabled.length === 0 ? Infinity : STALE_INTERVALS * Math.min(...enabled) * 1000;
}
