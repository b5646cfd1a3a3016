import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { LOGGER, type JsonLogger } from '../../core/logger';
import { SYSTEM_ACTOR } from '../../core/persons';
import { DEFAULT_ACTION_FIELDS } from '../domain/action-fields.commands';
import { ACTION_FIELD_CATALOGUE_ID, actionFieldsDecider } from '../domain/action-fields.decider';

/** Fixed command id: however often the service starts, the defaults are recorded once. */
export const SEED_COMMAND_ID = '00000000-0000-4000-8000-00000000a001';

/** Seeds the eight default action fields through the ordinary command path on first start. */
@Injectable()
export class SeedActionFieldsService implements OnApplicationBootstrap {
  constructor(
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.dispatch.decide(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, {
      type: 'SeedDefaultActionFields',
      data: { defaults: DEFAULT_ACTION_FIELDS },
      context: {
        commandId: SEED_COMMAND_ID,
        actor: SYSTEM_ACTOR,
        now: this.clock.now(),
        correlationId: SEED_COMMAND_ID,
        causationId: SEED_COMMAND_ID,
        reason: 'Default action fields of the programme Sozialer Zusammenhalt',
      },
    });
    if (outcome.events.length > 0 && !outcome.repeated) {
      this.logger.write('info', 'seeded the default action fields', { count: outcome.events.length });
    }
  }
}
