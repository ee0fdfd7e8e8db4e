/** Whether a condition counts as raised, and since when it has been over (while it is still raised). */
export interface Latch {
  readonly raised: boolean;
  /** When the condition was first seen over while raised; null when it holds (or is not raised). */
  readonly overSince: number | null;
}

/** Every condition starts as not raised: only a change from a healthy start is announced. */
export const NOT_RAISED: Latch = { raised: false, overSince: null };

/**
 * The latch after one reading. A condition is raised the moment it is seen; it is cleared only
 * once it has been seen over for `clearAfterMs`, so a MISP flapping faster than that stays raised.
 * An unknown reading (null) changes nothing.
 */
export function nextLatch(latch: Latch, active: boolean | null, now: number, clearAfterMs: number): Latch {
  if (active === null) return latch;
  if (active) return latch.raised && latch.overSince === null ? latch : { raised: true, overSince: null };
  if (!latch.raised) return latch;
  const overSince = latch.overSince ?? now;
  return now - overSince >= clearAfterMs ? NOT_RAISED : { raised: true, overSince };
}
