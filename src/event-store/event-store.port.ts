/**
 * The event store port. Every adapter (SQLite, EventStoreDB) implements exactly this contract, and the contract
 * suite in test/integration/event-store.contract.ts proves it.
 *
 * Streams are named `<category>-<id>` (category = text before the first '-').
 * Stream versions are 0-based: the first event of a stream has version 0 (as EventStoreDB revisions).
 * Positions are opaque to clients, but within this codebase they are fixed-width strings that sort
 * lexicographically in store order, so they can be compared with `<` and stored in range-filtered indexes.
 */

import { jsonSize } from '../core/json-size';

export const EVENT_STORE = Symbol('EVENT_STORE');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Actor {
  id: string;
  role: string;
}

/** Metadata carried by every event (see DESIGN.md, "Event envelope"). */
export interface EventMetadata {
  actorId: string;
  actorRole: string;
  /** ISO timestamp: when the event was recorded. */
  recordedAt: string;
  /** ISO date or timestamp: when the fact took effect in the business sense, if it differs. */
  effectiveAt?: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  reason?: string;
  /** A cited decision of a body (`<bodyId>/<decisionId>`), when one is the reason for this event. */
  decisionRef?: string;
  schemaVersion: number;
  /** Hash of the previous event in the same stream ('' for the first). */
  prevHash: string;
  /** SHA-256 (hex) over prevHash + canonical JSON of the event. */
  hash: string;
}

export interface NewEvent {
  /** UUID; appending an event id that is already stored is idempotent. */
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  streamVersion: number;
  position: string;
}

/** A stream version, or one of the three named conditions. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** Version of the last event now in the stream: pass it as the expected version of the next append. */
  nextExpectedVersion: number;
  /** Position of the last appended event. */
  position: string;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; forwards defaults to 0, backwards to the end of the stream. */
  fromVersion?: number;
  maxCount?: number;
}

export interface EventFilter {
  eventTypes?: readonly string[];
  /** Stream categories (`district`, `grant`, …). */
  streamCategories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted = from the start. */
  after?: string;
  maxCount?: number;
  /**
   * The page ends before the event that would take its events (`eventSize`) over this many bytes; it holds at
   * least one event all the same, so an event larger than the bound comes alone.
   */
  maxBytes?: number;
  filter?: EventFilter;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /**
   * Where the next read should continue (exclusive). With a filter this may be past the last returned event,
   * because non-matching events were scanned. Null when nothing at all was scanned (and `after` was omitted).
   */
  lastPosition: string | null;
  /** True when the scan reached the head of the log at the time of reading. */
  isEnd: boolean;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events strictly after this position. Omitted = from the start. */
  after?: string;
  filter?: EventFilter;
  /**
   * Bytes (`eventSize`) of events the subscription may hold read ahead of its consumer, as `maxBytes` of readAll
   * (at least one event). Adapters that read the log in pages keep each page within it.
   */
  maxPageBytes?: number;
}

/**
 * Catch-up subscription: replays from `after`, then follows live appends, in store order with no gaps and no
 * duplicates. Iterate with `for await`; `close()` ends the iteration.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /** A stream that does not exist reads as an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** Position of the newest event in the store, or null when the store is empty. */
  headPosition(): Promise<string | null>;
  /** True when `value` has the shape of a position this store hands out (callers validate client input). */
  isPosition(value: string): boolean;
  /** Cheap liveness probe used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Size of an event in bytes, about as stored (UTF-8 JSON of data and metadata, plus its names): the measure of
 * `maxBytes` and of what subscribers may hold in memory.
 */
export function eventSize(event: RecordedEvent): number {
  return jsonSize(event.data) + jsonSize(event.metadata) + event.type.length + event.streamId.length + 64;
}

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter?: EventFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypes && filter.eventTypes.length > 0 && !filter.eventTypes.includes(event.type)) return false;
  if (
    filter.streamCategories &&
    filter.streamCategories.length > 0 &&
    !filter.streamCategories.includes(streamCategory(event.streamId))
  )
    return false;
  return true;
}
