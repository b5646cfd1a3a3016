import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { IdempotencyViolationError } from '../event-store.errors';
import type {
  EventFilter,
  EventMetadata,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  RecordedEvent,
} from '../event-store.port';
import { encodePosition } from './eventstoredb-position';

/** Pure translations between the port and the EventStoreDB client; everything here is unit-testable without a server. */

/** Port expected version → client expected revision. -1 is accepted as a synonym of 'no_stream' (the `actual` of our errors). */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < -1) {
        throw new RangeError(`Invalid expected version ${String(expected)}: use a stream version (>= 0) or a named condition`);
      }
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
}

/** Client current revision (from its WrongExpectedVersionError) → port `actual` (-1 when the stream does not exist). */
export function toActualVersion(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: event.metadata });
}

/** `$`-prefixed types and streams belong to EventStoreDB itself (stats, metadata, projection links `$>`, …). */
export function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** The parts of the client's RecordedEvent this adapter reads (it is a union of a JSON and a binary shape). */
export interface ClientRecordedEvent {
  id: string;
  type: string;
  streamId: string;
  revision: bigint;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
}

/** True for events this store could have written: not a system event, JSON, object data and object metadata. */
export function isStoreEvent(event: ClientRecordedEvent): boolean {
  return !isSystemEvent(event) && event.isJson && isPlainObject(event.data) && isPlainObject(event.metadata);
}

/**
 * Client event → port event, or null for events this store did not write (system events, binary or non-object
 * payloads): callers skip those instead of failing the whole read.
 */
export function toRecordedEvent(event: ClientRecordedEvent, position: Position): RecordedEvent | null {
  if (!isStoreEvent(event)) return null;
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    position: encodePosition(position),
    // The client JSON.parse'd both, so they are JSON values; the metadata is the EventMetadata we appended.
    data: event.data as JsonObject,
    metadata: event.metadata as unknown as EventMetadata,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Anchored alternation of literal event types, e.g. `^(?:GoalSet|Grant\.Approved)$` (valid for .NET and JS regex). */
export function eventTypeRegex(types: readonly string[]): string {
  return `^(?:${types.map(escapeRegex).join('|')})$`;
}

export function categoryPrefixes(categories: readonly string[]): string[] {
  return categories.map((category) => `${category}-`);
}

/**
 * Server-side filter for subscribeToAll. The server applies one filter only (event type OR stream name), so the
 * event-type filter wins when both are given and the caller still applies matchesFilter client-side for the rest.
 * Without a filter, excludeSystemEvents() keeps `$` types away; `$` streams are dropped client-side.
 */
export function buildServerFilter(filter?: EventFilter): Filter {
  const types = filter?.eventTypes ?? [];
  const categories = filter?.streamCategories ?? [];
  if (types.length > 0) return eventTypeFilter({ regex: eventTypeRegex(types) });
  if (categories.length > 0) return streamNameFilter({ prefixes: categoryPrefixes(categories) });
  return excludeSystemEvents();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB only takes UUID event ids, and a batch repeating an id could never be matched idempotently. */
export function assertValidBatch(streamId: string, events: readonly NewEvent[]): void {
  if (events.length === 0) throw new Error(`Cannot append an empty batch to stream ${streamId}`);
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) {
      throw new Error(`Event id ${JSON.stringify(event.eventId)} in stream ${streamId} is not a UUID`);
    }
    const id = normaliseEventId(event.eventId);
    if (seen.has(id)) throw new IdempotencyViolationError(streamId, event.eventId);
    seen.add(id);
  }
}

/** The server returns ids in its own (lowercase) formatting; compare case-insensitively. */
export function normaliseEventId(id: string): string {
  return id.toLowerCase();
}

/**
 * True when `storedIds` (the events found at the revisions where the batch would have to sit) repeat the batch
 * exactly: same ids, same order, nothing missing.
 */
export function isFaithfulRepeat(batchIds: readonly string[], storedIds: readonly string[]): boolean {
  return (
    storedIds.length === batchIds.length &&
    batchIds.every((id, i) => normaliseEventId(id) === normaliseEventId(storedIds[i]))
  );
}
