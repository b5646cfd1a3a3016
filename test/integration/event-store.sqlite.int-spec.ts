import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JsonObject, RecordedEvent } from '../../src/core/envelope';
import { EventStoreUnavailableError, IdempotencyViolationError } from '../../src/event-store/event-store.errors';
import { WrongExpectedVersionError } from '../../src/core/stream-store';
import { eventSize } from '../../src/event-store/event-store.port';
import {
  SqliteEventStoreAdapter,
  type SqliteEventStoreOptions,
} from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { InvalidPositionError } from '../../src/event-store/event-store.errors';
import { testEvent, testEvents, uniqueCategory, uniqueStreamId } from '../support/events';
import { describeEventStoreContract } from './event-store.contract';

describe('SqliteEventStoreAdapter', () => {
  let dir: string;
  const opened: SqliteEventStoreAdapter[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-event-store-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens an adapter on a file in the temp dir (a fresh one unless named); closed after each test. */
  function openStore(options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStoreAdapter {
    const store = new SqliteEventStoreAdapter({ filename: join(dir, `${randomUUID()}.db`), ...options });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  describeEventStoreContract('SQLite, a fresh file per test', async () => {
    const store = openStore();
    return { store, cleanup: () => store.close() };
  });

  // Like a server: data of earlier tests stays, so the contract must not assume an empty store.
  describeEventStoreContract('SQLite, one file reopened by every test', async () => {
    const store = openStore({ filename: join(dir, 'shared.db') });
    return { store, cleanup: () => store.close() };
  });

  describe('SQLite specifics', () => {
    it('an empty store has no head position and reads as empty', async () => {
      const store = openStore();
      expect(await store.headPosition()).toBeNull();
      expect(await store.readAll()).toEqual({ events: [], lastPosition: null, isEnd: true });
      expect(await store.readAll({ after: '0000000000000000' })).toEqual({
        events: [],
        lastPosition: '0000000000000000',
        isEnd: true,
      });
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('positions are 16-digit zero-padded global positions starting at 1', async () => {
      const store = openStore();
      const first = await store.append(uniqueStreamId(), testEvents(2), 'no_stream');
      const second = await store.append(uniqueStreamId(), testEvents(1), 'no_stream');
      expect(first.position).toBe('0000000000000002');
      expect(second.position).toBe('0000000000000003');
      expect(await store.headPosition()).toBe('0000000000000003');
      const all = await store.readAll({ maxCount: 10 });
      expect(all.events.map((e) => e.position)).toEqual(['0000000000000001', '0000000000000002', '0000000000000003']);
      expect(all.lastPosition).toBe('0000000000000003');
    });

    it('rejects malformed positions with InvalidPositionError', async () => {
      const store = openStore();
      const malformed = ['abc', '123', '00000000000000001', '-000000000000001', ' 000000000000001', '9999999999999999'];
      for (const after of malformed) {
        await expect(store.readAll({ after })).rejects.toThrow(InvalidPositionError);
      }
      expect(() => store.subscribe({ after: 'x' })).toThrow(InvalidPositionError);
    });

    it('an empty append to a missing stream returns version -1 and position zero', async () => {
      const store = openStore();
      expect(await store.append(uniqueStreamId(), [], 'any')).toEqual({
        nextExpectedVersion: -1,
        position: '0000000000000000',
      });
      expect(await store.headPosition()).toBeNull();
    });

    it('rejects malformed appends before they reach the log', async () => {
      const store = openStore();
      const streamId = uniqueStreamId();
      const event = testEvent();
      await expect(store.append(streamId, [event, event], 'any')).rejects.toThrow(/twice/);
      await expect(store.append(streamId, [testEvent({ eventId: 'not-a-uuid' })], 'any')).rejects.toThrow(/UUID/);
      await expect(store.append(streamId, testEvents(1), -1)).rejects.toThrow(TypeError);
      await expect(store.append(streamId, testEvents(1), 1.5)).rejects.toThrow(TypeError);
      await expect(store.append('', testEvents(1), 'any')).rejects.toThrow(TypeError);
      expect(await store.headPosition()).toBeNull();
    });

    it('creates the parent directory of the data file', async () => {
      const filename = join(dir, 'nested', randomUUID(), 'deeper', 'events.db');
      const store = openStore({ filename });
      await store.append(uniqueStreamId(), testEvents(1), 'no_stream');
      expect(existsSync(filename)).toBe(true);
    });

    it('refuses UPDATE and DELETE on events, from any connection', async () => {
      const store = openStore();
      const streamId = uniqueStreamId();
      await store.append(streamId, testEvents(2), 'no_stream');

      const raw = new Database(store.filename);
      try {
        raw.pragma('busy_timeout = 5000');
        expect(() => raw.prepare("UPDATE events SET type = 'Tampered'").run()).toThrow(/append-only: UPDATE/);
        const tamper = raw.prepare("UPDATE events SET data = '{}' WHERE stream_version = 0");
        expect(() => tamper.run()).toThrow(/append-only/);
        expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only: DELETE/);
        expect(() => raw.prepare('DELETE FROM events WHERE stream_version = 1').run()).toThrow(/append-only/);
        expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2 });
      } finally {
        raw.close();
      }
      expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['TestEventRecorded', 'TestEventRecorded']);
    });

    it('runs in WAL mode with synchronous=FULL on every open, also after a reopen', async () => {
      const filename = join(dir, `${randomUUID()}.db`);
      const first = openStore({ filename });
      await first.append(uniqueStreamId(), testEvents(1), 'no_stream');
      await first.close();

      const reopened = openStore({ filename });
      expect(reopened.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeoutMs: 5000 });
      const raw = new Database(filename, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // persisted in the file
      } finally {
        raw.close();
      }
      expect(await reopened.readAll()).toMatchObject({ events: [expect.objectContaining({ streamVersion: 0 })] });
    });

    it('commits concurrent appends in one transaction while checking each append on its own', async () => {
      const store = openStore();
      const existing = uniqueStreamId();
      const storedEvents = testEvents(2);
      await store.append(existing, storedEvents, 'no_stream');
      const before = store.committedTransactionCount;

      // All issued in the same tick, so they land in one flush.
      const chained = uniqueStreamId();
      const good = Array.from({ length: 20 }, () => ({ streamId: uniqueStreamId(), events: testEvents(2) }));
      const goodAppends = good.map(({ streamId, events }) => store.append(streamId, events, 'no_stream'));
      const chainStart = store.append(chained, testEvents(1), 'no_stream');
      const wrongVersion = store.append(existing, testEvents(1), 'no_stream');
      const violation = store.append(uniqueStreamId(), [storedEvents[1]], 'no_stream');
      const chainNext = store.append(chained, testEvents(1), 0); // sees the earlier append of the same flush
      const replay = store.append(existing, storedEvents, 'no_stream');

      const settled = await Promise.allSettled(goodAppends);
      await Promise.allSettled([chainStart, wrongVersion, violation, chainNext, replay]);
      expect(store.committedTransactionCount - before).toBe(1);
      expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
      await expect(chainStart).resolves.toMatchObject({ nextExpectedVersion: 0 });
      await expect(wrongVersion).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(violation).rejects.toBeInstanceOf(IdempotencyViolationError);
      await expect(chainNext).resolves.toMatchObject({ nextExpectedVersion: 1 });
      const existingEvents = await store.readStream(existing);
      await expect(replay).resolves.toEqual({ nextExpectedVersion: 1, position: existingEvents[1].position });

      expect(await store.readStream(existing)).toHaveLength(2);
      for (const { streamId } of good) expect(await store.readStream(streamId)).toHaveLength(2);
      expect(await store.readStream(chained)).toHaveLength(2);
      const all = await store.readAll();
      expect(all.events).toHaveLength(2 + 40 + 2);
      // No holes: the rolled-back appends left no gap in the positions.
      expect(all.events.map((e) => Number(e.position))).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));

      // Sequential appends each get their own transaction (nothing waits for company).
      await store.append(chained, testEvents(1), 1);
      await store.append(chained, testEvents(1), 2);
      expect(store.committedTransactionCount - before).toBe(3);
    });

    it('an append failing halfway leaves none of its events behind, and the rest of its group commits', async () => {
      const store = openStore();
      const broken = uniqueStreamId();
      const fine = uniqueStreamId();
      // JSON.stringify throws on a BigInt: the first event is already inserted when the second one fails.
      const events = [testEvent(), { ...testEvent(), data: { amount: 1n } as unknown as JsonObject }];
      const before = store.committedTransactionCount;
      const failing = store.append(broken, events, 'no_stream');
      const succeeding = store.append(fine, testEvents(1), 'no_stream');
      await expect(failing).rejects.toThrow(TypeError);
      await expect(succeeding).resolves.toMatchObject({ nextExpectedVersion: 0 });
      expect(store.committedTransactionCount - before).toBe(1);
      expect(await store.readStream(broken)).toEqual([]);
      expect((await store.readAll()).events.map((e) => e.streamId)).toEqual([fine]);
    });

    it('wakes subscriptions on its own commits without waiting for the poll', async () => {
      const store = openStore({ pollIntervalMs: 60_000 });
      const category = uniqueCategory('live');
      const subscription = store.subscribe({ filter: { streamCategories: [category] } });
      try {
        const next = subscription[Symbol.asyncIterator]().next();
        await new Promise((resolve) => setTimeout(resolve, 20));
        const started = Date.now();
        await store.append(uniqueStreamId(category), testEvents(1), 'no_stream');
        await expect(next).resolves.toMatchObject({ done: false, value: { streamVersion: 0 } });
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await subscription.close();
      }
    });

    it('commits appends accepted before close(), then refuses to work', async () => {
      const filename = join(dir, `${randomUUID()}.db`);
      const store = openStore({ filename });
      const streamId = uniqueStreamId();
      const accepted = store.append(streamId, testEvents(3), 'no_stream');
      await store.close();
      await expect(accepted).resolves.toMatchObject({ nextExpectedVersion: 2 });

      await expect(store.append(streamId, testEvents(1), 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(() => store.subscribe()).toThrow(EventStoreUnavailableError);
      await expect(store.close()).resolves.toBeUndefined();

      const reopened = openStore({ filename });
      expect(await reopened.readStream(streamId)).toHaveLength(3);
    });

    it('a subscription sees events written by another process (another connection) by polling', async () => {
      const filename = join(dir, `${randomUUID()}.db`);
      const reader = openStore({ filename, pollIntervalMs: 20 });
      const writer = openStore({ filename }); // stands in for a CLI: its commits do not notify `reader`
      const category = uniqueCategory('cli');
      const subscription = reader.subscribe({ filter: { streamCategories: [category] } });
      const iterator = subscription[Symbol.asyncIterator]();
      const streamId = uniqueStreamId(category);
      try {
        const firstNext = iterator.next();
        await writer.append(streamId, testEvents(2), 'no_stream');
        await writer.append(uniqueStreamId(), testEvents(5), 'no_stream');
        await writer.append(streamId, testEvents(1), 1);
        const received: RecordedEvent[] = [(await firstNext).value as RecordedEvent];
        while (received.length < 3) received.push((await iterator.next()).value as RecordedEvent);
        expect(received).toEqual(await writer.readStream(streamId));
      } finally {
        await subscription.close();
      }
    });

    it('a subscription reads bounded pages and continues across them and past filtered-out events', async () => {
      const store = openStore({ subscriptionPageSize: 3 });
      const category = uniqueCategory('page');
      const streamId = uniqueStreamId(category);
      for (let i = 0; i < 10; i++) {
        await store.append(streamId, testEvents(2), i === 0 ? 'no_stream' : 'any');
        await store.append(uniqueStreamId(), testEvents(2), 'no_stream');
      }
      const subscription = store.subscribe({ filter: { streamCategories: [category] } });
      const received: number[] = [];
      for await (const event of subscription) {
        received.push(event.streamVersion);
        if (received.length === 20) break; // break calls return(), which closes the subscription
      }
      expect(received).toEqual(Array.from({ length: 20 }, (_, i) => i));
      await expect(subscription[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
    });

    it('a subscription with maxPageBytes holds at most that many bytes read ahead, and lets go of what it handed over', async () => {
      const store = openStore({ subscriptionPageSize: 100 });
      const streamId = uniqueStreamId(uniqueCategory('bytes'));
      const big = () => testEvent({ data: { note: 'x'.repeat(20_000) } });
      await store.append(streamId, Array.from({ length: 30 }, big), 'no_stream');
      const maxPageBytes = 100_000;
      const subscription = store.subscribe({ maxPageBytes });
      const iterator = subscription[Symbol.asyncIterator]();
      const heldBytes = () => (subscription as unknown as { buffer: RecordedEvent[] }).buffer.map(eventSize).reduce((a, b) => a + b, 0);
      let maxHeld = 0;
      const received: RecordedEvent[] = [];
      while (received.length < 30) {
        const { value, done } = await iterator.next();
        if (done) throw new Error('The subscription ended early');
        if (value.streamId === streamId) received.push(value);
        maxHeld = Math.max(maxHeld, heldBytes() + eventSize(value));
      }
      await subscription.close();
      expect(received.map((e) => e.streamVersion)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      // Four events of ~20 KB fit a page; without the bound the whole page of 30 (600 KB) would be read at once.
      expect(maxHeld).toBeLessThanOrEqual(maxPageBytes);
      expect(maxHeld).toBeGreaterThan(maxPageBytes / 2);
    });
  });
});
