/** Small numeric helpers of the benchmark harness. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Seconds elapsed since `started` (a process.hrtime.bigint() reading). */
export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/** Milliseconds on a monotonic clock, for latencies measured within one process. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Tally {
  succeeded: number;
  failed: number;
  /** Failure messages with their counts. */
  failures: Map<string, number>;
}

/**
 * Runs tasks 0..total-1 with `callers` concurrent callers, each taking the next index when its previous task is
 * done (a closed loop, as real callers that wait for their answer). Failures are counted, not thrown.
 */
export async function runClosedLoop(total: number, callers: number, task: (index: number) => Promise<unknown>): Promise<Tally> {
  const tally: Tally = { succeeded: 0, failed: 0, failures: new Map() };
  let next = 0;
  const caller = async () => {
    for (let index = next++; index < total; index = next++) {
      try {
        await task(index);
        tally.succeeded++;
      } catch (error) {
        tally.failed++;
        const message = error instanceof Error ? error.message : String(error);
        tally.failures.set(message, (tally.failures.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(callers, total) }, caller));
  return tally;
}
