import type BetterSqlite3 from 'better-sqlite3';

/** 2: the events_no_overwrite guard. Older builds refuse a version-2 file (they would misread the guard's refusals). */
export const SCHEMA_VERSION = 2;

/** Waiting for another process's write lock blocks the event loop (better-sqlite3 is synchronous): keep it short. */
export const BUSY_TIMEOUT_MS = 5000;

/** The guard's answer to an insert with a stored event id; the adapter tells idempotency violations by it. */
export const DUPLICATE_EVENT_ID = 'events are append-only: this event id is taken';

/**
 * The log. `position` is the global order; AUTOINCREMENT guarantees a position is never reused.
 * UNIQUE(stream_id, stream_version) doubles as the index for stream reads and version checks.
 * `category` is derived from stream_id on insert so category filters can use an index.
 * The triggers make the table append-only for every connection, not just this adapter (sqlite3 shell included).
 * REPLACE — `REPLACE INTO`, `INSERT OR REPLACE` — resolves a clash with a stored row by deleting that row without
 * firing DELETE triggers (unless the connection turned recursive_triggers on), so events_no_overwrite refuses an
 * insert that clashes with a stored position, event id or stream version before any conflict clause is applied.
 * Naming data and metadata in it also makes `ALTER TABLE events DROP COLUMN` fail for them; every other column is
 * pinned by a constraint or an index. Dropping triggers or tables is out of reach of any schema: the tamper check
 * over the hash chains covers that.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
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
CREATE INDEX IF NOT EXISTS events_type_position ON events (type, position);
CREATE INDEX IF NOT EXISTS events_category_position ON events (category, position);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;
CREATE TRIGGER IF NOT EXISTS events_no_overwrite BEFORE INSERT ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: this position is taken')
    WHERE EXISTS (SELECT 1 FROM events WHERE position = NEW.position);
  SELECT RAISE(ABORT, '${DUPLICATE_EVENT_ID}')
    WHERE EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id);
  SELECT RAISE(ABORT, 'events are append-only: this stream version is taken')
    WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = NEW.stream_id AND stream_version = NEW.stream_version);
  SELECT RAISE(ABORT, 'events need data and metadata') WHERE NEW.data IS NULL OR NEW.metadata IS NULL;
END;
`;

/**
 * Pragmas on every open. `synchronous` is per connection and not stored in the file: without setting it again a
 * reopened WAL database runs with NORMAL, which may lose the last commits on power loss. Audit data needs FULL.
 */
export function applyPragmas(db: BetterSqlite3.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!db.memory) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new Error(`Could not switch ${db.name} to WAL journal mode (got ${String(mode)})`);
    }
  }
  db.pragma('synchronous = FULL');
  // The guard trigger makes every insert keep a statement journal; on disk (SQLite's default) that doubled the CPU
  // time of an append. In memory it costs a few pages per statement.
  db.pragma('temp_store = MEMORY');
}

export function migrate(db: BetterSqlite3.Database): void {
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`${db.name} has event store schema version ${version}; this build knows up to ${SCHEMA_VERSION}`);
    }
    db.exec(SCHEMA_SQL);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
