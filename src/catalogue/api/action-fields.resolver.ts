import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { ACTION_FIELD_CATALOGUE_ID, actionFieldsDecider } from '../domain/action-fields.decider';
import { ActionFieldInput } from './action-fields.inputs';

@Resolver()
export class ActionFieldsMutations {
  constructor(
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => CommandPayload, { description: 'Adds an action field (Handlungsfeld) to the catalogue' })
  async addActionField(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ActionFieldInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, {
      type: 'AddActionField',
      data: { ...input },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Renames an action field; the old name stays in the audit trail' })
  async renameActionField(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ActionFieldInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, {
      type: 'RenameActionField',
      data: { ...input },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }
}
