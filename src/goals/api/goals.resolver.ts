import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import type { CommandContext } from '../../core/decider';
import { deterministicUuid } from '../../core/ids';
import type { Principal } from '../../core/principal';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { DefineGoalCommand, RecordGoalReviewCommand, ReviseGoalCommand } from '../application/goal-lookups.handler';
import { goalsDecider } from '../domain/goals.decider';
import type { IndicatorDefinition, Target } from '../domain/goals.events';
import {
  AbandonGoalInput,
  AddGoalIndicatorInput,
  DefineGoalInput,
  type IndicatorInput,
  MarkGoalAchievedInput,
  RecordGoalReviewInput,
  RetireGoalIndicatorInput,
  ReviseGoalInput,
  type TargetInput,
  indicatorValueOf,
} from './goals.inputs';

@ObjectType()
export class DefineGoalPayload extends CommandPayload {
  @Field(() => ID)
  goalId!: string;

  @Field(() => [ID], { description: 'Ids of the indicators, in the order sent' })
  indicatorIds!: string[];
}

@ObjectType()
export class AddGoalIndicatorPayload extends CommandPayload {
  @Field(() => ID)
  indicatorId!: string;
}

@ObjectType()
export class RecordGoalReviewPayload extends CommandPayload {
  @Field(() => ID)
  reviewId!: string;
}

const targetOf = (input: TargetInput, field: string): Target => ({
  value: indicatorValueOf(input, `${field}.value`),
  date: input.date,
});

/** New ids derive from the command id, so a retried command without ids lands on the same ids. */
function indicatorOf(input: IndicatorInput, context: CommandContext, index: number): IndicatorDefinition {
  return {
    indicatorId: input.indicatorId ?? deterministicUuid('indicator', context.commandId, index),
    code: input.code,
    name: input.name,
    unit: input.unit,
    measureType: input.measureType,
    direction: input.direction,
    baseline: {
      value: indicatorValueOf(input.baseline, 'baseline.value'),
      date: input.baseline.date,
      source: input.baseline.source,
    },
    target: targetOf(input.target, 'target'),
  };
}

@Resolver()
export class GoalsMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => DefineGoalPayload, { description: 'Defines a goal (Ziel) of a district with its indicators' })
  async defineGoal(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: DefineGoalInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<DefineGoalPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const goalId = input.goalId ?? deterministicUuid('goal', context.commandId);
    const indicators = input.indicators.map((indicator, index) => indicatorOf(indicator, context, index));
    const outcome = await this.commandBus.execute(
      new DefineGoalCommand(
        {
          goalId,
          districtId: input.districtId,
          actionFieldIds: [...input.actionFieldIds],
          title: input.title,
          description: input.description,
          conceptVersion: input.conceptVersion ?? null,
          indicators,
        },
        context,
      ),
    );
    return Object.assign(new DefineGoalPayload(), CommandPayload.from(context.commandId, outcome), {
      goalId,
      indicatorIds: indicators.map((i) => i.indicatorId),
    });
  }

  @Mutation(() => CommandPayload, {
    description: 'Revises title, description, action fields, concept version or targets; options.reason is required',
  })
  async reviseGoal(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ReviseGoalInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // A null for a field that cannot be cleared means "leave it"; only the concept version can be cleared.
    const changes = {
      ...(input.title != null ? { title: input.title } : {}),
      ...(input.description != null ? { description: input.description } : {}),
      ...(input.actionFieldIds != null ? { actionFieldIds: [...input.actionFieldIds] } : {}),
      ...(input.conceptVersion !== undefined ? { conceptVersion: input.conceptVersion } : {}),
      ...(input.targets != null
        ? {
            targets: input.targets.map((t) => ({
              indicatorId: t.indicatorId,
              target: targetOf(t.target, `targets.${t.indicatorId}`),
            })),
          }
        : {}),
    };
    const outcome = await this.commandBus.execute(new ReviseGoalCommand({ goalId: input.goalId, changes }, context));
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => AddGoalIndicatorPayload, { description: 'Adds an indicator to a goal' })
  async addGoalIndicator(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: AddGoalIndicatorInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<AddGoalIndicatorPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const indicator = indicatorOf(input.indicator, context, 0);
    const outcome = await this.dispatch.decide(goalsDecider, input.goalId, {
      type: 'AddGoalIndicator',
      data: { goalId: input.goalId, indicator },
      context,
    });
    return Object.assign(new AddGoalIndicatorPayload(), CommandPayload.from(context.commandId, outcome), {
      indicatorId: indicator.indicatorId,
    });
  }

  @Mutation(() => CommandPayload, {
    description: 'Retires an indicator: it keeps its history and is measured no more; options.reason is required',
  })
  async retireGoalIndicator(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RetireGoalIndicatorInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(goalsDecider, input.goalId, {
      type: 'RetireGoalIndicator',
      data: { goalId: input.goalId, indicatorId: input.indicatorId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => RecordGoalReviewPayload, {
    description: 'Records a review (Zielerreichungskontrolle): measurements, assessment and the three parts of success control',
  })
  async recordGoalReview(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordGoalReviewInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<RecordGoalReviewPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const reviewId = input.reviewId ?? deterministicUuid('review', context.commandId);
    const outcome = await this.commandBus.execute(
      new RecordGoalReviewCommand(
        {
          goalId: input.goalId,
          reviewId,
          reviewedOn: input.reviewedOn,
          period: { from: input.period.from, to: input.period.to },
          kind: input.kind,
          conceptVersion: input.conceptVersion ?? null,
          measurements: input.measurements.map((m) => ({
            indicatorId: m.indicatorId,
            value: indicatorValueOf(m, `measurements.${m.indicatorId}.value`),
            measuredOn: m.measuredOn,
            source: m.source,
          })),
          assessment: input.assessment,
          successControl: {
            goalAchievement: input.successControl.goalAchievement,
            effect: input.successControl.effect,
            costEffectiveness: input.successControl.costEffectiveness,
          },
          recommendations: [...input.recommendations],
        },
        context,
      ),
    );
    return Object.assign(new RecordGoalReviewPayload(), CommandPayload.from(context.commandId, outcome), { reviewId });
  }

  @Mutation(() => CommandPayload, { description: 'Marks a goal achieved, citing the review that found it achieved' })
  async markGoalAchieved(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: MarkGoalAchievedInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(goalsDecider, input.goalId, {
      type: 'MarkGoalAchieved',
      data: { goalId: input.goalId, reviewId: input.reviewId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Abandons a goal; options.reason is required' })
  async abandonGoal(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: AbandonGoalInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(goalsDecider, input.goalId, {
      type: 'AbandonGoal',
      data: { goalId: input.goalId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }
}
