import { benchScale, benchSizes } from './bench-config';
import { currentLoad, renderReport, type Row } from './report';
import {
  buildService,
  type DelayResult,
  type HttpWorkloads,
  loadServiceData,
  measureMemoryWithHistory,
  measureSubscriberDelay,
  type MemoryResult,
  peakRssBytes,
  runHttpWorkloads,
  seedHistory,
  startService,
  stopService,
  waitForProjections,
} from './service';
import { runStoreWorkloads, type StoreWorkloadResults, TempDirs } from './store-workloads';

/**
 * `npm run bench`: the benchmark issue's workloads 1–7, ours against Emmett's SQLite event store (the peer) and raw
 * better-sqlite3 (the limit), printed as one table. BENCH_SCALE, BENCH_RUNS and BENCH_RSS_EVENTS: see bench-config.ts.
 * Progress lines go to stderr; the table goes to stdout at the end.
 */

const sizes = benchSizes();
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const MB = 2 ** 20;

interface ServiceResults {
  historyEvents: number;
  http: HttpWorkloads;
  delay: DelayResult;
  peakRss: number;
  memory: MemoryResult;
}

describe('benchmarks', () => {
  const startedAt = new Date();
  const loadAtStart = currentLoad();
  const dirs = new TempDirs();
  let store: StoreWorkloadResults | undefined;
  let service: ServiceResults | undefined;

  afterAll(() => {
    dirs.cleanup();
    if (!store || !service) return;
    const { http, delay, memory } = service;
    const rows: Row[] = [
      {
        workload: `1 commands (${sizes.streams} streams, ${sizes.commands} commands, ${sizes.callers} callers)`,
        unit: 'commands/s',
        ...store.commands,
        target: { op: '≥', value: 10_000 },
      },
      { workload: `2 batch append (${sizes.appendSize} events per append)`, unit: 'events/s', ...store.batchAppend, target: { op: '≥', value: 100_000 } },
      { workload: '3 read all in order', unit: 'events/s', ...store.readAll, target: { op: '≥', value: 200_000 } },
      {
        workload: `4 catch-up from zero (${store.catchUpEvents} events, all projections)`,
        unit: 'events/s',
        ...store.catchUp,
        target: { op: '≥', value: 50_000 },
      },
      { workload: `5 dashboard query (${sizes.httpConnections} connections)`, unit: 'req/s', ours: http.dashboard.requestsPerSecond, target: { op: '≥', value: 2_000 } },
      { workload: '5 dashboard query p50', unit: 'ms', ours: http.dashboard.p50, digits: 1 },
      { workload: '5 dashboard query p99', unit: 'ms', ours: http.dashboard.p99, digits: 1, target: { op: '<', value: 25 } },
      { workload: '5 audit-trail page of 50', unit: 'req/s', ours: http.auditTrail.requestsPerSecond },
      { workload: '5 audit-trail page p50', unit: 'ms', ours: http.auditTrail.p50, digits: 1 },
      { workload: '5 audit-trail page p99', unit: 'ms', ours: http.auditTrail.p99, digits: 1 },
      { workload: '5 mutation', unit: 'req/s', ours: http.mutation.requestsPerSecond, target: { op: '≥', value: 1_500 } },
      { workload: '5 mutation p99', unit: 'ms', ours: http.mutation.p99, digits: 1, target: { op: '<', value: 50 } },
      { workload: `6 append-to-subscriber delay p50 (${sizes.subscribers} subscribers, ${sizes.subscriptionRate} appends/s)`, unit: 'ms', ours: delay.p50, digits: 1 },
      { workload: '6 append-to-subscriber delay p99', unit: 'ms', ours: delay.p99, digits: 1, target: { op: '<', value: 50 } },
      { workload: `7 peak RSS of the service during 5–6 (${service.historyEvents} events)`, unit: 'MB', ours: service.peakRss / MB },
      { workload: `7 peak RSS, ${memory.stored} events stored, catching up from zero`, unit: 'MB', ours: memory.catchUpPeakRss / MB, target: { op: '<', value: 300 } },
      { workload: `7 peak RSS, ${memory.stored} events stored, restarted`, unit: 'MB', ours: memory.restartPeakRss / MB, target: { op: '<', value: 300 } },
    ];
    const notes = [
      ...store.notes,
      `5: the demo data set plus ${service.historyEvents} events of history; autocannon runs in the benchmark process on the same 2 cores as the service.`,
      `6: ${delay.deliveries} measured deliveries; delay = receipt by the subscriber − the event's recorded time (taken before the append and its fsync).`,
      `7: the service started on ${memory.stored} stored events with no read models and caught up in ${memory.catchUpSeconds.toFixed(0)} s (start included), then served workload 5 briefly; then it was restarted on that data (read models current) and served workload 5 again.`,
    ];
    process.stdout.write(
      renderReport(
        {
          sizes: `BENCH_SCALE=${benchScale()}`,
          runs: sizes.runs,
          durability: store.durability,
          startedAt,
          seconds: (Date.now() - startedAt.getTime()) / 1000,
          loadAtStart,
        },
        rows,
        notes,
      ),
    );
  });

  it('workloads 1–4: ours, the peer and the limit', async () => {
    store = await runStoreWorkloads(sizes, log);
  }, 1_800_000);

  it('workloads 5–7: the service', async () => {
    buildService();
    const dataDir = dirs.make('service');
    const historyEvents = await seedHistory(dataDir, sizes.serviceEvents);
    const server = await startService(dataDir);
    let results: Omit<ServiceResults, 'memory'>;
    try {
      await waitForProjections(server, 600_000);
      const data = await loadServiceData(server, 200);
      const http = await runHttpWorkloads(server, data, sizes, log);
      const delay = await measureSubscriberDelay(server, data, sizes, log);
      results = { historyEvents, http, delay, peakRss: peakRssBytes(server.pid) };
    } finally {
      await stopService(server);
    }
    const memory = await measureMemoryWithHistory(dirs.make('memory'), sizes.rssEvents, sizes, log);
    service = { ...results, memory };
  }, 1_800_000);
});
