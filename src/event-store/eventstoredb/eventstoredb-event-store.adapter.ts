import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type Position,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadPosition,
  type ReadRevision,
  type ReadStreamOptions as ClientReadStreamOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, IdempotencyViolationError } from '../event-store.errors';
import { eventSize, matchesFilter, type EventStore, type EventSubscription, type ReadAllOptions, type ReadAllResult, type SubscribeOptions } from '../event-store.port';
import { type AppendResult, type ExpectedVersion, type ReadStreamOptions, WrongExpectedVersionError } from '../../core/stream-store';
import { type NewEvent, type RecordedEvent } from '../../core/envelope';
import { translateClientError } from './eventstoredb-errors';
import {
  assertAppendableStream,
  assertValidBatch,
  buildServerFilter,
  claimedStream,
  eventIdClaim,
  eventIdRegistryStream,
  expectationHolds,
  isFaithfulRepeat,
  isStoreEvent,
  normaliseEventId,
  toActualVersion,
  toEventData,
  toExpectedRevision,
  toRecordedEvent,
} from './eventstoredb-mapping';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  isEncodedPosition,
  isKnownPosition,
} from './eventstoredb-position';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

/** Events per round trip when scanning a stream for already stored ids. */
const ID_SCAN_PAGE = 256;
/** Upper bound of events per `$all` page in readAll / headPosition. */
const ALL_PAGE = 512;
/** Attempts of an 'any' / 'stream_exists' append that keeps losing the race against other writers of its stream. */
const FLEXIBLE_APPEND_ATTEMPTS = 25;
/** Position reported for a stream that does not exist (an empty append to it): before every event. */
const ZERO_POSITION = encodePosition({ commit: 0n, prepare: 0n });

/**
 * EventStore port on EventStoreDB (gRPC client @eventstore/db-client 6). Versions are stream revisions (0-based),
 * positions are `$all` positions encoded by eventstoredb-position.ts. Requires EventStoreDB >= 22.6: stream reads
 * must carry the `$all` position of each event.
 *
 * Idempotency. The port demands: re-appending stored ids returns the first result and writes nothing, whatever
 * the expected version; an id stored in another stream, or a partial overlap, is an IdempotencyViolationError.
 * EventStoreDB only deduplicates a retry with the same numeric / no-stream expected revision and has no index by
 * event id, so an append works like this:
 * 1. Claim every event id: append a claim naming the stream to the registry stream of the id (expected: no
 *    stream; k small appends in parallel). A claim of another stream is an IdempotencyViolationError.
 * 2. If any id was claimed before (a repeat, or a failed earlier attempt), scan the stream backwards for the ids:
 *    a faithful repeat returns the original result, a partial one throws. Fresh claims skip this scan.
 * 3. Append conditionally: numeric and 'no_stream' as given; 'any' / 'stream_exists' at the revision just read
 *    (one single-event read), so that two identical appends can never both land.
 * 4. On a version conflict, scan again (a concurrent identical append returns its result); 'any' / 'stream_exists'
 *    retry at the new revision, everything else becomes WrongExpectedVersionError.
 * 5. Read the appended last event back for its `$all` position (one single-event read).
 * Cost per append of k new events: k registry appends + 1 append + 1 read (+1 for 'any' / 'stream_exists'); the
 * registry doubles the number of records in `$all` (readAll, headPosition and subscriptions skip them). A repeat
 * additionally scans its stream (one read per 256 events). Only appends made through this adapter are registered.
 */
export class EventStoreDbAdapter implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  /** e.g. `esdb://localhost:2113?tls=false`. The client connects lazily, on the first call. */
  static connect(options: { connectionString: string }): EventStoreDbAdapter {
    return new EventStoreDbAdapter(EventStoreDBClient.connectionString(options.connectionString));
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return this.guard(async () => {
      // Malformed calls are refused before anything is written.
      assertAppendableStream(streamId);
      toExpectedRevision(expected);
      assertValidBatch(events);
      if (events.length === 0) return this.appendNothing(streamId, expected);

      const allFresh = await this.claimEventIds(streamId, events);
      if (!allFresh) {
        const repeat = await this.findStoredBatch(streamId, events);
        if (repeat) return repeat;
      }
      const flexible = expected === 'any' || expected === 'stream_exists';
      for (let attempt = 1; ; attempt++) {
        const expectedRevision = flexible
          ? await this.currentRevisionFor(streamId, expected)
          : toExpectedRevision(expected);
        let result: ClientAppendResult;
        try {
          result = await this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision });
        } catch (error) {
          if (!(error instanceof ClientWrongExpectedVersionError)) throw error;
          const repeat = await this.findStoredBatch(streamId, events);
          if (repeat) return repeat;
          if (flexible && attempt < FLEXIBLE_APPEND_ATTEMPTS) continue;
          throw new WrongExpectedVersionError(streamId, expected, toActualVersion(error.actualVersion));
        }
        return {
          nextExpectedVersion: Number(result.nextExpectedRevision),
          position: await this.positionOfRevision(streamId, result.nextExpectedRevision, result.position),
        };
      }
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(async () => {
      const { fromVersion, maxCount, direction = 'forwards' } = options;
      if (direction !== 'forwards' && direction !== 'backwards') {
        throw new TypeError(`readStream: direction must be 'forwards' or 'backwards', got ${String(direction)}`);
      }
      for (const [name, value] of [['fromVersion', fromVersion], ['maxCount', maxCount]] as const) {
        if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
          throw new TypeError(`readStream: ${name} must be a non-negative integer, got ${String(value)}`);
        }
      }
      if (maxCount === 0) return [];
      const forwards = direction === 'forwards';
      const raw = await this.readStreamRaw(streamId, {
        direction: forwards ? FORWARDS : BACKWARDS,
        fromRevision: fromVersion === undefined ? (forwards ? START : END) : BigInt(fromVersion),
        maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      const recorded: RecordedEvent[] = [];
      for (const { event } of raw) {
        if (!event || !isStoreEvent(event)) continue;
        const mapped = toRecordedEvent(event, this.requirePosition(streamId, event.position));
        if (mapped) recorded.push(mapped);
      }
      return recorded;
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return this.guard(async () => {
      const after = options.after === undefined ? undefined : decodePosition(options.after);
      const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
      const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
      let bytes = 0;
      const pageSize = Math.min(ALL_PAGE, Math.max(16, limit + 2));
      const events: RecordedEvent[] = [];
      // Everything up to `scanned` has been looked at; it is where the next read continues (exclusive).
      let scanned = after;
      let cursor = after;
      for (;;) {
        // The client's readAll takes no filter in v6 (dist/streams/readAll.d.ts), so filtering happens here, and
        // fromPosition is inclusive: the event at the cursor comes back and is dropped by the comparison below.
        const page = await this.readAllRaw({ direction: FORWARDS, fromPosition: cursor ?? START, maxCount: pageSize });
        for (const { event } of page) {
          if (!event || (cursor && comparePositions(event.position, cursor) <= 0)) continue;
          const recorded = toRecordedEvent(event, event.position);
          if (recorded && matchesFilter(recorded, options.filter)) {
            // Stop before the first match beyond the limits: non-matching events before it were consumed for good.
            if (events.length >= limit) return { events, lastPosition: encodeOrNull(scanned), isEnd: false };
            const size = eventSize(recorded);
            if (events.length > 0 && bytes + size > maxBytes) {
              return { events, lastPosition: encodeOrNull(scanned), isEnd: false };
            }
            events.push(recorded);
            bytes += size;
          }
          scanned = event.position;
        }
        if (page.length < pageSize) return { events, lastPosition: encodeOrNull(scanned), isEnd: true };
        const next = lastPositionOf(page);
        if (!next || (cursor && comparePositions(next, cursor) <= 0)) {
          throw new Error('EventStoreDB $all read did not advance; refusing to loop');
        }
        cursor = next;
      }
    });
  }

  /**
   * The client streams the subscription through a Readable whose backpressure bounds what it reads ahead by a
   * number of events, not bytes; there are no pages here, so `maxPageBytes` does not apply.
   */
  subscribe(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    // Catch-up subscriptions start strictly after fromPosition (exclusive), unlike reads.
    const source = this.client.subscribeToAll({
      fromPosition: after ?? START,
      filter: buildServerFilter(options.filter),
    });
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(source, after, options.filter, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  headPosition(): Promise<string | null> {
    return this.guard(async () => {
      let from: ReadPosition = END;
      for (;;) {
        const page = await this.readAllRaw({ direction: BACKWARDS, fromPosition: from, maxCount: ALL_PAGE });
        for (const { event } of page) {
          if (!event || (from !== END && comparePositions(event.position, from) >= 0)) continue;
          // The head is the newest event readAll/subscribe would deliver, not a system record (stats, links, …).
          if (isStoreEvent(event)) return encodePosition(event.position);
        }
        const next = lastPositionOf(page);
        if (page.length < ALL_PAGE || !next) return null;
        from = next;
      }
    });
  }

  isPosition(value: string): boolean {
    return isEncodedPosition(value);
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.readAllRaw({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** An empty append writes nothing but still checks the expectation and reports the stream's current state. */
  private async appendNothing(streamId: string, expected: ExpectedVersion): Promise<AppendResult> {
    const last = await this.lastEventOf(streamId);
    const current = last ? Number(last.revision) : -1;
    if (!expectationHolds(expected, current)) throw new WrongExpectedVersionError(streamId, expected, current);
    return {
      nextExpectedVersion: current,
      position: last ? encodePosition(this.requirePosition(streamId, last.position)) : ZERO_POSITION,
    };
  }

  /** 'any' / 'stream_exists' turned into the revision the stream has now, so the append stays conditional. */
  private async currentRevisionFor(streamId: string, expected: 'any' | 'stream_exists'): Promise<AppendExpectedRevision> {
    const last = await this.lastEventOf(streamId);
    if (last) return last.revision;
    if (expected === 'stream_exists') throw new WrongExpectedVersionError(streamId, expected, -1);
    return NO_STREAM;
  }

  private async lastEventOf(streamId: string): Promise<ResolvedEvent['event']> {
    const [resolved] = await this.readStreamRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return resolved?.event;
  }

  /** Step 1 of an append (see the class comment). True when every id was claimed just now, i.e. never used before. */
  private async claimEventIds(streamId: string, events: readonly NewEvent[]): Promise<boolean> {
    const fresh = await Promise.all(events.map((event) => this.claimEventId(streamId, event.eventId)));
    return fresh.every(Boolean);
  }

  private async claimEventId(streamId: string, eventId: string): Promise<boolean> {
    const registry = eventIdRegistryStream(eventId);
    try {
      await this.client.appendToStream(registry, eventIdClaim(streamId), { expectedRevision: NO_STREAM });
      return true;
    } catch (error) {
      if (!(error instanceof ClientWrongExpectedVersionError)) throw error;
    }
    const [first] = await this.readStreamRaw(registry, { direction: FORWARDS, fromRevision: START, maxCount: 1 });
    if (claimedStream(first?.event) !== streamId) throw new IdempotencyViolationError(streamId, eventId);
    return false;
  }

  /**
   * Looks for any id of the batch in the stream, newest first. Returns the original result when the whole batch is
   * stored consecutively in order; throws IdempotencyViolationError when only part of it is; null when none is.
   */
  private async findStoredBatch(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const indexById = new Map(events.map((event, index) => [normaliseEventId(event.eventId), index]));
    let from: ReadRevision = END;
    for (;;) {
      const page = await this.readStreamRaw(streamId, { direction: BACKWARDS, fromRevision: from, maxCount: ID_SCAN_PAGE });
      for (const { event } of page) {
        if (!event) continue;
        const index = indexById.get(normaliseEventId(event.id));
        if (index === undefined) continue;
        // The newest stored id of a faithful repeat is the batch's last one; either way the batch must start here.
        return this.confirmRepeat(streamId, events, event.revision - BigInt(index), events[index].eventId);
      }
      const oldest = page.at(-1)?.event;
      if (page.length < ID_SCAN_PAGE || !oldest || oldest.revision === 0n) return null;
      from = oldest.revision - 1n;
    }
  }

  private async confirmRepeat(
    streamId: string,
    events: readonly NewEvent[],
    start: bigint,
    storedId: string,
  ): Promise<AppendResult> {
    if (start < 0n) throw new IdempotencyViolationError(streamId, storedId);
    const stored = (
      await this.readStreamRaw(streamId, { direction: FORWARDS, fromRevision: start, maxCount: events.length })
    ).flatMap(({ event }) => (event ? [event] : []));
    const last = stored.at(-1);
    if (!last || !isFaithfulRepeat(events.map((event) => event.eventId), stored.map((event) => event.id))) {
      throw new IdempotencyViolationError(streamId, storedId);
    }
    return {
      nextExpectedVersion: Number(last.revision),
      position: encodePosition(this.requirePosition(streamId, last.position)),
    };
  }

  /**
   * `$all` position of the event at `revision`, read back from the stream so it is exactly the position readAll and
   * subscribe report. The append result's own position is only the fallback: for multi-event appends it is not
   * documented to equal the last event's `$all` position, and it is absent when the server answered idempotently.
   */
  private async positionOfRevision(streamId: string, revision: bigint, appended: Position | undefined): Promise<string> {
    const [resolved] = await this.readStreamRaw(streamId, { direction: FORWARDS, fromRevision: revision, maxCount: 1 });
    const position = resolved?.event?.revision === revision ? resolved.event.position : undefined;
    return encodePosition(isKnownPosition(position) ? position : this.requirePosition(streamId, appended));
  }

  private requirePosition(streamId: string, position: Position | undefined): Position {
    if (isKnownPosition(position)) return position;
    throw new Error(
      `EventStoreDB returned no $all position for an event of stream ${streamId}; EventStoreDB >= 22.6 is required`,
    );
  }

  private async readStreamRaw(streamId: string, options: ClientReadStreamOptions): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) events.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private async readAllRaw(options: ClientReadAllOptions): Promise<AllStreamResolvedEvent[]> {
    const events: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll(options)) events.push(resolved);
    return events;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await operation();
    } catch (error) {
      throw translateClientError(error);
    }
  }
}

function encodeOrNull(position: Position | undefined): string | null {
  return position ? encodePosition(position) : null;
}

function lastPositionOf(page: readonly AllStreamResolvedEvent[]): Position | undefined {
  for (let i = page.length - 1; i >= 0; i--) {
    const position = page[i].event?.position;
    if (position) return position;
  }
  return undefined;
}
