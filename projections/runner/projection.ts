import type { RecordedEvent } from '../../src/core/envelope';
import type { CollectionSpec, Doc } from '../../src/read-store/read-store.port';

/**
 * A document the event reads or writes. Writes to other documents are allowed only when derived from these (e.g.
 * link documents): the runner skips an event whole once any of its named documents reflects it.
 */
export interface DocRef {
  collection: string;
  id: string;
}

export type DocWrite = { collection: string; doc: Doc } | { collection: string; deleteId: string };

/** The current documents, as loaded by the runner for this event (already including earlier events of the batch). */
export interface ProjectionDocs {
  get<T extends Doc>(collection: string, id: string): T | null;
}

/**
 * A projection is pure: given an event and the current documents it touches, it returns the documents to write.
 * The runner does the I/O: loading the documents named by `documentsFor`, batching, checkpointing.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the apply logic or document shape changes: the runner then rebuilds from the start. */
  readonly version: number;
  readonly eventTypes: readonly string[];
  readonly collections: readonly CollectionSpec[];
  documentsFor(event: RecordedEvent): DocRef[];
  apply(event: RecordedEvent, docs: ProjectionDocs): DocWrite[];
}

/** Field every projected document carries: the position of the last event applied to it (idempotency guard). */
export const POSITION_FIELD = '_position';

export const PROJECTIONS = Symbol('PROJECTIONS');
