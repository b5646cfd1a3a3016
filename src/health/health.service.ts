import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ProjectionsService } from '../../projections/runner/projections.service';

export interface Readiness {
  ready: boolean;
  eventStore: 'up' | 'down';
  readStore: 'up' | 'down';
  /** Names of projections that stopped at an event they could not apply. */
  failedProjections: string[];
}

async function probe(check: () => Promise<void>): Promise<'up' | 'down'> {
  try {
    await check();
    return 'up';
  } catch {
    return 'down';
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionsService,
  ) {}

  async readiness(): Promise<Readiness> {
    const [eventStore, readStore] = await Promise.all([
      probe(() => this.events.ping()),
      probe(() => this.readStore.ping()),
    ]);
    const failedProjections =
      eventStore === 'up' ? (await this.projections.status()).filter((s) => s.state === 'failed').map((s) => s.name) : [];
    return {
      ready: eventStore === 'up' && readStore === 'up' && failedProjections.length === 0,
      eventStore,
      readStore,
      failedProjections,
    };
  }
}
