import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../graphql/validators';
import { BODY_KINDS, type BodyKind, DECISION_OUTCOMES, type DecisionOutcome } from '../domain/bodies.events';
import { BodyKindEnum, DecisionOutcomeEnum } from '../bodies.enums';

/** The decision-id part of a citation `<bodyId>/<decisionId>` (see DECISION_REF). */
const DECISION_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** Meeting ids follow the same alphabet. */
const MEETING_ID = DECISION_ID;
/**
 * User ids as the identity provider issues them. No spaces or '@', so neither a full name nor an e-mail address
 * fits: members are referenced by id, residents are only counted.
 */
const MEMBER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** Large enough for a district-wide resident assembly, small enough to catch typing errors. */
const MAX_ATTENDANCE = 100_000;

@InputType()
export class EstablishBodyInput {
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  bodyId?: string;

  @Field(() => ID, { description: 'The district the body works in; it must be registered and not closed' })
  @IsUUID()
  districtId!: string;

  @Field(() => BodyKindEnum)
  @IsIn(BODY_KINDS)
  kind!: BodyKind;

  @Field({ description: 'e.g. "Bewohnerforum Neustadt-Nord"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  establishedOn!: string;
}

@InputType({ description: 'Votes cast; together they cannot exceed the attendance' })
export class BodyVotesInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENDANCE)
  for!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENDANCE)
  against!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENDANCE)
  abstentions!: number;
}

@InputType()
export class BodyDecisionInput {
  @Field({ description: 'Unique within the body, e.g. "2024-07"; cited as <bodyId>/<decisionId>' })
  @Matches(DECISION_ID, { message: 'decisionId must be 1–100 letters, digits, "-" or "_"' })
  decisionId!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  subject!: string;

  @Field(() => DecisionOutcomeEnum)
  @IsIn(DECISION_OUTCOMES)
  outcome!: DecisionOutcome;

  @Field(() => BodyVotesInput, { nullable: true, description: 'Omitted when the votes were not counted' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BodyVotesInput)
  votes?: BodyVotesInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  rationale?: string;
}

@InputType({ description: 'Declared conflicts of interest: a count, member user ids, or both — never names' })
export class ConflictOfInterestInput {
  @Field({ nullable: true, description: 'The decision of this meeting it concerns; omitted: the whole meeting' })
  @IsOptional()
  @Matches(DECISION_ID, { message: 'decisionId must be 1–100 letters, digits, "-" or "_"' })
  decisionId?: string;

  @Field(() => Int, { nullable: true, description: 'How many members declared; at least the member ids given' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ATTENDANCE)
  count?: number;

  @Field(() => [String], { nullable: true, description: 'User ids of the members concerned, where known' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(MEMBER_ID, { each: true, message: 'memberIds must be user ids (no spaces, no e-mail addresses)' })
  memberIds?: string[];
}

@InputType()
export class RecordMeetingInput {
  @Field(() => ID)
  @IsUUID()
  bodyId!: string;

  @Field({ nullable: true, description: 'Unique within the body; derived from the command id when omitted' })
  @IsOptional()
  @Matches(MEETING_ID, { message: 'meetingId must be 1–100 letters, digits, "-" or "_"' })
  meetingId?: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  heldOn!: string;

  @Field(() => Int, { description: 'How many attended (a count: attendees are not named)' })
  @IsInt()
  @Min(1)
  @Max(MAX_ATTENDANCE)
  attendance!: number;

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  agendaItems!: string[];

  @Field(() => [BodyDecisionInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BodyDecisionInput)
  decisions: BodyDecisionInput[] = [];

  @Field(() => [ConflictOfInterestInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConflictOfInterestInput)
  conflictsOfInterest: ConflictOfInterestInput[] = [];
}

@InputType()
export class DissolveBodyInput {
  @Field(() => ID)
  @IsUUID()
  bodyId!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  dissolvedOn!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
