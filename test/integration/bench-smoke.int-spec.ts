import { join } from 'node:path';
import { SMOKE_SIZES } from '../bench/bench-config';
import { ContenderProcess } from '../bench/contender-process';
import { peerReadModels } from '../bench/emmett-peer';
import { packedAppends, realisticMix, writeDataset } from '../bench/event-mix';
import { oursReadModels } from '../bench/ours';
import { TempDirs } from '../bench/store-workloads';

/**
 * The benchmark harness at tiny size, so it cannot rot: workloads 1–4 for ours, the peer and the limit, each in its
 * own process as `npm run bench` runs them. Correctness only — counts, order, projections at the head, and the peer's
 * read models (built by our projections through Emmett's consumer) equal to ours. Never timing.
 */

jest.setTimeout(180_000);

describe('benchmark harness, workloads 1–4 (smoke)', () => {
  const dirs = new TempDirs();
  let contenders: ContenderProcess[];
  let data: string;

  beforeAll(async () => {
    contenders = await Promise.all((['ours', 'peer', 'limit'] as const).map((name) => ContenderProcess.start(name)));
    data = dirs.make('smoke-data');
  });

  afterAll(async () => {
    await Promise.all(contenders.map((c) => c.stop()));
    dirs.cleanup();
  });

  it('reads back WAL and synchronous=FULL from every contender', async () => {
    for (const contender of contenders) {
      expect(await contender.durability(dirs.make(`${contender.name}-durability`))).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    }
  });

  it('runs the command sequence: one event per command (the peer may report a command failed that was written)', async () => {
    for (const contender of contenders) {
      const result = await contender.commands(dirs.make(`${contender.name}-commands`), SMOKE_SIZES);
      expect(result.count).toBe(SMOKE_SIZES.commands);
      expect(result.tally.succeeded + result.tally.failed).toBe(SMOKE_SIZES.commands);
      if (contender.name === 'peer') {
        expect(result.eventsStored).toBeGreaterThanOrEqual(result.tally.succeeded);
        expect(result.eventsStored).toBeLessThanOrEqual(SMOKE_SIZES.commands);
      } else {
        expect(result.tally.failed).toBe(0);
        expect(result.eventsStored).toBe(SMOKE_SIZES.commands);
      }
      expect(result.seconds).toBeGreaterThan(0);
    }
  });

  it('appends in batches and reads everything back in order', async () => {
    const appendsFile = join(data, 'appends.jsonl');
    const appended = writeDataset(appendsFile, packedAppends(SMOKE_SIZES.appendedEvents, SMOKE_SIZES.appendSize).map((a) => [a]));
    expect(appended).toBe(SMOKE_SIZES.appendedEvents);
    for (const contender of contenders) {
      const dir = dirs.make(`${contender.name}-append`);
      expect((await contender.batchAppend(dir, appendsFile)).count).toBe(appended);
      expect(await contender.readAll(dir)).toMatchObject({ count: appended, inOrder: true });
    }
  });

  it('projects the realistic mix from zero: every projection at the head, the peer with the same read models as ours', async () => {
    const mixFile = join(data, 'mix.jsonl');
    const events = writeDataset(mixFile, realisticMix(SMOKE_SIZES.catchUpEvents));
    const catchUpDirs = new Map<string, string>();
    for (const contender of contenders) {
      const dir = dirs.make(`${contender.name}-catch-up`);
      expect(await contender.prepareCatchUp(dir, mixFile)).toBe(events);
      // Two runs over the same data: the second starts from zero again, beside the first.
      for (const run of [1, 2]) expect(await contender.catchUp(dir, run, SMOKE_SIZES)).toMatchObject({ count: events, failed: [] });
      catchUpDirs.set(contender.name, dir);
    }
    const ours = await oursReadModels(catchUpDirs.get('ours')!, 2);
    const peer = await peerReadModels(catchUpDirs.get('peer')!, 2);
    expect([...ours.values()].some((docs) => docs.length > 0)).toBe(true);
    expect(peer).toEqual(ours);
  });
});
