import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import { DEFAULT_ACTION_FIELDS, type ActionFieldDefinition } from '../domain/action-fields.commands';
import { ACTION_FIELD_CATALOGUE_ID, actionFieldsDecider } from '../domain/action-fields.decider';

export class SeedDefaultActionFieldsCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

export class AddActionFieldCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ActionFieldDefinition, readonly context: CommandContext) {
    super();
  }
}

export class RenameActionFieldCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ActionFieldDefinition, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(SeedDefaultActionFieldsCommand)
export class SeedDefaultActionFieldsHandler implements ICommandHandler<SeedDefaultActionFieldsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ context }: SeedDefaultActionFieldsCommand) {
    return this.pipeline.run(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, {
      type: 'SeedDefaultActionFields',
      data: { defaults: DEFAULT_ACTION_FIELDS },
      context,
    });
  }
}

@CommandHandler(AddActionFieldCommand)
export class AddActionFieldHandler implements ICommandHandler<AddActionFieldCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: AddActionFieldCommand) {
    return this.pipeline.run(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, { type: 'AddActionField', data, context });
  }
}

@CommandHandler(RenameActionFieldCommand)
export class RenameActionFieldHandler implements ICommandHandler<RenameActionFieldCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RenameActionFieldCommand) {
    return this.pipeline.run(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, {
      type: 'RenameActionField',
      data,
      context,
    });
  }
}
