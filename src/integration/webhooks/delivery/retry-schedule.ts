/**
 * Exponential backoff with full jitter: before retry n (n ≥ 1) wait a random time below
 * min(max, base · 2^(n-1)). Full jitter spreads the retries of many endpoints that failed together.
 */
export function retryDelayMs(
  failedAttempts: number,
  options: { retryBaseMs: number; retryMaxMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.min(failedAttempts - 1, 40));
  return Math.floor(random() * ceiling);
}

/**
 * A receiver's `Retry-After` (seconds or an HTTP date) in milliseconds from `now`, or null when absent or
 * unreadable. Honoured as a lower bound for the next wait, never beyond the configured maximum.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
