import { join } from 'node:path';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SQLITE_FILES } from '../config/config';
import { LOGGER, type JsonLogger } from '../core/logger';
import { LOG_CHECKPOINT_STORE, type LogCheckpointStore } from './checkpoint-store/log-checkpoint-store.port';
import { EventLogVerifier } from './event-log-verifier.service';
import { IntegrityResolver } from './integrity.resolver';
import { LOG_SIGNING_KEYS, LogCheckpoints } from './log-checkpoints.service';
import { loadLogSigningKeys, type LogSigningKeys } from './log-signing-keys';

/**
 * Where checkpoints are kept: beside an SQLite log in events.db; beside an EventStoreDB log in the MongoDB read
 * store, else in DATA_DIR/log-checkpoints.db. The MongoDB driver is loaded only when it is used.
 */
export async function createLogCheckpointStore(config: AppConfig): Promise<LogCheckpointStore> {
  if (config.eventStore.kind === 'eventstoredb' && config.readStore.kind === 'mongodb') {
    const { MongoLogCheckpointStore } = await import('./checkpoint-store/mongodb-log-checkpoint-store.adapter.js');
    return MongoLogCheckpointStore.connect({ url: config.readStore.url, dbName: config.readStore.dbName });
  }
  const { SqliteLogCheckpointStore } = await import('./checkpoint-store/sqlite-log-checkpoint-store.adapter.js');
  const file = config.eventStore.kind === 'sqlite' ? SQLITE_FILES.events : SQLITE_FILES.logCheckpoints;
  return new SqliteLogCheckpointStore(join(config.dataDir, file));
}

/** The key is read (on the embedded default created) at start: a key that cannot be used stops the start. */
function signingKeys(config: AppConfig, logger: JsonLogger): LogSigningKeys {
  const { created, ...keys } = loadLogSigningKeys(config.logSigning);
  if (created) {
    logger.announce('created the key that signs checkpoints of the event log; back it up apart from DATA_DIR and its backups', {
      keyFile: config.logSigning.keyFile,
      keyId: keys.current.keyId,
    });
  }
  return keys;
}

/** The tamper check: hash chains of the event log, compared with signed checkpoints. */
@Module({
  providers: [
    { provide: LOG_CHECKPOINT_STORE, inject: [APP_CONFIG], useFactory: createLogCheckpointStore },
    { provide: LOG_SIGNING_KEYS, inject: [APP_CONFIG, LOGGER], useFactory: signingKeys },
    LogCheckpoints,
    EventLogVerifier,
    IntegrityResolver,
  ],
  exports: [EventLogVerifier, LogCheckpoints],
})
export class IntegrityModule implements OnApplicationShutdown {
  constructor(@Inject(LOG_CHECKPOINT_STORE) private readonly checkpoints: LogCheckpointStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.checkpoints.close();
  }
}
