import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile } from '../../core/private-files';
import { applyPragmas } from '../../event-store/sqlite/sqlite-schema';
import type { SignedLogCheckpoint } from '../log-checkpoint';
import { KEPT_CHECKPOINTS, type LogCheckpointStore } from './log-checkpoint-store.port';

/**
 * Checkpoints in their own table of an SQLite file: events.db on the embedded default (a backup of the log then
 * carries its checkpoints), never the events table. Its own connection with the event store's pragmas.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS log_checkpoints (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  position   TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  key_id     TEXT    NOT NULL,
  document   TEXT    NOT NULL CHECK (json_valid(document))
);
CREATE INDEX IF NOT EXISTS log_checkpoints_position ON log_checkpoints (position, seq);
`;

export class SqliteLogCheckpointStore implements LogCheckpointStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteLogCheckpointStore['prepare']>;

  constructor(filename: string) {
    const file = filename === ':memory:' ? filename : resolve(filename);
    // Created 0600 before SQLite opens it, like the stores' files (SQLite gives -wal and -shm the file's mode).
    if (file !== ':memory:') createPrivateFile(file);
    this.db = new Database(file);
    try {
      applyPragmas(this.db);
      this.db.exec(SCHEMA_SQL);
      this.statements = this.prepare();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async add(signed: SignedLogCheckpoint): Promise<void> {
    const { checkpoint } = signed;
    const s = this.statements;
    this.db.transaction(() => {
      const { lastInsertRowid } = s.insert.run(checkpoint.position, checkpoint.createdAt, checkpoint.keyId, JSON.stringify(signed));
      s.prune.run(Number(lastInsertRowid) - KEPT_CHECKPOINTS);
    }).immediate();
  }

  async latest(): Promise<SignedLogCheckpoint | null> {
    const row = this.statements.latest.get();
    return row ? (JSON.parse(row.document) as SignedLogCheckpoint) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private prepare() {
    return {
      insert: this.db.prepare<[string, string, string, string]>(
        'INSERT INTO log_checkpoints (position, created_at, key_id, document) VALUES (?, ?, ?, ?)',
      ),
      prune: this.db.prepare<[number]>('DELETE FROM log_checkpoints WHERE seq <= ?'),
      latest: this.db.prepare<[], { document: string }>(
        'SELECT document FROM log_checkpoints ORDER BY position DESC, seq DESC LIMIT 1',
      ),
    };
  }
}
