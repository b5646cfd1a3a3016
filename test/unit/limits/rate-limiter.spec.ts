import type { Clock } from '../../../src/core/clock';
import { identityKey, RateLimiter } from '../../../src/limits/rate-limiter';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-03-01T10:00:00Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (ms: number) => (now += ms) };
}

const takeMany = (limiter: RateLimiter, key: string, n: number) =>
  Array.from({ length: n }, () => limiter.take(key).allowed);

describe('RateLimiter (token bucket per identity)', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const { clock } = manualClock();
    const limiter = new RateLimiter({ perMinute: 6, burst: 3 }, clock);
    expect(takeMany(limiter, 'alice', 3)).toEqual([true, true, true]);
    // 6 a minute: one token every 10 s.
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('refills at the configured rate, never above the burst', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 2 }, clock);
    expect(takeMany(limiter, 'alice', 3)).toEqual([true, true, false]);
    advance(999);
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1);
    expect(limiter.take('alice').allowed).toBe(true);
    advance(60 * 60_000);
    expect(takeMany(limiter, 'alice', 3)).toEqual([true, true, false]);
  });

  it('keeps identities apart', () => {
    const { clock } = manualClock();
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, clock);
    expect(limiter.take('principal:alice').allowed).toBe(true);
    expect(limiter.take('principal:alice').allowed).toBe(false);
    expect(limiter.take('principal:bob').allowed).toBe(true);
    expect(limiter.take('address:127.0.0.1').allowed).toBe(true);
  });

  it('does not drain a bucket when the clock is set back', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 2 }, clock);
    limiter.take('alice');
    advance(-3_600_000);
    expect(limiter.take('alice').allowed).toBe(true);
  });

  it('forgets identities once their bucket would be full again, so memory follows the active ones', () => {
    const { clock, advance } = manualClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 10 }, clock);
    for (let i = 0; i < 1000; i++) limiter.take(`address:10.0.${Math.floor(i / 256)}.${i % 256}`);
    expect(limiter.size).toBe(1000);
    advance(5_000);
    limiter.take('principal:alice');
    expect(limiter.size).toBe(1001);
    // 10 s refill the 10-token buckets: the 1000 idle ones go, the busy one stays.
    advance(5_000);
    limiter.take('principal:bob');
    expect(limiter.size).toBe(2);
  });

  it('caps the number of buckets, dropping the least recently used', () => {
    const { clock } = manualClock();
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, clock, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    limiter.take('a'); // a is now the most recently used (and empty)
    limiter.take('d'); // b goes
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('allows everything when rate limiting is off', () => {
    const limiter = new RateLimiter(null);
    expect(takeMany(limiter, 'alice', 10_000).every(Boolean)).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('keys requests by principal, else by client address', () => {
    const principal = { id: 'alice', role: 'viewer' as const, districts: null, via: 'dev' as const };
    expect(identityKey(principal, '10.0.0.1')).toBe('principal:alice');
    expect(identityKey(null, '10.0.0.1')).toBe('address:10.0.0.1');
    expect(identityKey(undefined, undefined)).toBe('address:unknown');
  });
});
