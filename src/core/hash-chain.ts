import { createHash } from 'node:crypto';
import type { EventMetadata, JsonObject } from './envelope';
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

/** Where a stream's chain stands: the version and hash the next event must link to. */
export interface ChainTip {
  nextVersion: number;
  lastHash: string;
}

export const chainStart = (): ChainTip => ({ nextVersion: 0, lastHash: '' });

/** Checks that `event` is the next link after `tip`; the problem, or null when it links (the caller advances). */
export function linkProblem(event: HashableEvent, tip: ChainTip): ChainBreak['problem'] | null {
  if (event.streamVersion !== tip.nextVersion) return 'version_gap';
  if (event.metadata.prevHash !== tip.lastHash) return 'prev_hash_mismatch';
  if (eventHash(event) !== event.metadata.hash) return 'hash_mismatch';
  return null;
}

/** Verifies one stream's events (in version order). Returns the first broken link, or null. */
export function verifyChain(events: readonly HashableEvent[]): ChainBreak | null {
  const tip = chainStart();
  for (const event of events) {
    const problem = linkProblem(event, tip);
    if (problem) return { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId, problem };
    tip.nextVersion += 1;
    tip.lastHash = event.metadata.hash ?? '';
  }
  return null;
}
