import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, BackupError, BackupUsageError, parseArgs, runCli, USAGE } from '../../src/cli/backup';
import { SQLITE_FILES } from '../../src/config/config';

/** Opens a store the way the service does: WAL, synchronous=FULL, and (here) no automatic checkpoints, so the
 * rows under test stay in the -wal file and the backup has to pick them up from there. */
function openLikeService(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

function createEventLog(path: string): Database.Database {
  const db = openLikeService(path);
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
  )`);
  return db;
}

function appendEvents(db: Database.Database, count: number): void {
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const next = db.prepare('SELECT coalesce(max(position), 0) AS head FROM events');
  db.transaction(() => {
    const head = (next.get() as { head: number }).head;
    for (let i = head + 1; i <= head + count; i++) {
      const data = JSON.stringify({ n: i, pad: 'x'.repeat(300) });
      insert.run(`evt-${i}`, `district-${i % 7}`, i, 'DistrictRegistered', data, '{}');
    }
  })();
}

function createReadModels(path: string): Database.Database {
  const db = openLikeService(path);
  db.exec(`CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
           CREATE TABLE documents (
             collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)
           )`);
  const insert = db.prepare('INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 40; i++) insert.run('districts', `d-${i}`, JSON.stringify({ name: `District ${i}` }));
    db.prepare('INSERT INTO checkpoints (projection, position) VALUES (?, ?)').run('districts', 250);
  })();
  return db;
}

/** The state store: what no rebuild brings back (here a few user profiles, left in the WAL). */
function createState(path: string): Database.Database {
  const db = openLikeService(path);
  db.exec('CREATE TABLE profiles (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO profiles (id, doc) VALUES (?, ?)');
  for (let i = 1; i <= 3; i++) insert.run(`user-${i}`, JSON.stringify({ displayName: `User ${i}` }));
  return db;
}

// Read-write on purpose: a read-only connection would leave -wal/-shm files next to the WAL-mode copies.
function count(path: string, table: string): number {
  const db = new Database(path, { fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function integrity(path: string): string {
  const db = new Database(path, { fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('backup CLI (online SQLite backup)', () => {
  let root: string;
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let events: Database.Database;
  let readModels: Database.Database;
  let state: Database.Database;
  let lines: string[];
  const log = (line: string): void => {
    lines.push(line);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
    dataDir = join(root, 'data');
    env = { DATA_DIR: dataDir };
    lines = [];
    mkdirSync(dataDir);
    // Writer connections stay open for the whole test, like the running service.
    events = createEventLog(join(dataDir, SQLITE_FILES.events));
    appendEvents(events, 250);
    readModels = createReadModels(join(dataDir, SQLITE_FILES.readModels));
    state = createState(join(dataDir, SQLITE_FILES.state));
  });

  afterEach(() => {
    if (events.open) events.close();
    if (readModels.open) readModels.close();
    if (state.open) state.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the three files while writers are connected, including rows still in the WAL', async () => {
    expect(statSync(join(dataDir, `${SQLITE_FILES.events}-wal`)).size).toBeGreaterThan(0);
    const target = join(root, 'backups', 'nightly'); // nested and missing: must be created

    const result = await backup({ targetDir: target, env, log });

    // Only finished copies: no temp files, no -wal/-shm that a restore could pick up by mistake.
    expect(readdirSync(target).sort()).toEqual([SQLITE_FILES.events, SQLITE_FILES.readModels, SQLITE_FILES.state]);
    // Read models and state before the event log, so their checkpoints can never be ahead of the copied log.
    expect(result.files.map((f) => f.name)).toEqual([SQLITE_FILES.readModels, SQLITE_FILES.state, SQLITE_FILES.events]);
    expect(result.skipped).toEqual([]);
    const eventsCopy = join(target, SQLITE_FILES.events);
    const readModelsCopy = join(target, SQLITE_FILES.readModels);
    expect(integrity(eventsCopy)).toBe('ok');
    expect(integrity(readModelsCopy)).toBe('ok');
    expect(count(eventsCopy, 'events')).toBe(250);
    expect(count(readModelsCopy, 'documents')).toBe(40);
    expect(count(readModelsCopy, 'checkpoints')).toBe(1);
    expect(integrity(join(target, SQLITE_FILES.state))).toBe('ok');
    expect(count(join(target, SQLITE_FILES.state), 'profiles')).toBe(3);
    expect(result.files[2].events).toEqual({ count: 250, headPosition: 250 });
    expect(result.files[2].bytes).toBe(statSync(eventsCopy).size);
    expect(readdirSync(target).sort()).toEqual([SQLITE_FILES.events, SQLITE_FILES.readModels, SQLITE_FILES.state]);

    expect(lines).toEqual(expect.arrayContaining([`${SQLITE_FILES.events}: 100%`, `${SQLITE_FILES.readModels}: 100%`]));
    expect(lines.some((l) => /events\.db\s.*integrity ok, 250 events, head position 250/.test(l))).toBe(true);

    // The service goes on writing after the backup; the copy stays at its snapshot.
    appendEvents(events, 5);
    expect(count(eventsCopy, 'events')).toBe(250);
  });

  it('writes private copies: the folders it creates 0700, the files 0600, whatever the mode of the source', async () => {
    // The source files as an older version left them; SQLite would give a new file 0644.
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    const target = join(root, 'private', 'nightly');
    await backup({ targetDir: target, env, log });
    expect(statSync(join(root, 'private')).mode & 0o777).toBe(0o700);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    const modes = readdirSync(target).map((name) => [name, (statSync(join(target, name)).mode & 0o777).toString(8)]);
    expect(modes.sort()).toEqual([
      [SQLITE_FILES.events, '600'],
      [SQLITE_FILES.readModels, '600'],
      [SQLITE_FILES.state, '600'],
    ]);
  });

  it('finishes while the service keeps appending between backup steps', async () => {
    appendEvents(events, 2000); // big enough for many steps of one page
    let writes = 0;
    const writer = setInterval(() => {
      appendEvents(events, 1);
      writes += 1;
    }, 0);
    try {
      const result = await backup({ targetDir: join(root, 'busy'), env, log, pagesPerStep: 1 });
      const copied = result.files[2].events;
      expect(copied).toBeDefined();
      // A consistent snapshot: no gaps, somewhere between the start and the end of the writes.
      expect(copied?.headPosition).toBe(copied?.count);
      expect(copied?.count).toBeGreaterThanOrEqual(2250);
      expect(copied?.count).toBeLessThanOrEqual(2250 + writes);
    } finally {
      clearInterval(writer);
    }
    expect(writes).toBeGreaterThan(0);
  });

  it('leaves DATA_DIR as it found it when the service is stopped', async () => {
    events.close();
    readModels.close();
    state.close();
    const before = readdirSync(dataDir).sort();
    expect(before).toEqual([SQLITE_FILES.events, SQLITE_FILES.readModels, SQLITE_FILES.state]);

    const result = await backup({ targetDir: join(root, 'offline'), env, log });

    expect(result.files[2].events).toEqual({ count: 250, headPosition: 250 });
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('refuses to overwrite an earlier backup unless forced', async () => {
    const target = join(root, 'again');
    await backup({ targetDir: target, env, log });
    const firstSize = statSync(join(target, SQLITE_FILES.events)).size;
    appendEvents(events, 100);

    await expect(backup({ targetDir: target, env, log })).rejects.toThrow(BackupError);
    await expect(backup({ targetDir: target, env, log })).rejects.toThrow(/--force/);
    expect(statSync(join(target, SQLITE_FILES.events)).size).toBe(firstSize);
    expect(count(join(target, SQLITE_FILES.events), 'events')).toBe(250);

    const forced = await backup({ targetDir: target, env, log, force: true });
    expect(forced.files[2].events).toEqual({ count: 350, headPosition: 350 });
    expect(count(join(target, SQLITE_FILES.events), 'events')).toBe(350);
  });

  it('treats a stale -wal next to a backup as a conflict and removes it with --force', async () => {
    const target = join(root, 'stale');
    await backup({ targetDir: target, env, log });
    rmSync(join(target, SQLITE_FILES.events));
    rmSync(join(target, SQLITE_FILES.readModels));
    rmSync(join(target, SQLITE_FILES.state));
    const stale = join(target, `${SQLITE_FILES.events}-wal`);
    closeSync(openSync(stale, 'w'));

    await expect(backup({ targetDir: target, env, log })).rejects.toThrow(/events\.db-wal/);
    await backup({ targetDir: target, env, log, force: true });
    expect(existsSync(stale)).toBe(false);
    expect(integrity(join(target, SQLITE_FILES.events))).toBe('ok');
  });

  it('prints only sizes when the events table has another shape', async () => {
    events.close();
    rmSync(join(dataDir, SQLITE_FILES.events));
    rmSync(join(dataDir, `${SQLITE_FILES.events}-wal`), { force: true });
    rmSync(join(dataDir, `${SQLITE_FILES.events}-shm`), { force: true });
    events = openLikeService(join(dataDir, SQLITE_FILES.events));
    events.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, body TEXT); INSERT INTO log (body) VALUES (\'a\')');

    const result = await backup({ targetDir: join(root, 'other-shape'), env, log });

    expect(result.files[2].events).toBeUndefined();
    expect(result.files[2].bytes).toBeGreaterThan(0);
    expect(count(join(root, 'other-shape', SQLITE_FILES.events), 'log')).toBe(1);
  });

  it('fails, without leaving a copy behind, when the copy does not pass integrity_check', async () => {
    // A damaged source page is copied verbatim; the check on the copy must catch it.
    events.close();
    readModels.close();
    const source = join(dataDir, SQLITE_FILES.events);
    const probe = new Database(source);
    probe.pragma('wal_checkpoint(TRUNCATE)');
    probe.pragma('journal_mode = DELETE');
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    const fd = openSync(source, 'r+');
    const garbage = Buffer.alloc(pageSize - 200, 0x41);
    writeSync(fd, garbage, 0, garbage.length, (pages - 1) * pageSize + 100);
    closeSync(fd);
    const target = join(root, 'corrupt');

    await expect(backup({ targetDir: target, env, log })).rejects.toThrow(
      /events\.db: integrity_check of the copy failed/,
    );
    expect(readdirSync(target).sort()).toEqual([SQLITE_FILES.readModels, SQLITE_FILES.state]);
  });

  it('backs up a data folder of the older layout (no state.db yet) and says where that state is', async () => {
    state.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `${SQLITE_FILES.state}${suffix}`), { force: true });
    const result = await backup({ targetDir: join(root, 'older'), env, log });
    expect(result.files.map((f) => f.name)).toEqual([SQLITE_FILES.readModels, SQLITE_FILES.events]);
    expect(result.skipped.join(' ')).toMatch(/state\.db does not exist yet: .*read-models\.db/);
    expect(existsSync(join(dataDir, SQLITE_FILES.state))).toBe(false);
  });

  it('fails clearly when DATA_DIR holds no database, and creates none there', async () => {
    const empty = join(root, 'empty-data');
    mkdirSync(empty);
    await expect(backup({ targetDir: join(root, 'x'), env: { DATA_DIR: empty }, log })).rejects.toThrow(
      /read-models\.db does not exist; is DATA_DIR/,
    );
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses DATA_DIR itself as the target', async () => {
    await expect(backup({ targetDir: dataDir, env, log, force: true })).rejects.toThrow(/must not be DATA_DIR/);
    expect(count(join(dataDir, SQLITE_FILES.events), 'events')).toBe(250);
  });

  it('skips stores that are not SQLite and says how to back them up', async () => {
    // The service's environment: with EventStoreDB it must say how tokens are verified.
    const JWT_SECRET = 'backup-test-signing-secret-0123456789abcdef';
    const result = await backup({
      targetDir: join(root, 'esdb'),
      env: { ...env, EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', JWT_SECRET },
      log,
    });
    expect(result.files.map((f) => f.name)).toEqual([SQLITE_FILES.readModels, SQLITE_FILES.state]);
    expect(result.skipped.join(' ')).toMatch(/EventStoreDB/);
    expect(lines.join('\n')).toMatch(/skipped: EVENT_STORE=eventstoredb/);

    const mongo = await backup({
      targetDir: join(root, 'mongo'),
      env: { ...env, READ_STORE: 'mongodb', MONGODB_URL: 'mongodb://localhost:27017/?replicaSet=rs0' },
      log,
    });
    expect(mongo.files.map((f) => f.name)).toEqual([SQLITE_FILES.events]);
    expect(mongo.skipped.join(' ')).toMatch(/mongodump/);
    expect(mongo.skipped.join(' ')).toMatch(/state_\* collections are required/);

    await expect(
      backup({
        targetDir: join(root, 'none'),
        env: {
          ...env,
          EVENT_STORE: 'eventstoredb',
          EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
          JWT_SECRET,
          READ_STORE: 'mongodb',
          MONGODB_URL: 'mongodb://localhost:27017/?replicaSet=rs0',
        },
        log,
      }),
    ).rejects.toThrow(/nothing to back up/);
  });

  it('throws typed errors instead of exiting the process', async () => {
    await expect(backup({ targetDir: '', env, log })).rejects.toBeInstanceOf(BackupUsageError);
    await expect(backup({ targetDir: '', env, log })).rejects.toMatchObject({ exitCode: 2 });
    const badConfig = { ...env, EVENT_STORE: 'nope' };
    await expect(backup({ targetDir: join(root, 'y'), env: badConfig, log })).rejects.toMatchObject({
      name: 'BackupError',
      exitCode: 1,
    });

    expect(() => parseArgs([])).toThrow(BackupUsageError);
    expect(() => parseArgs(['a', 'b'])).toThrow(/one backup directory/);
    expect(() => parseArgs(['--bogus', 'a'])).toThrow(/unknown option --bogus/);
    expect(parseArgs(['--force', 'dir'])).toEqual({ help: false, targetDir: 'dir', force: true });
    expect(parseArgs(['--', '-odd-name'])).toEqual({ help: false, targetDir: '-odd-name', force: false });
    expect(parseArgs(['-h'])).toEqual({ help: true });
  });

  it('maps outcomes to exit codes 0, 1 and 2', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

    expect(await runCli([], io, env)).toBe(2);
    expect(err.join('\n')).toContain(USAGE);

    expect(await runCli(['--help'], io, env)).toBe(0);
    expect(out).toContain(USAGE);

    const target = join(root, 'cli');
    expect(await runCli([target], io, env)).toBe(0);
    expect(out.join('\n')).toMatch(/Backup complete/);

    err.length = 0;
    expect(await runCli([target], io, env)).toBe(1);
    expect(err.join('\n')).toMatch(/^backup failed: .*--force/);

    expect(await runCli(['--force', target], io, env)).toBe(0);
  });
});
