import { Injectable } from '@nestjs/common';
import { Command as CqrsCommand, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from './command-pipeline.service';
import type { Command, Decider, DomainEvent } from './decider';
import type { CommandOutcome } from './handle-command';

/**
 * One route for every plain command (Emmett's habit: the API hands the decider and the command to one command
 * handler, no command class per use case). A resolver calls `dispatch.decide(grantsDecider, grantId, { type:
 * 'ApproveGrant', data, context })`: "go to definition" on the decider lands where the command is decided, and the
 * command is checked against that decider's command union. Use cases that look things up or span streams keep a
 * handler of their own under `<context>/application/`.
 */
export class DecideCommand extends CqrsCommand<CommandOutcome> {
  constructor(
    // The decider's own types are checked where the command is built (CommandDispatch.decide).
    readonly decider: Decider<unknown, Command, DomainEvent>,
    readonly streamId: string,
    readonly command: Command,
  ) {
    super();
  }
}

/** The one generic handler: @nestjs/cqrs dispatches, the pipeline loads, decides and appends. */
@CommandHandler(DecideCommand)
export class DecideHandler implements ICommandHandler<DecideCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ decider, streamId, command }: DecideCommand): Promise<CommandOutcome> {
    return this.pipeline.run(decider, streamId, command);
  }
}

@Injectable()
export class CommandDispatch {
  constructor(private readonly commandBus: CommandBus) {}

  /** Runs `command` on the stream `<decider.category>-<streamId>` through the CommandBus. */
  decide<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: NoInfer<C>,
  ): Promise<CommandOutcome> {
    return this.commandBus.execute(new DecideCommand(decider as unknown as DecideCommand['decider'], streamId, command));
  }
}
