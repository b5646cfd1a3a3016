import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type { EstablishBody } from '../domain/bodies.commands';

/** Sent by the API; handled in src/workflows, since it looks up the district's stream. */
export class EstablishBodyCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<EstablishBody['data'], 'references'>, readonly context: CommandContext) {
    super();
  }
}
