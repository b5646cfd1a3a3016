import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { deterministicUuid } from '../../core/ids';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import {
  AdoptConceptVersionCommand,
  RecordActionFieldPlanCommand,
  RecordSwotAnalysisCommand,
} from '../application/district-lookups.handler';
import { districtsDecider } from '../domain/districts.decider';
import type { DistrictProfile } from '../domain/districts.events';
import {
  AdoptConceptVersionInput,
  CloseDistrictProgrammeInput,
  CorrectContextIndicatorValueInput,
  RecordActionFieldPlanInput,
  RecordContextIndicatorValueInput,
  RecordSwotAnalysisInput,
  RegisterDistrictInput,
  UpdateDistrictProfileInput,
} from './districts.inputs';

@ObjectType()
export class RegisterDistrictPayload extends CommandPayload {
  @Field(() => ID)
  districtId!: string;
}

@Resolver()
export class DistrictsMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => RegisterDistrictPayload, { description: 'Registers a district (Fördergebiet)' })
  async registerDistrict(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RegisterDistrictInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<RegisterDistrictPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from the command id, so a retried registration without an id lands on the same stream.
    const districtId = input.districtId ?? deterministicUuid('district', context.commandId);
    const profile: DistrictProfile = {
      name: input.name,
      municipality: input.municipality,
      municipalityKey: input.municipalityKey,
      programmes: [...input.programmes],
      designation: { number: input.designation.number, date: input.designation.date },
      areaHectares: input.areaHectares ?? null,
      startDate: input.startDate ?? null,
      expectedEndDate: input.expectedEndDate ?? null,
    };
    const outcome = await this.dispatch.decide(districtsDecider, districtId, {
      type: 'RegisterDistrict',
      data: { districtId, ...profile },
      context,
    });
    return Object.assign(new RegisterDistrictPayload(), CommandPayload.from(context.commandId, outcome), { districtId });
  }

  @Mutation(() => CommandPayload, { description: 'Changes profile fields of a district; unchanged fields are ignored' })
  async updateDistrictProfile(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: UpdateDistrictProfileInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, designation, programmes, ...rest } = input;
    const changes: Partial<DistrictProfile> = {
      ...rest,
      ...(programmes ? { programmes: [...programmes] } : {}),
      ...(designation ? { designation: { number: designation.number, date: designation.date } } : {}),
    };
    const outcome = await this.dispatch.decide(districtsDecider, districtId, {
      type: 'UpdateDistrictProfile',
      data: { districtId, changes },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, {
    description: 'Adopts the next version of the development concept (ISEK/IEK); it supersedes the previous one',
  })
  async adoptConceptVersion(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: AdoptConceptVersionInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, title, adoptedOn, decisionRef, summary } = input;
    const data = { districtId, title, adoptedOn, decisionRef, summary };
    const outcome = await this.commandBus.execute(new AdoptConceptVersionCommand(data, context));
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Records a dated SWOT analysis of the district' })
  async recordSwotAnalysis(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordSwotAnalysisInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const data = {
      districtId: input.districtId,
      conductedOn: input.conductedOn,
      items: input.items.map(({ kind, actionFieldId, statement, evidence }) => ({
        kind,
        actionFieldId,
        statement,
        evidence: evidence ?? null,
      })),
      participatingBodyIds: [...input.participatingBodyIds],
    };
    const outcome = await this.commandBus.execute(new RecordSwotAnalysisCommand(data, context));
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, {
    description: 'Records the plan for an action field in the district; an identical plan records nothing',
  })
  async recordActionFieldPlan(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordActionFieldPlanInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, actionFieldId, situation, potentials, obstacles } = input;
    const data = { districtId, actionFieldId, situation, potentials, obstacles };
    const outcome = await this.commandBus.execute(new RecordActionFieldPlanCommand(data, context));
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Records a context indicator value (population, benefit share, …)' })
  async recordContextIndicatorValue(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordContextIndicatorValueInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, indicatorKey, value, unit, referenceDate, source } = input;
    const data = { districtId, indicatorKey, value, unit, referenceDate, source };
    const outcome = await this.dispatch.decide(districtsDecider, districtId, { type: 'RecordContextIndicatorValue', data, context });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, {
    description: 'Corrects a recorded context indicator value, with a reason; the old value stays on record',
  })
  async correctContextIndicatorValue(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: CorrectContextIndicatorValueInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { districtId, indicatorKey, value, referenceDate, source, reason } = input;
    const data = { districtId, indicatorKey, value, referenceDate, source, reason };
    const outcome = await this.dispatch.decide(districtsDecider, districtId, { type: 'CorrectContextIndicatorValue', data, context });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, {
    description: "Closes the district's programme; afterwards the district's record can only be read",
  })
  async closeDistrictProgramme(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: CloseDistrictProgrammeInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const data = { districtId: input.districtId, closedOn: input.closedOn, reason: input.reason };
    const outcome = await this.dispatch.decide(districtsDecider, data.districtId, { type: 'CloseDistrictProgramme', data, context });
    return CommandPayload.from(context.commandId, outcome);
  }
}
