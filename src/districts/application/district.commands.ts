import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import type { RegisterDistrict, UpdateDistrictProfile } from '../domain/districts.commands';
import { districtsDecider } from '../domain/districts.decider';

export class RegisterDistrictCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RegisterDistrict['data'], readonly context: CommandContext) {
    super();
  }
}

export class UpdateDistrictProfileCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: UpdateDistrictProfile['data'], readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(RegisterDistrictCommand)
export class RegisterDistrictHandler implements ICommandHandler<RegisterDistrictCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RegisterDistrictCommand) {
    return this.pipeline.run(districtsDecider, data.districtId, { type: 'RegisterDistrict', data, context });
  }
}

@CommandHandler(UpdateDistrictProfileCommand)
export class UpdateDistrictProfileHandler implements ICommandHandler<UpdateDistrictProfileCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: UpdateDistrictProfileCommand) {
    return this.pipeline.run(districtsDecider, data.districtId, { type: 'UpdateDistrictProfile', data, context });
  }
}
