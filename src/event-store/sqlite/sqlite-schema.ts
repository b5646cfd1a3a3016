import type BetterSqlite3 from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

/** Waiting for another process's write lock blocks the event loop (better-sqlite3 is synchronous): keep it short. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The log. `position` is the global order; AUTOINCREMENT guarantees a position is never reused.
 * UNIQUE(stream_id, stream_version) doubles as the index for stream reads and version checks.
 * `category` is derived from stream_id on insert so category filters can use an index.
 * The triggers make the table append-only for every connection, not just this adapter.
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
