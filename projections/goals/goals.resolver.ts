import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { assertVisible, districtCondition } from '../../src/auth/district-scope';
import { recordNotFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { enumOf } from '../../src/graphql/enum-of';
import { GoalAssessment, GoalIndicatorDirection, GoalIndicatorMeasureType, GoalReviewKind } from '../../src/goals/goals.enums';
import type { Assessment, Direction, IndicatorValue, MeasureType, ReviewKind } from '../../src/goals/domain/goals.events';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { JSONScalar } from '../../src/graphql/json.scalar';
import { CurrentActor } from '../../src/graphql/request-context';
import { AsOfArgs } from '../../src/time-travel/as-of.args';
import { ownStreamAsOf } from '../../src/time-travel/record-as-of.query';
import { ProjectionsService } from '../runner/projections.service';
import { goalsProjection, GOAL_STATUSES, type ActualDoc, type GoalDoc, type GoalStatus, type IndicatorDoc, type ReviewDoc } from './goals.projection';
import { GetGoalQuery, ListGoalsQuery } from './goals.query';

const GoalStatusEnum = enumOf(GOAL_STATUSES);
registerEnumType(GoalStatusEnum, { name: 'GoalStatus' });

/** Values are a number (value) for quantitative indicators and a text (text) for qualitative ones. */
@ObjectType({ isAbstract: true })
abstract class ValueView {
  @Field(() => Float, { nullable: true, description: 'For UNIT and PERCENTAGE indicators' })
  value!: number | null;
  @Field(() => String, { nullable: true, description: 'For QUALITATIVE indicators' })
  text!: string | null;
}

@ObjectType()
export class GoalIndicatorBaseline extends ValueView {
  @Field()
  date!: string;
  @Field()
  source!: string;
}

@ObjectType()
export class GoalIndicatorTarget extends ValueView {
  @Field()
  date!: string;
}

@ObjectType({ description: 'A value of an indicator as one review judged it' })
export class GoalIndicatorActual extends ValueView {
  @Field(() => ID)
  reviewId!: string;
  @Field()
  reviewedOn!: string;
  @Field()
  measuredOn!: string;
  @Field()
  source!: string;
  @Field(() => Float, { nullable: true, description: 'As frozen by that review, 0–100' })
  progressPercent!: number | null;
}

@ObjectType({ description: 'Indicator (Indikator) of a goal' })
export class GoalIndicator {
  @Field(() => ID)
  indicatorId!: string;
  @Field({ description: 'Local code or EU common indicator code' })
  code!: string;
  @Field()
  name!: string;
  @Field()
  unit!: string;
  @Field(() => GoalIndicatorMeasureType)
  measureType!: MeasureType;
  @Field(() => GoalIndicatorDirection)
  direction!: Direction;
  @Field(() => GoalIndicatorBaseline)
  baseline!: GoalIndicatorBaseline;
  @Field(() => GoalIndicatorTarget)
  target!: GoalIndicatorTarget;
  @Field()
  addedAt!: string;
  @Field({ description: 'Retired indicators keep their history and are measured no more' })
  retired!: boolean;
  @Field(() => String, { nullable: true })
  retiredAt!: string | null;
  @Field(() => String, { nullable: true })
  retirementReason!: string | null;
  @Field(() => GoalIndicatorActual, { nullable: true })
  latestActual!: GoalIndicatorActual | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Progress of the latest actual against the current baseline and target, 0–100; null if unmeasured or qualitative',
  })
  progressPercent!: number | null;
  @Field(() => [GoalIndicatorActual], { description: 'Actuals per review, in review order' })
  actuals!: GoalIndicatorActual[];
}

@ObjectType({ description: 'A judged value, frozen with the baseline and target in force at the review' })
export class GoalReviewMeasurement extends ValueView {
  @Field(() => ID)
  indicatorId!: string;
  @Field()
  measuredOn!: string;
  @Field()
  source!: string;
  @Field(() => GoalIndicatorBaseline)
  baseline!: GoalIndicatorBaseline;
  @Field(() => GoalIndicatorTarget)
  target!: GoalIndicatorTarget;
  @Field(() => GoalIndicatorDirection)
  direction!: Direction;
  @Field(() => GoalIndicatorMeasureType)
  measureType!: MeasureType;
  @Field(() => Float, { nullable: true })
  progressPercent!: number | null;
}

@ObjectType()
export class GoalReviewPeriod {
  @Field()
  from!: string;
  @Field()
  to!: string;
}

@ObjectType({ description: 'The three parts of success control (§44 BHO/LHO, VV 11a)' })
export class GoalSuccessControl {
  @Field({ description: 'Zielerreichungskontrolle' })
  goalAchievement!: string;
  @Field({ description: 'Wirkungskontrolle' })
  effect!: string;
  @Field({ description: 'Wirtschaftlichkeitskontrolle' })
  costEffectiveness!: string;
}

@ObjectType({ description: 'Review of goal achievement (Zielerreichungskontrolle)' })
export class GoalReview {
  @Field(() => ID)
  reviewId!: string;
  @Field()
  reviewedOn!: string;
  @Field(() => GoalReviewPeriod)
  period!: GoalReviewPeriod;
  @Field(() => GoalReviewKind)
  kind!: ReviewKind;
  @Field(() => Int, { nullable: true, description: 'Concept version in force at the review' })
  conceptVersion!: number | null;
  @Field(() => [GoalReviewMeasurement])
  measurements!: GoalReviewMeasurement[];
  @Field(() => GoalAssessment)
  assessment!: Assessment;
  @Field(() => GoalSuccessControl)
  successControl!: GoalSuccessControl;
  @Field(() => [String])
  recommendations!: string[];
  @Field()
  recordedAt!: string;
  @Field({ description: 'Id of the user who recorded it' })
  recordedBy!: string;
}

@ObjectType({ description: 'A revision of a goal: what changed, from what, by whom and why' })
export class GoalRevision {
  @Field()
  revisedAt!: string;
  @Field()
  revisedBy!: string;
  @Field(() => String, { nullable: true })
  reason!: string | null;
  @Field(() => JSONScalar, { description: 'New values of the changed fields' })
  changes!: unknown;
  @Field(() => JSONScalar, { description: 'Previous values of the same fields' })
  previous!: unknown;
}

@ObjectType({ description: 'Goal (Ziel) of a district, with indicators and reviews' })
export class Goal {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  districtId!: string;
  @Field(() => [ID])
  actionFieldIds!: string[];
  @Field()
  title!: string;
  @Field()
  description!: string;
  @Field(() => Int, { nullable: true })
  conceptVersion!: number | null;
  @Field(() => GoalStatusEnum)
  status!: GoalStatus;
  @Field(() => [GoalIndicator], { description: 'Active and retired, in the order they were added' })
  indicators!: GoalIndicator[];
  @Field(() => GoalAssessment, { nullable: true, description: 'Assessment of the latest review' })
  assessment!: Assessment | null;
  @Field({ description: 'True after a FINAL review' })
  reviewingClosed!: boolean;
  @Field(() => [GoalReview], { description: 'In date order' })
  reviews!: GoalReview[];
  @Field(() => [GoalRevision])
  revisions!: GoalRevision[];
  @Field(() => ID, { nullable: true })
  achievedReviewId!: string | null;
  @Field(() => String, { nullable: true })
  abandonReason!: string | null;
  @Field(() => String, { nullable: true, description: 'When the goal was marked achieved or abandoned' })
  closedAt!: string | null;
  @Field()
  definedAt!: string;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
}

const GoalConnection = Connection(Goal, 'Goal');

const WAIT_DESCRIPTION = 'Wait (≤ 2 s) until read models reached this position';

@ArgsType()
class GoalsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  districtId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'actionFieldId must be a catalogue key' })
  @MaxLength(60)
  actionFieldId?: string;

  @Field(() => GoalStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(GOAL_STATUSES)
  status?: GoalStatus;

  @Field({ nullable: true, description: WAIT_DESCRIPTION })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class GoalArgs extends AsOfArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: WAIT_DESCRIPTION })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const splitValue = (value: IndicatorValue) => ({
  value: typeof value === 'number' ? value : null,
  text: typeof value === 'string' ? value : null,
});

const toActual = (actual: ActualDoc): GoalIndicatorActual => ({ ...actual, ...splitValue(actual.value) });

const toIndicator = (indicator: IndicatorDoc): GoalIndicator => ({
  ...indicator,
  baseline: { ...indicator.baseline, ...splitValue(indicator.baseline.value) },
  target: { ...indicator.target, ...splitValue(indicator.target.value) },
  latestActual: indicator.latestActual ? toActual(indicator.latestActual) : null,
  actuals: indicator.actuals.map(toActual),
});

const toReview = (review: ReviewDoc): GoalReview => ({
  ...review,
  measurements: review.measurements.map((m) => ({
    ...m,
    ...splitValue(m.value),
    baseline: { ...m.baseline, ...splitValue(m.baseline.value) },
    target: { ...m.target, ...splitValue(m.target.value) },
  })),
});

const toGoal = (doc: GoalDoc): Goal => ({
  ...doc,
  indicators: doc.indicators.map(toIndicator),
  reviews: doc.reviews.map(toReview),
});

@Resolver(() => Goal)
export class GoalsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => GoalConnection, { description: 'Goals by title, optionally of one district, action field or status' })
  async goals(@CurrentActor() actor: Principal, @Args() args: GoalsArgs) {
    const districtId = districtCondition(actor, args.districtId);
    await this.projections.waitForPosition(args.waitForPosition);
    const { actionFieldId, status, first, after } = args;
    const page = await this.queryBus.execute(new ListGoalsQuery({ districtId, actionFieldId, status, first, after }));
    return toConnection(page, toGoal);
  }

  @Query(() => Goal)
  async goal(@CurrentActor() actor: Principal, @Args() args: GoalArgs): Promise<Goal> {
    await this.projections.waitForPosition(args.waitForPosition);
    const doc = args.asOf
      ? await this.queryBus.execute(ownStreamAsOf<GoalDoc>(goalsProjection, 'Goal', 'goal', args.id, args.asOf))
      : await this.queryBus.execute(new GetGoalQuery(args.id));
    assertVisible(actor, doc.districtId, () => recordNotFound('Goal', args.id, args.asOf));
    return toGoal(doc);
  }
}
