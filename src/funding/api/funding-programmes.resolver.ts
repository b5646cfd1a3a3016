import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../domain/funding-programmes.decider';
import { AddFundingProgrammeInput, UpdateFundingProgrammeInput } from './funding-programmes.inputs';

@Resolver()
export class FundingProgrammesMutations {
  constructor(
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => CommandPayload, { description: 'Adds a funding programme (Förderprogramm) to the catalogue' })
  async addFundingProgramme(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: AddFundingProgrammeInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(fundingProgrammesDecider, FUNDING_PROGRAMME_CATALOGUE_ID, {
      type: 'AddFundingProgramme',
      data: { ...input },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Changes terms of a funding programme; unchanged terms are ignored' })
  async updateFundingProgramme(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: UpdateFundingProgrammeInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { programmeId, ...changes } = input;
    const outcome = await this.dispatch.decide(fundingProgrammesDecider, FUNDING_PROGRAMME_CATALOGUE_ID, {
      type: 'UpdateFundingProgramme',
      data: { programmeId, changes },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }
}
