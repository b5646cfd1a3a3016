import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SQLITE_FILES } from '../config/config';
import { READ_STORE, type ReadStore } from './read-store.port';

/** Picks the read store adapter from configuration. The MongoDB driver is loaded only when it is used. */
export async function createReadStore(config: AppConfig): Promise<ReadStore> {
  if (config.readStore.kind === 'mongodb') {
    const { MongoReadStoreAdapter } = await import('./mongodb/mongodb-read-store.adapter.js');
    return MongoReadStoreAdapter.connect({ url: config.readStore.url, dbName: config.readStore.dbName });
  }
  const { SqliteReadStoreAdapter } = await import('./sqlite/sqlite-read-store.adapter.js');
  return new SqliteReadStoreAdapter({ filename: join(config.dataDir, SQLITE_FILES.readModels) });
}

@Global()
@Module({
  providers: [{ provide: READ_STORE, inject: [APP_CONFIG], useFactory: createReadStore }],
  exports: [READ_STORE],
})
export class ReadStoreModule implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
