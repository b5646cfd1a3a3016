import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { badInput } from '../../core/domain-error';
import { IsIsoDate, MAX_TEXT_LENGTH } from '../../graphql/validators';
import { MAX_ACTIVE_INDICATORS } from '../domain/goals.decider';
import {
  ASSESSMENTS,
  type Assessment,
  DIRECTIONS,
  type Direction,
  type IndicatorValue,
  MEASURE_TYPES,
  type MeasureType,
  REVIEW_KINDS,
  type ReviewKind,
} from '../domain/goals.events';
import { GoalAssessment, GoalIndicatorDirection, GoalIndicatorMeasureType, GoalReviewKind } from '../goals.enums';

const INDICATOR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const INDICATOR_ID_MESSAGE = 'indicatorId must be 1-64 letters, digits, dots, hyphens or underscores';
/** Local codes and EU common indicator codes ("RCO 74", "RCR 29", "ESF-EECO01"). */
const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/;
const ACTION_FIELD_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Indicator values are plain numbers in their unit; this bound only keeps them exactly representable. */
const MAX_MAGNITUDE = 1e15;

/** Every indicator value is sent as a number (`value`) or, for qualitative indicators, a text (`text`). */
export type ValueInput = { value?: number | null; text?: string | null };

/** Exactly one of value and text; the decider checks that it fits the indicator's measure type. */
export function indicatorValueOf(input: ValueInput, field: string): IndicatorValue {
  const hasValue = input.value !== undefined && input.value !== null;
  const hasText = input.text !== undefined && input.text !== null;
  if (hasValue === hasText) throw badInput(`${field}: give either value (a number) or text (qualitative)`, { field });
  return hasValue ? input.value! : input.text!;
}

const ValueField = () =>
  applyDecorators(
    Field(() => Float, { nullable: true, description: 'For UNIT and PERCENTAGE indicators' }),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(-MAX_MAGNITUDE),
    Max(MAX_MAGNITUDE),
  );

const TextField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'For QUALITATIVE indicators' }),
    IsOptional(),
    IsString(),
    IsNotEmpty(),
    MaxLength(1000),
  );

const SourceField = (description: string) =>
  applyDecorators(Field({ description }), IsString(), IsNotEmpty(), MaxLength(500));

@InputType('GoalIndicatorBaselineInput')
export class BaselineInput implements ValueInput {
  @ValueField()
  value?: number | null;

  @TextField()
  text?: string | null;

  @Field({ description: 'Date the baseline was measured (YYYY-MM-DD)' })
  @IsIsoDate()
  date!: string;

  @SourceField('Where the baseline comes from, e.g. "Kommunalstatistik 2023"')
  source!: string;
}

@InputType('GoalIndicatorTargetInput')
export class TargetInput implements ValueInput {
  @ValueField()
  value?: number | null;

  @TextField()
  text?: string | null;

  @Field({ description: 'Date by which the target should be reached (YYYY-MM-DD)' })
  @IsIsoDate()
  date!: string;
}

@InputType('GoalIndicatorInput')
export class IndicatorInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Unique within the goal (letters, digits, . _ -); derived from the command id when omitted',
  })
  @IsOptional()
  @Matches(INDICATOR_ID, { message: INDICATOR_ID_MESSAGE })
  indicatorId?: string;

  @Field({ description: 'Local code or EU common indicator code, e.g. "RCO 74"' })
  @Matches(INDICATOR_CODE, { message: 'code must be 1-40 letters, digits, spaces, dots, slashes or hyphens' })
  code!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @Field({ description: 'Unit of the values, e.g. "persons", "%", "m²"; may be empty for qualitative indicators' })
  @IsString()
  @MaxLength(50)
  unit!: string;

  @Field(() => GoalIndicatorMeasureType)
  @IsIn(MEASURE_TYPES)
  measureType!: MeasureType;

  @Field(() => GoalIndicatorDirection)
  @IsIn(DIRECTIONS)
  direction!: Direction;

  @Field(() => BaselineInput)
  @ValidateNested()
  @Type(() => BaselineInput)
  baseline!: BaselineInput;

  @Field(() => TargetInput)
  @ValidateNested()
  @Type(() => TargetInput)
  target!: TargetInput;
}

@InputType()
export class DefineGoalInput {
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  goalId?: string;

  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field(() => [ID], { description: 'Action fields (Handlungsfelder) from the catalogue the goal serves' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ACTION_FIELD_ID, { each: true, message: 'actionFieldIds must be catalogue keys' })
  @MaxLength(60, { each: true })
  actionFieldIds!: string[];

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @Field()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  description!: string;

  @Field(() => Int, { nullable: true, description: 'Version of the district concept (ISEK) the goal belongs to' })
  @IsOptional()
  @IsInt()
  @Min(1)
  conceptVersion?: number | null;

  @Field(() => [IndicatorInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ACTIVE_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => IndicatorInput)
  indicators!: IndicatorInput[];
}

@InputType('GoalIndicatorTargetRevisionInput')
export class TargetRevisionInput {
  @Field(() => ID)
  @Matches(INDICATOR_ID, { message: INDICATOR_ID_MESSAGE })
  indicatorId!: string;

  @Field(() => TargetInput)
  @ValidateNested()
  @Type(() => TargetInput)
  target!: TargetInput;
}

/** Fields left out stay as they are; send the reason in the command options (required). */
@InputType()
export class ReviseGoalInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  description?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ACTION_FIELD_ID, { each: true, message: 'actionFieldIds must be catalogue keys' })
  @MaxLength(60, { each: true })
  actionFieldIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Omit to keep, null to clear' })
  @IsOptional()
  @IsInt()
  @Min(1)
  conceptVersion?: number | null;

  @Field(() => [TargetRevisionInput], { nullable: true, description: 'New targets of some indicators' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ACTIVE_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => TargetRevisionInput)
  targets?: TargetRevisionInput[] | null;
}

@InputType()
export class AddGoalIndicatorInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => IndicatorInput)
  @ValidateNested()
  @Type(() => IndicatorInput)
  indicator!: IndicatorInput;
}

/** Send the reason in the command options (required). */
@InputType()
export class RetireGoalIndicatorInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => ID)
  @Matches(INDICATOR_ID, { message: INDICATOR_ID_MESSAGE })
  indicatorId!: string;
}

@InputType('GoalMeasurementInput')
export class MeasurementInput implements ValueInput {
  @Field(() => ID)
  @Matches(INDICATOR_ID, { message: INDICATOR_ID_MESSAGE })
  indicatorId!: string;

  @ValueField()
  value?: number | null;

  @TextField()
  text?: string | null;

  @Field({ description: 'Date the value was measured (YYYY-MM-DD)' })
  @IsIsoDate()
  measuredOn!: string;

  @SourceField('Where the value comes from')
  source!: string;
}

@InputType('GoalReviewPeriodInput')
export class PeriodInput {
  @Field()
  @IsIsoDate()
  from!: string;

  @Field()
  @IsIsoDate()
  to!: string;
}

@InputType('GoalSuccessControlInput', {
  description: 'The three parts of success control (§44 BHO/LHO, VV 11a)',
})
export class SuccessControlInput {
  @Field({ description: 'Zielerreichungskontrolle: were the targets reached?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  goalAchievement!: string;

  @Field({ description: 'Wirkungskontrolle: did the measures cause the change?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  effect!: string;

  @Field({ description: 'Wirtschaftlichkeitskontrolle: was it worth the cost?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  costEffectiveness!: string;
}

@InputType()
export class RecordGoalReviewInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  reviewId?: string;

  @Field({ description: 'Date of the review (YYYY-MM-DD); not before the previous review' })
  @IsIsoDate()
  reviewedOn!: string;

  @Field(() => PeriodInput)
  @ValidateNested()
  @Type(() => PeriodInput)
  period!: PeriodInput;

  @Field(() => GoalReviewKind)
  @IsIn(REVIEW_KINDS)
  kind!: ReviewKind;

  @Field(() => Int, { nullable: true, description: 'Concept version (ISEK) in force at the review' })
  @IsOptional()
  @IsInt()
  @Min(1)
  conceptVersion?: number | null;

  @Field(() => [MeasurementInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ACTIVE_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => MeasurementInput)
  measurements!: MeasurementInput[];

  @Field(() => GoalAssessment)
  @IsIn(ASSESSMENTS)
  assessment!: Assessment;

  @Field(() => SuccessControlInput)
  @ValidateNested()
  @Type(() => SuccessControlInput)
  successControl!: SuccessControlInput;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  recommendations!: string[];
}

@InputType()
export class MarkGoalAchievedInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => ID, { description: 'The review that found the goal achieved' })
  @IsUUID()
  reviewId!: string;
}

/** Send the reason in the command options (required). */
@InputType()
export class AbandonGoalInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;
}
