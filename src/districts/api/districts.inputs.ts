import { Field, Float, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { scopeDistrictId } from '../../auth/district-scope';
import { DECISION_REF } from '../../core/cited-decisions';
import { IsIsoDate, MAX_TEXT_LENGTH } from '../../graphql/validators';
import { SWOT_ITEM_KINDS, type SwotItemKind } from '../domain/districts.events';
import { SwotItemKindEnum } from '../districts.enums';

@InputType({ description: 'Council resolution designating the funding area' })
export class DesignationInput {
  @Field({ description: 'Resolution number, e.g. "VII/2019/01234"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number!: string;

  @Field({ description: 'Date of the resolution (YYYY-MM-DD)' })
  @IsIsoDate()
  date!: string;
}

@InputType()
export class RegisterDistrictInput {
  @Field(() => ID, { nullable: true, description: 'UUID, kept in lower case; derived from the command id when omitted' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? scopeDistrictId(value) : value))
  @IsUUID()
  districtId?: string;

  @Field({ description: 'Name, e.g. "Halle-Neustadt"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'Municipality, e.g. "Halle (Saale)"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  municipality!: string;

  @Field({ description: 'Official municipality key (AGS), 8 digits' })
  @Matches(/^\d{8}$/, { message: 'municipalityKey must be the 8-digit official municipality key (AGS)' })
  municipalityKey!: string;

  @Field(() => [String], { description: 'Funding programmes, e.g. "Sozialer Zusammenhalt"' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  programmes!: string[];

  @Field(() => DesignationInput)
  @ValidateNested()
  @Type(() => DesignationInput)
  designation!: DesignationInput;

  @Field(() => Float, { nullable: true, description: 'Area in hectares' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1_000_000)
  areaHectares?: number;

  @Field({ nullable: true, description: 'Start of the programme in the district (YYYY-MM-DD)' })
  @IsOptional()
  @IsIsoDate()
  startDate?: string;

  @Field({ nullable: true, description: 'Expected end (YYYY-MM-DD)' })
  @IsOptional()
  @IsIsoDate()
  expectedEndDate?: string;
}

/** Every profile field optional; only the ones sent (and different) are changed. */
@InputType()
export class UpdateDistrictProfileInput extends PartialType(OmitType(RegisterDistrictInput, ['districtId'] as const)) {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;
}

/** Lower-case key with underscores, e.g. `population`, `benefit_share_percent`. */
const INDICATOR_KEY = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** Keys of the action-field catalogue (see ActionFieldInput). */
const ACTION_FIELD_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

@InputType({ description: 'A new version of the integrated development concept (ISEK/IEK)' })
export class AdoptConceptVersionInput {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ description: 'e.g. "ISEK Halle-Neustadt 2030, 2nd update"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @Field({ description: 'Date of adoption (YYYY-MM-DD); not before the adopting meeting' })
  @IsIsoDate()
  adoptedOn!: string;

  @Field({ description: 'The adopting decision `<bodyId>/<decisionId>`: ADOPTED by a body of this district' })
  @Matches(DECISION_REF, { message: 'decisionRef must be <bodyId>/<decisionId>' })
  decisionRef!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  summary!: string;
}

@InputType()
export class SwotItemInput {
  @Field(() => SwotItemKindEnum)
  @IsIn(SWOT_ITEM_KINDS)
  kind!: SwotItemKind;

  @Field({ description: 'Id in the action-field catalogue' })
  @Matches(ACTION_FIELD_ID, { message: 'actionFieldId must be an action-field key such as "public-space-safety"' })
  @MaxLength(60)
  actionFieldId!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  statement!: string;

  @Field({ nullable: true, description: 'Where the statement comes from: statistics, survey, minutes' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

@InputType({ description: 'A dated SWOT analysis (Stärken-Schwächen-Analyse)' })
export class RecordSwotAnalysisInput {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  conductedOn!: string;

  @Field(() => [SwotItemInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => SwotItemInput)
  items!: SwotItemInput[];

  @Field(() => [ID], { defaultValue: [], description: 'Bodies of this district that took part' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  participatingBodyIds: string[] = [];
}

@InputType({ description: 'The plan for one action field in the district; supersedes the previous plan of that field' })
export class RecordActionFieldPlanInput {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field()
  @Matches(ACTION_FIELD_ID, { message: 'actionFieldId must be an action-field key such as "public-space-safety"' })
  @MaxLength(60)
  actionFieldId!: string;

  @Field({ description: 'Current situation (Ausgangslage)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  situation!: string;

  @Field({ description: 'Potentials (Potenziale)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  potentials!: string;

  @Field({ description: 'Obstacles (Hemmnisse)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  obstacles!: string;
}

@InputType({ description: 'A context indicator value as of a reference date' })
export class RecordContextIndicatorValueInput {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ description: 'e.g. "population", "benefit_share_percent"' })
  @Matches(INDICATOR_KEY, { message: 'indicatorKey must be lower-case words joined by "_"' })
  @MaxLength(60)
  indicatorKey!: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e15)
  @Max(1e15)
  value!: number;

  @Field({ description: 'e.g. "persons", "%"; the same for every value of an indicator' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  unit!: string;

  @Field({ description: 'The date the value describes (YYYY-MM-DD)' })
  @IsIsoDate()
  referenceDate!: string;

  @Field({ description: 'e.g. "Statistical office, population register"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  source!: string;
}

@InputType({ description: 'A corrected value for an indicator and reference date; the old value stays on record' })
export class CorrectContextIndicatorValueInput extends OmitType(RecordContextIndicatorValueInput, ['unit'] as const) {
  @Field({ description: 'Why the recorded value was wrong' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

@InputType()
export class CloseDistrictProgrammeInput {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  closedOn!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
