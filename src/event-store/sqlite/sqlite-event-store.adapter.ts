import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile } from '../../core/private-files';
import { eventSize, type EventFilter, type EventStore, type EventSubscription, type ReadAllOptions, type ReadAllResult, type SubscribeOptions } from '../event-store.port';
import { type AppendResult, type ExpectedVersion, type ReadStreamOptions, WrongExpectedVersionError } from '../../core/stream-store';
import { streamCategory, type EventMetadata, type JsonObject, type NewEvent, type RecordedEvent } from '../../core/envelope';
import { EventStoreUnavailableError, IdempotencyViolationError } from '../event-store.errors';
import { formatPosition, parsePosition } from './sqlite-position';
import { applyPragmas, DUPLICATE_EVENT_ID, migrate } from './sqlite-schema';
import { SqliteSubscription, type SubscriptionPage, type SubscriptionSource } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** Database file; it (mode 0600) and its directory (0700) are created when missing. */
  filename: string;
  /** How often a subscription at the head looks for events written by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** Events a subscription reads per page; bounds its memory. Default 100. */
  subscriptionPageSize?: number;
}

/** Pragmas of the adapter's own connection, for diagnostics and tests. */
export interface SqliteConnectionSettings {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  busyTimeoutMs: number;
}

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedVersion;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
}

interface StoredEventRef {
  stream_id: string;
  stream_version: number;
  position: number;
}

const DEFAULT_POLL_INTERVAL_MS = 250;
const DEFAULT_PAGE_SIZE = 100;
/** Caps the work (and lock time) of one transaction; the rest of the queue goes into the next flush. */
const MAX_APPENDS_PER_TRANSACTION = 500;
const EVENT_COLUMNS = 'position, event_id, stream_id, stream_version, type, data, metadata';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMED_EXPECTATIONS: readonly ExpectedVersion[] = ['no_stream', 'stream_exists', 'any'];

/**
 * Embedded event store on one SQLite file (WAL, synchronous=FULL).
 *
 * Group commit: better-sqlite3 is synchronous and every commit costs an fsync, so appends are queued and a flush
 * (scheduled with setImmediate) writes all queued appends in ONE transaction — many concurrent commands pay one
 * fsync. Each append runs inside its own SAVEPOINT: a failing one (wrong version, idempotency) is rolled back alone
 * and rejects only its own promise. Appends arriving during a flush go into the next one.
 */
export class SqliteEventStoreAdapter implements EventStore {
  readonly filename: string;
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly statements: ReturnType<SqliteEventStoreAdapter['prepareStatements']>;
  private readonly filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly subscriptionSource: SubscriptionSource;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private transactionsCommitted = 0;

  constructor(options: SqliteEventStoreOptions) {
    this.pollIntervalMs = positiveInteger(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, 'pollIntervalMs');
    this.pageSize = positiveInteger(options.subscriptionPageSize ?? DEFAULT_PAGE_SIZE, 'subscriptionPageSize');
    this.filename = options.filename === ':memory:' ? options.filename : resolve(options.filename);
    // Private before SQLite creates it (0644 otherwise); the -wal and -shm files take the database file's mode.
    if (this.filename !== ':memory:') createPrivateFile(this.filename);
    this.db = new Database(this.filename);
    try {
      applyPragmas(this.db);
      migrate(this.db);
      this.statements = this.prepareStatements();
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.subscriptionSource = {
      pollIntervalMs: this.pollIntervalMs,
      pageSize: this.pageSize,
      readPage: (after, filter, maxCount, maxBytes) => this.readPage(after, filter, maxCount, maxBytes),
      detach: (subscription) => this.subscriptions.delete(subscription),
    };
  }

  /** Number of append transactions committed by this instance (one per group of queued appends). */
  get committedTransactionCount(): number {
    return this.transactionsCommitted;
  }

  connectionSettings(): SqliteConnectionSettings {
    this.assertOpen();
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    try {
      this.assertOpen();
      validateAppend(streamId, events, expected);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: [...events], expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    if (direction !== 'forwards' && direction !== 'backwards') {
      throw new TypeError(`readStream: direction must be 'forwards' or 'backwards', got ${String(direction)}`);
    }
    const fromVersion = optionalNonNegativeInteger(options.fromVersion, 'fromVersion');
    const limit = optionalNonNegativeInteger(options.maxCount, 'maxCount') ?? -1; // -1: no LIMIT in SQLite
    const rows =
      direction === 'forwards'
        ? this.statements.readStreamForwards.all(streamId, fromVersion ?? 0, limit)
        : this.statements.readStreamBackwards.all(streamId, fromVersion ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.assertOpen();
    const after = options.after === undefined ? null : parsePosition(options.after);
    const maxCount = optionalNonNegativeInteger(options.maxCount, 'maxCount');
    const maxBytes = optionalNonNegativeInteger(options.maxBytes, 'maxBytes');
    const page = this.readPage(after ?? 0, options.filter, maxCount, maxBytes);
    return {
      events: page.events,
      lastPosition: after === null && page.last === 0 ? null : formatPosition(page.last),
      isEnd: page.isEnd,
    };
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const after = options.after === undefined ? 0 : parsePosition(options.after);
    // Copied so that a caller mutating its filter later cannot change a running subscription.
    const filter: EventFilter | undefined = options.filter && {
      eventTypes: options.filter.eventTypes && [...options.filter.eventTypes],
      streamCategories: options.filter.streamCategories && [...options.filter.streamCategories],
    };
    const maxPageBytes = optionalNonNegativeInteger(options.maxPageBytes, 'maxPageBytes');
    const subscription = new SqliteSubscription(this.subscriptionSource, after, filter, maxPageBytes);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<string | null> {
    this.assertOpen();
    const head = this.readHead();
    return head === 0 ? null : formatPosition(head);
  }

  isPosition(value: string): boolean {
    try {
      parsePosition(value);
      return true;
    } catch {
      return false;
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.statements.ping.get();
  }

  /** Commits appends already accepted, ends all subscriptions, closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.end();
    this.db.close();
  }

  // --- writing ---------------------------------------------------------------------------------------------

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_APPENDS_PER_TRANSACTION);
    if (this.queue.length > 0) this.scheduleFlush();

    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // Nothing of this batch was kept; outcomes computed inside it are void as well.
      const failure = new EventStoreUnavailableError(`SQLite append transaction failed: ${errorMessage(error)}`, {
        cause: error,
      });
      for (const request of batch) request.reject(failure);
      return;
    }
    batch.forEach((request, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(outcome.error);
    });
    // Wake subscriptions only after COMMIT, so they never look for events that are not yet visible.
    if (outcomes.some((outcome) => outcome.ok)) {
      for (const subscription of this.subscriptions) subscription.notify();
    }
  }

  private commitBatch(batch: readonly PendingAppend[]): Outcome[] {
    const s = this.statements;
    const outcomes: Outcome[] = [];
    s.begin.run();
    try {
      for (const request of batch) {
        s.savepoint.run();
        try {
          const result = this.appendInTransaction(request);
          s.release.run();
          outcomes.push({ ok: true, result });
        } catch (error) {
          // Some errors (disk full, I/O) make SQLite roll back the whole transaction: abort the batch.
          if (!this.db.inTransaction) throw error;
          s.rollbackToSavepoint.run();
          s.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      s.commit.run();
    } catch (error) {
      if (this.db.inTransaction) s.rollback.run();
      throw error;
    }
    this.transactionsCommitted++;
    return outcomes;
  }

  private appendInTransaction({ streamId, events, expected }: PendingAppend): AppendResult {
    const s = this.statements;
    // Idempotency comes first and ignores the expected version: a retried command gets its original result. A
    // repetition starts with a stored id, so only then are all ids looked up; otherwise a stored id further on
    // shows itself as the guard trigger refusing its insert (the savepoint undoes the rows before it).
    if (events.length > 0 && s.eventById.get(events[0].eventId) !== undefined) {
      const replayed = this.findStoredAppend(streamId, events);
      if (replayed) return replayed;
    }

    const last = s.lastEventOfStream.get(streamId);
    const current = last ? last.stream_version : -1;
    if (!expectedVersionMatches(expected, current)) {
      // Still idempotency first: a stored id further on makes this an IdempotencyViolationError.
      this.findStoredAppend(streamId, events);
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    // An empty append writes nothing and reports the stream's state (position 0 = "before any event").
    if (events.length === 0) return { nextExpectedVersion: current, position: formatPosition(last?.position ?? 0) };

    const category = streamCategory(streamId);
    let version = current;
    let position = 0;
    for (const event of events) {
      version += 1;
      try {
        const { lastInsertRowid } = s.insert.run(
          event.eventId,
          streamId,
          version,
          category,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        position = Number(lastInsertRowid);
      } catch (error) {
        if (isDuplicateEventId(error)) throw new IdempotencyViolationError(streamId, event.eventId);
        throw error;
      }
    }
    return { nextExpectedVersion: version, position: formatPosition(position) };
  }

  /**
   * When every event id is already stored in this stream, consecutively and in this order, the append is a
   * repetition: returns the original result. Some stored, or stored elsewhere: IdempotencyViolationError.
   */
  private findStoredAppend(streamId: string, events: readonly NewEvent[]): AppendResult | null {
    const stored = events.map((event) => this.statements.eventById.get(event.eventId));
    const firstStored = stored.findIndex((ref) => ref !== undefined);
    if (firstStored < 0) return null;
    const first = stored[0];
    const repeatsOriginal =
      first !== undefined &&
      stored.every((ref, i) => ref?.stream_id === streamId && ref.stream_version === first.stream_version + i);
    if (!repeatsOriginal) throw new IdempotencyViolationError(streamId, events[firstStored].eventId);
    const last = stored[stored.length - 1] as StoredEventRef;
    return { nextExpectedVersion: last.stream_version, position: formatPosition(last.position) };
  }

  // --- reading ---------------------------------------------------------------------------------------------

  private readHead(): number {
    return this.statements.head.get()?.head ?? 0;
  }

  /**
   * Reads matching events in (after, head], head taken first: positions become visible in commit order (one
   * writer at a time), so everything up to head is committed and the scan never skips an event committed later.
   * One extra row tells whether the page is the last one; when it is, the cursor jumps to head, past any
   * non-matching events. With `maxBytes` the page also ends before the event that would take it over that size
   * (it keeps at least one), so rows are parsed one by one and the rest is never read.
   */
  private readPage(
    after: number,
    filter: EventFilter | undefined,
    maxCount: number | undefined,
    maxBytes?: number,
  ): SubscriptionPage {
    const head = this.readHead();
    if (head <= after) return { events: [], last: after, isEnd: true };
    if (maxCount === 0) return { events: [], last: after, isEnd: false };
    const eventTypes = filter?.eventTypes ?? [];
    const categories = filter?.streamCategories ?? [];
    const limit = maxCount === undefined ? -1 : maxCount + 1;
    const statement = this.filteredRead(eventTypes.length, categories.length);
    const parameters = [after, head, ...eventTypes, ...categories, limit];
    if (maxBytes !== undefined) return this.readBoundedPage(statement.iterate(...parameters), head, maxCount, maxBytes);
    const rows = statement.all(...parameters);
    if (maxCount !== undefined && rows.length > maxCount) {
      const page = rows.slice(0, maxCount);
      return { events: page.map(toRecordedEvent), last: page[page.length - 1].position, isEnd: false };
    }
    return { events: rows.map(toRecordedEvent), last: head, isEnd: true };
  }

  private readBoundedPage(
    rows: IterableIterator<EventRow>,
    head: number,
    maxCount: number | undefined,
    maxBytes: number,
  ): SubscriptionPage {
    const events: RecordedEvent[] = [];
    let bytes = 0;
    let last = 0;
    // Leaving the loop early resets the statement, so the rows after the page are never stepped through.
    for (const row of rows) {
      if (maxCount !== undefined && events.length >= maxCount) return { events, last, isEnd: false };
      const event = toRecordedEvent(row);
      const size = eventSize(event);
      if (events.length > 0 && bytes + size > maxBytes) return { events, last, isEnd: false };
      events.push(event);
      bytes += size;
      last = row.position;
    }
    return { events, last: head, isEnd: true };
  }

  private filteredRead(typeCount: number, categoryCount: number): Database.Statement<unknown[], EventRow> {
    const key = `${typeCount}:${categoryCount}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
      let sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ?`;
      if (typeCount > 0) sql += ` AND type IN (${placeholders(typeCount)})`;
      if (categoryCount > 0) sql += ` AND category IN (${placeholders(categoryCount)})`;
      sql += ' ORDER BY position LIMIT ?';
      statement = this.db.prepare<unknown[], EventRow>(sql);
      this.filteredReads.set(key, statement);
    }
    return statement;
  }

  // --- plumbing --------------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`SQLite event store ${this.filename} is closed`);
  }

  private prepareStatements() {
    const db = this.db;
    return {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT append_one'),
      release: db.prepare('RELEASE append_one'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append_one'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      ping: db.prepare('SELECT 1'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      eventById: db.prepare<[string], StoredEventRef>(
        'SELECT stream_id, stream_version, position FROM events WHERE event_id = ?',
      ),
      lastEventOfStream: db.prepare<[string], { stream_version: number; position: number }>(
        'SELECT stream_version, position FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
      ),
      insert: db.prepare<[string, string, number, string, string, string, string]>(
        `INSERT INTO events (event_id, stream_id, stream_version, category, type, data, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStreamForwards: db.prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ?
         ORDER BY stream_version ASC LIMIT ?`,
      ),
      readStreamBackwards: db.prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ?
         ORDER BY stream_version DESC LIMIT ?`,
      ),
    };
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: formatPosition(row.position),
  };
}

/**
 * The guard trigger's refusal (it fires before the unique index). Duck-typed: better-sqlite3's SqliteError may come
 * from another realm (Jest).
 */
function isDuplicateEventId(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_TRIGGER' && message === DUPLICATE_EVENT_ID;
}

function expectedVersionMatches(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return expected === current;
  }
}

/** Rejects malformed calls before they reach the queue (programming errors, not conflicts). */
function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('append: streamId must be non-empty');
  if (!Array.isArray(events)) throw new TypeError('append: events must be an array');
  if (!NAMED_EXPECTATIONS.includes(expected) && !(Number.isSafeInteger(expected) && (expected as number) >= 0)) {
    throw new TypeError(`append: invalid expected version ${JSON.stringify(expected)}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || !UUID_PATTERN.test(event.eventId)) {
      throw new TypeError(`append: event id ${JSON.stringify(event.eventId)} is not a UUID`);
    }
    if (seen.has(event.eventId)) throw new TypeError(`append: event id ${event.eventId} appears twice`);
    seen.add(event.eventId);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('append: event type is empty');
    if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
      throw new TypeError(`append: data and metadata of event ${event.eventId} must be objects`);
    }
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNonNegativeInteger(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
