import { join } from 'node:path';
import {
  DeciderCommandHandler,
  type Event,
  type EventStore,
  ExpectedVersionConflictError,
  NO_CONCURRENCY_CHECK,
  type ProjectionDefinition,
  type ReadEvent,
  type ReadEventMetadataWithGlobalPosition,
  STREAM_DOES_NOT_EXIST,
} from '@event-driven-io/emmett';
import {
  appendToStream,
  createEventStoreSchema,
  getSQLiteEventStore,
  readMessagesBatch,
  readStream,
  type SQLiteConnection,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { type DocWrite, POSITION_FIELD, type Projection } from '../../projections/runner/projection';
import type { DistrictState } from '../../src/districts/domain/districts.decider';
import { districtsDecider } from '../../src/districts/domain/districts.decider';
import type { DistrictCommand as DomainDistrictCommand } from '../../src/districts/domain/districts.commands';
import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../../src/core/envelope';
import { formatPosition } from '../../src/event-store/sqlite/sqlite-position';
import type { Doc } from '../../src/read-store/read-store.port';
import { benchCommandContext, districtCommandSequence } from './district-commands';
import { readDataset } from './event-mix';
import { runClosedLoop, secondsSince } from './stats';
import { type Contender, SYNCHRONOUS_NAMES } from './workloads';

/**
 * The peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, node-sqlite3), used through its
 * documented API: the package's `sqliteConnection`, `createEventStoreSchema`, `appendToStream`, `readStream`,
 * `readMessagesBatch`; commands through Emmett's `DeciderCommandHandler`; async projections through
 * `getSQLiteEventStore(...).consumer()` with one projection processor per projection.
 *
 * Two choices, forced by this version:
 * - `getSQLiteEventStore({ fileName })` opens and closes a connection around every call for a file database, and
 *   closing the last connection checkpoints the WAL: 67 commands/s one at a time, and concurrent callers fail with
 *   "SQLITE_MISUSE: Database handle is closed" (one call closes the connection another is using). So commands,
 *   appends and reads share one long-lived connection (as Emmett's own consumer does), behind a minimal EventStore
 *   object built from the package's exported functions.
 * - That connection counts nested transactions, so concurrent commands on it share a transaction (in effect a group
 *   commit); a command that starts just as another commits runs outside any transaction and fails with "cannot
 *   commit - no transaction is active" although its event was written. Such failures are counted and reported.
 *
 * Durability: node-sqlite3 opens connections with synchronous=FULL (read back below); Emmett sets WAL. Projections
 * write into the event store's own file (Emmett's design), so they commit with FULL as well.
 * The peer projects with the service's own projections (same documentsFor/apply code), so its read models can be
 * compared with ours; each runs in its own processor with its own checkpoint, as Emmett's consumer does it.
 */

const eventsFile = (dir: string) => join(dir, 'emmett.db');

/** Our events carry their id and envelope in Emmett's metadata, so the projections see the same events. */
type PeerMetadata = EventMetadata & { eventId: string } & Record<string, unknown>;
type PeerEvent = Event<string, JsonObject, PeerMetadata>;
type PeerReadEvent = ReadEvent<PeerEvent, ReadEventMetadataWithGlobalPosition & PeerMetadata>;

const toPeerEvent = (event: NewEvent): PeerEvent => ({
  type: event.type,
  data: event.data,
  metadata: { ...event.metadata, eventId: event.eventId },
});

function toRecordedEvent(event: PeerReadEvent): RecordedEvent {
  const { eventId, streamName, streamPosition, globalPosition, messageId: _messageId, ...metadata } = event.metadata;
  return {
    eventId,
    type: event.type,
    data: event.data,
    metadata: metadata as EventMetadata,
    streamId: streamName,
    streamVersion: Number(streamPosition) - 1,
    position: formatPosition(Number(globalPosition)),
  };
}

async function withConnection<T>(dir: string, work: (connection: SQLiteConnection) => Promise<T>): Promise<T> {
  const connection = sqliteConnection({ fileName: eventsFile(dir) });
  try {
    await createEventStoreSchema(connection);
    return await work(connection);
  } finally {
    connection.close();
  }
}

/** Emmett's EventStore over one kept connection, from the package's own stream functions. */
function connectionStore(connection: SQLiteConnection): EventStore<ReadEventMetadataWithGlobalPosition> {
  return {
    async aggregateStream(streamName, { evolve, initialState, read }) {
      const result = await readStream(connection, streamName, read);
      let state = initialState();
      for (const event of result.events) state = evolve(state, event as never);
      return { currentStreamVersion: result.currentStreamVersion, state, streamExists: result.streamExists };
    },
    readStream: (streamName, options) => readStream(connection, streamName, options),
    async appendToStream(streamName, events, options) {
      const result = await appendToStream(connection, streamName, streamName.split('-')[0], events, options);
      if (!result.success) throw new ExpectedVersionConflictError(-1n, options?.expectedStreamVersion ?? NO_CONCURRENCY_CHECK);
      return { nextExpectedStreamVersion: result.nextStreamPosition, createdNewStream: result.nextStreamPosition === BigInt(events.length) };
    },
  };
}

async function countMessages(connection: SQLiteConnection): Promise<number> {
  const row = await connection.querySingle<{ count: number }>('SELECT count(*) AS count FROM emt_messages');
  return row?.count ?? 0;
}

async function headPosition(connection: SQLiteConnection): Promise<bigint> {
  const row = await connection.querySingle<{ head: number | null }>('SELECT max(global_position) AS head FROM emt_messages');
  return BigInt(row?.head ?? 0);
}

const peerTable = (run: number, collection: string) => `peer${run}_${collection}`;

const fieldSql = (field: string) =>
  field === 'id' ? 'id' : `json_extract(doc, '$${field.split('.').map((segment) => `."${segment}"`).join('')}')`;

/** The same tables and expression indexes as our read store, in the event store's file. */
async function createPeerTables(connection: SQLiteConnection, run: number): Promise<void> {
  for (const projection of ALL_PROJECTIONS) {
    for (const spec of projection.collections) {
      const table = peerTable(run, spec.name);
      await connection.command(`CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      for (const [i, fields] of (spec.indexes ?? []).entries()) {
        await connection.command(`CREATE INDEX IF NOT EXISTS "${table}_ix${i}" ON "${table}" (${fields.map(fieldSql).join(', ')})`);
      }
    }
  }
}

/** One of our projections as an Emmett SQLite projection: documents loaded, applied and written per event. */
function peerProjection(projection: Projection, run: number): ProjectionDefinition<PeerEvent, ReadEventMetadataWithGlobalPosition & PeerMetadata, { connection: SQLiteConnection }> {
  return {
    name: projection.name,
    canHandle: [...projection.eventTypes],
    handle: async (events, { connection }) => {
      for (const read of events) {
        const event = toRecordedEvent(read);
        const docs = new Map<string, Doc | null>();
        const key = (collection: string, id: string) => `${collection}\u0000${id}`;
        for (const ref of projection.documentsFor(event)) {
          const row = await connection.querySingle<{ doc: string }>(`SELECT doc FROM "${peerTable(run, ref.collection)}" WHERE id = ?`, [ref.id]);
          docs.set(key(ref.collection, ref.id), row ? (JSON.parse(row.doc) as Doc) : null);
        }
        const writes: DocWrite[] = projection.apply(event, { get: <T extends Doc>(c: string, id: string) => (docs.get(key(c, id)) ?? null) as T | null });
        for (const write of writes) {
          const id = 'doc' in write ? write.doc.id : write.deleteId;
          const current = docs.get(key(write.collection, id))?.[POSITION_FIELD];
          // The runner's guard: a document that already reflects this event is left alone.
          if (typeof current === 'string' && current >= event.position) continue;
          const table = peerTable(run, write.collection);
          if ('doc' in write) {
            const doc = { ...write.doc, [POSITION_FIELD]: event.position };
            docs.set(key(write.collection, id), doc);
            await connection.command(`INSERT INTO "${table}" (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`, [id, JSON.stringify(doc)]);
          } else {
            docs.set(key(write.collection, id), null);
            await connection.command(`DELETE FROM "${table}" WHERE id = ?`, [id]);
          }
        }
      }
    },
  };
}

export const peer: Contender = {
  name: 'peer',

  durability: (dir) =>
    withConnection(dir, async (connection) => {
      const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
      const synchronous = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
      return { journalMode: String(journal?.journal_mode), synchronous: SYNCHRONOUS_NAMES[synchronous?.synchronous ?? -1] ?? '?' };
    }),

  commands: (dir, sizes) =>
    withConnection(dir, async (connection) => {
      const store = connectionStore(connection);
      const handle = DeciderCommandHandler<DistrictState, DomainDistrictCommand, Event<string, JsonObject>>({
        decide: (command, state) => districtsDecider.decide(command, state),
        evolve: (state, event) => districtsDecider.evolve(state, event as never),
        initialState: districtsDecider.initialState,
      });
      const sequence = districtCommandSequence(sizes.streams);
      const started = process.hrtime.bigint();
      const tally = await runClosedLoop(sizes.commands, sizes.callers, (index) =>
        sequence.inStreamOrder(index, (next) => {
          const command = { ...next, context: benchCommandContext() } as DomainDistrictCommand;
          return handle(store, `district-${command.data.districtId}`, command);
        }),
      );
      const seconds = secondsSince(started);
      return { count: sizes.commands, seconds, tally, eventsStored: await countMessages(connection) };
    }),

  batchAppend: (dir, appendsFile) =>
    withConnection(dir, async (connection) => {
      const appends = [...readDataset(appendsFile)].flat();
      const started = process.hrtime.bigint();
      for (const { streamId, events } of appends) {
        const result = await appendToStream(connection, streamId, 'bench', events.map(toPeerEvent), { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
        if (!result.success) throw new Error(`Emmett refused the append to ${streamId}`);
      }
      return { count: appends.reduce((sum, a) => sum + a.events.length, 0), seconds: secondsSince(started) };
    }),

  readAll: (dir) =>
    withConnection(dir, async (connection) => {
      let count = 0;
      let inOrder = true;
      let after = 0n;
      const started = process.hrtime.bigint();
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
        for (const message of batch.messages) {
          if (message.metadata.globalPosition <= after) inOrder = false;
          after = message.metadata.globalPosition;
          count++;
        }
        if (!batch.areEventsLeft) break;
      }
      return { count, seconds: secondsSince(started), inOrder };
    }),

  prepareCatchUp: (dir, mixFile) =>
    withConnection(dir, async (connection) => {
      // One append at a time: concurrent appends on one connection would share (and may break) a transaction.
      for (const streams of readDataset(mixFile)) {
        for (const { streamId, events } of streams) {
          const result = await appendToStream(connection, streamId, streamId.split('-')[0], events.map(toPeerEvent), { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
          if (!result.success) throw new Error(`Emmett refused the append to ${streamId}`);
        }
      }
      return countMessages(connection);
    }),

  catchUp: (dir, run, sizes) =>
    withConnection(dir, async (connection) => {
      await createPeerTables(connection, run);
      const head = await headPosition(connection);
      const consumer = getSQLiteEventStore({ fileName: eventsFile(dir) }).consumer<PeerEvent>({
        // Our batch size; Emmett waits `pullingFrequencyInMs` (default 50 ms) between batches even when more are
        // waiting, so it is set to 1 ms to measure the processing, not the pauses.
        pulling: { batchSize: sizes.projectionBatch, pullingFrequencyInMs: 1 },
      });
      // How far each processor got, seen from `stopAfter` (called after each handled message). Its checkpoint cannot
      // tell: 0.38.5 starts every batch as if no checkpoint existed, the insert collides and the checkpoint stays at
      // the end of the first batch (Emmett ignores that outcome and goes on).
      const reached = new Map<string, bigint>();
      for (const projection of ALL_PROJECTIONS) {
        consumer.processor({
          processorId: `bench-${run}-${projection.name}`,
          projection: peerProjection(projection, run) as never,
          stopAfter: (message) => {
            reached.set(projection.name, message.metadata.globalPosition);
            return message.metadata.globalPosition >= head;
          },
        });
      }
      const started = process.hrtime.bigint();
      await consumer.start();
      const seconds = secondsSince(started);
      await consumer.close();
      const failed = ALL_PROJECTIONS.filter((p) => reached.get(p.name) !== head).map((p) => p.name);
      return { count: Number(head), seconds, failed };
    }),
};

/** The peer's read models of catch-up run `run`, in the shape of oursReadModels. */
export async function peerReadModels(dir: string, run: number): Promise<Map<string, Doc[]>> {
  return withConnection(dir, async (connection) => {
    const models = new Map<string, Doc[]>();
    for (const projection of ALL_PROJECTIONS) {
      for (const { name } of projection.collections) {
        const rows = await connection.query<{ doc: string }>(`SELECT doc FROM "${peerTable(run, name)}" ORDER BY id`);
        models.set(name, rows.map((row) => JSON.parse(row.doc) as Doc));
      }
    }
    return models;
  });
}
