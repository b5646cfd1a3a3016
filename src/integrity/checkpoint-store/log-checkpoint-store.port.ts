import type { SignedLogCheckpoint } from '../log-checkpoint';

/**
 * Where signed checkpoints of the event log are kept: beside the log, never in it (SQLite: a table of events.db;
 * EventStoreDB: a MongoDB collection). The store is not trusted: what it returns is believed only when its signature
 * verifies. The contract suite in test/integration/log-checkpoint-store.contract.ts holds every adapter to this.
 */
export const LOG_CHECKPOINT_STORE = Symbol('LOG_CHECKPOINT_STORE');

/** Checkpoints kept; older ones are removed as new ones are added (auditors keep their own copies). */
export const KEPT_CHECKPOINTS = 100;

export interface LogCheckpointStore {
  add(signed: SignedLogCheckpoint): Promise<void>;
  /** The checkpoint with the highest position (the later one of equal positions); null when there is none. */
  latest(): Promise<SignedLogCheckpoint | null>;
  close(): Promise<void>;
}
