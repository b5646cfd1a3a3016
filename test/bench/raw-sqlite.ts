import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchSizes } from './bench-config';
import { districtCommandSequence } from './district-commands';
import { readDataset } from './event-mix';
import { secondsSince } from './stats';
import { type Contender, SYNCHRONOUS_NAMES } from './workloads';

/**
 * The limit: what better-sqlite3 itself does on this machine with the same durability (WAL, synchronous=FULL),
 * with no event-store logic at all. One table, the position as rowid, no other index.
 * 1. one INSERT per transaction (a durable single-row commit per command; no reads, no concurrency);
 * 2. one transaction of `appendSize` INSERTs per append;
 * 3. one scan in position order, parsing each row's data and metadata (what any reader has to hand out);
 * 4. a plain fold: scan in order, fold each stream's event count and last type in memory, upsert that one small
 *    document per event and a checkpoint per batch of 500, into a second file with the read store's durability
 *    (WAL, synchronous=NORMAL).
 */

const eventsFile = (dir: string) => join(dir, 'limit.db');

const SCHEMA = `CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL
)`;

const INSERT = 'INSERT INTO events (stream_id, stream_version, type, data, metadata) VALUES (?, ?, ?, ?, ?)';

function open(filename: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}

async function withEvents<T>(dir: string, work: (db: Database.Database) => T): Promise<T> {
  const db = open(eventsFile(dir), 'FULL');
  try {
    db.exec(SCHEMA);
    return work(db);
  } finally {
    db.close();
  }
}

const count = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

/** A metadata object of the size ours carries (actor, times, ids, hashes). */
function metadataJson(): string {
  return JSON.stringify({
    actorId: 'bench',
    actorRole: 'district_manager',
    recordedAt: new Date().toISOString(),
    commandId: '00000000-0000-4000-8000-000000000000',
    correlationId: '00000000-0000-4000-8000-000000000000',
    causationId: '00000000-0000-4000-8000-000000000000',
    schemaVersion: 1,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  });
}

export const limit: Contender = {
  name: 'limit',

  durability: (dir) =>
    withEvents(dir, (db) => ({
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[Number(db.pragma('synchronous', { simple: true }))],
    })),

  commands: (dir, sizes: BenchSizes) =>
    withEvents(dir, (db) => {
      const insert = db.prepare(INSERT);
      const sequence = districtCommandSequence(sizes.streams);
      const started = process.hrtime.bigint();
      for (let index = 0; index < sizes.commands; index++) {
        const { type, data } = sequence.commandAt(index);
        insert.run(`district-${data.districtId}`, Math.floor(index / sizes.streams), type, JSON.stringify(data), metadataJson());
      }
      const seconds = secondsSince(started);
      return { count: sizes.commands, seconds, tally: { succeeded: sizes.commands, failed: 0, failures: new Map() }, eventsStored: count(db) };
    }),

  batchAppend: (dir, appendsFile) =>
    withEvents(dir, (db) => {
      const appends = [...readDataset(appendsFile)].flat();
      const insert = db.prepare(INSERT);
      const appendOne = db.transaction((streamId: string, events: (typeof appends)[number]['events']) => {
        events.forEach((event, version) => insert.run(streamId, version, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)));
      });
      const started = process.hrtime.bigint();
      for (const { streamId, events } of appends) appendOne(streamId, events);
      return { count: appends.reduce((sum, a) => sum + a.events.length, 0), seconds: secondsSince(started) };
    }),

  readAll: (dir) =>
    withEvents(dir, (db) => {
      let read = 0;
      let inOrder = true;
      let previous = 0;
      const started = process.hrtime.bigint();
      const rows = db.prepare('SELECT position, stream_id, stream_version, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<{
        position: number;
        data: string;
        metadata: string;
      }>;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
        if (row.position <= previous) inOrder = false;
        previous = row.position;
        read++;
      }
      return { count: read, seconds: secondsSince(started), inOrder };
    }),

  prepareCatchUp: (dir, mixFile) =>
    withEvents(dir, (db) => {
      const insert = db.prepare(INSERT);
      const appendRecord = db.transaction((streams: { streamId: string; events: { type: string; data: object; metadata: object }[] }[]) => {
        for (const { streamId, events } of streams) {
          events.forEach((event, version) => insert.run(streamId, version, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)));
        }
      });
      for (const streams of readDataset(mixFile)) appendRecord(streams);
      return count(db);
    }),

  catchUp: (dir, run, sizes) =>
    withEvents(dir, (db) => {
      const target = open(join(dir, `limit-read-${run}.db`), 'NORMAL');
      try {
        target.exec('CREATE TABLE IF NOT EXISTS summaries (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
        target.exec('CREATE TABLE IF NOT EXISTS checkpoints (id TEXT PRIMARY KEY, position INTEGER NOT NULL)');
        const upsert = target.prepare('INSERT INTO summaries (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
        const checkpoint = target.prepare('INSERT INTO checkpoints (id, position) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position');
        const folded = new Map<string, { id: string; events: number; lastType: string; position: number }>();
        type Row = { position: number; stream_id: string; type: string; data: string; metadata: string };
        const applyBatch = target.transaction((batch: Row[]) => {
          for (const row of batch) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
            const previous = folded.get(row.stream_id);
            const next = { id: row.stream_id, events: (previous?.events ?? 0) + 1, lastType: row.type, position: row.position };
            folded.set(row.stream_id, next);
            upsert.run(next.id, JSON.stringify(next));
          }
          checkpoint.run('fold', batch[batch.length - 1].position);
        });
        let projected = 0;
        let batch: Row[] = [];
        const started = process.hrtime.bigint();
        for (const row of db.prepare('SELECT position, stream_id, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<Row>) {
          batch.push(row);
          if (batch.length === sizes.projectionBatch) {
            applyBatch(batch);
            projected += batch.length;
            batch = [];
          }
        }
        if (batch.length > 0) applyBatch(batch);
        projected += batch.length;
        const seconds = secondsSince(started);
        const summaries = (target.prepare('SELECT count(*) AS n FROM summaries').get() as { n: number }).n;
        return { count: projected, seconds, failed: summaries === folded.size ? [] : ['fold'] };
      } finally {
        target.close();
      }
    }),
};
