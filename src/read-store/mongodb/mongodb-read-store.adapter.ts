import { AsyncLocalStorage } from 'node:async_hooks';
import { MongoClient, type ClientSession, type Collection, type Db, type TransactionOptions } from 'mongodb';
import type { CollectionSpec, Doc, FindOptions, Page, ReadStore, ReadStoreSession } from '../read-store.port';
import { assertCollectionName, assertDoc, planFind, toPage } from '../read-store.query';
import { databaseName, findFilter, findSort, indexKeys } from './mongodb-query';

export interface MongoReadStoreOptions {
  url: string;
  /** Defaults to the database named in the URL, else 'stadtteil_ledger'. */
  dbName?: string;
}

/** How documents are stored: `_id` holds the id; `id` itself is not stored and `_id` never leaves the adapter. */
interface StoredDoc {
  _id: string;
  [field: string]: unknown;
}

const NAMESPACE_NOT_FOUND = 26;
const NAMESPACE_EXISTS = 48;

/**
 * Transactions need a replica set (a single-node one is enough: docker/docker-compose.yml starts `rs0`).
 * Snapshot reads + majority writes: the batch and its checkpoint become visible together.
 */
const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** Duck-typed rather than `instanceof MongoServerError`, which fails across realms (e.g. Jest module registries). */
function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function fromStored<T extends Doc>(stored: StoredDoc): T {
  const { _id, ...fields } = stored;
  return { id: _id, ...fields } as T;
}

/**
 * The JSON round trip stores exactly what the SQLite adapter stores (Dates become strings, undefined fields vanish),
 * so both adapters return the same documents.
 */
function toStored(doc: Doc): Omit<StoredDoc, '_id'> {
  assertDoc(doc);
  const { id: _id, ...fields } = JSON.parse(JSON.stringify(doc)) as Doc;
  return fields;
}

/** Collection operations, optionally inside a session's transaction. */
class MongoCollections {
  constructor(private readonly db: Db) {}

  async get<T extends Doc>(collection: string, id: string, session?: ClientSession): Promise<T | null> {
    const stored = await this.collection(collection).findOne({ _id: { $eq: id } }, { session });
    return stored === null ? null : fromStored<T>(stored);
  }

  async getMany<T extends Doc>(collection: string, ids: readonly string[], session?: ClientSession): Promise<T[]> {
    const docs = this.collection(collection);
    if (ids.length === 0) return [];
    const stored = await docs.find({ _id: { $in: [...ids] } }, { session }).toArray();
    return stored.map((doc) => fromStored<T>(doc));
  }

  async find<T extends Doc>(collection: string, options?: FindOptions, session?: ClientSession): Promise<Page<T>> {
    const docs = this.collection(collection);
    const plan = planFind(options);
    const stored = await docs
      .find(findFilter(plan), { session, sort: findSort(plan), limit: plan.limit + 1 })
      .toArray();
    return toPage(
      stored.map((doc) => fromStored<T>(doc)),
      plan,
    );
  }

  async put(collection: string, doc: Doc, session?: ClientSession): Promise<void> {
    const docs = this.collection(collection);
    const fields = toStored(doc);
    await docs.replaceOne({ _id: doc.id }, fields, { upsert: true, session });
  }

  async delete(collection: string, id: string, session?: ClientSession): Promise<void> {
    await this.collection(collection).deleteOne({ _id: { $eq: id } }, { session });
  }

  async ensure(spec: CollectionSpec): Promise<void> {
    assertCollectionName(spec.name);
    const keys = indexKeys(spec);
    if (!(await this.exists(spec.name))) {
      try {
        await this.db.createCollection(spec.name);
      } catch (error) {
        if (!hasCode(error, NAMESPACE_EXISTS)) throw error; // created concurrently: fine
      }
    }
    if (keys.length > 0) await this.collection(spec.name).createIndexes(keys.map((key) => ({ key })));
  }

  async drop(name: string): Promise<void> {
    assertCollectionName(name);
    await this.db.dropCollection(name); // resolves false when the collection does not exist
  }

  /**
   * The target's declared indexes are built on the source first, then renameCollection with dropTarget swaps it in
   * atomically (same database): readers see the old target until then, and the new one with all its indexes.
   */
  async replace(source: string, target: string, spec: CollectionSpec): Promise<void> {
    assertCollectionName(source);
    assertCollectionName(target);
    if (source === target) throw new Error(`Cannot replace collection "${target}" with itself`);
    const keys = indexKeys(spec);
    const missingSource = () =>
      new Error(`Cannot replace collection "${target}": source collection "${source}" does not exist`);
    if (!(await this.exists(source))) throw missingSource();
    if (keys.length > 0) await this.collection(source).createIndexes(keys.map((key) => ({ key })));
    try {
      await this.db.renameCollection(source, target, { dropTarget: true });
    } catch (error) {
      if (hasCode(error, NAMESPACE_NOT_FOUND)) throw missingSource();
      throw error;
    }
  }

  private async exists(name: string): Promise<boolean> {
    return (await this.db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;
  }

  private collection(name: string): Collection<StoredDoc> {
    assertCollectionName(name);
    return this.db.collection<StoredDoc>(name);
  }
}

/**
 * ReadStore on MongoDB (official driver). Query translation lives in mongodb-query.ts.
 * Requires a replica set for `transaction` (session transactions).
 */
export class MongoReadStoreAdapter implements ReadStore {
  private readonly collections: MongoCollections;
  /** Set while a transaction's `work` runs, to reject store writes that would bypass (and conflict with) it. */
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private closed = false;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.collections = new MongoCollections(db);
  }

  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStoreAdapter> {
    const client = new MongoClient(options.url);
    await client.connect();
    return new MongoReadStoreAdapter(client, client.db(databaseName(options.url, options.dbName)));
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    this.assertOpen();
    return this.collections.get<T>(collection, id);
  }

  async getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    this.assertOpen();
    return this.collections.getMany<T>(collection, ids);
  }

  async find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>> {
    this.assertOpen();
    return this.collections.find<T>(collection, options);
  }

  async put(collection: string, doc: Doc): Promise<void> {
    this.assertWritable();
    await this.collections.put(collection, doc);
  }

  async delete(collection: string, id: string): Promise<void> {
    this.assertWritable();
    await this.collections.delete(collection, id);
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    this.assertWritable();
    await this.collections.ensure(spec);
  }

  async dropCollection(name: string): Promise<void> {
    this.assertWritable();
    await this.collections.drop(name);
  }

  async replaceCollection(source: string, target: string, spec: CollectionSpec): Promise<void> {
    this.assertWritable();
    await this.collections.replace(source, target, spec);
  }

  /**
   * Runs `work` in a session transaction via `withTransaction`, which retries the whole callback on transient errors
   * (e.g. a write conflict with a concurrent transaction): `work` must be safe to run again, which it is when it only
   * reads and writes through the session.
   */
  async transaction<T>(work: (session: ReadStoreSession) => Promise<T>): Promise<T> {
    this.assertWritable();
    return this.client.withSession((clientSession) =>
      clientSession.withTransaction(async () => {
        const session = new MongoSession(this.collections, clientSession);
        try {
          return await this.insideTransaction.run(true, () => work(session));
        } finally {
          session.end();
        }
      }, TRANSACTION_OPTIONS),
    );
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.db.admin().command({ ping: 1 });
  }

  /** Nothing to do from here: WiredTiger reuses and compacts its files on its own. */
  async purgeOverwritten(): Promise<boolean> {
    this.assertOpen();
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.insideTransaction.getStore() === true) {
      throw new Error(
        'ReadStore write or nested transaction inside transaction(work): use the session passed to work instead',
      );
    }
  }

  /** The driver would silently reconnect a closed client; an explicit error is clearer. */
  private assertOpen(): void {
    if (this.closed) throw new Error('MongoReadStoreAdapter is closed');
  }
}

/**
 * The collections bound to one transaction's ClientSession. Operations are chained one after another because the
 * driver does not support parallel operations inside a transaction, and `work` may well use Promise.all.
 */
class MongoSession implements ReadStoreSession {
  private active = true;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly collections: MongoCollections,
    private readonly session: ClientSession,
  ) {}

  end(): void {
    this.active = false;
  }

  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.serial(() => this.collections.get<T>(collection, id, this.session));
  }

  getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.serial(() => this.collections.getMany<T>(collection, ids, this.session));
  }

  find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>> {
    return this.serial(() => this.collections.find<T>(collection, options, this.session));
  }

  put(collection: string, doc: Doc): Promise<void> {
    return this.serial(() => this.collections.put(collection, doc, this.session));
  }

  delete(collection: string, id: string): Promise<void> {
    return this.serial(() => this.collections.delete(collection, id, this.session));
  }

  private serial<R>(operation: () => Promise<R>): Promise<R> {
    if (!this.active) return Promise.reject(new Error('ReadStore session used after its transaction ended'));
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
