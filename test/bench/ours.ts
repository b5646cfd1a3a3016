import { join } from 'node:path';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { CommandPipeline } from '../../src/core/command-pipeline.service';
import { CommandDispatch, DecideHandler } from '../../src/core/command-dispatch';
import { districtsDecider } from '../../src/districts/domain/districts.decider';
import { STREAM_STORE } from '../../src/core/stream-store';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import type { Doc } from '../../src/read-store/read-store.port';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { benchCommandContext, districtCommandSequence } from './district-commands';
import { readDataset } from './event-mix';
import { runClosedLoop, secondsSince } from './stats';
import { type Contender, type Durability, SYNCHRONOUS_NAMES } from './workloads';

/**
 * Ours: the SQLite event store adapter of the service; commands go through the Nest CommandBus to the real district
 * command handlers (CommandPipeline → handleCommand: load, fold, decide, seal with the hash chain, append with group
 * commit); catch-up is the service's ProjectionManager with ALL_PROJECTIONS on the SQLite read store.
 */

const eventsFile = (dir: string) => join(dir, 'events.db');
const readModelsFile = (dir: string, run: number) => join(dir, `read-models-${run}.db`);

async function withEvents<T>(dir: string, work: (store: SqliteEventStoreAdapter) => Promise<T>): Promise<T> {
  const store = new SqliteEventStoreAdapter({ filename: eventsFile(dir), pollIntervalMs: 20 });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function countEvents(store: SqliteEventStoreAdapter): Promise<number> {
  const head = await store.headPosition();
  return head === null ? 0 : Number(head);
}

export const ours: Contender = {
  name: 'ours',

  durability: (dir) =>
    withEvents(dir, async (store) => {
      const settings = store.connectionSettings();
      return { journalMode: settings.journalMode, synchronous: SYNCHRONOUS_NAMES[settings.synchronous] };
    }),

  commands: (dir, sizes) =>
    withEvents(dir, async (store) => {
      const moduleRef = await Test.createTestingModule({
        imports: [CqrsModule.forRoot()],
        providers: [CommandPipeline, { provide: STREAM_STORE, useValue: store }, DecideHandler, CommandDispatch],
      }).compile();
      await moduleRef.init();
      try {
        const dispatch = moduleRef.get(CommandDispatch);
        const sequence = districtCommandSequence(sizes.streams);
        const started = process.hrtime.bigint();
        const tally = await runClosedLoop(sizes.commands, sizes.callers, (index) =>
          sequence.inStreamOrder(index, (command) =>
            dispatch.decide(districtsDecider, command.data.districtId, { ...command, context: benchCommandContext() }),
          ),
        );
        const seconds = secondsSince(started);
        return { count: sizes.commands, seconds, tally, eventsStored: await countEvents(store) };
      } finally {
        await moduleRef.close();
      }
    }),

  batchAppend: (dir, appendsFile) =>
    withEvents(dir, async (store) => {
      const appends = [...readDataset(appendsFile)].flat();
      const started = process.hrtime.bigint();
      for (const { streamId, events } of appends) await store.append(streamId, events, 'no_stream');
      return { count: appends.reduce((sum, a) => sum + a.events.length, 0), seconds: secondsSince(started) };
    }),

  readAll: (dir) =>
    withEvents(dir, async (store) => {
      let count = 0;
      let inOrder = true;
      let previous = '';
      let after: string | undefined;
      const started = process.hrtime.bigint();
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        for (const event of page.events) {
          if (event.position <= previous) inOrder = false;
          previous = event.position;
          count++;
        }
        if (page.isEnd || page.lastPosition === null) break;
        after = page.lastPosition;
      }
      return { count, seconds: secondsSince(started), inOrder };
    }),

  prepareCatchUp: (dir, mixFile) =>
    withEvents(dir, async (store) => {
      // A district's streams go in together: the store commits them as one group, as concurrent work would.
      for (const streams of readDataset(mixFile)) await Promise.all(streams.map((s) => store.append(s.streamId, s.events, 'no_stream')));
      return countEvents(store);
    }),

  catchUp: (dir, run, sizes) =>
    withEvents(dir, async (store) => {
      const reads = new SqliteReadStoreAdapter({ filename: readModelsFile(dir, run) });
      try {
        const head = await store.headPosition();
        const manager = new ProjectionManager(store, reads, ALL_PROJECTIONS, { batchSize: sizes.projectionBatch, log: () => undefined });
        const started = process.hrtime.bigint();
        await manager.start();
        const reached = head === null || (await manager.waitFor(head, 1_800_000));
        const seconds = secondsSince(started);
        const statuses = await manager.status();
        await manager.stop();
        if (!reached) throw new Error('Projection catch-up did not reach the head within 30 minutes');
        return { count: await countEvents(store), seconds, failed: statuses.filter((s) => s.state === 'failed').map((s) => s.name) };
      } finally {
        await reads.close();
      }
    }),
};

/** Durability of our read store's writer connection (read models are rebuilt from the log, hence NORMAL). */
export async function oursReadModelsDurability(dir: string): Promise<Durability> {
  const reads = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models-durability.db') });
  try {
    const settings = reads.connectionSettings();
    return { journalMode: settings.journalMode, synchronous: SYNCHRONOUS_NAMES[settings.synchronous] };
  } finally {
    await reads.close();
  }
}

/** Every document of every projection collection after catch-up run `run`, by collection, sorted by id. */
export async function oursReadModels(dir: string, run: number): Promise<Map<string, Doc[]>> {
  const reads = new SqliteReadStoreAdapter({ filename: readModelsFile(dir, run) });
  try {
    const models = new Map<string, Doc[]>();
    for (const projection of ALL_PROJECTIONS) {
      for (const { name } of projection.collections) {
        const docs: Doc[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await reads.find(name, { limit: 1000, after });
          docs.push(...page.items);
          if (!page.hasNextPage || page.endCursor === null) break;
          after = page.endCursor;
        }
        models.set(name, docs);
      }
    }
    return models;
  } finally {
    await reads.close();
  }
}
