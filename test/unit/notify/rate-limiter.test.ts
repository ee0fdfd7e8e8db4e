import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimits } from '../../../src/notify/rate-limiter.js';

const LIMITS: RateLimits = { burst: 2, refillSeconds: 10, globalPerMinute: 1000 };

describe('RateLimiter', () => {
  it('allows a burst per key, then one more per refill period', () => {
    const limiter = new RateLimiter();
    expect([0, 1, 2].map((t) => limiter.take('a', t, LIMITS))).toEqual([true, true, false]);
    expect(limiter.take('a', 9_000, LIMITS)).toBe(false);
    expect(limiter.take('a', 10_001, LIMITS)).toBe(true);
    expect(limiter.take('a', 10_002, LIMITS)).toBe(false);
    // Other keys have their own budget.
    expect(limiter.take('b', 10_003, LIMITS)).toBe(true);
  });

  it('never banks more than the burst, however long it was idle', () => {
    const limiter = new RateLimiter();
    limiter.take('a', 0, LIMITS);
    expect([1e9, 1e9, 1e9].map((t) => limiter.take('a', t, LIMITS))).toEqual([true, true, false]);
  });

  it('caps all keys together at globalPerMinute, and a refused send spends no token', () => {
    const limiter = new RateLimiter();
    const limits = { burst: 5, refillSeconds: 60, globalPerMinute: 3 };
    const sent = ['a', 'b', 'c', 'd', 'e'].map((key) => limiter.take(key, 0, limits));
    expect(sent).toEqual([true, true, true, false, false]);
    // 20 s gives the global bucket one token back; key d still has its own.
    expect(limiter.take('d', 20_000, limits)).toBe(true);
    expect(limiter.take('e', 20_001, limits)).toBe(false);
  });

  it('forgets keys it is told to drop, which then start with a full burst', () => {
    const limiter = new RateLimiter();
    limiter.take('a', 0, LIMITS);
    limiter.take('a', 0, LIMITS);
    limiter.retain((key) => key !== 'a');
    expect(limiter.take('a', 1, LIMITS)).toBe(true);
  });
});
