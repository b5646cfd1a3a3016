import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../src/config/config';
import { badInput, DomainError, notFound } from '../../src/core/domain-error';
import { LOGGER, type JsonLogger } from '../../src/core/logger';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { PROJECTIONS, type Projection } from './projection';
import { ProjectionManager, type ProjectionStatus } from './projection-manager';

@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly manager: ProjectionManager;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: JsonLogger,
  ) {
    this.manager = new ProjectionManager(events, readStore, projections, {
      batchSize: config.projectionBatchSize,
      log: (level, message, fields) => logger.write(level, message, { component: 'projections', ...fields }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.manager.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.manager.stop();
  }

  status(): Promise<ProjectionStatus[]> {
    return this.manager.status();
  }

  async rebuild(name: string): Promise<void> {
    if (!this.manager.names().includes(name)) throw notFound('Projection', name);
    await this.manager.rebuild(name);
  }

  /**
   * Read-your-writes: waits (bounded by MAX_READ_WAIT_MS, at most 2 s) until every read model has processed
   * `position`. Refuses with SERVICE_UNAVAILABLE when they have not got there in time, so the caller knows the
   * answer would be stale instead of silently getting it.
   */
  async waitForPosition(position: string | undefined | null): Promise<void> {
    if (position === undefined || position === null) return;
    if (!this.events.isPosition(position)) {
      throw badInput('waitForPosition is not a position returned by this service');
    }
    const reached = await this.manager.waitFor(position, this.config.maxReadWaitMs);
    if (!reached) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        `Read models have not reached position ${position} within ${this.config.maxReadWaitMs} ms; retry`,
        { position },
      );
    }
  }
}
