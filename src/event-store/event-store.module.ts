import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, SQLITE_FILES } from '../config/config';
import { STREAM_STORE } from '../core/stream-store';
import { EVENT_STORE, type EventStore } from './event-store.port';

/** Picks the event store adapter from configuration. The EventStoreDB client is loaded only when it is used. */
export async function createEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore.kind === 'eventstoredb') {
    const { EventStoreDbAdapter } = await import('./eventstoredb/eventstoredb-event-store.adapter.js');
    return EventStoreDbAdapter.connect({ connectionString: config.eventStore.url });
  }
  const { SqliteEventStoreAdapter } = await import('./sqlite/sqlite-event-store.adapter.js');
  return new SqliteEventStoreAdapter({ filename: join(config.dataDir, SQLITE_FILES.events) });
}

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: createEventStore },
    { provide: STREAM_STORE, useExisting: EVENT_STORE },
  ],
  exports: [EVENT_STORE, STREAM_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
