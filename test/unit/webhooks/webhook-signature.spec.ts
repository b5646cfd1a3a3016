import { createHmac } from 'node:crypto';
import { retryAfterMs, retryDelayMs } from '../../../src/integration/webhooks/delivery/retry-schedule';
import { generateSecret, sign, signatureHeader } from '../../../src/integration/webhooks/delivery/webhook-signature';

describe('webhook signing', () => {
  // Test vector of the Standard Webhooks reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs id.timestamp.body with HMAC-SHA256 keyed by the decoded secret', () => {
    expect(sign(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('puts one signature per secret in force into the header, space separated', () => {
    const other = generateSecret();
    const header = signatureHeader([secret, other], id, timestamp, body);
    const key = Buffer.from(other.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(header.split(' ')).toEqual([sign(secret, id, timestamp, body), `v1,${expected}`]);
  });

  it('makes secrets of 32 random bytes with the whsec_ prefix', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });
});

describe('webhook retry schedule', () => {
  const options = { retryBaseMs: 1000, retryMaxMs: 60_000 };

  it('waits a random time below an exponentially growing ceiling, capped at the maximum (full jitter)', () => {
    const ceiling = (n: number) => retryDelayMs(n, options, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(ceiling)).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999]);
    expect(retryDelayMs(3, options, () => 0)).toBe(0);
    expect(retryDelayMs(3, options, () => 0.5)).toBe(2000);
    expect(retryDelayMs(1000, options, () => 0.5)).toBe(30_000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
