import { createHash } from 'node:crypto';
import type { EventMetadata, JsonObject } from '../event-store/event-store.port';
import { canonicalJson } from './canonical-json';

/** The parts of an event the hash covers: everything but the store position and the hash itself. */
export interface HashableEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamVersion: number;
  data: JsonObject;
  metadata: Omit<EventMetadata, 'hash'> & { hash?: string };
}

/**
 * SHA-256 (hex) over prevHash + canonical JSON of the event without its hash. Chained per stream, so changing,
 * removing or reordering any stored event breaks every later link of that stream.
 */
export function eventHash(event: HashableEvent): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  const body = canonicalJson({
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    data: event.data,
    metadata,
  });
  return createHash('sha256').update(event.metadata.prevHash).update(body).digest('hex');
}

export interface ChainBreak {
  streamId: string;
  streamVersion: number;
  eventId: string;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'version_gap';
}

/** Verifies one stream's events (in version order). Returns the first broken link, or null. */
export function verifyChain(events: readonly HashableEvent[]): ChainBreak | null {
  let prevHash = '';
  let expectedVersion = 0;
  for (const event of events) {
    const at = { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId };
    if (event.streamVersion !== expectedVersion) return { ...at, problem: 'version_gap' };
    if (event.metadata.prevHash !== prevHash) return { ...at, problem: 'prev_hash_mismatch' };
    if (eventHash(event) !== event.metadata.hash) return { ...at, problem: 'hash_mismatch' };
    prevHash = event.metadata.hash ?? '';
    expectedVersion += 1;
  }
  return null;
}
