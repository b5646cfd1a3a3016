import type { CollectionSpec, Doc, FindOptions, Page, ReadStore, ReadStoreSession } from '../../read-store/read-store.port';

/** The document operations with every collection name prefixed; a transaction's session is one of these. */
class PrefixedSession<S extends ReadStoreSession = ReadStoreSession> implements ReadStoreSession {
  constructor(
    protected readonly inner: S,
    protected readonly name: (collection: string) => string,
  ) {}

  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.inner.get<T>(this.name(collection), id);
  }

  getMany<T extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.inner.getMany<T>(this.name(collection), ids);
  }

  find<T extends Doc = Doc>(collection: string, options?: FindOptions): Promise<Page<T>> {
    return this.inner.find<T>(this.name(collection), options);
  }

  put(collection: string, doc: Doc): Promise<void> {
    return this.inner.put(this.name(collection), doc);
  }

  delete(collection: string, id: string): Promise<void> {
    return this.inner.delete(this.name(collection), id);
  }
}

/**
 * A document store whose collections all carry `prefix` in the underlying store: it sees only its own collections.
 * On MongoDB the state store shares the configured database with the read models, so its collections are named
 * apart (`state_user_directory`, …) and nothing that works on the read models' collections can reach them.
 */
export class PrefixedCollections extends PrefixedSession<ReadStore> implements ReadStore {
  constructor(inner: ReadStore, prefix: string) {
    super(inner, (collection) => prefix + collection);
  }

  ensureCollection(spec: CollectionSpec): Promise<void> {
    return this.inner.ensureCollection({ ...spec, name: this.name(spec.name) });
  }

  dropCollection(name: string): Promise<void> {
    return this.inner.dropCollection(this.name(name));
  }

  replaceCollection(source: string, target: string, spec: CollectionSpec): Promise<void> {
    return this.inner.replaceCollection(this.name(source), this.name(target), { ...spec, name: this.name(spec.name) });
  }

  transaction<T>(work: (session: ReadStoreSession) => Promise<T>): Promise<T> {
    return this.inner.transaction((inner) => work(new PrefixedSession(inner, this.name)));
  }

  purgeOverwritten(): Promise<boolean> {
    return this.inner.purgeOverwritten();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

}
