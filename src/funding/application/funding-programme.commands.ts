import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import type { AddFundingProgramme, UpdateFundingProgramme } from '../domain/funding-programmes.commands';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../domain/funding-programmes.decider';

export class AddFundingProgrammeCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: AddFundingProgramme['data'], readonly context: CommandContext) {
    super();
  }
}

export class UpdateFundingProgrammeCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: UpdateFundingProgramme['data'], readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(AddFundingProgrammeCommand)
export class AddFundingProgrammeHandler implements ICommandHandler<AddFundingProgrammeCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: AddFundingProgrammeCommand) {
    return this.pipeline.run(fundingProgrammesDecider, FUNDING_PROGRAMME_CATALOGUE_ID, {
      type: 'AddFundingProgramme',
      data,
      context,
    });
  }
}

@CommandHandler(UpdateFundingProgrammeCommand)
export class UpdateFundingProgrammeHandler implements ICommandHandler<UpdateFundingProgrammeCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: UpdateFundingProgrammeCommand) {
    return this.pipeline.run(fundingProgrammesDecider, FUNDING_PROGRAMME_CATALOGUE_ID, {
      type: 'UpdateFundingProgramme',
      data,
      context,
    });
  }
}
