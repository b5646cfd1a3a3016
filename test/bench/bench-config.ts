/**
 * Sizes of the benchmark workloads. The full sizes are the benchmark issue's; BENCH_SCALE (0 < scale ≤ 1) shrinks
 * every count and duration for a quick look (counts never below a floor that keeps the workload meaningful), and
 * BENCH_RUNS sets the number of measured runs (at least 3; each workload also runs once before, as warm-up).
 * BENCH_RSS_EVENTS overrides the size of the separate memory measurement (1,000,000 events at full scale).
 */

export interface BenchSizes {
  /** Workload 1: commands through the command bus, spread over `streams` streams by `callers` concurrent callers. */
  commands: number;
  streams: number;
  callers: number;
  /** Workload 2 (and 3, which reads what 2 wrote): events appended, `appendSize` per append. */
  appendedEvents: number;
  appendSize: number;
  /** Workload 4: size of the realistic mix projected from zero. */
  catchUpEvents: number;
  /**
   * The peer projects a smaller mix of the same kind: at its rate (about a thousand events a second here) the full
   * one would take the whole time budget of `npm run bench`.
   */
  peerCatchUpEvents: number;
  /** Projection batch size, ours and the peer's. */
  projectionBatch: number;
  /** Workload 5: background history of the service, on top of the demo data set. */
  serviceEvents: number;
  httpConnections: number;
  httpSeconds: number;
  /** Workload 6: subscribers, and appends per run at `subscriptionRate` per second. */
  subscribers: number;
  subscriptionAppends: number;
  subscriptionRate: number;
  /** Workload 7: events stored for the separate memory measurement. */
  rssEvents: number;
  /** Measured runs per workload, after one warm-up run. */
  runs: number;
  /** Size factor of the warm-up run. */
  warmUpFactor: number;
}

type Env = Record<string, string | undefined>;

export function benchScale(env: Env = process.env): number {
  const scale = Number(env.BENCH_SCALE ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be a number in (0, 1], got ${env.BENCH_SCALE}`);
  return scale;
}

export function benchSizes(env: Env = process.env): BenchSizes {
  const scale = benchScale(env);
  const scaled = (full: number, floor: number) => Math.max(floor, Math.round(full * scale));
  const runs = Number(env.BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 3) throw new Error(`BENCH_RUNS must be an integer ≥ 3, got ${env.BENCH_RUNS}`);
  const rssEvents = env.BENCH_RSS_EVENTS === undefined ? scaled(1_000_000, 20_000) : Number(env.BENCH_RSS_EVENTS);
  if (!Number.isInteger(rssEvents) || rssEvents < 1) throw new Error(`BENCH_RSS_EVENTS must be a positive integer`);
  return {
    commands: scaled(20_000, 200),
    streams: scaled(1_000, 50),
    callers: 32,
    appendedEvents: scaled(100_000, 2_000),
    appendSize: 100,
    catchUpEvents: scaled(100_000, 5_000),
    peerCatchUpEvents: scaled(10_000, 5_000),
    projectionBatch: 500,
    serviceEvents: scaled(50_000, 3_000),
    httpConnections: 32,
    httpSeconds: Math.max(1, Math.round(5 * scale)),
    subscribers: 100,
    subscriptionAppends: scaled(50, 10),
    subscriptionRate: 10,
    rssEvents,
    runs,
    warmUpFactor: 0.1,
  };
}

/** The tiny sizes of the smoke test inside `npm test`: correctness only. */
export const SMOKE_SIZES: BenchSizes = {
  commands: 120,
  streams: 12,
  callers: 8,
  appendedEvents: 500,
  appendSize: 100,
  catchUpEvents: 3_000,
  peerCatchUpEvents: 3_000,
  projectionBatch: 500,
  serviceEvents: 3_000,
  httpConnections: 4,
  httpSeconds: 1,
  subscribers: 5,
  subscriptionAppends: 5,
  subscriptionRate: 50,
  rssEvents: 3_000,
  runs: 1,
  warmUpFactor: 1,
};
