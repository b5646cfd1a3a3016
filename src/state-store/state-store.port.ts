import type { ReadStore, ReadStoreSession } from '../read-store/read-store.port';

/**
 * The state store port: state that is no projection and that no rebuild can bring back — the user directory,
 * webhook signing secrets, webhook delivery checkpoints and log, API-key usage. It has the read store's document API
 * (collections of JSON documents by id, same queries, same transactions) but its own DI token, module and storage:
 * DATA_DIR/state.db on SQLite, collections prefixed `state_` on MongoDB. Dropping or rebuilding the read models
 * therefore never touches it, and a backup must contain it (README, "Backup and restore").
 * The read-store contract suite runs against both adapters.
 */
export const STATE_STORE = Symbol('STATE_STORE');

export type StateStore = ReadStore;
export type StateStoreSession = ReadStoreSession;
