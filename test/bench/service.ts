import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEMO_IDS } from '../../src/cli/demo/demo-data';
import { runDemo } from '../../src/cli/demo';
import { SQLITE_FILES } from '../../src/config/config';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { dataOf, REPO_ROOT, type ServerProcess, startServerProcess } from '../support/app';
import { type EventSubscriber, subscribeEvents } from '../support/event-subscriber';
import type { BenchSizes } from './bench-config';
import { realisticMix } from './event-mix';
import { median, nowMs, percentile } from './stats';
import { TEST_JWT_SECRET } from '../support/auth';

/**
 * Workloads 5–7 against the built service as a child process (dist/src/main.js): GraphQL over HTTP driven by
 * autocannon, event delivery to graphql-ws subscribers, and the process's peak resident memory.
 */

/**
 * How the benchmark identifies itself to the service: the development identity of a non-production service
 * (DEV_ACTOR), an admin for every district, so no token has to be signed and refreshed during a run.
 */
export function benchIdentity(): { env: Record<string, string>; headers: Record<string, string>; connectionParams: Record<string, unknown> } {
  // One identity sends every request and holds every subscription: the per-identity rate limit (600 a minute by
  // default) and subscription cap (50) would cap the load.
  return {
    env: { DEV_ACTOR: 'dev-admin:admin', RATE_LIMIT_PER_MINUTE: '0', SUBSCRIPTIONS_PER_IDENTITY: '100000' },
    headers: {},
    connectionParams: {},
  };
}

/** `npm run build` (incremental: quick when nothing changed), so the service process runs the current sources. */
export function buildService(): void {
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Writes a history of at least `events` events (the realistic mix without its catalogues) into the data dir. */
export async function seedHistory(dataDir: string, events: number): Promise<number> {
  const store = new SqliteEventStoreAdapter({ filename: join(dataDir, SQLITE_FILES.events) });
  try {
    for (const streams of realisticMix(events, { withCatalogues: false })) {
      await Promise.all(streams.map((s) => store.append(s.streamId, s.events, 'no_stream')));
    }
    const head = await store.headPosition();
    return head === null ? 0 : Number(head);
  } finally {
    await store.close();
  }
}

export async function startService(dataDir: string): Promise<ServerProcess> {
  return startServerProcess({ ...benchIdentity().env, DATA_DIR: dataDir }, 60_000);
}

const PROJECTION_STATUS = '{ projectionStatus { name state lag error { message } } }';

/** Waits until every projection is live at the head; returns the seconds it took. */
export async function waitForProjections(server: ServerProcess, timeoutMs: number): Promise<number> {
  const started = nowMs();
  for (;;) {
    const { projectionStatus } = dataOf(
      await server.gql<{ projectionStatus: { name: string; state: string; lag: number | null; error: { message: string } | null }[] }>(
        PROJECTION_STATUS,
        {},
        benchIdentity().headers,
      ),
    );
    const failed = projectionStatus.filter((p) => p.state === 'failed');
    if (failed.length > 0) throw new Error(`Projections failed: ${failed.map((p) => `${p.name}: ${p.error?.message}`).join('; ')}`);
    if (projectionStatus.every((p) => p.state === 'live' && p.lag === 0)) return (nowMs() - started) / 1000;
    if (nowMs() - started > timeoutMs) throw new Error(`Projections not at the head after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The head of the log as the service reports it (an opaque cursor), or undefined while the log is empty. */
async function headCursor(server: ServerProcess): Promise<string | undefined> {
  const { projectionStatus } = dataOf(await server.gql<{ projectionStatus: { head: string | null }[] }>('{ projectionStatus { head } }', {}, benchIdentity().headers));
  return projectionStatus[0]?.head ?? undefined;
}

/** The number of events stored: positions of the embedded store count from 1 without gaps. */
const storedEvents = async (server: ServerProcess): Promise<number> => Number((await headCursor(server)) ?? 0);

const AMOUNTS = 'grantCount requested approved disbursed spent repaid';
const SECTION = `goalCount goalsByStatus { status count } measureCount measuresByStatus { status count }
  integratedMeasureCount integratedSharePercent
  funding { total { ${AMOUNTS} } byLevel { level ${AMOUNTS} } byProgramme { programmeId name level fund ${AMOUNTS} } }`;

/** The whole district dashboard, as the dashboard page asks for it. */
export const DASHBOARD_QUERY = `query Dashboard($districtId: ID!) {
  districtDashboard(districtId: $districtId) {
    districtId name status latestSwotDate conceptVersion { version } today
    totals { ${SECTION} }
    actionFields { actionFieldId name number ${SECTION} }
    nextDeadlines { kind dueOn overdue grantId budgetYear measureId label }
  }
}`;

/** The newest page (50 entries) of a district's audit trail, every column the audit view shows. */
export const AUDIT_TRAIL_QUERY = `query Audit($districtId: ID!) {
  auditTrail(filter: { districtId: $districtId }, first: 50, order: DESC) {
    edges { cursor node {
      id position recordedAt effectiveAt effectiveDate effectiveDateSource actorId actorRole eventType action entityType
      entityId streamId streamVersion districtId reason decisionRef commandId correlationId causationId summary
      changes { field from to truncated } changesTruncated
    } }
    pageInfo { endCursor hasNextPage }
  }
}`;

const RECORD_VALUE = `mutation Record($input: RecordContextIndicatorValueInput!) {
  recordContextIndicatorValue(input: $input) { commandId streamId streamVersion position eventCount repeated }
}`;

const REGISTER_DISTRICT = `mutation Register($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId } }`;

let recordedValues = 0;

/** A new indicator value per call, never the same key twice in this process, on the given districts in turn. */
function recordValueBody(districtIds: readonly string[]): string {
  const n = recordedValues++;
  return JSON.stringify({
    query: RECORD_VALUE,
    variables: {
      input: {
        districtId: districtIds[n % districtIds.length],
        indicatorKey: `bench_${process.pid}_${n}`,
        value: n,
        unit: 'persons',
        referenceDate: '2024-01-01',
        source: 'Benchmark',
      },
    },
  });
}

export interface ServiceData {
  dashboardDistrictId: string;
  /** Districts the mutation workload writes to, spread so that concurrent requests rarely meet on one stream. */
  mutationDistrictIds: string[];
}

/** The demo data set through the API, plus districts for the mutation workload; waits for the read models. */
export async function loadServiceData(server: ServerProcess, mutationDistricts: number): Promise<ServiceData> {
  // The demo signs its people's tokens with the secret the test helpers give the service.
  await runDemo({ url: server.url, env: { JWT_SECRET: TEST_JWT_SECRET }, startInProcess: false, write: () => undefined });
  const mutationDistrictIds: string[] = [];
  for (let i = 0; i < mutationDistricts; i++) {
    const { registerDistrict } = dataOf(
      await server.gql<{ registerDistrict: { districtId: string } }>(
        REGISTER_DISTRICT,
        {
          input: {
            name: `Benchmark district ${i}`,
            municipality: 'Halle (Saale)',
            municipalityKey: '15002000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: `B-${i}`, date: '2020-01-01' },
          },
        },
        benchIdentity().headers,
      ),
    );
    mutationDistrictIds.push(registerDistrict.districtId);
  }
  await waitForProjections(server, 60_000);
  return { dashboardDistrictId: DEMO_IDS.districts.halle, mutationDistrictIds };
}

export interface HttpResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests answered 2xx. */
  ok: number;
}

async function cannon(server: ServerProcess, connections: number, seconds: number, body: string | (() => string)): Promise<HttpResult> {
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...benchIdentity().headers },
        ...(typeof body === 'string' ? { body } : { setupRequest: (request) => ({ ...request, body: body() }) }),
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`autocannon: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx answers`);
  }
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'] };
}

export interface HttpWorkloads {
  dashboard: HttpResult;
  auditTrail: HttpResult;
  mutation: HttpResult;
}

const medianOf = (results: readonly HttpResult[]): HttpResult => ({
  requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  ok: results.reduce((sum, r) => sum + r.ok, 0),
});

/**
 * Workload 5: the dashboard query, an audit-trail page and a mutation, each with `httpConnections` connections
 * for `httpSeconds`, after a one-second warm-up; medians of `runs` runs. Each query's answer is checked once for
 * errors (autocannon sees only status codes), and every mutation answered 2xx must have appended exactly one event.
 */
export async function runHttpWorkloads(server: ServerProcess, data: ServiceData, sizes: BenchSizes, log: (line: string) => void): Promise<HttpWorkloads> {
  const queries = {
    dashboard: JSON.stringify({ query: DASHBOARD_QUERY, variables: { districtId: data.dashboardDistrictId } }),
    auditTrail: JSON.stringify({ query: AUDIT_TRAIL_QUERY, variables: { districtId: data.dashboardDistrictId } }),
  };
  const dashboard = dataOf(await server.gql<{ districtDashboard: { totals: { measureCount: number } } }>(DASHBOARD_QUERY, { districtId: data.dashboardDistrictId }, benchIdentity().headers));
  if (!(dashboard.districtDashboard.totals.measureCount > 0)) throw new Error('The dashboard district has no measures');
  const audit = dataOf(await server.gql<{ auditTrail: { edges: unknown[] } }>(AUDIT_TRAIL_QUERY, { districtId: data.dashboardDistrictId }, benchIdentity().headers));
  if (audit.auditTrail.edges.length !== 50) throw new Error(`The audit-trail page has ${audit.auditTrail.edges.length} entries, not 50`);

  const mutationBody = () => recordValueBody(data.mutationDistrictIds);
  const results: Record<keyof HttpWorkloads, HttpResult[]> = { dashboard: [], auditTrail: [], mutation: [] };
  for (let run = 0; run <= sizes.runs; run++) {
    const seconds = run === 0 ? 1 : sizes.httpSeconds;
    for (const name of ['dashboard', 'auditTrail', 'mutation'] as const) {
      const before = name === 'mutation' ? await storedEvents(server) : 0;
      const result = await cannon(server, sizes.httpConnections, seconds, name === 'mutation' ? mutationBody : queries[name]);
      if (name === 'mutation') {
        // Every 2xx answer appended its event (a refused command answers 200 with errors and appends nothing);
        // requests still in flight when autocannon stops counting may add up to one per connection.
        const appended = (await storedEvents(server)) - before;
        if (appended < result.ok || appended > result.ok + sizes.httpConnections) {
          throw new Error(`${result.ok} mutations answered 2xx but ${appended} events were appended`);
        }
      }
      if (run > 0) results[name].push(result);
      log(`http ${run === 0 ? 'warm-up' : `run ${run}`} ${name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`);
    }
  }
  return { dashboard: medianOf(results.dashboard), auditTrail: medianOf(results.auditTrail), mutation: medianOf(results.mutation) };
}

export interface DelayResult {
  p50: number;
  p99: number;
  deliveries: number;
}

/**
 * Workload 6: `subscribers` graphql-ws clients follow the `events` subscription live; mutations then append one event
 * each at `subscriptionRate` per second, and every delivery's delay is its receipt time minus the event's `time`
 * (when the service recorded it, just before the append and its fsync), both from this machine's clock, so it
 * includes the command's own handling. Medians over `runs` runs of `subscriptionAppends` appends, after a warm-up.
 */
export async function measureSubscriberDelay(server: ServerProcess, data: ServiceData, sizes: BenchSizes, log: (line: string) => void): Promise<DelayResult> {
  const append = async () => {
    const body = JSON.parse(recordValueBody(data.mutationDistrictIds)) as { query: string; variables: Record<string, unknown> };
    dataOf(await server.gql(body.query, body.variables, benchIdentity().headers));
  };
  let delays: number[] = [];
  const after = await headCursor(server);
  const subscribers: EventSubscriber[] = Array.from({ length: sizes.subscribers }, () =>
    subscribeEvents(server.url, {
      after,
      connectionParams: benchIdentity().connectionParams,
      onEvent: (event) => delays.push(Date.now() - Date.parse(event.time)),
    }),
  );
  try {
    // Every subscriber must be live before anything is measured.
    await append();
    await Promise.all(subscribers.map((s) => s.waitForCount(1, 60_000)));
    let received = 1;
    const runs: DelayResult[] = [];
    for (let run = 0; run <= sizes.runs; run++) {
      delays = [];
      const appends = run === 0 ? Math.max(5, Math.round(sizes.subscriptionAppends / 5)) : sizes.subscriptionAppends;
      const started = Date.now();
      const writes: Promise<void>[] = [];
      for (let n = 0; n < appends; n++) {
        const due = started + (n * 1000) / sizes.subscriptionRate;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        writes.push(append());
      }
      await Promise.all(writes);
      received += appends;
      await Promise.all(subscribers.map((s) => s.waitForCount(received, 60_000)));
      const result = { p50: percentile(delays, 50), p99: percentile(delays, 99), deliveries: delays.length };
      if (result.deliveries !== appends * sizes.subscribers) throw new Error(`${result.deliveries} deliveries of ${appends * sizes.subscribers}`);
      log(`subscriptions ${run === 0 ? 'warm-up' : `run ${run}`}: ${result.deliveries} deliveries, p50 ${result.p50} ms, p99 ${result.p99} ms`);
      if (run > 0) runs.push(result);
    }
    return {
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      deliveries: runs.reduce((sum, r) => sum + r.deliveries, 0),
    };
  } finally {
    await Promise.all(subscribers.map((s) => s.dispose()));
  }
}

/** Peak resident set size (VmHWM) of a process, in bytes, from /proc. */
export function peakRssBytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export async function stopService(server: ServerProcess): Promise<void> {
  server.kill('SIGTERM');
  const { code } = await server.waitForExit(60_000);
  if (code !== 0) throw new Error(`The service exited with code ${code}:\n${server.stderr()}`);
}

export interface MemoryResult {
  /** Events stored before the service started. */
  stored: number;
  /** Events in the store at the end (the demo data set and the load's on top). */
  events: number;
  /** Peak RSS of the service that caught up from zero and then served the load. */
  catchUpPeakRss: number;
  /** From starting the service until every projection was at the head. */
  catchUpSeconds: number;
  /** Peak RSS of the service restarted on the same data (read models current), serving the load. */
  restartPeakRss: number;
}

/**
 * Workload 7, second part, on `events` stored events: the service started with no read models, so it catches up
 * every projection (its most memory-hungry phase) and then serves the dashboard, audit-trail and mutation load
 * briefly; then the same service restarted on that data, as after any deployment, serving the load again. The peak
 * resident memory of each process.
 */
export async function measureMemoryWithHistory(dataDir: string, events: number, sizes: BenchSizes, log: (line: string) => void): Promise<MemoryResult> {
  const brief = { ...sizes, runs: 1, httpSeconds: 1 };
  const stored = await seedHistory(dataDir, events);
  log(`memory: ${stored} events stored; starting the service`);
  const started = nowMs();
  let server = await startService(dataDir);
  let catchUp: { seconds: number; peakRss: number; data: ServiceData };
  try {
    await waitForProjections(server, 1_200_000);
    const seconds = (nowMs() - started) / 1000;
    log(`memory: started and caught up in ${seconds.toFixed(1)} s`);
    const data = await loadServiceData(server, 20);
    await runHttpWorkloads(server, data, brief, () => undefined);
    catchUp = { seconds, peakRss: peakRssBytes(server.pid), data };
  } finally {
    await stopService(server);
  }
  server = await startService(dataDir);
  try {
    await waitForProjections(server, 60_000);
    await runHttpWorkloads(server, catchUp.data, brief, () => undefined);
    return {
      stored,
      events: await storedEvents(server),
      catchUpPeakRss: catchUp.peakRss,
      catchUpSeconds: catchUp.seconds,
      restartPeakRss: peakRssBytes(server.pid),
    };
  } finally {
    await stopService(server);
  }
}
