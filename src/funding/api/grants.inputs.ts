import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCents, IsIsoDate } from '../../graphql/validators';
import { FINANCING_TYPES, PROOF_KINDS, type FinancingType, type ProofKind } from '../domain/grants.events';
import { FinancingTypeEnum, ProofOfUseKindEnum } from '../funding.enums';
import { PROGRAMME_ID } from '../domain/funding-programmes.events';

// Money is integer euro cents sent as Float (see IsCents); dates are YYYY-MM-DD.

/** May be left out, but not sent as null: the terms of an application or approval cannot be cleared. */
const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);

/** Required free text of at most `max` characters. */
const IsText = (max: number) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

@InputType('GrantPeriodInput', { description: 'From and to, both inclusive (YYYY-MM-DD)' })
export class GrantPeriodInput {
  @Field()
  @IsIsoDate()
  from!: string;

  @Field()
  @IsIsoDate()
  to!: string;
}

@InputType('GrantFinancingPlanInput', {
  description: 'Cost and financing plan: requested + own share + third-party funds = total eligible cost (cents)',
})
export class GrantFinancingPlanInput {
  @Field(() => Float)
  @IsCents()
  totalEligibleCost!: number;

  @Field(() => Float)
  @IsCents()
  ownShare!: number;

  @Field(() => Float)
  @IsCents()
  thirdPartyFunds!: number;
}

@InputType()
export class SubmitGrantApplicationInput {
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  grantId?: string;

  @Field(() => ID, { description: 'A programme of the catalogue' })
  @Matches(PROGRAMME_ID, { message: 'programmeId must be lower-case words joined by hyphens' })
  @MaxLength(60)
  programmeId!: string;

  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field(() => [ID], { description: 'The measures the grant is for (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  measureIds!: string[];

  @Field(() => Float, { description: 'Cents' })
  @IsCents()
  requestedAmount!: number;

  @Field(() => GrantFinancingPlanInput)
  @ValidateNested()
  @Type(() => GrantFinancingPlanInput)
  plan!: GrantFinancingPlanInput;

  @Field(() => GrantPeriodInput, { description: 'Period the measure runs' })
  @ValidateNested()
  @Type(() => GrantPeriodInput)
  period!: GrantPeriodInput;

  @Field({ description: 'Requests permission to start before the approval (vorzeitiger Maßnahmebeginn)' })
  @IsBoolean()
  earlyStartRequested!: boolean;
}

@InputType({ description: 'Changed parts of the application; what is not sent stays as it is' })
export class SupplementGrantApplicationInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field(() => Float, { nullable: true })
  @IsOmittable()
  @IsCents()
  requestedAmount?: number;

  @Field(() => GrantFinancingPlanInput, { nullable: true })
  @IsOmittable()
  @ValidateNested()
  @Type(() => GrantFinancingPlanInput)
  plan?: GrantFinancingPlanInput;

  @Field(() => GrantPeriodInput, { nullable: true })
  @IsOmittable()
  @ValidateNested()
  @Type(() => GrantPeriodInput)
  period?: GrantPeriodInput;

  @Field({ nullable: true })
  @IsOmittable()
  @IsBoolean()
  earlyStartRequested?: boolean;

  @Field()
  @IsText(2000)
  reason!: string;
}

@InputType()
export class GrantReasonInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field()
  @IsText(2000)
  reason!: string;
}

@InputType()
export class PermitEarlyStartInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field({ description: 'Date from which the measure may start' })
  @IsIsoDate()
  permittedFrom!: string;
}

@InputType('GrantReportDeadlineInput')
export class GrantReportDeadlineInput {
  @Field(() => ProofOfUseKindEnum)
  @IsIn(PROOF_KINDS)
  kind!: ProofKind;

  @Field(() => Int, { nullable: true, description: 'Budget year of an interim proof; none for the final proof' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  budgetYear?: number;

  @Field()
  @IsIsoDate()
  dueOn!: string;
}

@InputType({ description: 'Zuwendungsbescheid' })
export class ApproveGrantInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field({ description: 'Reference number (Aktenzeichen) of the notice' })
  @IsText(100)
  referenceNumber!: string;

  @Field({ description: 'Granting authority (Bewilligungsbehörde)' })
  @IsText(200)
  authority!: string;

  @Field()
  @IsIsoDate()
  approvedOn!: string;

  @Field({ description: 'Purpose of the grant (Zuwendungszweck)' })
  @IsText(2000)
  purpose!: string;

  @Field(() => FinancingTypeEnum)
  @IsIn(FINANCING_TYPES)
  financingType!: FinancingType;

  @Field(() => Float, { description: 'Maximum amount in cents (Höchstbetrag); at most the amount requested' })
  @IsCents()
  maximumAmount!: number;

  @Field(() => Float, { description: 'Eligible expenditure in cents' })
  @IsCents()
  eligibleExpenditure!: number;

  @Field(() => GrantPeriodInput, { description: 'Bewilligungszeitraum' })
  @ValidateNested()
  @Type(() => GrantPeriodInput)
  approvalPeriod!: GrantPeriodInput;

  @Field(() => [GrantReportDeadlineInput])
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => GrantReportDeadlineInput)
  reportDeadlines!: GrantReportDeadlineInput[];
}

@InputType()
export class RejectGrantApplicationInput extends GrantReasonInput {
  @Field()
  @IsIsoDate()
  rejectedOn!: string;
}

@InputType({ description: 'Änderungsbescheid: the terms sent replace those of the approval in force' })
export class AmendGrantInput extends GrantReasonInput {
  @Field(() => Int, { description: 'The new version: the current version + 1' })
  @IsInt()
  @Min(2)
  @Max(10_000)
  version!: number;

  @Field()
  @IsIsoDate()
  amendedOn!: string;

  @Field(() => Float, { nullable: true })
  @IsOmittable()
  @IsCents()
  maximumAmount?: number;

  @Field(() => Float, { nullable: true })
  @IsOmittable()
  @IsCents()
  eligibleExpenditure?: number;

  @Field(() => GrantPeriodInput, { nullable: true })
  @IsOmittable()
  @ValidateNested()
  @Type(() => GrantPeriodInput)
  approvalPeriod?: GrantPeriodInput;

  @Field(() => [GrantReportDeadlineInput], { nullable: true })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => GrantReportDeadlineInput)
  reportDeadlines?: GrantReportDeadlineInput[];
}

@InputType()
export class RevokeGrantInput extends GrantReasonInput {
  @Field()
  @IsIsoDate()
  revokedOn!: string;
}

@InputType({ description: 'Mittelabruf, paid out' })
export class DisburseGrantFundsInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  disbursementId?: string;

  @Field(() => Float, { description: 'Cents' })
  @IsCents()
  amount!: number;

  @Field({ description: 'Date the funds are needed by: at most two months after payment' })
  @IsIsoDate()
  neededBy!: string;

  @Field({ description: 'Date paid; within the approval period' })
  @IsIsoDate()
  paidOn!: string;
}

@InputType({ description: 'Beleg declared to a grant' })
export class RecordExpenditureInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  expenditureId?: string;

  @Field({ description: 'Date of the expenditure; within the approval period' })
  @IsIsoDate()
  date!: string;

  @Field({ description: 'Payee: an organisation or business (no data of residents)' })
  @IsText(200)
  payee!: string;

  @Field()
  @IsText(500)
  purpose!: string;

  @Field(() => Float, { description: 'Cents declared to this grant' })
  @IsCents()
  amount!: number;

  @Field({ description: 'Budget line (Position des Finanzierungsplans)' })
  @IsText(100)
  budgetLine!: string;

  @Field({ description: 'Receipt reference; the same receipt may be split across grants up to its total' })
  @IsText(200)
  @Matches(/^\S(.*\S)?$/s, { message: 'receiptReference must not begin or end with white space' })
  receiptReference!: string;

  @Field({ description: 'SHA-256 of the receipt file, 64 lower-case hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'receiptFileHash must be a SHA-256 in 64 lower-case hex digits' })
  receiptFileHash!: string;

  @Field(() => Float, { description: 'Total of the receipt in cents' })
  @IsCents()
  receiptTotal!: number;
}

@InputType({ description: 'Names a proof of use: the final one, or the interim one of a budget year' })
export class ProofOfUseRefInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field(() => ProofOfUseKindEnum)
  @IsIn(PROOF_KINDS)
  kind!: ProofKind;

  @Field(() => Int, { nullable: true, description: 'Budget year of an interim proof; none for the final proof' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  budgetYear?: number;
}

@InputType()
export class SubmitProofOfUseInput extends ProofOfUseRefInput {
  @Field({ description: 'Factual report (Sachbericht), in short' })
  @IsText(5000)
  reportSummary!: string;

  @Field(() => Float, { description: 'Numerical statement (zahlenmäßiger Nachweis): total expenditure in cents' })
  @IsCents()
  statementTotal!: number;

  @Field(() => Int, { description: 'Number of receipts listed' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  receiptsCount!: number;
}

@InputType()
export class QueryProofOfUseInput extends ProofOfUseRefInput {
  @Field(() => [String])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  questions!: string[];
}

@InputType({ description: 'Rückforderung' })
export class DemandRepaymentInput extends GrantReasonInput {
  @Field(() => ID, { nullable: true, description: 'UUID; derived from the command id when omitted' })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @Field(() => Float, { description: 'Principal in cents; at most what was disbursed and not yet demanded' })
  @IsCents()
  amount!: number;

  @Field(() => Float, { description: 'Interest in cents' })
  @IsCents()
  interest!: number;

  @Field({ description: 'Legal basis, e.g. "§ 49a VwVfG"' })
  @IsText(500)
  legalBasis!: string;

  @Field()
  @IsIsoDate()
  dueOn!: string;
}

@InputType()
export class RecordRepaymentReceivedInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;

  @Field(() => ID)
  @IsUUID()
  demandId!: string;

  @Field(() => Float, { description: 'Cents' })
  @IsCents()
  amount!: number;

  @Field()
  @IsIsoDate()
  receivedOn!: string;
}

@InputType()
export class WriteOffRepaymentInput extends GrantReasonInput {
  @Field(() => ID)
  @IsUUID()
  demandId!: string;
}

@InputType()
export class CloseGrantInput {
  @Field(() => ID)
  @IsUUID()
  grantId!: string;
}
