import { Field, Float, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../graphql/validators';

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
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
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
