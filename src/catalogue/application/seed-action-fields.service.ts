import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../core/clock';
import { LOGGER, type JsonLogger } from '../../core/logger';
import { SYSTEM_ACTOR } from '../../core/persons';
import { SeedDefaultActionFieldsCommand } from './action-field.commands';

/** Fixed command id: however often the service starts, the defaults are recorded once. */
export const SEED_COMMAND_ID = '00000000-0000-4000-8000-00000000a001';

/** Seeds the eight default action fields through the ordinary command path on first start. */
@Injectable()
export class SeedActionFieldsService implements OnApplicationBootstrap {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.commandBus.execute(
      new SeedDefaultActionFieldsCommand({
        commandId: SEED_COMMAND_ID,
        actor: SYSTEM_ACTOR,
        now: this.clock.now(),
        correlationId: SEED_COMMAND_ID,
        causationId: SEED_COMMAND_ID,
        reason: 'Default action fields of the programme Sozialer Zusammenhalt',
      }),
    );
    if (outcome.events.length > 0 && !outcome.repeated) {
      this.logger.write('info', 'seeded the default action fields', { count: outcome.events.length });
    }
  }
}
