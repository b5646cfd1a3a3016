import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/core/envelope';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import type { Doc } from '../../src/read-store/read-store.port';
import type { Projection } from '../../projections/runner/projection';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { CHECKPOINTS_COLLECTION } from '../../projections/runner/projection-runner';
import { testEvent as newEvent } from '../support/events';

/** Counts events per stream; applying an event twice would show as a wrong count. */
const counting = (name: string, options: { failOn?: (e: RecordedEvent) => boolean; version?: number; weight?: number } = {}): Projection => ({
  name,
  version: options.version ?? 1,
  eventTypes: ['Counted'],
  collections: [{ name: `${name}_counts`, indexes: [['count']] }],
  documentsFor: (e) => [{ collection: `${name}_counts`, id: e.streamId }],
  apply(e, docs) {
    if (options.failOn?.(e)) throw new Error(`cannot apply ${e.streamId}@${e.streamVersion}`);
    const current = docs.get<Doc & { count: number }>(`${name}_counts`, e.streamId);
    return [{ collection: `${name}_counts`, doc: { id: e.streamId, count: (current?.count ?? 0) + (options.weight ?? 1) } }];
  },
});

const quiet = { batchSize: 50, log: () => undefined };

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('projection runner on SQLite', () => {
  let dir: string;
  let events: SqliteEventStoreAdapter;
  let reads: SqliteReadStoreAdapter;
  let managers: ProjectionManager[];

  const open = (projections: Projection[]) => {
    const manager = new ProjectionManager(events, reads, projections, quiet);
    managers.push(manager);
    return manager;
  };
  const write = async (stream: string, count: number, type = 'Counted') => {
    let result;
    for (let i = 0; i < count; i++) result = await events.append(stream, [newEvent({ type })], 'any');
    return result!.position;
  };
  const countOf = async (collection: string, id: string) =>
    ((await reads.get<Doc & { count: number }>(collection, id))?.count ?? null);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
    events = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db'), pollIntervalMs: 20 });
    reads = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models.db') });
    managers = [];
  });
  afterEach(async () => {
    for (const m of managers) await m.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up in batches, follows live, and checkpoints every event it passed (also ones it ignores)', async () => {
    await write('s-1', 120);
    await write('other-1', 5, 'Ignored');
    const manager = open([counting('a')]);
    await manager.start();
    const head = (await events.headPosition())!;
    expect(await manager.waitFor(head, 5000)).toBe(true);
    expect(await countOf('a_counts', 's-1')).toBe(120);
    const checkpoint = await reads.get<Doc & { position: string; version: number }>(CHECKPOINTS_COLLECTION, 'a');
    expect(checkpoint).toMatchObject({ position: head, version: 1 });

    const live = await write('s-2', 3);
    expect(await manager.waitFor(live, 5000)).toBe(true);
    expect(await countOf('a_counts', 's-2')).toBe(3);
    const [status] = await manager.status();
    expect(status).toMatchObject({ name: 'a', state: 'live', lag: 0, checkpoint: live, error: null });
  });

  it('lets timers and I/O run between catch-up batches (the service keeps answering while it catches up)', async () => {
    await events.append('s-1', Array.from({ length: 500 }, () => newEvent({ type: 'Counted' })), 'no_stream');
    const head = (await events.headPosition())!;
    const manager = open([counting('a')]);
    let statusWhenTimerFired: Promise<{ checkpoint: string | null }[]> | undefined;
    setTimeout(() => (statusWhenTimerFired = manager.status()), 0);
    await manager.start();
    expect(await manager.waitFor(head, 5000)).toBe(true);
    // The timer ran while there were still batches of 50 to go, not after the last one.
    const [status] = await statusWhenTimerFired!;
    expect(status.checkpoint === null || status.checkpoint < head).toBe(true);
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    await write('s-1', 30);
    const first = open([counting('a')]);
    await first.start();
    await first.waitFor((await events.headPosition())!, 5000);
    await first.stop();
    const pos = await write('s-1', 10);
    const second = open([counting('a')]);
    await second.start();
    expect(await second.waitFor(pos, 5000)).toBe(true);
    expect(await countOf('a_counts', 's-1')).toBe(40);
  });

  it('stops a failing projection at the event it cannot apply, reports it, and keeps the others running', async () => {
    await write('s-1', 10);
    const bad = await events.append('poison-1', [newEvent({ type: 'Counted' })], 'no_stream');
    await write('s-1', 5);
    const manager = open([counting('good'), counting('bad', { failOn: (e) => e.streamId === 'poison-1' })]);
    await manager.start();
    const head = (await events.headPosition())!;
    await until(async () => (await manager.status()).find((s) => s.name === 'bad')?.state === 'failed');
    expect(await manager.waitFor(head, 5000)).toBe(true); // failed projections do not hold readers up
    const statuses = await manager.status();
    const badStatus = statuses.find((s) => s.name === 'bad')!;
    expect(badStatus.error).toMatchObject({ position: bad.position, eventType: 'Counted' });
    expect(badStatus.checkpoint! < bad.position).toBe(true);
    expect(await countOf('bad_counts', 's-1')).toBe(10);
    expect(await countOf('good_counts', 's-1')).toBe(15);
    expect(await countOf('good_counts', 'poison-1')).toBe(1);
    // Never skipped: the stored checkpoint is still before the poison event.
    const saved = await reads.get<Doc & { position: string }>(CHECKPOINTS_COLLECTION, 'bad');
    expect(saved!.position < bad.position).toBe(true);
  });

  it('rebuilds into fresh collections while readers keep the old ones, then switches over', async () => {
    await write('s-1', 200);
    const v1 = open([counting('a')]);
    await v1.start();
    await v1.waitFor((await events.headPosition())!, 5000);
    await v1.stop();

    // Version 2 counts double: until its rebuild has switched over, readers must still see version 1's numbers.
    const v2 = open([counting('a', { version: 2, weight: 2 })]);
    const seen: number[] = [];
    const watcher = setInterval(() => void countOf('a_counts', 's-1').then((c) => c !== null && seen.push(c)), 1);
    await v2.start();
    await until(async () => (await countOf('a_counts', 's-1')) === 400);
    clearInterval(watcher);
    expect(seen.every((c) => c === 200 || c === 400)).toBe(true);
    const saved = await reads.get<Doc & { version: number }>(CHECKPOINTS_COLLECTION, 'a');
    expect(saved!.version).toBe(2);
    expect(await reads.get(CHECKPOINTS_COLLECTION, 'a@rebuild')).toBeNull();

    // And it follows live appends afterwards.
    const pos = await write('s-1', 1);
    expect(await v2.waitFor(pos, 5000)).toBe(true);
    expect(await countOf('a_counts', 's-1')).toBe(402);
  });

  it('a rebuild on request gives the same documents as the incremental build', async () => {
    for (let i = 0; i < 20; i++) await write(`s-${i}`, (i % 7) + 1);
    const manager = open([counting('a')]);
    await manager.start();
    await manager.waitFor((await events.headPosition())!, 5000);
    const before = (await reads.find('a_counts', { limit: 1000 })).items;
    await manager.rebuild('a');
    const after = (await reads.find('a_counts', { limit: 1000 })).items;
    expect(after.map(({ id, count }) => ({ id, count }))).toEqual(before.map(({ id, count }) => ({ id, count })));
    expect(after).toHaveLength(20);
  });

  it('skips a re-delivered event whole, also its writes to documents derived from the ones it names', async () => {
    // The derived "mirror" document is written but not named by documentsFor, like a link document.
    const mirrored: Projection = {
      ...counting('m'),
      collections: [{ name: 'm_counts' }, { name: 'm_mirror' }],
      apply(e, docs) {
        const current = docs.get<Doc & { count: number }>('m_counts', e.streamId);
        const count = (current?.count ?? 0) + 1;
        return [
          { collection: 'm_counts', doc: { id: e.streamId, count } },
          { collection: 'm_mirror', doc: { id: e.streamId, count } },
        ];
      },
    };
    const head = await write('s-1', 5);
    const first = open([mirrored]);
    await first.start();
    await first.waitFor(head, 5000);
    await first.stop();
    // Pretend the checkpoint was lost: every event is delivered again.
    await reads.transaction((session) =>
      session.put(CHECKPOINTS_COLLECTION, { id: 'm', projection: 'm', version: 1, position: null, updatedAt: '' }),
    );
    const again = open([mirrored]);
    await again.start();
    expect(await again.waitFor(head, 5000)).toBe(true);
    expect(await countOf('m_counts', 's-1')).toBe(5);
    expect(await countOf('m_mirror', 's-1')).toBe(5);
  });

  it('waitFor times out (false) for a position not yet reached', async () => {
    const manager = open([counting('a')]);
    await manager.start();
    expect(await manager.waitFor('9999999999999999', 50)).toBe(false);
  });
});
