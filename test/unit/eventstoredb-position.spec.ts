import { ANY, EVENT_TYPE, NO_STREAM, STREAM_EXISTS, STREAM_NAME } from '@eventstore/db-client';
import { IdempotencyViolationError } from '../../src/event-store/event-store.errors';
import type { EventMetadata, NewEvent } from '../../src/event-store/event-store.port';
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
} from '../../src/event-store/eventstoredb/eventstoredb-mapping';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  isKnownPosition,
} from '../../src/event-store/eventstoredb/eventstoredb-position';

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
  ])('rejects the malformed position %j with a clear error', (encoded) => {
    expect(() => decodePosition(encoded)).toThrow(/Malformed EventStoreDB position/);
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

  it('maps versions to bigint revisions, -1 to no stream', () => {
    expect(toExpectedRevision(0)).toBe(0n);
    expect(toExpectedRevision(41)).toBe(41n);
    expect(toExpectedRevision(-1)).toBe(NO_STREAM);
  });

  it.each([-2, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects the invalid version %p', (version) => {
    expect(() => toExpectedRevision(version)).toThrow(RangeError);
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
    expect(expectationHolds(-1, -1)).toBe(true);
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

  it('accepts UUID ids and rejects non-UUID and repeated ids', () => {
    expect(() => assertValidBatch('district-1', [newEvent(a), newEvent(b)])).not.toThrow();
    expect(() => assertValidBatch('district-1', [newEvent('not-a-uuid')])).toThrow(/not a UUID/);
    expect(() => assertValidBatch('district-1', [newEvent(a), newEvent(a.toUpperCase())])).toThrow(
      IdempotencyViolationError,
    );
  });

  it('appends only to the store\'s own streams', () => {
    expect(() => assertAppendableStream('district-1')).not.toThrow();
    expect(() => assertAppendableStream('')).toThrow(/reserved/);
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
