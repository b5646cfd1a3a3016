import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMetadata, JsonObject } from '../../src/core/envelope';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import type { Doc, ReadStore } from '../../src/read-store/read-store.port';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import type { Projection } from '../../projections/runner/projection';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { CHECKPOINTS_COLLECTION } from '../../projections/runner/projection-runner';
import { testEvent } from './events';

/**
 * Given events → expected documents, through the real runner on SQLite. The events are projected once, then the
 * checkpoint is removed and the same events are projected again over the documents of the first pass (in batches
 * of one, so every event meets the per-document position guard on its own): the second pass must change nothing.
 */

export type GivenEvent = {
  streamId: string;
  type: string;
  data: JsonObject;
  metadata?: Partial<EventMetadata>;
};

/** Every collection of the projection: documents by id. */
export type Snapshot = Record<string, Doc[]>;

export interface ProjectionSpecResult {
  first: Snapshot;
  second: Snapshot;
  /** The read store after both passes (open until `close`), for query handlers. */
  readStore: ReadStore;
  close(): Promise<void>;
}

const quiet = () => undefined;

export async function snapshotOf(readStore: ReadStore, collections: readonly string[]): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const collection of collections) {
    const docs: Doc[] = [];
    for (let after: string | undefined, more = true; more; ) {
      const page = await readStore.find(collection, { limit: 1000, after });
      docs.push(...page.items);
      more = page.hasNextPage && page.endCursor !== null;
      after = page.endCursor ?? undefined;
    }
    snapshot[collection] = docs.sort((a, b) => a.id.localeCompare(b.id));
  }
  return snapshot;
}

async function project(
  events: SqliteEventStoreAdapter,
  reads: SqliteReadStoreAdapter,
  projections: readonly Projection[],
  batchSize: number,
): Promise<void> {
  const manager = new ProjectionManager(events, reads, projections, { batchSize, log: quiet });
  await manager.start();
  try {
    const head = await events.headPosition();
    if (head !== null && !(await manager.waitFor(head, 10_000))) throw new Error('projection did not catch up');
    const failed = (await manager.status()).filter((s) => s.state === 'failed');
    if (failed.length > 0) throw new Error(`projection failed: ${JSON.stringify(failed.map((f) => f.error))}`);
  } finally {
    await manager.stop();
  }
}

export async function runProjectionTwice(
  projection: Projection,
  given: readonly GivenEvent[],
  supporting: readonly Projection[] = [],
): Promise<ProjectionSpecResult> {
  const dir = mkdtempSync(join(tmpdir(), 'projection-spec-'));
  const events = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db'), pollIntervalMs: 10 });
  const reads = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models.db') });
  const close = async () => {
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const event of given) {
      await events.append(event.streamId, [testEvent({ type: event.type, data: event.data, metadata: event.metadata })], 'any');
    }
    const collections = projection.collections.map((c) => c.name);
    await project(events, reads, [projection, ...supporting], 100);
    const first = await snapshotOf(reads, collections);
    await reads.delete(CHECKPOINTS_COLLECTION, projection.name);
    await project(events, reads, [projection], 1);
    const second = await snapshotOf(reads, collections);
    return { first, second, readStore: reads, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The documents without the runner's bookkeeping field, for comparing with expected documents. */
export const withoutPosition = (docs: readonly Doc[]) =>
  docs.map(({ _position: _ignored, ...doc }) => doc);
