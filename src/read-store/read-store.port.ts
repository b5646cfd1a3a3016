/**
 * The read store port: JSON documents by collection and id. Adapters: SQLite (embedded default) and MongoDB.
 * The contract suite in test/integration/read-store.contract.ts runs against both.
 *
 * Field paths use dots (`totals.approved`). Every document has a string `id`.
 */

export const READ_STORE = Symbol('READ_STORE');

export type Doc = { id: string } & Record<string, unknown>;

export type Scalar = string | number | boolean | null;

/** Equality (`{ status: 'running' }`) or operators. Conditions on different fields are ANDed. */
export type FieldCondition =
  | Scalar
  | {
      $eq?: Scalar;
      $ne?: Scalar;
      $gt?: string | number;
      $gte?: string | number;
      $lt?: string | number;
      $lte?: string | number;
      $in?: readonly Scalar[];
    };

export type Filter = Record<string, FieldCondition>;

export interface SortField {
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindOptions {
  filter?: Filter;
  /** `id` ascending is always appended as the final tie-breaker. */
  sort?: readonly SortField[];
  /** Page size; adapters cap it at 1000. Default 100. */
  limit?: number;
  /** Opaque cursor from a previous page's `endCursor`. Must be used with the same filter and sort. */
  after?: string;
}

export interface Page<T extends Doc = Doc> {
  items: T[];
  /** Cursor of each item (same order): resuming after any of them continues right behind it. */
  cursors: string[];
  /** Cursor of the last item, or null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface CollectionSpec {
  name: string;
  /** Fields that queries filter or sort by; each entry is one index over the listed fields. */
  indexes?: readonly (readonly string[])[];
}

/** Reads and writes available inside a transaction. */
export interface ReadStoreSession {
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  /** Returns the documents found, in no particular order. */
  getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]>;
  find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>>;
  /** Insert or replace the whole document. */
  put(collection: string, doc: Doc): Promise<void>;
  delete(collection: string, id: string): Promise<void>;
}

export interface ReadStore extends ReadStoreSession {
  /** Create the collection and its indexes if missing (idempotent). */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** Remove the collection and all its documents (no error if missing). */
  dropCollection(name: string): Promise<void>;
  /**
   * Atomically replace `target` with `source` (source is renamed to target; the old target is dropped).
   * Used by projection rebuilds to switch over once the new version has caught up.
   */
  replaceCollection(source: string, target: string, spec: CollectionSpec): Promise<void>;
  /**
   * Run `work` in one transaction: all its writes commit together or not at all. The projection runner writes
   * a batch and its checkpoint this way. Writes must go through the given session.
   */
  transaction<T>(work: (session: ReadStoreSession) => Promise<T>): Promise<T>;
  /**
   * Removes from the store's files, as far as the store can, what deleted or replaced documents left behind (after
   * secrets stored in clear were encrypted). Resolves to false when it could not finish (another process reading).
   * SQLite: copies the write-ahead log into the database, whose freed space is zeroed, and empties it. MongoDB: the
   * server's storage engine decides; true.
   */
  purgeOverwritten(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
