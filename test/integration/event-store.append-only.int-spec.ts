import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { testEvents, uniqueStreamId } from '../support/events';
import { announceSkip } from '../support/skip-notice';

/**
 * The events table is append-only for every connection, not only for the adapter: every SQL way to change or remove
 * a stored row — UPDATE of each column, DELETE, REPLACE (whose implicit delete fires no DELETE trigger), UPSERT, the
 * other conflict clauses, ALTER TABLE … DROP COLUMN, with recursive triggers on or off — is refused, through a
 * separate better-sqlite3 connection and through the sqlite3 command-line shell when it is installed. A file made
 * with the first schema (before the REPLACE guard) gets the guard when the adapter opens it.
 * Dropping the triggers themselves is a file-level tamper, which the hash chain check reports (tamper-check e2e).
 */

const COLUMNS = ['position', 'event_id', 'stream_id', 'stream_version', 'category', 'type', 'data', 'metadata'] as const;

/** Each way as [label, SQL] against `first`, the first event of a stream, and `second`, the event after it. */
function statements(first: StoredRow, second: StoredRow): [string, string][] {
  const values = (position: number | null, eventId: string, streamId: string, version: number) =>
    `(${position ?? 'NULL'}, '${eventId}', '${streamId}', ${version}, 'tampered', 'Tampered', '{"tampered":true}', '{}')`;
  const insert = (clause: string, row: string, tail = '') => `${clause} INTO events (${COLUMNS.join(', ')}) VALUES ${row}${tail}`;
  const fresh = randomUUID();
  const freshStream = `tampered-${randomUUID()}`;
  return [
    // The issue's case: REPLACE … SELECT rewrites a row in place (same position, ids and version).
    ['REPLACE … SELECT of a stored row', `REPLACE INTO events SELECT position, event_id, stream_id, stream_version, category, type, '{"n":99}', metadata FROM events WHERE position = ${first.position}`],
    ['REPLACE onto a stored position', insert('REPLACE', values(first.position, fresh, freshStream, 0))],
    ['INSERT OR REPLACE with a stored event id', insert('INSERT OR REPLACE', values(null, first.event_id, freshStream, 0))],
    ['INSERT OR REPLACE with a stored stream version', insert('INSERT OR REPLACE', values(null, fresh, first.stream_id, first.stream_version))],
    ['UPSERT on the position', insert('INSERT', values(first.position, fresh, freshStream, 0), ` ON CONFLICT (position) DO UPDATE SET data = excluded.data`)],
    ['UPSERT on the event id', insert('INSERT', values(null, first.event_id, freshStream, 0), ` ON CONFLICT (event_id) DO UPDATE SET data = excluded.data`)],
    ['UPSERT on the stream version', insert('INSERT', values(null, fresh, first.stream_id, first.stream_version), ` ON CONFLICT (stream_id, stream_version) DO UPDATE SET type = excluded.type`)],
    ['UPSERT without a conflict target', insert('INSERT', values(first.position, fresh, freshStream, 0), ' ON CONFLICT DO UPDATE SET data = excluded.data')],
    ['INSERT … ON CONFLICT DO NOTHING', insert('INSERT', values(first.position, fresh, freshStream, 0), ' ON CONFLICT DO NOTHING')],
    ['INSERT OR IGNORE', insert('INSERT OR IGNORE', values(first.position, fresh, freshStream, 0))],
    ['INSERT OR FAIL', insert('INSERT OR FAIL', values(null, first.event_id, freshStream, 0))],
    ['INSERT OR ROLLBACK', insert('INSERT OR ROLLBACK', values(null, fresh, first.stream_id, first.stream_version))],
    ...COLUMNS.map((column): [string, string] => [
      `UPDATE of ${column}`,
      `UPDATE events SET ${column} = ${column === 'data' || column === 'metadata' ? `'{"tampered":true}'` : `${column} || ''`} WHERE position = ${first.position}`,
    ]),
    ['UPDATE OR REPLACE onto another position', `UPDATE OR REPLACE events SET position = ${second.position} WHERE position = ${first.position}`],
    ['UPDATE OR REPLACE onto another event id', `UPDATE OR REPLACE events SET event_id = '${second.event_id}' WHERE position = ${first.position}`],
    ['UPDATE OR REPLACE onto another stream version', `UPDATE OR REPLACE events SET stream_version = ${second.stream_version} WHERE position = ${first.position}`],
    ['UPDATE OR IGNORE', `UPDATE OR IGNORE events SET data = '{}' WHERE position = ${first.position}`],
    ['UPDATE OR FAIL', `UPDATE OR FAIL events SET data = '{}'`],
    ['UPDATE OR ROLLBACK', `UPDATE OR ROLLBACK events SET type = 'Tampered'`],
    ['UPDATE … FROM', `UPDATE events SET data = other.data FROM events AS other WHERE other.position = ${second.position} AND events.position = ${first.position}`],
    ['DELETE of one row', `DELETE FROM events WHERE position = ${first.position}`],
    ['DELETE of every row', 'DELETE FROM events'],
    ['DELETE … RETURNING', 'DELETE FROM events WHERE stream_version = 0 RETURNING position'],
    ...COLUMNS.map((column): [string, string] => [`ALTER TABLE … DROP COLUMN ${column}`, `ALTER TABLE events DROP COLUMN ${column}`]),
  ];
}

interface StoredRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  category: string;
  type: string;
  data: string;
  metadata: string;
}

const PLACEHOLDER: StoredRow = { position: 0, event_id: '', stream_id: '', stream_version: 0, category: '', type: '', data: '', metadata: '' };
/** Test names are needed before the file exists. */
const WAYS = statements(PLACEHOLDER, PLACEHOLDER).map(([label], i) => [label, i] as const);
/** What SQLite answers: a guard trigger, or DROP COLUMN refusing a column that the schema names elsewhere. */
const REFUSED = /append-only|cannot drop|after drop column/;

const SCHEMA_V1 = `
CREATE TABLE events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  stream_version INTEGER NOT NULL CHECK (stream_version >= 0),
  category       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  data           TEXT    NOT NULL CHECK (json_valid(data)),
  metadata       TEXT    NOT NULL CHECK (json_valid(metadata)),
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_type_position ON events (type, position);
CREATE INDEX events_category_position ON events (category, position);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;
PRAGMA user_version = 1;
`;

function sqliteCli(): string | null {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return probe.status === 0 ? 'sqlite3' : null;
}

describe('SQLite event log: append-only against every SQL way to change a stored row', () => {
  let dir: string;
  /** A closed log (no -wal file) that every check copies, so one check's outcome cannot spill into the next. */
  let template: string;
  let before: StoredRow[];
  const cli = sqliteCli();

  function copyOfLog(): string {
    const file = join(dir, `${randomUUID()}.db`);
    copyFileSync(template, file);
    return file;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-append-only-'));
    template = join(dir, 'events.db');
    const store = new SqliteEventStoreAdapter({ filename: template });
    await store.append(uniqueStreamId(), testEvents(2), 'no_stream');
    await store.append(uniqueStreamId(), testEvents(1), 'no_stream');
    await store.close();
    before = rowsOf(template);
    expect(before).toHaveLength(3);
    if (!cli) announceSkip('sqlite3 command-line shell not installed: the append-only checks ran through better-sqlite3 only');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function rowsOf(file: string): StoredRow[] {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[], StoredRow>(`SELECT ${COLUMNS.join(', ')} FROM events ORDER BY position`).all();
    } finally {
      db.close();
    }
  }

  describe.each([
    ['recursive triggers off (the default)', false],
    ['recursive triggers on', true],
  ])('through a separate better-sqlite3 connection, %s', (_label, recursive) => {
    it.each(WAYS)('%s is refused and changes nothing', (_label, i) => {
      const file = copyOfLog();
      const raw = new Database(file);
      try {
        raw.pragma(`recursive_triggers = ${recursive ? 'ON' : 'OFF'}`);
        const [, sql] = statements(before[0], before[1])[i];
        expect(() => raw.exec(sql)).toThrow(REFUSED);
      } finally {
        raw.close();
      }
      expect(rowsOf(file)).toEqual(before);
    });
  });

  (cli ? describe : describe.skip)('through the sqlite3 command-line shell', () => {
    it.each(WAYS)('%s is refused and changes nothing', (_label, i) => {
      const file = copyOfLog();
      const [, sql] = statements(before[0], before[1])[i];
      const run = spawnSync(cli!, ['-bail', file, sql], { encoding: 'utf8' });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(REFUSED);
      expect(rowsOf(file)).toEqual(before);
    });
  });

  it('the guard is added to a log written with the first schema when the adapter opens it', async () => {
    const old = join(dir, 'schema-v1.db');
    const db = new Database(old);
    db.exec(SCHEMA_V1);
    db.prepare(`INSERT INTO events (${COLUMNS.slice(1).join(', ')}) VALUES (?, ?, 0, 'old', 'Recorded', '{"n":1}', '{}')`).run(
      randomUUID(),
      `old-${randomUUID()}`,
    );
    // Without the guard the hole is open: REPLACE rewrites the stored row and no trigger fires.
    db.exec(`REPLACE INTO events SELECT position, event_id, stream_id, stream_version, category, type, '{"n":2}', metadata FROM events`);
    expect(db.prepare('SELECT data FROM events').pluck().all()).toEqual(['{"n":2}']);
    db.close();

    const store = new SqliteEventStoreAdapter({ filename: old });
    await store.close();
    const stored = rowsOf(old);
    const raw = new Database(old);
    try {
      expect(() =>
        raw.exec(`REPLACE INTO events SELECT position, event_id, stream_id, stream_version, category, type, '{"n":3}', metadata FROM events`),
      ).toThrow(/append-only/);
      expect(raw.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      raw.close();
    }
    expect(rowsOf(old)).toEqual(stored);
  });

  it('appends through the adapter still work, and a repeated or clashing append is still told apart', async () => {
    const store = new SqliteEventStoreAdapter({ filename: copyOfLog() });
    try {
      const streamId = uniqueStreamId();
      const events = testEvents(2);
      const appended = await store.append(streamId, events, 'no_stream');
      await expect(store.append(streamId, events, 'no_stream')).resolves.toEqual(appended);
      await expect(store.append(uniqueStreamId(), [testEvents(1)[0], events[1]], 'no_stream')).rejects.toMatchObject({
        name: 'IdempotencyViolationError',
      });
      expect(await store.readStream(streamId)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
