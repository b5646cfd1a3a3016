import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  dataOf,
  type GraphQLBody,
  newDataDir,
  REPO_ROOT,
  SERVER_ENTRY,
  type ServerProcess,
  startServerProcess,
} from '../support/app';

/**
 * Crash safety of the BUILT server (node dist/src/main.js) as a child process on the embedded SQLite stores:
 * every mutation the server acknowledged must be in the store after a SIGKILL or a SIGTERM, and the read models
 * the server rebuilt from its checkpoints after the crash must equal a full rebuild from the log.
 */

jest.setTimeout(180_000);

const REGISTER = `
  mutation Register($input: RegisterDistrictInput!, $options: CommandOptionsInput) {
    registerDistrict(input: $input, options: $options) { commandId districtId position repeated eventCount }
  }`;

interface RegisterResult {
  commandId: string;
  districtId: string;
  position: string | null;
  repeated: boolean;
  eventCount: number;
}

type Outcome =
  | { kind: 'acknowledged'; commandId: string; districtId: string; position: string }
  | { kind: 'refused'; commandId: string; code: string; status: number }
  | { kind: 'connection'; commandId: string; error: string };

/** Newest modification time under a directory (recursively), in ms. */
function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds dist/ when dist/src/main.js is missing or older than a source file. */
function ensureBuilt(): void {
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, 'src')),
    newestMtime(join(REPO_ROOT, 'projections')),
    statSync(join(REPO_ROOT, 'tsconfig.json')).mtimeMs,
  );
  if (existsSync(SERVER_ENTRY) && statSync(SERVER_ENTRY).mtimeMs >= sources) return;
  console.log('building dist/ with tsc -p tsconfig.json');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} missing after the build`);
}

/** One registerDistrict over a keep-alive HTTP agent; never rejects, classifies the outcome instead. */
function registerOnce(agent: Agent, url: string, n: number): Promise<Outcome> {
  const commandId = randomUUID();
  const body = JSON.stringify({
    query: REGISTER,
    variables: {
      input: {
        name: `Burst ${String(n).padStart(4, '0')}`,
        municipality: 'Crashtest',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: `B/${n}`, date: '2020-02-29' },
        areaHectares: n + 0.5,
      },
      options: { commandId, reason: `burst ${n}` },
    },
  });
  return new Promise<Outcome>((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ kind: 'connection', commandId, error: error.message }));
        res.on('end', () => {
          let parsed: GraphQLBody<{ registerDistrict: RegisterResult }>;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
          } catch {
            return resolve({ kind: 'connection', commandId, error: `unparsable response (HTTP ${res.statusCode})` });
          }
          const result = parsed.data?.registerDistrict;
          if (res.statusCode === 200 && !parsed.errors?.length && result && typeof result.position === 'string') {
            expect(result.commandId).toBe(commandId);
            return resolve({ kind: 'acknowledged', commandId, districtId: result.districtId, position: result.position });
          }
          const code = String(parsed.errors?.[0]?.extensions?.code ?? 'NONE');
          resolve({ kind: 'refused', commandId, code, status: res.statusCode ?? 0 });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'connection', commandId, error: error.code ?? error.message }));
    req.end(body);
  });
}

interface BurstResult {
  outcomes: Outcome[];
  acknowledged: Extract<Outcome, { kind: 'acknowledged' }>[];
}

/** Fires `count` registrations at once; `onAck(n)` is called synchronously with the running count of acknowledgements. */
async function burst(url: string, count: number, onAck: (acknowledged: number) => void): Promise<BurstResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let acked = 0;
  try {
    const outcomes = await Promise.all(
      Array.from({ length: count }, (_, n) =>
        registerOnce(agent, url, n).then((outcome) => {
          if (outcome.kind === 'acknowledged') onAck(++acked);
          return outcome;
        }),
      ),
    );
    const acknowledged = outcomes.filter((o): o is Extract<Outcome, { kind: 'acknowledged' }> => o.kind === 'acknowledged');
    return { outcomes, acknowledged };
  } finally {
    agent.destroy();
  }
}

function summarise(label: string, outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.kind === 'acknowledged' ? 'acknowledged' : o.kind === 'refused' ? `refused ${o.code}` : `connection ${o.error}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  console.log(`${label}: ${JSON.stringify(counts)}`);
  return counts;
}

/** Opens a store file of the server read-only (the server keeps running; WAL lets both read). */
function withDb<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

interface StoredRegistration {
  commandId: string;
  streamId: string;
  position: number;
}

function storedRegistrations(dataDir: string): StoredRegistration[] {
  return withDb(join(dataDir, 'events.db'), (db) =>
    db
      .prepare(
        `SELECT json_extract(metadata, '$.commandId') AS commandId, stream_id AS streamId, position
         FROM events WHERE type = 'DistrictRegistered' ORDER BY position`,
      )
      .all() as StoredRegistration[],
  );
}

/** All documents of a read model's table, parsed, ordered by id. */
function readModel(dataDir: string, collection: string): { id: string; doc: Record<string, unknown> }[] {
  return withDb(join(dataDir, 'read-models.db'), (db) =>
    (db.prepare(`SELECT id, doc FROM "rm_${collection}" ORDER BY id`).all() as { id: string; doc: string }[]).map(
      (row) => ({ id: row.id, doc: JSON.parse(row.doc) as Record<string, unknown> }),
    ),
  );
}

interface StatusView {
  name: string;
  state: string;
  checkpoint: string | null;
  head: string | null;
  lag: number | null;
}

/** Polls projectionStatus until every projection is live at the head. */
async function waitForProjections(server: ServerProcess, timeoutMs = 60_000): Promise<StatusView[]> {
  const deadline = Date.now() + timeoutMs;
  let last: StatusView[] = [];
  while (Date.now() < deadline) {
    const response = await server.gql<{ projectionStatus: StatusView[] }>('{ projectionStatus { name state checkpoint head lag } }');
    last = dataOf(response).projectionStatus;
    if (last.length > 0 && last.every((s) => s.state === 'live' && s.lag === 0 && s.checkpoint === s.head)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Projections did not catch up within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/**
 * Everything the restarted server must hold: each acknowledged command exactly once, at the position it was
 * acknowledged with, readable through GraphQL; and each read model equal to a rebuild from the whole log.
 */
async function verifyAfterRestart(server: ServerProcess, acknowledged: BurstResult['acknowledged'], label: string) {
  const stored = storedRegistrations(server.dataDir);
  const byCommand = new Map<string, StoredRegistration[]>();
  for (const s of stored) byCommand.set(s.commandId, [...(byCommand.get(s.commandId) ?? []), s]);
  const missing = acknowledged.filter((a) => !byCommand.has(a.commandId));
  const found = acknowledged.length - missing.length;
  const duplicated = [...byCommand.values()].filter((list) => list.length > 1).length;
  console.log(
    `${label}: acknowledged ${acknowledged.length}, found after restart ${found}, missing ${missing.length}, ` +
      `stored registrations ${stored.length} (committed but unacknowledged ${stored.length - found}), duplicated ${duplicated}`,
  );
  expect(missing.map((m) => m.commandId)).toEqual([]);
  expect(duplicated).toBe(0);
  for (const a of acknowledged) {
    const [s] = byCommand.get(a.commandId)!;
    expect({ commandId: a.commandId, streamId: s.streamId, position: s.position }).toEqual({
      commandId: a.commandId,
      streamId: `district-${a.districtId}`,
      position: Number(a.position),
    });
  }

  // Read your writes through the API, at the highest acknowledged position.
  const highest = acknowledged.map((a) => a.position).sort().at(-1);
  const query = `query D($id: ID!, $wait: String) { district(id: $id, waitForPosition: $wait) { id name } }`;
  for (let i = 0; i < acknowledged.length; i += 50) {
    const chunk = acknowledged.slice(i, i + 50);
    const reads = await Promise.all(chunk.map((a) => server.gql<{ district: { id: string } }>(query, { id: a.districtId, wait: highest })));
    reads.forEach((r, j) => expect(dataOf(r).district.id).toBe(chunk[j].districtId));
  }

  // Read models as the server recovered them from its checkpoints …
  const status = await waitForProjections(server);
  expect(status.map((s) => s.name).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
  const recovered = new Map(
    ALL_PROJECTIONS.flatMap((p) => p.collections).map((c) => [c.name, readModel(server.dataDir, c.name)] as const),
  );
  // … hold one document per registered district and the eight default action fields …
  expect(recovered.get('districts')!.map((d) => d.id).sort()).toEqual(
    stored.map((s) => s.streamId.slice('district-'.length)).sort(),
  );
  expect(recovered.get('action_fields')).toHaveLength(8);
  // … and every collection of every projection equals a full rebuild from the log.
  for (const projection of ALL_PROJECTIONS) {
    const rebuilt = await server.gql<{ rebuildProjection: boolean }>(
      `mutation { rebuildProjection(name: "${projection.name}") }`,
    );
    expect(dataOf(rebuilt).rebuildProjection).toBe(true);
    for (const { name } of projection.collections) {
      expect(readModel(server.dataDir, name)).toEqual(recovered.get(name));
    }
  }
  console.log(
    `${label}: every read model equals a full rebuild (${[...recovered].map(([c, docs]) => `${c} ${docs.length}`).join(', ')})`,
  );
  await waitForProjections(server);
  return { stored: stored.length, found };
}

describe('crash safety of the built server (child process, embedded SQLite)', () => {
  const dirs: string[] = [];
  const running: ServerProcess[] = [];

  beforeAll(() => {
    ensureBuilt();
  }, 180_000);

  afterEach(async () => {
    for (const server of running.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.kill('SIGKILL');
      await server.waitForExit(10_000).catch(() => undefined);
    }
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string): Promise<ServerProcess> {
    const server = await startServerProcess({ DATA_DIR: dataDir }, 60_000);
    running.push(server);
    return server;
  }

  it('SIGKILL during a burst of 1,000 concurrent mutations loses no acknowledged mutation', async () => {
    const dataDir = newDataDir('stadtteil-crash-kill-');
    dirs.push(dataDir);
    const server = await start(dataDir);
    const exit = server.waitForExit(120_000);

    let killedAt: number | null = null;
    const { outcomes, acknowledged } = await burst(server.url, 1000, (acked) => {
      if (acked >= 300 && killedAt === null) {
        killedAt = acked;
        server.kill('SIGKILL');
      }
    });
    const exitInfo = await exit;
    const counts = summarise('SIGKILL burst', outcomes);
    console.log(`SIGKILL sent after ${killedAt} acknowledgements; exit ${JSON.stringify(exitInfo)}`);
    expect(exitInfo.signal).toBe('SIGKILL');
    expect(killedAt).toBe(300);
    // The kill really interrupted the burst: some of the 1,000 never got an answer.
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.length).toBeLessThan(1000);
    // No answered request failed for another reason than the kill.
    expect(Object.keys(counts).filter((k) => k.startsWith('refused'))).toEqual([]);

    const restarted = await start(dataDir);
    await verifyAfterRestart(restarted, acknowledged, 'SIGKILL');
  });

  it('SIGTERM lets in-flight commands finish', async () => {
    const dataDir = newDataDir('stadtteil-crash-term-');
    dirs.push(dataDir);
    const server = await start(dataDir);
    const exit = server.waitForExit(120_000);

    let termAt: number | null = null;
    const result = burst(server.url, 200, (acked) => {
      if (acked >= 20 && termAt === null) {
        termAt = acked;
        server.kill('SIGTERM');
      }
    });
    const { outcomes, acknowledged } = await result;
    const exitInfo = await exit;
    const counts = summarise('SIGTERM burst', outcomes);
    console.log(`SIGTERM sent after ${termAt} acknowledgements; exit ${JSON.stringify(exitInfo)}`);
    expect(termAt).toBe(20);
    expect(exitInfo).toEqual({ code: 0, signal: null });
    expect(server.stdout.some((line) => line.includes('"message":"stopped"'))).toBe(true);
    // Commands arriving during the shutdown are refused as SERVICE_UNAVAILABLE, nothing else.
    expect(Object.keys(counts).filter((k) => k.startsWith('refused') && k !== 'refused SERVICE_UNAVAILABLE')).toEqual([]);

    const restarted = await start(dataDir);
    const { stored } = await verifyAfterRestart(restarted, acknowledged, 'SIGTERM');
    // In-flight commands did not just finish: their callers got the answer. Nothing is stored unacknowledged.
    expect(stored).toBe(acknowledged.length);
  });
});
