import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  END,
  EVENT_TYPE,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  StreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type CurrentRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions as ClientReadStreamOptions,
} from '@eventstore/db-client';
import { EventStoreDbAdapter } from '../../../src/event-store/eventstoredb/eventstoredb-event-store.adapter';
import { describeEventStoreContract } from '../../integration/event-store.contract';
import { testEvent, testEvents, uniqueStreamId } from '../../support/events';
import { EventStoreUnavailableError, InvalidPositionError } from '../../../src/event-store/event-store.errors';
import { WrongExpectedVersionError } from '../../../src/core/stream-store';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../../src/core/envelope';
import {
  assertAppendableStream,
  assertValidBatch,
  eventIdClaim,
  buildServerFilter,
  categoryPrefixes,
  escapeRegex,
  eventTypeRegex,
  claimedStream,
  eventIdRegistryStream,
  expectationHolds,
  isFaithfulRepeat,
  isInternalEvent,
  NO_INTERNAL_STREAMS_REGEX,
  toActualVersion,
  toEventData,
  toExpectedRevision,
  toRecordedEvent,
  type ClientRecordedEvent,
} from '../../../src/event-store/eventstoredb/eventstoredb-mapping';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  isEncodedPosition,
  isKnownPosition,
} from '../../../src/event-store/eventstoredb/eventstoredb-position';

const MAX_U64 = (1n << 64n) - 1n;

describe('EventStoreDB position codec', () => {
  it('encodes commit and prepare as 32 zero-padded lowercase hex digits', () => {
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe('0'.repeat(32));
    expect(encodePosition({ commit: 255n, prepare: 16n })).toBe('00000000000000ff0000000000000010');
    expect(encodePosition({ commit: MAX_U64, prepare: MAX_U64 })).toBe('f'.repeat(32));
  });

  it('round-trips', () => {
    const samples = [
      { commit: 0n, prepare: 0n },
      { commit: 1n, prepare: 0n },
      { commit: 123456789n, prepare: 123456700n },
      { commit: 2n ** 53n + 1n, prepare: 2n ** 40n },
      { commit: MAX_U64, prepare: MAX_U64 - 1n },
    ];
    for (const position of samples) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
    const encoded = '0000000000abcdef0000000000abcdee';
    expect(encodePosition(decodePosition(encoded))).toBe(encoded);
  });

  it('sorts lexicographically in $all order (commit first, then prepare)', () => {
    const positions = [
      { commit: 10n, prepare: 10n },
      { commit: 9n, prepare: 9n },
      { commit: 0x100n, prepare: 0n },
      { commit: 10n, prepare: 2n },
      { commit: 0xfn, prepare: 0xffffn },
      { commit: 2n ** 40n, prepare: 1n },
    ];
    const byTuple = [...positions].sort(comparePositions).map(encodePosition);
    const byString = positions.map(encodePosition).sort();
    expect(byString).toEqual(byTuple);
    expect(byString[0]).toBe(encodePosition({ commit: 9n, prepare: 9n }));
    // Numeric order, not digit-count order: 0xf < 0x100 although '100' < 'f' as unpadded text.
    expect(encodePosition({ commit: 0xfn, prepare: 0n }) < encodePosition({ commit: 0x100n, prepare: 0n })).toBe(true);
  });

  it('compares positions', () => {
    expect(comparePositions({ commit: 1n, prepare: 5n }, { commit: 2n, prepare: 0n })).toBeLessThan(0);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBeGreaterThan(0);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 1n })).toBe(0);
  });

  it.each([
    '',
    'abc',
    '0'.repeat(31),
    '0'.repeat(33),
    '00000000000000FF0000000000000010',
    '00000000000000fg0000000000000010',
    ' 00000000000000ff000000000000001',
    '-0000000000000ff0000000000000010',
  ])('rejects the malformed position %j with InvalidPositionError', (encoded) => {
    expect(isEncodedPosition(encoded)).toBe(false);
    expect(() => decodePosition(encoded)).toThrow(InvalidPositionError);
    expect(() => decodePosition(encoded)).toThrow(/32 lowercase hex digits/);
  });

  it('recognises its own encoded positions', () => {
    expect(isEncodedPosition(encodePosition({ commit: 5n, prepare: 4n }))).toBe(true);
    expect(isEncodedPosition('0000000000000003')).toBe(false); // a SQLite position is not one of ours
  });

  it('refuses to encode values outside unsigned 64 bits', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(/commit -1/);
    expect(() => encodePosition({ commit: 0n, prepare: MAX_U64 + 1n })).toThrow(/prepare/);
  });

  it('treats the unset and the "no position" sentinels of stream reads as unknown', () => {
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(false);
    expect(isKnownPosition({ commit: MAX_U64, prepare: MAX_U64 })).toBe(false);
    expect(isKnownPosition({ commit: 1024n, prepare: 1024n })).toBe(true);
  });
});

describe('EventStoreDB expected version mapping', () => {
  it('maps named conditions to the client constants', () => {
    expect(toExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toExpectedRevision('any')).toBe(ANY);
  });

  it('maps versions to bigint revisions', () => {
    expect(toExpectedRevision(0)).toBe(0n);
    expect(toExpectedRevision(41)).toBe(41n);
  });

  it.each([-1, -2, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects the invalid version %p', (version) => {
    expect(() => toExpectedRevision(version)).toThrow(TypeError);
  });

  it('checks an expectation against the current version (-1: no stream)', () => {
    expect(expectationHolds('any', -1)).toBe(true);
    expect(expectationHolds('any', 3)).toBe(true);
    expect(expectationHolds('no_stream', -1)).toBe(true);
    expect(expectationHolds('no_stream', 0)).toBe(false);
    expect(expectationHolds('stream_exists', -1)).toBe(false);
    expect(expectationHolds('stream_exists', 0)).toBe(true);
    expect(expectationHolds(2, 2)).toBe(true);
    expect(expectationHolds(2, 1)).toBe(false);
  });

  it('maps the current revision of a conflict to the port actual version', () => {
    expect(toActualVersion(NO_STREAM)).toBe(-1);
    expect(toActualVersion(7n)).toBe(7);
  });
});

describe('EventStoreDB filters', () => {
  it('escapes regex metacharacters in event types', () => {
    expect(escapeRegex('Grant.Approved(v2)+')).toBe('Grant\\.Approved\\(v2\\)\\+');
    const regex = new RegExp(eventTypeRegex(['Grant.Approved', 'GoalSet', 'a|b']));
    expect(regex.test('Grant.Approved')).toBe(true);
    expect(regex.test('GrantXApproved')).toBe(false);
    expect(regex.test('GoalSet')).toBe(true);
    expect(regex.test('GoalSetAgain')).toBe(false);
    expect(regex.test('XGoalSet')).toBe(false);
    expect(regex.test('a|b')).toBe(true);
    expect(regex.test('a')).toBe(false);
  });

  it('builds an anchored event type regex filter', () => {
    const filter = buildServerFilter({ eventTypes: ['GoalSet', 'Grant.Approved'] });
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect('regex' in filter && filter.regex).toBe('^(?:GoalSet|Grant\\.Approved)$');
  });

  it('builds stream name prefixes from categories', () => {
    expect(categoryPrefixes(['district', 'grant'])).toEqual(['district-', 'grant-']);
    const filter = buildServerFilter({ streamCategories: ['district', 'grant'] });
    expect(filter.filterOn).toBe(STREAM_NAME);
    expect('prefixes' in filter && filter.prefixes).toEqual(['district-', 'grant-']);
  });

  it('prefers the event type filter when both criteria are given (the rest is applied client-side)', () => {
    const filter = buildServerFilter({ eventTypes: ['GoalSet'], streamCategories: ['goal'] });
    expect(filter.filterOn).toBe(EVENT_TYPE);
  });

  it('excludes system and registry streams when there is no filter or an empty one', () => {
    for (const filter of [buildServerFilter(), buildServerFilter({ eventTypes: [], streamCategories: [] })]) {
      expect(filter.filterOn).toBe(STREAM_NAME);
      expect('regex' in filter && filter.regex).toBe(NO_INTERNAL_STREAMS_REGEX);
    }
    const regex = new RegExp(NO_INTERNAL_STREAMS_REGEX);
    expect(regex.test('district-1')).toBe(true);
    expect(regex.test('_other-1')).toBe(true);
    expect(regex.test('$ce-district')).toBe(false);
    expect(regex.test('$$district-1')).toBe(false);
    expect(regex.test(eventIdRegistryStream('3f1b0c2e-8a4d-4b5e-9c6f-0123456789ab'))).toBe(false);
  });

  it('recognises internal events by type or stream', () => {
    expect(isInternalEvent({ type: '$>', streamId: '$ce-district' })).toBe(true);
    expect(isInternalEvent({ type: '$metadata', streamId: '$$district-1' })).toBe(true);
    expect(isInternalEvent({ type: 'Foo', streamId: '$stats-x' })).toBe(true);
    expect(isInternalEvent({ type: 'EventIdClaimed', streamId: eventIdRegistryStream('3F1B0C2E-8A4D-4B5E-9C6F-0123456789AB') })).toBe(true);
    expect(isInternalEvent({ type: 'DistrictRegistered', streamId: 'district-1' })).toBe(false);
  });
});

const metadata: EventMetadata = {
  actorId: 'user-1',
  actorRole: 'admin',
  recordedAt: '2025-01-01T00:00:00.000Z',
  commandId: 'c1',
  correlationId: 'c1',
  causationId: 'c1',
  schemaVersion: 1,
  prevHash: '',
  hash: 'abc',
};

function newEvent(eventId: string): NewEvent {
  return { eventId, type: 'DistrictRegistered', data: { name: 'Nord' }, metadata };
}

describe('EventStoreDB event mapping', () => {
  const stored: ClientRecordedEvent = {
    id: '3f1b0c2e-8a4d-4b5e-9c6f-0123456789ab',
    type: 'DistrictRegistered',
    streamId: 'district-1',
    revision: 4n,
    isJson: true,
    data: { name: 'Nord' },
    metadata,
  };

  it('creates JSON event data with our id, type, data and metadata', () => {
    const data = toEventData(newEvent(stored.id));
    expect(data).toEqual({
      id: stored.id,
      contentType: 'application/json',
      type: 'DistrictRegistered',
      data: { name: 'Nord' },
      metadata,
    });
  });

  it('maps a recorded event; version = revision, position encoded', () => {
    expect(toRecordedEvent(stored, { commit: 16n, prepare: 15n })).toEqual({
      eventId: stored.id,
      type: 'DistrictRegistered',
      streamId: 'district-1',
      streamVersion: 4,
      position: '0000000000000010000000000000000f',
      data: { name: 'Nord' },
      metadata,
    });
  });

  it('skips events this store cannot have written', () => {
    const position = { commit: 1n, prepare: 1n };
    expect(toRecordedEvent({ ...stored, type: '$>', streamId: '$ce-district' }, position)).toBeNull();
    expect(toRecordedEvent({ ...stored, isJson: false, data: new Uint8Array([1]) }, position)).toBeNull();
    expect(toRecordedEvent({ ...stored, data: 'text' }, position)).toBeNull();
    expect(toRecordedEvent({ ...stored, data: [1, 2] }, position)).toBeNull();
    expect(toRecordedEvent({ ...stored, metadata: undefined }, position)).toBeNull();
    expect(toRecordedEvent({ ...stored, metadata: new Uint8Array([1]) }, position)).toBeNull();
  });
});

describe('EventStoreDB append batches', () => {
  const a = '3f1b0c2e-8a4d-4b5e-9c6f-0123456789ab';
  const b = '4f1b0c2e-8a4d-4b5e-9c6f-0123456789ab';

  it('accepts well-formed batches and rejects malformed ones with TypeError', () => {
    expect(() => assertValidBatch([newEvent(a), newEvent(b)])).not.toThrow();
    expect(() => assertValidBatch([])).not.toThrow();
    expect(() => assertValidBatch([newEvent('not-a-uuid')])).toThrow(/not a UUID/);
    expect(() => assertValidBatch([newEvent(a), newEvent(a.toUpperCase())])).toThrow(/appears twice/);
    expect(() => assertValidBatch([{ ...newEvent(a), type: '' }])).toThrow(/type is empty/);
    const notAnObject = JSON.parse('[1]') as NewEvent['data'];
    expect(() => assertValidBatch([{ ...newEvent(a), data: notAnObject }])).toThrow(/must be objects/);
    expect(() => assertValidBatch([newEvent('nope')])).toThrow(TypeError);
  });

  it('appends only to the store\'s own streams', () => {
    expect(() => assertAppendableStream('district-1')).not.toThrow();
    expect(() => assertAppendableStream('')).toThrow(TypeError);
    expect(() => assertAppendableStream('$ce-district')).toThrow(/reserved/);
    expect(() => assertAppendableStream(eventIdRegistryStream(a))).toThrow(/reserved/);
  });

  it('registers ids in one lowercase registry stream per id and reads claims back', () => {
    expect(eventIdRegistryStream(a.toUpperCase())).toBe(`_ledger_event_id-${a}`);
    const claim = toClaimRecord('district-1');
    expect(claimedStream(claim)).toBe('district-1');
    expect(claimedStream(undefined)).toBeUndefined();
    expect(claimedStream({ type: 'Other', data: { streamId: 'district-1' } })).toBeUndefined();
    expect(claimedStream({ type: claim.type, data: { streamId: 7 } })).toBeUndefined();
  });

  it('recognises a faithful repeat: same ids, same order, nothing missing (case-insensitive)', () => {
    expect(isFaithfulRepeat([a, b], [a, b])).toBe(true);
    expect(isFaithfulRepeat([a.toUpperCase(), b], [a, b])).toBe(true);
    expect(isFaithfulRepeat([a, b], [b, a])).toBe(false);
    expect(isFaithfulRepeat([a, b], [a])).toBe(false);
    expect(isFaithfulRepeat([a], [a, b])).toBe(false);
  });
});

/** A claim as the server hands it back: type and parsed JSON data. */
function toClaimRecord(streamId: string): { type: string; data: unknown } {
  const claim = eventIdClaim(streamId);
  return { type: claim.type, data: JSON.parse(JSON.stringify(claim.data)) as unknown };
}

/*
 * The adapter itself, run through the shared EventStore contract against an in-memory stand-in for the parts of
 * EventStoreDBClient it calls (appendToStream, readStream, readAll, subscribeToAll, dispose). The stand-in follows
 * the client's documented types and the server behaviour the adapter relies on: 0-based revisions, StreamNotFound on
 * reads of missing streams, WrongExpectedVersionError with the current revision, the server's own idempotency for
 * numeric / no-stream retries, inclusive $all reads, exclusive catch-up subscriptions with server-side filters,
 * interleaved system records ($> links, $stats), and an append result whose position is NOT the last event's $all
 * position (the adapter must not rely on it). It is no substitute for a real server: see the int-spec.
 */
describeEventStoreContract('EventStoreDB adapter over an in-memory stand-in of the client (no server)', async () => {
  const store = new EventStoreDbAdapter(fakeServer as unknown as EventStoreDBClient);
  return { store, cleanup: () => store.close() };
});

describe('EventStoreDbAdapter specifics over the stand-in (no server)', () => {
  let store: EventStoreDbAdapter;

  beforeEach(() => {
    store = new EventStoreDbAdapter(fakeServer as unknown as EventStoreDBClient);
  });

  afterEach(async () => {
    await store.close();
  });

  it("concurrent identical 'any' appends store the events once (the server only half-deduplicates 'any')", async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, testEvents(1), 'no_stream');
    const events = testEvents(2);
    // A failed first attempt leaves the ids claimed, so every repetition below takes the scan-then-append path.
    await expect(store.append(streamId, events, 5)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.append(streamId, events, 'any')));
    for (const result of results) expect(result).toEqual(results[0]);
    expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([
      expect.any(String),
      events[0].eventId,
      events[1].eventId,
    ]);
  });

  it('registers every appended id, refuses appends to reserved streams and never exposes internal records', async () => {
    const streamId = uniqueStreamId();
    const events = testEvents(2);
    await store.append(streamId, events, 'no_stream');
    const registry = eventIdRegistryStream(events[0].eventId);
    await expect(store.append(registry, testEvents(1), 'any')).rejects.toThrow(TypeError);
    await expect(store.append('$ce-test', testEvents(1), 'any')).rejects.toThrow(/reserved/);
    expect(await store.readStream(registry)).toEqual([]); // a claim, hidden from port reads

    const all = await store.readAll();
    expect(all.events.length).toBeGreaterThan(0);
    expect(all.events.some((e) => isInternalEvent(e))).toBe(false);
    expect(all.events.map((e) => e.position)).toContain(await store.headPosition());
  });

  it('a subscription without a filter skips system and registry records', async () => {
    const before = await store.headPosition();
    const streamId = uniqueStreamId();
    await store.append(streamId, testEvents(3), 'no_stream');
    const subscription = store.subscribe(before === null ? {} : { after: before });
    try {
      const received: RecordedEvent[] = [];
      for await (const event of subscription) {
        received.push(event);
        if (received.length === 3) break;
      }
      expect(received.map((e) => [e.streamId, e.streamVersion])).toEqual([
        [streamId, 0],
        [streamId, 1],
        [streamId, 2],
      ]);
    } finally {
      await subscription.close();
    }
  });

  it('rejects invalid arguments before anything is written', async () => {
    const streamId = uniqueStreamId();
    await expect(store.append(streamId, testEvents(1), -1)).rejects.toThrow(TypeError);
    await expect(store.append(streamId, [testEvent({ eventId: 'nope' })], 'any')).rejects.toThrow(/UUID/);
    await expect(store.append(streamId, [], 1.5)).rejects.toThrow(TypeError);
    await expect(store.readStream(streamId, { fromVersion: -1 })).rejects.toThrow(TypeError);
    expect(() => store.subscribe({ after: 'nope' })).toThrow(InvalidPositionError);
    await expect(store.readAll({ after: '0000000000000003' })).rejects.toThrow(InvalidPositionError);
    expect(store.isPosition('0000000000000003')).toBe(false);
    expect(store.isPosition((await store.append(streamId, testEvents(1), 'no_stream')).position)).toBe(true);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('refuses to work once closed', async () => {
    await store.close();
    await expect(store.append(uniqueStreamId(), testEvents(1), 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('x-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(() => store.subscribe()).toThrow(EventStoreUnavailableError);
    await expect(store.close()).resolves.toBeUndefined();
  });
});

interface FakeRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  isJson: boolean;
  json: string | undefined;
  metadataJson: string | undefined;
  position: Position;
}

type FakeResolved = { event: Record<string, unknown> };

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function view(record: FakeRecord): FakeResolved {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      type: record.type,
      revision: record.revision,
      isJson: record.isJson,
      data: record.json === undefined ? new Uint8Array([36, 62]) : (JSON.parse(record.json) as unknown),
      metadata: record.metadataJson === undefined ? undefined : (JSON.parse(record.metadataJson) as unknown),
      created: new Date(),
      position: record.position,
    },
  };
}

function readableOf(produce: () => Promise<FakeResolved[]>): Readable {
  const readable = new Readable({ objectMode: true, read: () => undefined });
  produce().then(
    (items) => {
      for (const item of items) readable.push(item);
      readable.push(null);
    },
    (error: unknown) => readable.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return readable;
}

class FakeSubscription extends Readable {
  constructor(
    private readonly server: FakeEventStoreServer,
    private readonly from: ReadPosition,
    private readonly serverFilter: Filter | undefined,
  ) {
    super({ objectMode: true, read: () => undefined });
    // History and registration happen in one synchronous step, so no append can fall between them.
    setImmediate(() => {
      if (this.destroyed) return;
      for (const record of server.log) this.offer(record);
      server.subscribers.add(this);
    });
  }

  offer(record: FakeRecord): void {
    if (this.from === END) return;
    if (this.from !== START && comparePositions(record.position, this.from) <= 0) return;
    if (this.serverFilter) {
      const value = this.serverFilter.filterOn === EVENT_TYPE ? record.type : record.streamId;
      const passes =
        'regex' in this.serverFilter
          ? new RegExp(this.serverFilter.regex).test(value)
          : this.serverFilter.prefixes.some((prefix) => value.startsWith(prefix));
      if (!passes) return;
    }
    this.push(view(record));
  }

  unsubscribe(): Promise<void> {
    // Like the client: cancelling the call does not end this Readable.
    this.server.subscribers.delete(this);
    return Promise.resolve();
  }
}

class FakeEventStoreServer {
  readonly log: FakeRecord[] = [];
  readonly subscribers = new Set<FakeSubscription>();
  private readonly streams = new Map<string, FakeRecord[]>();
  private nextPosition = 1_000n;
  private appends = 0;

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<ClientAppendResult> {
    await tick();
    const batch = Array.isArray(events) ? events : [events];
    const expected = options.expectedRevision ?? ANY;
    const stream = this.streams.get(streamName) ?? [];
    const current: CurrentRevision = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    if (expected !== ANY && expected !== STREAM_EXISTS) {
      // The server's idempotency: the same ids right after the expected revision are a repeat, not a conflict.
      const start = expected === NO_STREAM ? 0 : Number(expected) + 1;
      const slice = stream.slice(start, start + batch.length);
      if (start < stream.length && slice.length === batch.length && slice.every((r, i) => r.id === batch[i].id)) {
        return { success: true, nextExpectedRevision: slice[slice.length - 1].revision, position: undefined };
      }
    }
    const holds =
      expected === ANY ||
      (expected === NO_STREAM && stream.length === 0) ||
      (expected === STREAM_EXISTS && stream.length > 0) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) throw new ClientWrongExpectedVersionError(undefined, { streamName, expected, current });

    const firstPrepare = this.nextPosition;
    for (const event of batch) {
      this.record(streamName, stream, event.id, event.type, event.contentType === 'application/json' ? JSON.stringify(event.data) : undefined, event.metadata === undefined ? undefined : JSON.stringify(event.metadata));
    }
    this.streams.set(streamName, stream);
    const last = stream[stream.length - 1];
    // System records EventStoreDB interleaves: projection links and periodic stats.
    const category = streamName.split('-')[0];
    if (!streamName.startsWith('$')) this.recordSystem(`$ce-${category}`, '$>', undefined);
    if (++this.appends % 4 === 0) this.recordSystem('$stats-fake', '$statsCollected', '{"proc":1}');
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.position.commit, prepare: firstPrepare } };
  }

  readStream(
    streamName: string,
    { direction = FORWARDS, fromRevision = START, maxCount = Number.MAX_SAFE_INTEGER }: ClientReadStreamOptions = {},
  ): Readable {
    return readableOf(async () => {
      await tick();
      const stream = this.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const selected =
        direction === FORWARDS
          ? stream.filter((r) => fromRevision === START || (fromRevision !== END && r.revision >= fromRevision))
          : [...stream].reverse().filter((r) => fromRevision === END || (fromRevision !== START && r.revision <= fromRevision));
      return selected.slice(0, Number(maxCount)).map(view);
    });
  }

  readAll({ direction = FORWARDS, fromPosition = START, maxCount = Number.MAX_SAFE_INTEGER }: ClientReadAllOptions = {}): Readable {
    return readableOf(async () => {
      await tick();
      const selected =
        direction === FORWARDS
          ? this.log.filter((r) => fromPosition === START || (fromPosition !== END && comparePositions(r.position, fromPosition) >= 0))
          : [...this.log].reverse().filter((r) => fromPosition === END || (fromPosition !== START && comparePositions(r.position, fromPosition) <= 0));
      return selected.slice(0, Number(maxCount)).map(view);
    });
  }

  subscribeToAll({ fromPosition = START, filter }: { fromPosition?: ReadPosition; filter?: Filter } = {}): FakeSubscription {
    return new FakeSubscription(this, fromPosition, filter);
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }

  private record(streamId: string, stream: FakeRecord[], id: string, type: string, json: string | undefined, metadataJson: string | undefined): void {
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition += 97n;
    const record: FakeRecord = { streamId, id, type, revision: BigInt(stream.length), isJson: json !== undefined, json, metadataJson, position };
    stream.push(record);
    this.log.push(record);
    for (const subscriber of this.subscribers) subscriber.offer(record);
  }

  private recordSystem(streamId: string, type: string, json: string | undefined): void {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    this.record(streamId, stream, randomUUID(), type, json, undefined);
  }
}

const fakeServer = new FakeEventStoreServer();
