import { createHash, randomUUID } from 'node:crypto';
import { eventHash } from '../../src/core/hash-chain';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../../src/core/envelope';

/**
 * Builders of NewEvent objects for tests: random UUID event ids and complete metadata. The hash is a plausible
 * stand-in (SHA-256 over prevHash + JSON of the event), not the domain's canonical hash chain.
 */

export interface TestEventOptions {
  type?: string;
  data?: JsonObject;
  eventId?: string;
  metadata?: Partial<EventMetadata>;
}

export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = randomUUID();
  return {
    actorId: 'user-test',
    actorRole: 'admin',
    recordedAt: new Date().toISOString(),
    commandId,
    correlationId: commandId,
    causationId: commandId,
    schemaVersion: 1,
    prevHash: '',
    hash: '',
    ...overrides,
  };
}

export function testEvent(options: TestEventOptions = {}): NewEvent {
  const eventId = options.eventId ?? randomUUID();
  const type = options.type ?? 'TestEventRecorded';
  const data = options.data ?? { note: 'test' };
  const metadata = testMetadata(options.metadata);
  if (!options.metadata?.hash) {
    metadata.hash = createHash('sha256')
      .update(metadata.prevHash + JSON.stringify({ eventId, type, data }))
      .digest('hex');
  }
  return { eventId, type, data, metadata };
}

/** `count` events chained by prevHash, data `{ n: 0 }`, `{ n: 1 }`, … */
export function testEvents(count: number, options: Omit<TestEventOptions, 'eventId' | 'data'> = {}): NewEvent[] {
  const events: NewEvent[] = [];
  for (let n = 0; n < count; n++) {
    const prevHash = events.length > 0 ? events[events.length - 1].metadata.hash : '';
    events.push(testEvent({ ...options, data: { n }, metadata: { ...options.metadata, prevHash } }));
  }
  return events;
}

/** A category no other test uses (no '-' inside, so it is the whole category). */
export function uniqueCategory(prefix = 'test'): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A fresh stream id `<category>-<uuid>`. */
export function uniqueStreamId(category: string = uniqueCategory()): string {
  return `${category}-${randomUUID()}`;
}

/** Every event in the store, counted through the port: a refused command must leave this number as it was. */
export async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    count += page.events.length;
    if (page.isEnd || page.lastPosition === null) return count;
    after = page.lastPosition;
  }
}

/**
 * Appends `count` events to a stream with the domain's real hash chain (core/hash-chain), linked to its current tip:
 * the log the tamper check expects, written straight to the store.
 */
export async function appendChained(store: EventStore, streamId: string, count: number): Promise<RecordedEvent[]> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  let version = last ? last.streamVersion : -1;
  let prevHash = last ? last.metadata.hash : '';
  const appended: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    version += 1;
    const event = testEvent({ type: 'Noted', data: { n: version }, metadata: { prevHash } });
    event.metadata.hash = eventHash({ ...event, streamId, streamVersion: version });
    const { position } = await store.append(streamId, [event], version === 0 ? 'no_stream' : version - 1);
    appended.push({ ...event, streamId, streamVersion: version, position });
    prevHash = event.metadata.hash;
  }
  return appended;
}
