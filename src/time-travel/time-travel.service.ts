import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type RecordedEvent } from '../core/envelope';
import type { Doc } from '../read-store/read-store.port';
import type { Projection } from '../../projections/runner/projection';
import { replay } from './in-memory-replay';

/**
 * Time travel: what a record said at a moment, rebuilt from the event log (never from the read models), through
 * the same pure projection the read models are built with, so the answer has exactly their shape.
 *
 * The moment is RECORDING time (`metadata.recordedAt`): "what did the ledger say on 1 March?". Business dates
 * (approved on, reviewed on, `metadata.effectiveAt`) are data inside the record and are shown as such: a
 * correction recorded in April to a value effective in February is not visible as of 1 March, and as of 1 May
 * it is visible with its effective date.
 */
@Injectable()
export class TimeTravelService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The projection's document for `entityId` as recorded up to and including `at`, or null when it did not exist
   * then. `streams` are every stream whose events feed that document (see the projection's `documentsFor`).
   * The document is read from `collection`, by default the projection's first (its main) collection.
   */
  async asOf<T extends Doc>(
    projection: Projection,
    entityId: string,
    streams: readonly string[],
    at: Date,
    collection: string = projection.collections[0].name,
  ): Promise<T | null> {
    const recorded = await Promise.all(streams.map(async (streamId) => recordedUpTo(await this.store.readStream(streamId), at)));
    const inStoreOrder = recorded.flat().sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return replay(projection, inStoreOrder).get<T>(collection, entityId);
  }
}

/**
 * The events of one stream (in version order) recorded up to `at`. The stream is cut at the first later event
 * rather than filtered, so the answer is always a state the stream really was in, even if clocks ever stepped back.
 */
function recordedUpTo(events: readonly RecordedEvent[], at: Date): RecordedEvent[] {
  const limit = at.getTime();
  const end = events.findIndex((event) => Date.parse(event.metadata.recordedAt) > limit);
  return end < 0 ? [...events] : events.slice(0, end);
}
