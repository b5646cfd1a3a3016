/**
 * The event store port. Every adapter (SQLite, EventStoreDB) implements exactly this contract, and the contract
 * suite in test/integration/event-store.contract.ts proves it.
 *
 * Streams are named `<category>-<id>` (category = text before the first '-').
 * Stream versions are 0-based: the first event of a stream has version 0 (as EventStoreDB revisions).
 * Positions are opaque to clients, but within this codebase they are fixed-width strings that sort
 * lexicographically in store order, so they can be compared with `<` and stored in range-filtered indexes.
 */

import { type RecordedEvent, streamCategory } from '../core/envelope';
import type { StreamStore } from '../core/stream-store';
import { jsonSize } from '../core/json-size';

export const EVENT_STORE = Symbol('EVENT_STORE');

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

export interface EventStore extends StreamStore {
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
