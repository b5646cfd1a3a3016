import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCents, IsIsoDate } from '../../graphql/validators';
import {
  EVALUATION_RATINGS,
  type EvaluationRating,
  RESOURCE_KINDS,
  type ResourceKind,
  SPONSOR_TYPES,
  type SponsorType,
} from '../domain/measures.events';
import { MeasureEvaluationRating, MeasureResourceKind, MeasureSponsorType } from '../measures.enums';

/** Letters and digits in groups joined by one of - _ . /, e.g. "HN-2024-07". */
const MEASURE_CODE = /^[A-Za-z0-9]+([-_./][A-Za-z0-9]+)*$/;
const ACTION_FIELD_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MILESTONE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Upper bound of a count of people or opportunities: keeps numbers plausible and exact. */
const MAX_COUNT = 10_000_000;

/** A text that must say something: trimmed length 1..max. */
const Text = (max: number) =>
  applyDecorators(
    IsString(),
    Matches(/\S/, { message: ({ property }) => `${property} must not be blank` }),
    MaxLength(max),
  );

const Count = (description: string) =>
  applyDecorators(Field(() => Int, { nullable: true, description }), IsOptional(), IsInt(), Min(0), Max(MAX_COUNT));

@InputType()
export class MeasureGoalContributionInput {
  @Field(() => ID)
  @IsUUID()
  goalId!: string;

  @Field(() => Int, { description: 'How much the measure contributes to the goal, 1–100' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

@InputType()
export class MeasureSponsorInput {
  @Field({ description: 'Name of the sponsoring organisation, e.g. "Bildungswerk Neustadt e.V."' })
  @Text(200)
  name!: string;

  @Field(() => MeasureSponsorType)
  @IsIn(SPONSOR_TYPES)
  type!: SponsorType;
}

@InputType()
export class MeasureResourceInput {
  @Field(() => MeasureResourceKind)
  @IsIn(RESOURCE_KINDS)
  kind!: ResourceKind;

  @Field({ description: 'What the measure brings in of this kind' })
  @Text(2000)
  description!: string;

  @Field(() => Float, { nullable: true, description: 'Euro cents; required for FUNDS, not allowed for other kinds' })
  @IsOptional()
  @IsCents()
  amountCents?: number;
}

@InputType()
export class PlanMeasureInput {
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @Field({ description: 'Unique code, e.g. "HN-2024-07" (compared case-insensitively)' })
  @IsString()
  @MaxLength(40)
  @Matches(MEASURE_CODE, { message: 'code must be letters and digits in groups joined by - _ . or /' })
  code!: string;

  @Field()
  @Text(200)
  title!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Text(5000)
  description?: string;

  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field(() => [ID], { description: 'Action fields from the catalogue; two or more make the measure integrated' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ACTION_FIELD_ID, { each: true, message: 'actionFieldIds must be catalogue ids, e.g. "public-space-safety"' })
  @MaxLength(64, { each: true })
  actionFieldIds!: string[];

  @Field(() => [MeasureGoalContributionInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeasureGoalContributionInput)
  goalContributions!: MeasureGoalContributionInput[];

  @Field(() => MeasureSponsorInput, { description: 'Project sponsor (Projektträger)' })
  @ValidateNested()
  @Type(() => MeasureSponsorInput)
  sponsor!: MeasureSponsorInput;

  @Field({ description: 'Where the measure takes place: address, site or part of the district' })
  @Text(500)
  location!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  plannedStartDate!: string;

  @Field({ description: 'YYYY-MM-DD, on or after the planned start' })
  @IsIsoDate()
  plannedEndDate!: string;

  @Field(() => [MeasureResourceInput], { defaultValue: [], description: 'One bundle per kind' })
  @IsArray()
  @ArrayMaxSize(RESOURCE_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => MeasureResourceInput)
  resources!: MeasureResourceInput[];

  @Field(() => [String], { description: 'Groups, never persons: e.g. "long-term unemployed", "children 6–12"' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'a target group must not be blank' })
  @MaxLength(200, { each: true })
  targetGroups!: string[];

  @Field(() => Float, { nullable: true, description: 'Total budget in euro cents' })
  @IsOptional()
  @IsCents()
  budgetCents?: number;
}

@InputType()
export class ApproveMeasureInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field({ description: 'Date of the approval (YYYY-MM-DD)' })
  @IsIsoDate()
  approvedOn!: string;
}

@InputType()
export class StartMeasureInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field({ description: 'Actual start (YYYY-MM-DD); every linked grant must cover it' })
  @IsIsoDate()
  actualStartDate!: string;
}

@InputType()
export class MeasureMilestoneInput {
  @Field({ description: 'Unique within the measure, e.g. "kick-off"' })
  @Matches(MILESTONE_ID, { message: 'milestoneId must be 1-64 letters, digits, dots, hyphens or underscores' })
  milestoneId!: string;

  @Field()
  @Text(200)
  title!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  reachedOn!: string;
}

@InputType({ description: 'Cumulative counts to date; counts only, never names' })
export class MeasureOutputsInput {
  @Count('Participants so far')
  participants?: number;

  @Count('Long-term unemployed participants placed in social institutions')
  longTermUnemployedPlacedInSocialInstitutions?: number;

  @Count('Participants whose employability increased')
  participantsWithImprovedEmployability?: number;

  @Count('Employment opportunities created')
  employmentOpportunitiesCreated?: number;
}

@InputType()
export class ReportMeasureProgressInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field({ description: 'Date the report describes (YYYY-MM-DD)' })
  @IsIsoDate()
  reportedOn!: string;

  @Field(() => Int, { nullable: true, description: 'Progress 0–100' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercent?: number;

  @Field(() => MeasureMilestoneInput, { nullable: true, description: 'A milestone reached' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeasureMilestoneInput)
  milestone?: MeasureMilestoneInput;

  @Field(() => MeasureOutputsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeasureOutputsInput)
  outputs?: MeasureOutputsInput;

  @Field({ nullable: true, description: 'Required when the percentage or a count goes down (a correction)' })
  @IsOptional()
  @Text(2000)
  reason?: string;
}

@InputType()
export class MeasureReasonInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field()
  @Text(2000)
  reason!: string;
}

@InputType()
export class MeasureIdInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;
}

@InputType()
export class CompleteMeasureInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field({ description: 'Actual end (YYYY-MM-DD), on or after the actual start' })
  @IsIsoDate()
  actualEndDate!: string;
}

@InputType({ description: 'Success control of a completed or cancelled measure' })
export class EvaluateMeasureInput {
  @Field(() => ID)
  @IsUUID()
  measureId!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  evaluatedOn!: string;

  @Field({ description: 'Did the measure cause the intended change?' })
  @Text(5000)
  effect!: string;

  @Field({ description: 'Were the resources used economically?' })
  @Text(5000)
  costEffectiveness!: string;

  @Field()
  @Text(5000)
  lessons!: string;

  @Field(() => MeasureEvaluationRating)
  @IsIn(EVALUATION_RATINGS)
  rating!: EvaluationRating;
}
