import type { ServerProcess } from '../support/app';
import { SMOKE_SIZES } from '../bench/bench-config';
import {
  loadServiceData,
  measureMemoryWithHistory,
  measureSubscriberDelay,
  peakRssBytes,
  runHttpWorkloads,
  seedHistory,
  type ServiceData,
  startService,
  stopService,
  waitForProjections,
} from '../bench/service';
import { TempDirs } from '../bench/store-workloads';

/**
 * The benchmark's service workloads (5–7) at tiny size against the built service, so they cannot rot. Correctness
 * only: the functions themselves check every answer (no GraphQL errors, 50 audit entries, one event per mutation,
 * every subscriber gets every event); here we check what they return. Needs `npm run build`.
 */

jest.setTimeout(240_000);

describe('benchmark harness, workloads 5–7 (smoke)', () => {
  const dirs = new TempDirs();
  const log = () => undefined;
  let server: ServerProcess;
  let data: ServiceData;

  beforeAll(async () => {
    const dataDir = dirs.make('smoke-service');
    expect(await seedHistory(dataDir, SMOKE_SIZES.serviceEvents)).toBeGreaterThanOrEqual(SMOKE_SIZES.serviceEvents);
    server = await startService(dataDir);
    await waitForProjections(server, 120_000);
    data = await loadServiceData(server, 5);
  });

  afterAll(async () => {
    if (server) await stopService(server);
    dirs.cleanup();
  });

  it('drives the dashboard, an audit-trail page and a mutation with autocannon', async () => {
    const http = await runHttpWorkloads(server, data, SMOKE_SIZES, log);
    for (const result of [http.dashboard, http.auditTrail, http.mutation]) {
      expect(result.ok).toBeGreaterThan(0);
      expect(result.requestsPerSecond).toBeGreaterThan(0);
      expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    }
  });

  it('measures the delay from append to every subscriber', async () => {
    const delay = await measureSubscriberDelay(server, data, SMOKE_SIZES, log);
    expect(delay.deliveries).toBe(SMOKE_SIZES.subscribers * SMOKE_SIZES.subscriptionAppends);
    expect(delay.p99).toBeGreaterThanOrEqual(delay.p50);
  });

  it('reads the peak resident memory of the service process', () => {
    expect(peakRssBytes(server.pid)).toBeGreaterThan(10 * 2 ** 20);
  });

  it('measures the memory of a service that catches up on a stored history, and restarted on it', async () => {
    const memory = await measureMemoryWithHistory(dirs.make('smoke-memory'), SMOKE_SIZES.rssEvents, SMOKE_SIZES, log);
    expect(memory.stored).toBeGreaterThanOrEqual(SMOKE_SIZES.rssEvents);
    expect(memory.events).toBeGreaterThan(memory.stored);
    expect(memory.catchUpPeakRss).toBeGreaterThan(10 * 2 ** 20);
    expect(memory.restartPeakRss).toBeGreaterThan(10 * 2 ** 20);
  });
});
