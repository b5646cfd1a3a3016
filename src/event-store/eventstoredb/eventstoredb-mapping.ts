import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { EventFilter } from '../event-store.port';
import type { ExpectedVersion } from '../../core/stream-store';
import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../../core/envelope';
import { encodePosition } from './eventstoredb-position';

/** Pure translations between the port and the EventStoreDB client; everything here is unit-testable without a server. */

/** Port expected version → client expected revision. Invalid ones are programming errors (TypeError, as in SQLite). */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new TypeError(`append: invalid expected version ${JSON.stringify(expected)}`);
      }
      return BigInt(expected);
  }
}

/** Client current revision (from its WrongExpectedVersionError) → port `actual` (-1 when the stream does not exist). */
export function toActualVersion(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: event.metadata });
}

/**
 * Registry of event ids: one tiny stream per appended event id, `_ledger_event_id-<id>`, whose first event names the
 * stream the id was appended to. EventStoreDB has no index by event id, and the port demands that an id stored in
 * one stream is refused in any other; a per-id stream is the only O(1) lookup EventStoreDB offers.
 */
export const EVENT_ID_REGISTRY_PREFIX = '_ledger_event_id-';
export const EVENT_ID_CLAIM_TYPE = 'EventIdClaimed';

export function eventIdRegistryStream(eventId: string): string {
  return EVENT_ID_REGISTRY_PREFIX + normaliseEventId(eventId);
}

export function eventIdClaim(streamId: string): EventData {
  return jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { streamId } });
}

/** The stream a registry event claims its id for, or undefined when it is not a claim. */
export function claimedStream(event: { type: string; data: unknown } | undefined): string | undefined {
  if (!event || event.type !== EVENT_ID_CLAIM_TYPE || !isPlainObject(event.data)) return undefined;
  const streamId = event.data.streamId;
  return typeof streamId === 'string' ? streamId : undefined;
}

/**
 * Events that are not the store's: `$`-prefixed types and streams belong to EventStoreDB itself (stats, metadata,
 * projection links `$>`, …), registry streams belong to this adapter.
 */
export function isInternalEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$') || event.streamId.startsWith(EVENT_ID_REGISTRY_PREFIX);
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

/** True for events this store could have written: not internal, JSON, object data and object metadata. */
export function isStoreEvent(event: ClientRecordedEvent): boolean {
  return !isInternalEvent(event) && event.isJson && isPlainObject(event.data) && isPlainObject(event.metadata);
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

/** Stream-name regex that keeps `$` streams and the id registry away (.NET regex on the server; lookahead is fine). */
export const NO_INTERNAL_STREAMS_REGEX = `^(?!\\$|${escapeRegex(EVENT_ID_REGISTRY_PREFIX)})`;

/**
 * Server-side filter for subscribeToAll. The server applies one filter only (event type OR stream name), so the
 * event-type filter wins when both are given and the caller applies matchesFilter client-side for the rest.
 * Without a filter, internal streams are excluded on the server; internal events that still arrive (`$` types
 * outside `$` streams) are dropped client-side.
 */
export function buildServerFilter(filter?: EventFilter): Filter {
  const types = filter?.eventTypes ?? [];
  const categories = filter?.streamCategories ?? [];
  if (types.length > 0) return eventTypeFilter({ regex: eventTypeRegex(types) });
  if (categories.length > 0) return streamNameFilter({ prefixes: categoryPrefixes(categories) });
  return streamNameFilter({ regex: NO_INTERNAL_STREAMS_REGEX });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Appends go to the store's own streams only: `$` streams are EventStoreDB's, the registry is this adapter's. */
export function assertAppendableStream(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || isInternalEvent({ type: '', streamId })) {
    throw new TypeError(`append: ${JSON.stringify(streamId)} is an empty, system or reserved stream name`);
  }
}

/**
 * Rejects malformed batches before anything is written (programming errors: TypeError, as in the SQLite adapter).
 * EventStoreDB only takes UUID event ids, and a batch repeating an id could never be matched idempotently.
 */
export function assertValidBatch(events: readonly NewEvent[]): void {
  if (!Array.isArray(events)) throw new TypeError('append: events must be an array');
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) {
      throw new TypeError(`append: event id ${JSON.stringify(event.eventId)} is not a UUID`);
    }
    const id = normaliseEventId(event.eventId);
    if (seen.has(id)) throw new TypeError(`append: event id ${event.eventId} appears twice`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('append: event type is empty');
    if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
      throw new TypeError(`append: data and metadata of event ${event.eventId} must be objects`);
    }
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

/** Whether a stream whose last version is `current` (-1: no stream) meets the expectation. */
export function expectationHolds(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}
