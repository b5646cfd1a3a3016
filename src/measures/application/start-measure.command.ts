import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type { StartMeasure } from '../domain/measures.commands';

/** Sent by the API; handled in src/workflows, since every linked grant confirms the start first. */
export class StartMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<StartMeasure['data'], 'confirmedGrantIds'>, readonly context: CommandContext) {
    super();
  }
}
