import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import { deterministicUuid } from '../../core/ids';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { PlanMeasureCommand } from '../application/plan-measure.command';
import { StartMeasureCommand } from '../application/start-measure.command';
import { measuresDecider } from '../domain/measures.decider';
import type { MeasureOutputs } from '../domain/measures.events';
import {
  ApproveMeasureInput,
  CompleteMeasureInput,
  EvaluateMeasureInput,
  MeasureIdInput,
  MeasureReasonInput,
  PlanMeasureInput,
  ReportMeasureProgressInput,
  StartMeasureInput,
} from './measures.inputs';

@ObjectType()
export class PlanMeasurePayload extends CommandPayload {
  @Field(() => ID)
  measureId!: string;
}

/** GraphQL hands over absent optional fields as undefined and explicit nulls as null; commands want neither. */
const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;

@Resolver()
export class MeasuresMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => PlanMeasurePayload, { description: 'Plans a measure (Maßnahme) under a unique code' })
  async planMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: PlanMeasureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<PlanMeasurePayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from the command id, so a retried plan without an id lands on the same stream.
    const measureId = input.measureId ?? deterministicUuid('measure', context.commandId);
    const outcome = await this.commandBus.execute(
      new PlanMeasureCommand(
        {
          measureId,
          code: input.code.trim(),
          title: input.title.trim(),
          description: input.description?.trim() ?? null,
          districtId: input.districtId,
          actionFieldIds: [...input.actionFieldIds],
          goalContributions: input.goalContributions.map(({ goalId, weight }) => ({ goalId, weight })),
          sponsor: { name: input.sponsor.name.trim(), type: input.sponsor.type },
          location: input.location.trim(),
          plannedStartDate: input.plannedStartDate,
          plannedEndDate: input.plannedEndDate,
          resources: input.resources.map(({ kind, description, amountCents }) => ({
            kind,
            description: description.trim(),
            amountCents: amountCents ?? null,
          })),
          targetGroups: input.targetGroups.map((group) => group.trim()),
          budgetCents: input.budgetCents ?? null,
        },
        context,
      ),
    );
    return Object.assign(new PlanMeasurePayload(), CommandPayload.from(context.commandId, outcome), { measureId });
  }

  @Mutation(() => CommandPayload, { description: 'Approves a planned measure; not by the person who planned it' })
  approveMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ApproveMeasureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, input.measureId, { type: 'ApproveMeasure', data: { ...input }, context }),
    );
  }

  @Mutation(() => CommandPayload, {
    description:
      'Starts an approved measure; refused while a linked grant is not approved for the start date, ' +
      'unless it permitted an early start',
  })
  startMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: StartMeasureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    return this.run(request, actor, options, (context) => this.commandBus.execute(new StartMeasureCommand({ ...input }, context)));
  }

  @Mutation(() => CommandPayload, {
    description: 'Reports progress of a running measure: percentage, a milestone reached and/or output counts',
  })
  reportMeasureProgress(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ReportMeasureProgressInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { milestone, outputs, reason, ...rest } = input;
    const data = {
      ...definedOnly(rest),
      ...(milestone ? { milestone: { ...milestone, title: milestone.title.trim() } } : {}),
      ...(outputs ? { outputs: definedOnly<MeasureOutputs>({ ...outputs }) } : {}),
      ...(reason ? { reason: reason.trim() } : {}),
    };
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, data.measureId, { type: 'ReportMeasureProgress', data, context }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Suspends a running measure' })
  suspendMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: MeasureReasonInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = { measureId: input.measureId, reason: input.reason.trim() };
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, data.measureId, { type: 'SuspendMeasure', data, context }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Resumes a suspended measure' })
  resumeMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: MeasureIdInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = { measureId: input.measureId };
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, data.measureId, { type: 'ResumeMeasure', data, context }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Completes a running measure' })
  completeMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: CompleteMeasureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, input.measureId, { type: 'CompleteMeasure', data: { ...input }, context }),
    );
  }

  @Mutation(() => CommandPayload, { description: 'Cancels a measure that is not completed' })
  cancelMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: MeasureReasonInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = { measureId: input.measureId, reason: input.reason.trim() };
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, data.measureId, { type: 'CancelMeasure', data, context }),
    );
  }

  @Mutation(() => CommandPayload, {
    description: 'Records the evaluation (success control) of a completed or cancelled measure, once',
  })
  evaluateMeasure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: EvaluateMeasureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = {
      measureId: input.measureId,
      evaluatedOn: input.evaluatedOn,
      effect: input.effect.trim(),
      costEffectiveness: input.costEffectiveness.trim(),
      lessons: input.lessons.trim(),
      rating: input.rating,
    };
    return this.run(request, actor, options, (context) =>
      this.dispatch.decide(measuresDecider, data.measureId, { type: 'EvaluateMeasure', data, context }),
    );
  }

  private async run(
    request: RequestContext,
    actor: Principal,
    options: CommandOptionsInput | undefined,
    send: (context: CommandContext) => Promise<CommandOutcome>,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await send(context);
    return CommandPayload.from(context.commandId, outcome);
  }
}
