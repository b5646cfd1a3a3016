import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SQLITE_FILES } from '../config/config';
import { LOGGER, type JsonLogger } from '../core/logger';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { moveStateFromReadStore } from './move-from-read-store';
import { STATE_STORE, type StateStore } from './state-store.port';

/**
 * Picks the state store adapter by the read store's kind: SQLite beside it in DATA_DIR/state.db, or the same MongoDB
 * database with collections of its own. The MongoDB driver is loaded only when it is used.
 */
export async function createStateStore(config: AppConfig): Promise<StateStore> {
  if (config.readStore.kind === 'mongodb') {
    const { connectMongoStateStore } = await import('./mongodb/mongodb-state-store.adapter.js');
    return connectMongoStateStore({ url: config.readStore.url, dbName: config.readStore.dbName });
  }
  const { SqliteStateStoreAdapter } = await import('./sqlite/sqlite-state-store.adapter.js');
  return new SqliteStateStoreAdapter(join(config.dataDir, SQLITE_FILES.state));
}

/** Opens the state store and, before anyone uses it, moves in what earlier versions kept in the read store. */
async function openStateStore(config: AppConfig, readStore: ReadStore, logger: JsonLogger): Promise<StateStore> {
  const store = await createStateStore(config);
  try {
    const copied = await moveStateFromReadStore(readStore, store);
    if (Object.keys(copied).length > 0) {
      logger.write('info', 'moved state that is no projection from the read store into the state store', {
        component: 'state-store',
        documents: copied,
      });
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

@Global()
@Module({
  providers: [{ provide: STATE_STORE, inject: [APP_CONFIG, READ_STORE, LOGGER], useFactory: openStateStore }],
  exports: [STATE_STORE],
})
export class StateStoreModule implements OnApplicationShutdown {
  constructor(@Inject(STATE_STORE) private readonly store: StateStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
