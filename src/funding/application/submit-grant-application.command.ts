import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type { SubmitGrantApplication } from '../domain/grants.commands';

/** Sent by the API; handled in src/workflows, since it looks up the programme, district and measures and links them. */
export class SubmitGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<SubmitGrantApplication['data'], 'references'>, readonly context: CommandContext) {
    super();
  }
}
