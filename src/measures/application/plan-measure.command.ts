import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type { PlanMeasure } from '../domain/measures.commands';

/** Sent by the API; handled in src/workflows, since it looks up district, goals and catalogue and reserves the code. */
export class PlanMeasureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<PlanMeasure['data'], 'references'>, readonly context: CommandContext) {
    super();
  }
}
