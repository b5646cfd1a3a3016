import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decider } from '../../src/core/decider';
import { handleCommand, MAX_ATTEMPTS } from '../../src/core/handle-command';
import { verifyChain } from '../../src/core/hash-chain';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import type { EventStore } from '../../src/event-store/event-store.port';
import { context } from '../support/decider-spec';

// A counter stream: small enough to see the pipeline's behaviour, with one rule to refuse on.
type Increment = { type: 'Increment'; data: { by: number; max: number }; context: ReturnType<typeof context> };
type Incremented = { type: 'Incremented'; data: { by: number; total: number } };
const counter: Decider<{ total: number }, Increment, Incremented> = {
  category: 'counter',
  schemaVersion: 1,
  initialState: () => ({ total: 0 }),
  evolve: (_s, e) => ({ total: e.data.total }),
  decide: (c, s) => {
    if (s.total + c.data.by > c.data.max) throw Object.assign(new Error('over max'), { code: 'DOMAIN_RULE' });
    return [{ type: 'Incremented', data: { by: c.data.by, total: s.total + c.data.by } }];
  },
};
const increment = (commandId: string, by = 1, max = 1_000_000, requestHash?: string): Increment => ({
  type: 'Increment',
  data: { by, max },
  context: context({ commandId, ...(requestHash ? { requestHash } : {}) }),
});

describe('command pipeline on the SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStoreAdapter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
    store = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends decided events with envelope metadata and a verifiable hash chain', async () => {
    const first = await handleCommand(store, counter, 'counter-a', increment('c0000000-0000-4000-8000-000000000001'));
    const second = await handleCommand(store, counter, 'counter-a', increment('c0000000-0000-4000-8000-000000000002', 2));
    expect(first).toMatchObject({ streamVersion: 0, repeated: false });
    expect(second).toMatchObject({ streamVersion: 1, repeated: false });
    expect(second.position! > first.position!).toBe(true);
    const events = await store.readStream('counter-a');
    expect(events.map((e) => e.data)).toEqual([{ by: 1, total: 1 }, { by: 2, total: 3 }]);
    expect(events[1].metadata).toMatchObject({
      actorId: 'user-1',
      actorRole: 'district_manager',
      commandId: 'c0000000-0000-4000-8000-000000000002',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      schemaVersion: 1,
      prevHash: events[0].metadata.hash,
    });
    expect(verifyChain(events)).toBeNull();
  });

  it('answers a repeated command id with the first outcome, not the stream\'s current version, and appends nothing', async () => {
    const id = 'c0000000-0000-4000-8000-000000000003';
    const first = await handleCommand(store, counter, 'counter-b', increment(id));
    await handleCommand(store, counter, 'counter-b', increment('c0000000-0000-4000-8000-000000000004'));
    const again = await handleCommand(store, counter, 'counter-b', increment(id));
    expect(again).toMatchObject({ repeated: true, streamId: 'counter-b', streamVersion: 0, position: first.position });
    expect(first.streamVersion).toBe(0);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await store.readStream('counter-b')).toHaveLength(2);
  });

  it('refuses a command id sent again with another request (CONFLICT, COMMAND_ID_REUSED) and appends nothing', async () => {
    const id = 'c0000000-0000-4000-8000-000000000005';
    const hashOf = (text: string) => text.repeat(64).slice(0, 64);
    await handleCommand(store, counter, 'counter-g', increment(id, 1, 1_000_000, hashOf('a')));
    await expect(handleCommand(store, counter, 'counter-g', increment(id, 2, 1_000_000, hashOf('b')))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { conflict: 'COMMAND_ID_REUSED', commandId: id },
    });
    expect(await handleCommand(store, counter, 'counter-g', increment(id, 1, 1_000_000, hashOf('a')))).toMatchObject({
      repeated: true,
      streamVersion: 0,
    });
    // A command the service issued itself carries no request hash: nothing to compare, the first outcome.
    expect(await handleCommand(store, counter, 'counter-g', increment(id))).toMatchObject({ repeated: true });
    const events = await store.readStream('counter-g');
    expect(events.map((e) => e.metadata.requestHash)).toEqual([hashOf('a')]);
  });

  it('re-decides on a version conflict, so concurrent commands all land and rules see the latest state', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) =>
        handleCommand(store, counter, 'counter-c', increment(`c0000000-0000-4000-8000-10000000000${i}`, 1, 2)),
      ),
    );
    // Max is 2: two land, the third is re-decided against total 2 and refused by the rule, not by a conflict.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'DOMAIN_RULE' });
    expect((await store.readStream('counter-c')).map((e) => e.data.total)).toEqual([1, 2]);
  });

  it(`gives up with CONFLICT after ${MAX_ATTEMPTS} lost races`, async () => {
    // A store whose stream moves on between every read and append.
    let sabotage = 0;
    const racing: EventStore = Object.create(store) as EventStore;
    racing.append = async (streamId, events, expected) => {
      sabotage += 1;
      await handleCommand(store, counter, streamId, increment(`d0000000-0000-4000-8000-00000000000${sabotage}`));
      return store.append(streamId, events, expected);
    };
    await expect(handleCommand(racing, counter, 'counter-d', increment('c0000000-0000-4000-8000-000000000009'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(sabotage).toBe(MAX_ATTEMPTS);
    const events = await store.readStream('counter-d');
    expect(events.every((e) => e.metadata.commandId !== 'c0000000-0000-4000-8000-000000000009')).toBe(true);
  });

  it('folds on from what it kept, including what another process appended meanwhile', async () => {
    await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000b'));
    const otherProcess = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db') });
    try {
      await handleCommand(otherProcess, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000c', 2));
    } finally {
      await otherProcess.close();
    }
    const third = await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000d', 3));
    expect(third).toMatchObject({ streamVersion: 2, repeated: false });
    const events = await store.readStream('counter-f');
    expect(events.map((e) => e.data.total)).toEqual([1, 3, 6]);
    expect(verifyChain(events)).toBeNull();
    // The other process's command is known here as well: repeating it records nothing.
    const repeated = await handleCommand(store, counter, 'counter-f', increment('c0000000-0000-4000-8000-00000000000c', 2));
    expect(repeated).toMatchObject({ repeated: true, streamVersion: 1, position: events[1].position });
  });

  it('a rejected command appends nothing', async () => {
    await expect(handleCommand(store, counter, 'counter-e', increment('c0000000-0000-4000-8000-00000000000a', 5, 1))).rejects.toMatchObject({
      code: 'DOMAIN_RULE',
    });
    expect(await store.readStream('counter-e')).toEqual([]);
    expect(await store.headPosition()).toBeNull();
  });
});
