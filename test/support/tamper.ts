import Database from 'better-sqlite3';
import { eventHash } from '../../src/core/hash-chain';
import type { EventMetadata, JsonObject } from '../../src/core/envelope';

/**
 * An attacker with access to the data folder: opens events.db with a connection of its own (the service stopped or
 * not), drops the append-only triggers and changes rows. The service puts the triggers back on its next start.
 */
export function tamperWith<T>(eventsFile: string, work: (db: Database.Database) => T): T {
  const db = new Database(eventsFile, { fileMustExist: true });
  try {
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    return work(db);
  } finally {
    db.close();
  }
}

interface EventRow {
  position: number;
  event_id: string;
  type: string;
  stream_version: number;
  data: string;
  metadata: string;
}

/**
 * Edits one event's data and recomputes the hash of it and of every later event of its stream, so the stream's
 * chain holds again: what the per-stream hash chain alone cannot reveal.
 */
export function rewriteEvent(
  db: Database.Database,
  streamId: string,
  version: number,
  edit: (data: JsonObject) => JsonObject,
): void {
  const rows = db
    .prepare('SELECT position, event_id, type, stream_version, data, metadata FROM events WHERE stream_id = ? ORDER BY stream_version')
    .all(streamId) as EventRow[];
  const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
  let prevHash = '';
  for (const row of rows) {
    const stored = JSON.parse(row.data) as JsonObject;
    const data = row.stream_version === version ? edit(stored) : stored;
    const metadata: EventMetadata = { ...(JSON.parse(row.metadata) as EventMetadata), prevHash };
    metadata.hash = eventHash({ eventId: row.event_id, type: row.type, streamId, streamVersion: row.stream_version, data, metadata });
    update.run(JSON.stringify(data), JSON.stringify(metadata), row.position);
    prevHash = metadata.hash;
  }
}
