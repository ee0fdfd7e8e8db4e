import { describe, expect, it } from 'vitest';
import { NOT_RAISED, nextLatch, type Latch } from '../../../src/notify/notifier.js';

/** Feeds readings one second apart and returns the raised flag after each. */
function run(readings: readonly (boolean | null)[], clearAfterMs: number): boolean[] {
  let latch: Latch = NOT_RAISED;
  return readings.map((active, second) => (latch = nextLatch(latch, active, second * 1000, clearAfterMs)).raised);
}

describe('nextLatch', () => {
  it('raises at the first reading that holds, and clears at once without a hold time', () => {
    expect(run([false, true, true, false, false], 0)).toEqual([false, true, true, false, false]);
  });

  it('clears only once the condition has been over for clearAfterMs', () => {
    expect(run([true, false, false, false, false], 2000)).toEqual([true, true, true, false, false]);
  });

  it('keeps a flapping condition raised: each return of the condition restarts the hold time', () => {
    expect(run([true, false, true, false, true, false, false, false], 1500)).toEqual([true, true, true, true, true, true, true, false]);
  });

  it('ignores unknown readings, raised or not', () => {
    expect(run([null, true, null, null, false], 0)).toEqual([false, true, true, true, false]);
    expect(run([true, false, null, false], 2000)).toEqual([true, true, true, false]);
  });

  it('returns the same object when nothing changes', () => {
    const raised = nextLatch(NOT_RAISED, true, 0, 0);
    expect(nextLatch(raised, true, 1, 0)).toBe(raised);
    expect(nextLatch(NOT_RAISED, false, 1, 0)).toBe(NOT_RAISED);
  });
});
