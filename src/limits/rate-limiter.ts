import type { Principal } from '../core/principal';
import { type Clock, systemClock } from '../core/clock';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const ALLOWED: RateDecision = { allowed: true };

/** Who a request is counted against: the authenticated principal, else the client's address. */
export const identityKey = (principal: Principal | null | undefined, address: string | undefined): string =>
  principal ? `principal:${principal.id}` : `address:${address ?? 'unknown'}`;

/**
 * Token buckets per identity, in memory. A bucket holds up to `burst` tokens and refills at `perMinute` tokens a
 * minute; each request takes one. A bucket left alone until it is full again is the same as no bucket, so such
 * buckets are dropped as requests go by (buckets are kept least recently used first, so the sweep stops at the first
 * busy one): memory follows the identities active within one refill period, and `maxBuckets` caps it outright.
 * Without limits (rate limiting off) every request is allowed.
 */
export class RateLimiter {
  /** Least recently used first. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokensPerMs: number;
  /** Time an empty bucket needs to fill up. */
  private readonly refillMs: number;

  constructor(
    private readonly limits: { perMinute: number; burst: number } | null,
    private readonly clock: Clock = systemClock,
    private readonly maxBuckets = 100_000,
  ) {
    this.tokensPerMs = limits ? limits.perMinute / 60_000 : 0;
    this.refillMs = limits ? limits.burst / this.tokensPerMs : 0;
  }

  take(key: string): RateDecision {
    if (!this.limits) return ALLOWED;
    const now = this.clock.now().getTime();
    this.dropIdle(now);
    const bucket = this.buckets.get(key);
    let tokens = this.limits.burst;
    if (bucket) {
      // A clock set back must not drain the bucket.
      tokens = Math.min(this.limits.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.tokensPerMs);
      this.buckets.delete(key);
    } else if (this.buckets.size >= this.maxBuckets) {
      const leastRecent = this.buckets.keys().next().value;
      if (leastRecent !== undefined) this.buckets.delete(leastRecent);
    }
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      return ALLOWED;
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.tokensPerMs / 1000)) };
  }

  /** Identities currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private dropIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < this.refillMs) return;
      this.buckets.delete(key);
    }
  }
}
