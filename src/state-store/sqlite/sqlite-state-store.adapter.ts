import { SqliteReadStoreAdapter } from '../../read-store/sqlite/sqlite-read-store.adapter';

/**
 * The state store on SQLite: the read store's document tables in a file of its own (DATA_DIR/state.db, 0600, WAL).
 * synchronous = FULL, unlike the read models: nothing can rebuild this state, so a commit must survive a power loss.
 */
export class SqliteStateStoreAdapter extends SqliteReadStoreAdapter {
  constructor(filename: string) {
    super({ filename, synchronous: 'FULL' });
  }
}
