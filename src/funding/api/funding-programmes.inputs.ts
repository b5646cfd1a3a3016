import { Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { FUNDING_LEVELS, PROGRAMME_ID, RETENTION_YEARS, type FundingLevel, type RetentionYears } from '../domain/funding-programmes.events';
import { FundingLevelEnum } from '../funding.enums';

@InputType()
export class AddFundingProgrammeInput {
  @Field(() => ID, { description: 'Stable key, lower-case words joined by hyphens, e.g. "esf-plus-biwaq"' })
  @Matches(PROGRAMME_ID, { message: 'programmeId must be lower-case words joined by hyphens' })
  @MaxLength(60)
  programmeId!: string;

  @Field({ description: 'Name, e.g. "BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(() => FundingLevelEnum)
  @IsIn(FUNDING_LEVELS)
  level!: FundingLevel;

  @Field({ description: 'Fund, e.g. "ESF Plus", "EFRE", "Städtebauförderung Sozialer Zusammenhalt"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fund!: string;

  @Field({ description: 'Legal basis: the guideline (Förderrichtlinie)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  legalBasis!: string;

  @Field({ description: 'Version of the general conditions, e.g. "ANBest-P 2019"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  generalConditions!: string;

  @Field(() => Int, { description: 'Years records are retained: 5, or 10 for some state-aid cases' })
  @IsIn(RETENTION_YEARS, { message: `retentionYears must be one of ${RETENTION_YEARS.join(', ')}` })
  retentionYears!: RetentionYears;
}

/** Every term optional; only the ones sent (and different) are changed. */
@InputType()
export class UpdateFundingProgrammeInput extends PartialType(OmitType(AddFundingProgrammeInput, ['programmeId'] as const)) {
  @Field(() => ID)
  @Matches(PROGRAMME_ID, { message: 'programmeId must be lower-case words joined by hyphens' })
  @MaxLength(60)
  programmeId!: string;
}
