import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSizes } from './bench-config';
import { ContenderProcess } from './contender-process';
import { packedAppends, realisticMix, writeDataset } from './event-mix';
import { oursReadModelsDurability } from './ours';
import { median } from './stats';
import type { CatchUpResult, CommandsResult, Contender, Durability, RateResult, ReadResult } from './workloads';

/**
 * Workloads 1–4 for ours, the peer and the limit, each contender in a process of its own: one warm-up run (smaller),
 * then `runs` measured runs, the three contenders taking turns within each run so that a noisy neighbour hits all of
 * them alike. All get the same data sets (files). Every result is checked for correctness (counts, order, every
 * projection at the head) before its rate counts; the peer's command failures are reported, not fatal (see
 * emmett-peer.ts).
 */

export type ContenderName = Contender['name'];
export type PerContender<T> = Record<ContenderName, T>;

export interface StoreWorkloadResults {
  /** Median rates per second. */
  commands: PerContender<number>;
  batchAppend: PerContender<number>;
  readAll: PerContender<number>;
  catchUp: PerContender<number>;
  catchUpEvents: number;
  durability: PerContender<Durability> & { oursReadModels: Durability };
  notes: string[];
}

export const CONTENDER_NAMES: readonly ContenderName[] = ['ours', 'peer', 'limit'];

const rate = (result: RateResult) => result.count / result.seconds;

export function scaleSizes(sizes: BenchSizes, factor: number): BenchSizes {
  const scaled = (value: number, floor: number) => Math.max(floor, Math.round(value * factor));
  return {
    ...sizes,
    commands: scaled(sizes.commands, 100),
    streams: scaled(sizes.streams, 10),
    appendedEvents: scaled(sizes.appendedEvents, 1_000),
    catchUpEvents: scaled(sizes.catchUpEvents, 3_000),
  };
}

/** A directory under the OS temp dir, removed by `cleanup`. */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `bench-${prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export function checkCommands(contender: ContenderName, result: CommandsResult): void {
  const { tally } = result;
  if (tally.succeeded + tally.failed !== result.count) throw new Error(`${contender}: ${tally.succeeded + tally.failed} of ${result.count} commands settled`);
  if (contender === 'peer') {
    // A peer command reported as failed may still have written its event (see emmett-peer.ts).
    if (result.eventsStored < tally.succeeded || result.eventsStored > result.count) {
      throw new Error(`peer: ${result.eventsStored} events stored for ${tally.succeeded} successful commands`);
    }
    return;
  }
  if (tally.failed > 0) throw new Error(`${contender}: ${tally.failed} commands failed: ${[...tally.failures.keys()].join('; ')}`);
  if (result.eventsStored !== result.count) throw new Error(`${contender}: ${result.eventsStored} events stored for ${result.count} commands`);
}

export function checkRead(contender: ContenderName, read: ReadResult, appended: number): void {
  if (read.count !== appended) throw new Error(`${contender}: read ${read.count} events of ${appended}`);
  if (!read.inOrder) throw new Error(`${contender}: read all returned events out of order`);
}

export function checkCatchUp(contender: ContenderName, result: CatchUpResult, events: number): void {
  if (result.count !== events) throw new Error(`${contender}: projected ${result.count} events of ${events}`);
  if (result.failed.length > 0) throw new Error(`${contender}: projections failed: ${result.failed.join(', ')}`);
}

export async function runStoreWorkloads(sizes: BenchSizes, log: (line: string) => void): Promise<StoreWorkloadResults> {
  const dirs = new TempDirs();
  const notes: string[] = [];
  const samples = {
    commands: { ours: [], peer: [], limit: [] } as PerContender<number[]>,
    batchAppend: { ours: [], peer: [], limit: [] } as PerContender<number[]>,
    readAll: { ours: [], peer: [], limit: [] } as PerContender<number[]>,
    catchUp: { ours: [], peer: [], limit: [] } as PerContender<number[]>,
  };
  const warm = scaleSizes(sizes, sizes.warmUpFactor);
  const contenders = await Promise.all(CONTENDER_NAMES.map((name) => ContenderProcess.start(name)));
  const label = (run: number) => (run === 0 ? 'warm-up' : `run ${run}`);
  try {
    const data = dirs.make('data');
    const probe = dirs.make('durability');
    const [ours, peer, limit] = await Promise.all(contenders.map((c) => c.durability(probe)));
    const durability = { ours, peer, limit, oursReadModels: await oursReadModelsDurability(probe) };

    // Workload 1.
    const peerFailures = new Map<string, number>();
    let peerCommands = 0;
    for (let run = 0; run <= sizes.runs; run++) {
      for (const contender of contenders) {
        const result = await contender.commands(dirs.make(`${contender.name}-commands`), run === 0 ? warm : sizes);
        checkCommands(contender.name, result);
        if (contender.name === 'peer' && run > 0) {
          peerCommands += result.count;
          for (const [message, n] of result.tally.failures) peerFailures.set(message, (peerFailures.get(message) ?? 0) + n);
        }
        if (run > 0) samples.commands[contender.name].push(rate(result));
        log(`commands ${label(run)} ${contender.name}: ${Math.round(rate(result))}/s`);
      }
    }
    if (peerFailures.size > 0) {
      const listed = [...peerFailures].map(([message, n]) => `${n}× "${message}"`).join(', ');
      notes.push(`1: the peer reported ${listed} in ${peerCommands} measured commands; their events were written all the same (see test/bench/emmett-peer.ts).`);
    }

    // Workloads 2 and 3: the same appends for every contender in a run, then read back.
    for (let run = 0; run <= sizes.runs; run++) {
      const current = run === 0 ? warm : sizes;
      const appendsFile = join(data, `appends-${run}.jsonl`);
      const appended = writeDataset(appendsFile, packedAppends(current.appendedEvents, current.appendSize).map((append) => [append]));
      for (const contender of contenders) {
        const dir = dirs.make(`${contender.name}-append`);
        const written = await contender.batchAppend(dir, appendsFile);
        if (written.count !== appended) throw new Error(`${contender.name}: appended ${written.count} of ${appended}`);
        const read = await contender.readAll(dir);
        checkRead(contender.name, read, appended);
        if (run > 0) {
          samples.batchAppend[contender.name].push(rate(written));
          samples.readAll[contender.name].push(rate(read));
        }
        log(`append/read ${label(run)} ${contender.name}: ${Math.round(rate(written))}/s, ${Math.round(rate(read))}/s`);
      }
    }

    // Workload 4: the data set is written once per contender, then projected from zero in every run.
    const dataset = (name: string, events: number) => {
      const file = join(data, `${name}.jsonl`);
      return { file, events: writeDataset(file, realisticMix(events)) };
    };
    const warmMix = dataset('mix-warm-up', warm.catchUpEvents);
    const fullMix = dataset('mix', sizes.catchUpEvents);
    const peerMix = sizes.peerCatchUpEvents < sizes.catchUpEvents ? dataset('mix-peer', sizes.peerCatchUpEvents) : fullMix;
    const catchUpEvents = fullMix.events;
    const catchUpDirs = new Map<ContenderName, { warm: string; full: string; events: number }>();
    for (const contender of contenders) {
      const mix = contender.name === 'peer' ? peerMix : fullMix;
      const dirsOf = { warm: dirs.make(`${contender.name}-catch-up-warm`), full: dirs.make(`${contender.name}-catch-up`), events: mix.events };
      if ((await contender.prepareCatchUp(dirsOf.warm, warmMix.file)) !== warmMix.events) throw new Error(`${contender.name}: warm-up data set incomplete`);
      if ((await contender.prepareCatchUp(dirsOf.full, mix.file)) !== mix.events) throw new Error(`${contender.name}: data set incomplete`);
      catchUpDirs.set(contender.name, dirsOf);
    }
    if (peerMix !== fullMix) notes.push(`4: the peer projects ${peerMix.events} events of the same mix (the full set would take it minutes per run).`);
    for (let run = 0; run <= sizes.runs; run++) {
      for (const contender of contenders) {
        const prepared = catchUpDirs.get(contender.name)!;
        const result = await contender.catchUp(run === 0 ? prepared.warm : prepared.full, run, sizes);
        checkCatchUp(contender.name, result, run === 0 ? warmMix.events : prepared.events);
        if (run > 0) samples.catchUp[contender.name].push(rate(result));
        log(`catch-up ${label(run)} ${contender.name}: ${result.count} events, ${Math.round(rate(result))}/s`);
      }
    }

    const medians = (values: PerContender<number[]>): PerContender<number> => ({
      ours: median(values.ours),
      peer: median(values.peer),
      limit: median(values.limit),
    });
    return {
      commands: medians(samples.commands),
      batchAppend: medians(samples.batchAppend),
      readAll: medians(samples.readAll),
      catchUp: medians(samples.catchUp),
      catchUpEvents,
      durability,
      notes,
    };
  } finally {
    await Promise.all(contenders.map((c) => c.stop()));
    dirs.cleanup();
  }
}
