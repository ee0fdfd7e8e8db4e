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
}

/** A token bucket per key plus one over all keys; a send needs a token from both. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private global: TokenBucket | null = null;

  take(key: string, now: number, limits: RateLimits): boolean {
    const own = this.buckets.get(key) ?? new TokenBucket(limits.burst, now);
    this.buckets.set(key, own);
    this.global ??= new TokenBucket(limits.globalPerMinute, now);
    const ownTokens = own.refill(limits.burst, limits.refillSeconds * 1000, now);
    const globalTokens = this.global.refill(limits.globalPerMinute, 60_000 / limits.globalPerMinute, now);
    if (ownTokens < 1 || globalTokens < 1) return false;
    own.spend();
    this.global.spend();
    return true;
  }

  /** Drops the buckets of keys no longer in use (instances removed by a reload). */
  retain(keep: (key: string) => boolean): void {
    for (const key of this.buckets.keys()) if (!keep(key)) this.buckets.delete(key);
  }
}
