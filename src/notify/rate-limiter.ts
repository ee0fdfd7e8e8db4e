export interface RateLimits {
  /** Notifications each key may send in a burst, getting one back every refillSeconds. */
  readonly burst: number;
  readonly refillSeconds: number;
  /** Over all keys together, with a burst of as many. */
  readonly globalPerMinute: number;
}

/** A token bucket filled lazily: `capacity` tokens at most, one more every `refillMs`. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(capacity: number, now: number) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Tokens now (capacity and rate may change between calls, after a reload). */
  refill(capacity: number, refillMs: number, now: number): number {
    this.tokens = Math.min(capacity, this.tokens + Math.max(0, now - this.updatedAt) / refillMs);
    this.updatedAt = now;
    return this.tokens;
  }

  spend(): void {
    this.tokens -= 1;
  }

  /** Milliseconds until a whole token is there (0 if one is now). */
  msUntilToken(capacity: number, refillMs: number, now: number): number {
    return Math.max(0, (1 - this.refill(capacity, refillMs, now)) * refillMs);
  }
}

/** A token bucket per key plus one over all keys; a send needs a token from both. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private global: TokenBucket | null = null;

  take(key: string, now: number, limits: RateLimits): boolean {
    if (this.msUntilAllowed(key, now, limits) > 0) return false;
    this.bucket(key, now, limits).spend();
    this.globalBucket(now, limits).spend();
    return true;
  }

  /** Milliseconds until take(key) can succeed, if nothing else takes a token meanwhile. */
  msUntilAllowed(key: string, now: number, limits: RateLimits): number {
    const own = this.bucket(key, now, limits).msUntilToken(limits.burst, limits.refillSeconds * 1000, now);
    const global = this.globalBucket(now, limits).msUntilToken(limits.globalPerMinute, 60_000 / limits.globalPerMinute, now);
    return Math.max(own, global);
  }

  private bucket(key: string, now: number, limits: RateLimits): TokenBucket {
    const own = this.buckets.get(key) ?? new TokenBucket(limits.burst, now);
    this.buckets.set(key, own);
    return own;
  }

  private globalBucket(now: number, limits: RateLimits): TokenBucket {
    this.global ??= new TokenBucket(limits.globalPerMinute, now);
    return this.global;
  }

  /** Drops the buckets of keys no longer in use (instances removed by a reload). */
  retain(keep: (key: string) => boolean): void {
    for (const key of this.buckets.keys()) if (!keep(key)) this.buckets.delete(key);
  }
}
