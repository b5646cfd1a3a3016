import { eventSize, type EventStore, type ReadAllOptions } from '../../src/event-store/event-store.port';
import { type AppendResult, WrongExpectedVersionError } from '../../src/core/stream-store';
import { streamCategory, type NewEvent, type RecordedEvent } from '../../src/core/envelope';
import { IdempotencyViolationError } from '../../src/event-store/event-store.errors';
import { testEvent, testEvents, uniqueCategory, uniqueStreamId } from '../support/events';

/**
 * The EventStore contract, for every adapter. Store-agnostic: it never assumes an empty store (a real server keeps
 * data between tests and may have other writers), so every test uses fresh random streams, categories and event
 * types, and compares positions with what it read at its start.
 *
 * `open` is called before each test; `cleanup` after it must tolerate a store the test already closed.
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('append with expected versions', () => {
      it("'no_stream' creates a stream with versions from 0 and returns the last version and position", async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        const result = await store.append(streamId, events, 'no_stream');

        const stored = await store.readStream(streamId);
        expect(result.nextExpectedVersion).toBe(2);
        expect(stored.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
        expect(result.position).toBe(stored[2].position);
        stored.forEach((recorded, i) =>
          expect(recorded).toEqual({ ...events[i], streamId, streamVersion: i, position: recorded.position }),
        );
      });

      it("'no_stream' fails on an existing stream and writes nothing", async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, testEvents(2), 'no_stream');

        const error = await rejection(store.append(streamId, testEvents(1), 'no_stream'), WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("'stream_exists' fails on a missing stream (actual -1) and succeeds on an existing one", async () => {
        const streamId = uniqueStreamId();
        const error = await rejection(
          store.append(streamId, testEvents(1), 'stream_exists'),
          WrongExpectedVersionError,
        );
        expect(error).toMatchObject({ streamId, expected: 'stream_exists', actual: -1 });
        expect(await store.readStream(streamId)).toEqual([]);

        await store.append(streamId, testEvents(1), 'no_stream');
        const result = await store.append(streamId, testEvents(2), 'stream_exists');
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('a version number succeeds only when it equals the last version', async () => {
        const streamId = uniqueStreamId();
        const missing = await rejection(store.append(streamId, testEvents(1), 0), WrongExpectedVersionError);
        expect(missing).toMatchObject({ expected: 0, actual: -1 });

        await store.append(streamId, testEvents(2), 'no_stream');
        const tooLow = await rejection(store.append(streamId, testEvents(1), 0), WrongExpectedVersionError);
        expect(tooLow).toMatchObject({ streamId, expected: 0, actual: 1 });
        const tooHigh = await rejection(store.append(streamId, testEvents(1), 2), WrongExpectedVersionError);
        expect(tooHigh).toMatchObject({ streamId, expected: 2, actual: 1 });

        const result = await store.append(streamId, testEvents(2), 1);
        expect(result.nextExpectedVersion).toBe(3);
        expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([0, 1, 2, 3]);
      });

      it("'any' appends to missing and existing streams", async () => {
        const streamId = uniqueStreamId();
        expect((await store.append(streamId, testEvents(1), 'any')).nextExpectedVersion).toBe(0);
        expect((await store.append(streamId, testEvents(2), 'any')).nextExpectedVersion).toBe(2);
      });

      it('positions are fixed-width strings that increase in append order', async () => {
        const results: AppendResult[] = [];
        for (let i = 0; i < 5; i++) {
          results.push(await store.append(uniqueStreamId(), testEvents(1 + (i % 2)), 'no_stream'));
        }
        const positions = results.map((r) => r.position);
        for (const position of positions) expect(position).toHaveLength(positions[0].length);
        for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
      });

      it('keeps data and metadata exactly as appended', async () => {
        const streamId = uniqueStreamId();
        const event = testEvent({
          data: {
            text: 'Grünfläche „Am Markt“ ✓',
            count: 42,
            ratio: 0.25,
            flag: false,
            none: null,
            list: [1, 'two', { three: 3 }],
          },
          metadata: { effectiveAt: '2024-05-01', reason: 'Beschluss', decisionRef: 'body-1/decision-7' },
        });
        await store.append(streamId, [event], 'no_stream');
        const [stored] = await store.readStream(streamId);
        expect(stored.data).toEqual(event.data);
        expect(stored.metadata).toEqual(event.metadata);
      });

      it('an empty append writes nothing, checks the expected version and returns the current state', async () => {
        const streamId = uniqueStreamId();
        const missing = await store.append(streamId, [], 'no_stream');
        expect(missing.nextExpectedVersion).toBe(-1);
        expect(typeof missing.position).toBe('string');
        await rejection(store.append(streamId, [], 'stream_exists'), WrongExpectedVersionError);

        const written = await store.append(streamId, testEvents(2), 'no_stream');
        expect(await store.append(streamId, [], 1)).toEqual(written);
        expect(await store.append(streamId, [], 'any')).toEqual(written);
        const error = await rejection(store.append(streamId, [], 'no_stream'), WrongExpectedVersionError);
        expect(error.actual).toBe(1);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe('idempotent appends', () => {
      it('re-appending the same ids returns the original result and writes nothing, any expected version', async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        const first = await store.append(streamId, events, 'no_stream');

        expect(await store.append(streamId, events, 'no_stream')).toEqual(first);
        expect(await store.append(streamId, events, 7)).toEqual(first);
        expect(await store.append(streamId, events, 'any')).toEqual(first);

        await store.append(streamId, testEvents(1), 2);
        expect(await store.append(streamId, events, 3)).toEqual(first);
        expect(await store.readStream(streamId)).toHaveLength(4);
      });

      it('a consecutive part of an earlier append returns the result of its own last event', async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        const first = await store.append(streamId, events, 'no_stream');
        const stored = await store.readStream(streamId);

        expect(await store.append(streamId, events.slice(1), 'any')).toEqual(first);
        expect(await store.append(streamId, events.slice(0, 2), 'any')).toEqual({
          nextExpectedVersion: 1,
          position: stored[1].position,
        });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('concurrent repetitions of one append all get the same result and the events are stored once', async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.append(streamId, events, 'no_stream')),
        );
        for (const result of results) expect(result).toEqual(results[0]);
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      });

      it('a partial overlap with stored events is an IdempotencyViolationError and writes nothing', async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        await store.append(streamId, events, 'no_stream');

        const error = await rejection(
          store.append(streamId, [events[2], testEvent()], 'any'),
          IdempotencyViolationError,
        );
        expect(error).toMatchObject({ streamId, eventId: events[2].eventId });
        await rejection(store.append(streamId, [testEvent(), events[0]], 'any'), IdempotencyViolationError);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('stored ids in another order, with a gap, or into another stream are IdempotencyViolationErrors', async () => {
        const streamId = uniqueStreamId();
        const events = testEvents(3);
        await store.append(streamId, events, 'no_stream');

        await rejection(store.append(streamId, [events[1], events[0]], 'any'), IdempotencyViolationError);
        await rejection(store.append(streamId, [events[0], events[2]], 'any'), IdempotencyViolationError);
        const otherStream = uniqueStreamId();
        await rejection(store.append(otherStream, events, 'any'), IdempotencyViolationError);
        expect(await store.readStream(otherStream)).toEqual([]);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });
    });

    describe('readStream', () => {
      let streamId: string;
      let events: NewEvent[];

      beforeEach(async () => {
        streamId = uniqueStreamId();
        events = testEvents(5);
        await store.append(streamId, events, 'no_stream');
      });

      const versions = (recorded: RecordedEvent[]): number[] => recorded.map((e) => e.streamVersion);

      it('reads a missing stream as an empty list', async () => {
        expect(await store.readStream(uniqueStreamId())).toEqual([]);
        expect(await store.readStream(uniqueStreamId(), { direction: 'backwards' })).toEqual([]);
      });

      it('reads forwards from version 0 by default, or from an inclusive version, up to maxCount', async () => {
        const all = await store.readStream(streamId);
        expect(versions(all)).toEqual([0, 1, 2, 3, 4]);
        expect(all.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(all.every((e) => e.streamId === streamId)).toBe(true);
        expect(versions(await store.readStream(streamId, { fromVersion: 2 }))).toEqual([2, 3, 4]);
        expect(versions(await store.readStream(streamId, { maxCount: 2 }))).toEqual([0, 1]);
        const forwards = await store.readStream(streamId, { direction: 'forwards', fromVersion: 1, maxCount: 2 });
        expect(versions(forwards)).toEqual([1, 2]);
        expect(await store.readStream(streamId, { fromVersion: 5 })).toEqual([]);
      });

      it('reads backwards from the end by default, or from an inclusive version, up to maxCount', async () => {
        expect(versions(await store.readStream(streamId, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        const fromThree = await store.readStream(streamId, { direction: 'backwards', fromVersion: 3 });
        expect(versions(fromThree)).toEqual([3, 2, 1, 0]);
        expect(versions(await store.readStream(streamId, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
        const fromTwo = await store.readStream(streamId, { direction: 'backwards', fromVersion: 2, maxCount: 2 });
        expect(versions(fromTwo)).toEqual([2, 1]);
      });

      it('gives every event a position that increases with the version', async () => {
        const all = await store.readStream(streamId);
        for (let i = 1; i < all.length; i++) expect(all[i].position > all[i - 1].position).toBe(true);
      });
    });

    describe('readAll', () => {
      /*
       * The log after `before`, per test:  A0(X) A1(Y) A2(X) | B0(X) B1(X) | A3(Y) | B2(X) B3(X)
       * A and B are fresh categories, X and Y fresh event types.
       */
      let before: string | null;
      let catA: string;
      let catB: string;
      let typeX: string;
      let typeY: string;
      let a: RecordedEvent[];
      let b: RecordedEvent[];

      beforeEach(async () => {
        before = await store.headPosition();
        catA = uniqueCategory('a');
        catB = uniqueCategory('b');
        typeX = `${uniqueCategory('X')}Happened`;
        typeY = `${uniqueCategory('Y')}Happened`;
        const streamA = uniqueStreamId(catA);
        const streamB = uniqueStreamId(catB);
        const x = (): NewEvent => testEvent({ type: typeX });
        const y = (): NewEvent => testEvent({ type: typeY });
        await store.append(streamA, [x(), y(), x()], 'no_stream');
        await store.append(streamB, [x(), x()], 'no_stream');
        await store.append(streamA, [y()], 2);
        await store.append(streamB, [x(), x()], 1);
        a = await store.readStream(streamA);
        b = await store.readStream(streamB);
      });

      const after = (): ReadAllOptions => (before === null ? {} : { after: before });
      const ids = (events: RecordedEvent[]): string[] => events.map((e) => e.eventId);
      const ours = (events: RecordedEvent[]): RecordedEvent[] =>
        events.filter((e) => [catA, catB].includes(streamCategory(e.streamId)));

      it('reads everything after an exclusive position in store order, page by page', async () => {
        const { events, pages } = await readAllPages(store, { ...after(), maxCount: 3 });
        expect(pages).toBeGreaterThan(1);
        expect(ids(ours(events))).toEqual(ids([a[0], a[1], a[2], b[0], b[1], a[3], b[2], b[3]]));
        expectStrictlyIncreasing(events);
        if (before !== null) expect(events.every((e) => e.position > before!)).toBe(true);
        expect(ours(events)).toEqual([a[0], a[1], a[2], b[0], b[1], a[3], b[2], b[3]]);

        const fromMiddle = await readAllPages(store, { after: a[2].position });
        expect(ids(ours(fromMiddle.events))).toEqual(ids([b[0], b[1], a[3], b[2], b[3]]));
      });

      it('filters by stream category', async () => {
        const { events } = await readAllPages(store, { ...after(), filter: { streamCategories: [catA] } });
        expect(ids(events)).toEqual(ids(a));
        const both = await readAllPages(store, { ...after(), filter: { streamCategories: [catB, catA] } });
        expect(ids(both.events)).toEqual(ids([a[0], a[1], a[2], b[0], b[1], a[3], b[2], b[3]]));
      });

      it('filters by event type, and by type and category together', async () => {
        const onlyY = await readAllPages(store, { ...after(), filter: { eventTypes: [typeY] } });
        expect(ids(onlyY.events)).toEqual(ids([a[1], a[3]]));
        const xInB = await readAllPages(store, {
          ...after(),
          filter: { eventTypes: [typeX], streamCategories: [catB] },
        });
        expect(ids(xInB.events)).toEqual(ids(b));
        const xInA = await readAllPages(store, {
          ...after(),
          maxCount: 1,
          filter: { eventTypes: [typeX, 'NoSuchType'], streamCategories: [catA] },
        });
        expect(ids(xInA.events)).toEqual(ids([a[0], a[2]]));
      });

      it('a filtered page that is not the last ends at or after its last event and before the next match', async () => {
        const page = await store.readAll({ ...after(), maxCount: 2, filter: { streamCategories: [catA] } });
        expect(ids(page.events)).toEqual(ids([a[0], a[1]]));
        expect(page.isEnd).toBe(false);
        expect(page.lastPosition! >= a[1].position).toBe(true);
        expect(page.lastPosition! < a[2].position).toBe(true);

        const onlyA = { maxCount: 1, filter: { streamCategories: [catA] } };
        const next = await store.readAll({ ...onlyA, after: page.lastPosition! });
        expect(ids(next.events)).toEqual(ids([a[2]]));
        const skipping = await store.readAll({ ...onlyA, after: next.lastPosition! });
        expect(ids(skipping.events)).toEqual(ids([a[3]]));
      });

      it('lastPosition advances past scanned non-matching events when the scan reaches the head', async () => {
        const tail = await store.readAll({ after: a[3].position, filter: { streamCategories: [catA] } });
        expect(tail.events).toEqual([]);
        expect(tail.isEnd).toBe(true);
        expect(tail.lastPosition! >= b[3].position).toBe(true);

        const whole = await store.readAll({ ...after(), maxCount: 100, filter: { streamCategories: [catA] } });
        expect(whole.isEnd).toBe(true);
        expect(ids(whole.events)).toEqual(ids(a));
        expect(whole.lastPosition! >= b[3].position).toBe(true);
      });

      it('bounds a page by bytes as well as by count, with at least one event, and pages on without gaps', async () => {
        const category = uniqueCategory('big');
        const streamId = uniqueStreamId(category);
        // Sizes 5, 10, 15, … KB of text (3-byte characters count three times).
        await store.append(
          streamId,
          Array.from({ length: 8 }, (_, i) => testEvent({ data: { note: '€'.repeat(((i % 4) + 1) * 1700) } })),
          'no_stream',
        );
        const stored = await store.readStream(streamId);
        const sizes = stored.map(eventSize);
        const filter = { streamCategories: [category] };
        const maxBytes = sizes[0] + sizes[1] + sizes[2] - 1;

        const first = await store.readAll({ ...after(), maxBytes, filter });
        expect(ids(first.events)).toEqual(ids(stored.slice(0, 2)));
        expect(first.isEnd).toBe(false);
        // The count bound still applies, whichever comes first.
        expect(ids((await store.readAll({ ...after(), maxCount: 1, maxBytes, filter })).events)).toEqual(ids(stored.slice(0, 1)));
        // An event larger than the bound comes alone.
        const tiny = await readAllPages(store, { ...after(), maxBytes: 1, filter });
        expect(ids(tiny.events)).toEqual(ids(stored));
        expect(tiny.pages).toBeGreaterThanOrEqual(stored.length);
        const paged = await readAllPages(store, { ...after(), maxBytes, filter });
        expect(paged.events).toEqual(stored);
        expect(paged.pages).toBeGreaterThan(2);
      });

      it('reading after the head returns nothing, keeps the position and reports the end', async () => {
        const head = (await store.headPosition())!;
        const result = await store.readAll({ after: head, filter: { streamCategories: [catA] } });
        expect(result).toMatchObject({ events: [], isEnd: true });
        expect(result.lastPosition! >= head).toBe(true);
      });

      it('rejects a malformed position', async () => {
        await expect(store.readAll({ after: 'not-a-position' })).rejects.toThrow();
      });

      it('headPosition is at or after the last appended event', async () => {
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        expect(head! >= b[3].position).toBe(true);
        if (before !== null) expect(head! > before).toBe(true);
        const result = await store.append(uniqueStreamId(), testEvents(1), 'no_stream');
        expect((await store.headPosition())! >= result.position).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('50 concurrent appends at the same expected version: exactly one succeeds', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, testEvents(1), 'no_stream');

        const settled = await Promise.allSettled(
          Array.from({ length: 50 }, () => store.append(streamId, testEvents(1), 0)),
        );
        const fulfilled = settled.filter((s) => s.status === 'fulfilled');
        const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(49);
        for (const reason of rejected) {
          expect(reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(reason).toMatchObject({ streamId, expected: 0, actual: 1 });
        }
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("50 concurrent 'no_stream' appends to a new stream: exactly one succeeds", async () => {
        const streamId = uniqueStreamId();
        const settled = await Promise.allSettled(
          Array.from({ length: 50 }, () => store.append(streamId, testEvents(2), 'no_stream')),
        );
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        for (const s of settled) {
          if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('many concurrent appends to different streams all succeed and are all readable', async () => {
        const appends = Array.from({ length: 100 }, () => ({ streamId: uniqueStreamId(), events: testEvents(2) }));
        const results = await Promise.all(
          appends.map(({ streamId, events }) => store.append(streamId, events, 'no_stream')),
        );

        expect(results.every((r) => r.nextExpectedVersion === 1)).toBe(true);
        expect(new Set(results.map((r) => r.position)).size).toBe(100);
        const streams = await Promise.all(appends.map(({ streamId }) => store.readStream(streamId)));
        streams.forEach((stored, i) => {
          expect(stored.map((e) => e.eventId)).toEqual(appends[i].events.map((e) => e.eventId));
          expect(stored[1].position).toBe(results[i].position);
        });
      });
    });

    describe('subscribe', () => {
      it(
        'catches up from a position, then follows live appends in order without gaps or duplicates',
        async () => {
          const category = uniqueCategory('sub');
          const streams = [uniqueStreamId(category), uniqueStreamId(category), uniqueStreamId(category)];
          const start = await store.headPosition();
          for (const streamId of streams) await store.append(streamId, testEvents(10), 'no_stream');

          const subscription = store.subscribe(start === null ? {} : { after: start });
          const iterator = subscription[Symbol.asyncIterator]();
          const writer = (async () => {
            for (let round = 0; round < 10; round++) {
              await Promise.all(streams.map((streamId) => store.append(streamId, testEvents(2), 'any')));
              await sleep(round % 3);
            }
          })();
          try {
            const { wanted, all } = await take(iterator, 90, (e) => streamCategory(e.streamId) === category);
            await writer;
            expectStrictlyIncreasing(all);
            expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
            if (start !== null) expect(all.every((e) => e.position > start)).toBe(true);
            for (const streamId of streams) {
              const received = wanted.filter((e) => e.streamId === streamId);
              expect(received).toEqual(await store.readStream(streamId));
              expect(received.map((e) => e.streamVersion)).toEqual(Array.from({ length: 30 }, (_, i) => i));
            }
          } finally {
            await subscription.close();
            await writer;
          }
        },
        30_000,
      );

      it(
        'starts strictly after the given position and applies category and type filters to history and live events',
        async () => {
          const catA = uniqueCategory('fa');
          const catB = uniqueCategory('fb');
          const typeX = `${uniqueCategory('X')}Happened`;
          const typeY = `${uniqueCategory('Y')}Happened`;
          const streamA = uniqueStreamId(catA);
          const streamB = uniqueStreamId(catB);
          const skipped = await store.append(streamA, [testEvent({ type: typeX })], 'no_stream');
          await store.append(streamA, [testEvent({ type: typeX }), testEvent({ type: typeY })], 0);
          await store.append(streamB, [testEvent({ type: typeX }), testEvent({ type: typeY })], 'no_stream');

          const byCategory = store.subscribe({ after: skipped.position, filter: { streamCategories: [catA] } });
          const byType = store.subscribe({ after: skipped.position, filter: { eventTypes: [typeY] } });
          try {
            await store.append(streamA, [testEvent({ type: typeY }), testEvent({ type: typeX })], 2);
            await store.append(streamB, [testEvent({ type: typeY })], 1);

            const a = await take(byCategory[Symbol.asyncIterator](), 4, () => true);
            expect(a.all.map((e) => [e.streamId, e.streamVersion])).toEqual([
              [streamA, 1],
              [streamA, 2],
              [streamA, 3],
              [streamA, 4],
            ]);
            const y = await take(byType[Symbol.asyncIterator](), 4, () => true);
            expect(y.all.every((e) => e.type === typeY)).toBe(true);
            expect(y.all.map((e) => [e.streamId, e.streamVersion])).toEqual([
              [streamA, 2],
              [streamB, 1],
              [streamA, 3],
              [streamB, 2],
            ]);
          } finally {
            await byCategory.close();
            await byType.close();
          }
        },
        30_000,
      );

      it('close() resolves a pending next() with done and ends a for-await loop', async () => {
        const category = uniqueCategory('close');
        const idle = store.subscribe({
          after: (await store.headPosition()) ?? undefined,
          filter: { streamCategories: [category] },
        });
        const iterator = idle[Symbol.asyncIterator]();
        const pending = iterator.next();
        await sleep(20);
        await idle.close();
        await expect(withTimeout(pending, 5_000, 'pending next() after close()')).resolves.toEqual({
          done: true,
          value: undefined,
        });
        await expect(iterator.next()).resolves.toMatchObject({ done: true });

        const streamId = uniqueStreamId(category);
        await store.append(streamId, testEvents(3), 'no_stream');
        const looping = store.subscribe({ filter: { streamCategories: [category] } });
        const received: RecordedEvent[] = [];
        const loop = (async () => {
          for await (const event of looping) {
            received.push(event);
            if (received.length === 3) setTimeout(() => void looping.close(), 10);
          }
        })();
        await withTimeout(loop, 5_000, 'for-await loop after close()');
        expect(received.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      });

      it('closing the store ends its subscriptions', async () => {
        const subscription = store.subscribe({
          after: (await store.headPosition()) ?? undefined,
          filter: { streamCategories: [uniqueCategory('gone')] },
        });
        const pending = subscription[Symbol.asyncIterator]().next();
        await sleep(20);
        await store.close();
        const ended = await withTimeout(pending, 5_000, 'pending next() after store.close()');
        expect(ended).toMatchObject({ done: true });
      });
    });
  });
}

/** Awaits a rejection of the given class and returns the error for further checks. */
async function rejection<E extends Error>(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(errorClass);
  return error as E;
}

async function readAllPages(
  store: EventStore,
  options: ReadAllOptions,
): Promise<{ events: RecordedEvent[]; pages: number }> {
  const events: RecordedEvent[] = [];
  let after = options.after;
  for (let pages = 1; pages <= 10_000; pages++) {
    const page = await store.readAll({ ...options, after });
    events.push(...page.events);
    if (page.isEnd) return { events, pages };
    expect(page.lastPosition).not.toBeNull();
    if (after !== undefined) expect(page.lastPosition! > after).toBe(true);
    after = page.lastPosition!;
  }
  throw new Error('readAll never reached the end');
}

/** Reads from a subscription until `count` events matching `wanted` arrived (fails after a timeout). */
async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  wanted: (event: RecordedEvent) => boolean,
  timeoutMs = 20_000,
): Promise<{ wanted: RecordedEvent[]; all: RecordedEvent[] }> {
  const deadline = Date.now() + timeoutMs;
  const result = { wanted: [] as RecordedEvent[], all: [] as RecordedEvent[] };
  while (result.wanted.length < count) {
    const progress = `subscription: ${result.wanted.length}/${count} events`;
    const next = await withTimeout(iterator.next(), deadline - Date.now(), progress);
    if (next.done) throw new Error(`subscription ended after ${result.wanted.length}/${count} events`);
    result.all.push(next.value);
    if (wanted(next.value)) result.wanted.push(next.value);
  }
  return result;
}

function expectStrictlyIncreasing(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) expect(events[i].position > events[i - 1].position).toBe(true);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(ms, 0));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
