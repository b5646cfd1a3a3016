import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EstablishBodyCommand } from '../bodies/application/establish-body.command';
import { bodiesDecider } from '../bodies/domain/bodies.decider';
import { CommandPipeline } from '../core/command-pipeline.service';
import { streamName } from '../core/decider';
import { loadState } from '../core/handle-command';
import { districtsDecider } from '../districts/domain/districts.decider';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

/**
 * Looks the district up in its own stream. A district is closed only once and never reopened, so a district
 * found open here can at worst close a moment before the body is established; the body then predates the closure.
 */
@CommandHandler(EstablishBodyCommand)
export class EstablishBodyHandler implements ICommandHandler<EstablishBodyCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: EstablishBodyCommand) {
    const district = await loadState(this.store, districtsDecider, streamName(districtsDecider.category, data.districtId));
    const references = { districtStatus: district.state.status };
    return this.pipeline.run(bodiesDecider, data.bodyId, { type: 'EstablishBody', data: { ...data, references }, context });
  }
}
