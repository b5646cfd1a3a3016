import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { createPrivateFile } from '../../core/private-files';
import type { CollectionSpec, Doc, FindOptions, Page, ReadStore, ReadStoreSession } from '../read-store.port';
import { SqliteCollections } from './sqlite-collections';

export interface SqliteReadStoreOptions {
  /** Database file; it (mode 0600) and missing parent directories (0700) are created when missing. */
  filename: string;
  /**
   * NORMAL (default) suits read models, which the event log can rebuild. FULL makes each commit durable on its own,
   * for state that nothing can bring back (the state store).
   */
  synchronous?: 'NORMAL' | 'FULL';
}

const WAL_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * ReadStore on SQLite (better-sqlite3). See SqliteCollections for the table layout and query translation.
 *
 * Concurrency: better-sqlite3 is synchronous, but `transaction(work)` awaits async work while BEGIN IMMEDIATE is open
 * on the writer connection. Every write and every transaction therefore runs through one promise queue, so nothing
 * from another async caller can slip into an open transaction. Reads outside transactions use a second connection:
 * they never wait for the queue and, under WAL, see only committed data.
 */
export class SqliteReadStoreAdapter implements ReadStore {
  private readonly writerDb: Database.Database;
  private readonly readerDb: Database.Database;
  private readonly writer: SqliteCollections;
  private readonly reader: SqliteCollections;
  private queue: Promise<void> = Promise.resolve();
  /** Set while a transaction's `work` runs, to reject store writes from inside it (they would wait for it forever). */
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private closed = false;

  constructor(options: SqliteReadStoreOptions) {
    if (options.filename === '' || options.filename === ':memory:') {
      // Readers need their own connection to the same database, which only a plain file path gives them.
      throw new Error('SqliteReadStoreAdapter needs a database file path (for tests: a file under os.tmpdir())');
    }
    // Private before SQLite creates it (0644 otherwise); the -wal and -shm files take the database file's mode.
    createPrivateFile(options.filename);

    this.writerDb = new Database(options.filename);
    this.writerDb.pragma('journal_mode = WAL');
    // NORMAL is enough for read models: they can be rebuilt from the event log, and WAL + NORMAL is still atomic and
    // consistent. A power loss can only drop the last commits, and their checkpoint with them (same transaction), so
    // the projection runner simply replays those events. synchronous is per connection, hence set on every open.
    this.writerDb.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    this.writerDb.pragma('busy_timeout = 5000');
    // A checkpoint (copy WAL pages into the database, two fsyncs) runs inside the COMMIT that pushes the WAL past
    // this many pages (4 KiB each). At the default of 1000 pages (4 MB) a catch-up batch of 500 events checkpoints on nearly
    // every commit; at 16384 (64 MB) one checkpoint covers ~15 batches and copies each hot index page once.
    this.writerDb.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // ...and the WAL file is cut back to this size after a checkpoint instead of staying at its largest.
    this.writerDb.pragma(`journal_size_limit = ${WAL_AUTOCHECKPOINT_PAGES * 4096}`);
    // Deleted and replaced documents are zeroed inside their pages, so an erased user profile does not linger in
    // the file. FAST adds no I/O (only freed whole pages keep old bytes until reused); per connection, like the above.
    this.writerDb.pragma('secure_delete = FAST');
    // Statistics let the planner weigh a range filter against the sort order: a narrow time range of the audit
    // trail is then read through its own index instead of walking the whole log in position order. This analyses
    // tables never analysed or grown tenfold since (e.g. after a rebuild or an unclean stop; close() keeps them
    // fresh otherwise). Before the reader opens, because a connection reads the statistics when it loads the schema.
    this.writerDb.pragma('optimize = 0x10002');

    this.readerDb = new Database(options.filename);
    this.readerDb.pragma('busy_timeout = 5000');
    this.readerDb.pragma('query_only = ON');
    this.writer = new SqliteCollections(this.writerDb);
    this.reader = new SqliteCollections(this.readerDb);
  }

  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.read(() => this.reader.get<T>(collection, id));
  }

  getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.read(() => this.reader.getMany<T>(collection, ids));
  }

  find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>> {
    return this.read(() => this.reader.find<T>(collection, options));
  }

  /** Journal mode and synchronous level (0 OFF … 3 EXTRA) of the writer connection (diagnostics; not part of the port). */
  connectionSettings(): { journalMode: string; synchronous: number } {
    this.assertOpen();
    return {
      journalMode: String(this.writerDb.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.writerDb.pragma('synchronous', { simple: true })),
    };
  }

  /** The query plan SQLite uses for `find` (diagnostics; not part of the port). */
  explainFind(collection: string, options?: FindOptions): string[] {
    this.assertOpen();
    return this.reader.explainFind(collection, options);
  }

  put(collection: string, doc: Doc): Promise<void> {
    return this.exclusive(() => this.writer.put(collection, doc));
  }

  delete(collection: string, id: string): Promise<void> {
    return this.exclusive(() => this.writer.delete(collection, id));
  }

  ensureCollection(spec: CollectionSpec): Promise<void> {
    return this.exclusive(() => this.writer.ensure(spec));
  }

  dropCollection(name: string): Promise<void> {
    return this.exclusive(() => this.writer.drop(name));
  }

  replaceCollection(source: string, target: string, spec: CollectionSpec): Promise<void> {
    return this.exclusive(() => this.writer.replace(source, target, spec));
  }

  transaction<T>(work: (session: ReadStoreSession) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.writerDb.exec('BEGIN IMMEDIATE');
      const session = new SqliteSession(this.writer);
      try {
        const result = await this.insideTransaction.run(true, () => work(session));
        this.writerDb.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.writerDb.inTransaction) this.writerDb.exec('ROLLBACK');
        throw error;
      } finally {
        session.end();
      }
    });
  }

  /**
   * Replaced and deleted documents are already zeroed inside their pages (secure_delete), but the old pages stay in
   * the database file until a checkpoint copies the new ones over them, and old frames stay in the WAL file until it
   * is overwritten: a TRUNCATE checkpoint does both. It needs every other connection between reads (busy otherwise).
   */
  purgeOverwritten(): Promise<boolean> {
    return this.exclusive(() => {
      const [result] = this.writerDb.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result.busy === 0;
    });
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.readerDb.prepare('SELECT 1').get();
  }

  /** Waits for queued writes and transactions, then closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.writerDb.pragma('optimize');
    this.readerDb.close();
    this.writerDb.close();
  }

  private read<R>(query: () => R): Promise<R> {
    try {
      this.assertOpen();
      return Promise.resolve(query());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Runs `task` after every write and transaction queued before it. */
  private exclusive<R>(task: () => R | Promise<R>): Promise<R> {
    try {
      this.assertOpen();
      if (this.insideTransaction.getStore() === true) {
        throw new Error(
          'ReadStore write or nested transaction inside transaction(work): use the session passed to work instead',
        );
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const run = this.queue.then(task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteReadStoreAdapter is closed');
  }
}

/** The writer connection as seen from inside one transaction; unusable once the transaction has ended. */
class SqliteSession implements ReadStoreSession {
  private active = true;

  constructor(private readonly collections: SqliteCollections) {}

  end(): void {
    this.active = false;
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.use().get<T>(collection, id);
  }

  async getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.use().getMany<T>(collection, ids);
  }

  async find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>> {
    return this.use().find<T>(collection, options);
  }

  async put(collection: string, doc: Doc): Promise<void> {
    this.use().put(collection, doc);
  }

  async delete(collection: string, id: string): Promise<void> {
    this.use().delete(collection, id);
  }

  private use(): SqliteCollections {
    if (!this.active) throw new Error('ReadStore session used after its transaction ended');
    return this.collections;
  }
}
