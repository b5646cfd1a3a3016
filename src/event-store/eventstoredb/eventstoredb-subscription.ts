import type { AllStreamSubscription, Position } from '@eventstore/db-client';
import { matchesFilter, type EventFilter, type EventSubscription } from '../event-store.port';
import { type RecordedEvent } from '../../core/envelope';
import { translateClientError } from './eventstoredb-errors';
import { toRecordedEvent } from './eventstoredb-mapping';
import { comparePositions } from './eventstoredb-position';

/**
 * Port view of a client catch-up subscription to `$all` (a Readable of AllStreamResolvedEvent). Iterating it pulls
 * from the client stream with `for await`, so the stream's own buffering gives backpressure.
 */
export class EventStoreDbSubscription implements EventSubscription {
  private closed = false;

  constructor(
    private readonly source: AllStreamSubscription,
    /** Exclusive lower bound. Catch-up subscriptions already start after fromPosition; this guards against a replay of it. */
    private readonly after: Position | undefined,
    /** Applied again client-side: the server filters on one criterion only and never on `$` streams. */
    private readonly filter: EventFilter | undefined,
    private readonly onClose: () => void,
  ) {
    // Without a listener an 'error' emitted before anyone iterates (e.g. server unreachable) would crash the process;
    // the async iterator still sees the error once iteration starts.
    source.on('error', () => undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      for await (const resolved of this.source) {
        // Without resolveLinkTos `event` is the record itself (a link shows up as a `$>` record and is skipped).
        const event = resolved.event;
        if (!event) continue;
        if (this.after && comparePositions(event.position, this.after) <= 0) continue;
        const recorded = toRecordedEvent(event, event.position);
        if (!recorded || !matchesFilter(recorded, this.filter)) continue;
        yield recorded;
      }
    } catch (error) {
      // close() destroys the source, which surfaces as a premature-close error: that is the normal end.
      if (this.closed) return;
      throw translateClientError(error);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    try {
      await this.source.unsubscribe();
    } catch {
      // The call may never have been established (connection failure); there is nothing left to cancel then.
    } finally {
      // Cancelling the gRPC call does not end the client's Transform; destroying it ends a pending `for await`.
      this.source.destroy();
    }
  }
}
