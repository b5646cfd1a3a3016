import type { BenchSizes } from './bench-config';
import type { Tally } from './stats';

/**
 * Workloads 1–4, as every contender runs them: ours (the service's own code), the peer (Emmett's SQLite event
 * store) and the limit (raw better-sqlite3 statements). Each call opens its store in `dir` and closes it again, so
 * runs are independent; the harness gives every run a fresh directory, except for the catch-up data set, which is
 * written once and projected from zero in each run.
 */

export interface RateResult {
  /** Commands, events appended, read or projected. */
  count: number;
  seconds: number;
}

export interface CommandsResult extends RateResult {
  tally: Tally;
  /** Events in the store afterwards: one per successful command. */
  eventsStored: number;
}

export interface ReadResult extends RateResult {
  /** Positions strictly increasing over the whole read. */
  inOrder: boolean;
}

export interface CatchUpResult extends RateResult {
  /** Projections that did not reach the head (stopped at an event they could not apply). */
  failed: string[];
}

export interface Durability {
  journalMode: string;
  synchronous: string;
}

export interface Contender {
  readonly name: 'ours' | 'peer' | 'limit';
  /** Journal mode and synchronous setting as read back from a connection of this contender on `dir`. */
  durability(dir: string): Promise<Durability>;
  /** Workload 1: the command sequence of district-commands.ts through this contender's command handling. */
  commands(dir: string, sizes: BenchSizes): Promise<CommandsResult>;
  /** Workload 2: the appends of `appendsFile` (one stream per line, see event-mix.ts), one after the other. */
  batchAppend(dir: string, appendsFile: string): Promise<RateResult>;
  /** Workload 3: the whole log in order, as written by batchAppend in the same `dir`. */
  readAll(dir: string): Promise<ReadResult>;
  /** Appends the catch-up data set of `mixFile` (untimed); returns the number of events. */
  prepareCatchUp(dir: string, mixFile: string): Promise<number>;
  /** Workload 4: every projection from zero over what prepareCatchUp wrote; `run` keeps runs apart in one file. */
  catchUp(dir: string, run: number, sizes: BenchSizes): Promise<CatchUpResult>;
}

export const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
