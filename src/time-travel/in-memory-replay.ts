import type { RecordedEvent } from '../core/envelope';
import type { Doc } from '../read-store/read-store.port';
import { POSITION_FIELD, type Projection, type ProjectionDocs } from '../../projections/runner/projection';

/** Documents of one projection held in memory: what the read store would hold after the same events. */
export class InMemoryDocs implements ProjectionDocs {
  private readonly docs = new Map<string, Doc>();

  get<T extends Doc>(collection: string, id: string): T | null {
    return (this.docs.get(keyOf(collection, id)) as T | undefined) ?? null;
  }

  put(collection: string, doc: Doc): void {
    this.docs.set(keyOf(collection, doc.id), doc);
  }

  delete(collection: string, id: string): void {
    this.docs.delete(keyOf(collection, id));
  }
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;

/**
 * Folds events through a projection's pure `apply`, as the runner does (same event-type filter, same
 * `_position` stamp), but into memory. The events must be in store order; an event id seen twice is applied once.
 */
export function replay(projection: Projection, events: Iterable<RecordedEvent>): InMemoryDocs {
  const handled = new Set(projection.eventTypes);
  const applied = new Set<string>();
  const docs = new InMemoryDocs();
  for (const event of events) {
    if (!handled.has(event.type) || applied.has(event.eventId)) continue;
    applied.add(event.eventId);
    for (const write of projection.apply(event, docs)) {
      if ('doc' in write) docs.put(write.collection, { ...write.doc, [POSITION_FIELD]: event.position });
      else docs.delete(write.collection, write.deleteId);
    }
  }
  return docs;
}
