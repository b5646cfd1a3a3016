import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type { RecordExpenditure } from '../domain/grants.commands';

/** Beleg. Sent by the API; handled in src/workflows, since the receipt's share is reserved on its own stream first. */
export class RecordExpenditureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RecordExpenditure['data'], readonly context: CommandContext) {
    super();
  }
}
