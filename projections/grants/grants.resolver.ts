import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CLOCK, type Clock } from '../../src/core/clock';
import { isoDay } from '../../src/core/calendar-dates';
import { streamName } from '../../src/core/decider';
import { assertVisible, districtCondition } from '../../src/auth/district-scope';
import { recordNotFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../../src/funding/domain/funding-programmes.decider';
import { grantsDecider } from '../../src/funding/domain/grants.decider';
import {
  FinancingTypeEnum,
  FundingLevelEnum,
  GrantStatusEnum,
  MeasureStartBasisEnum,
  ProofOfUseKindEnum,
  ProofOfUseStatusEnum,
} from '../../src/funding/funding.enums';
import { PROGRAMME_ID } from '../../src/funding/domain/funding-programmes.events';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { RecordAsOfQuery } from '../../src/time-travel/record-as-of.query';
import { AsOfArgs } from '../../src/time-travel/as-of.args';
import { ProjectionsService } from '../runner/projections.service';
import { grantsProjection, type GrantDoc } from './grants.projection';
import { isOverdue, proofKey } from './proof-deadlines';
import { GetGrantQuery, ListGrantsQuery } from './grants.query';

// Money fields are integer euro cents (Float: GraphQL Int is too small); dates are YYYY-MM-DD.

@ObjectType('GrantPeriod')
class GrantPeriod {
  @Field()
  from!: string;
  @Field()
  to!: string;
}

@ObjectType('GrantFinancingPlan')
class GrantFinancingPlan {
  @Field(() => Float)
  totalEligibleCost!: number;
  @Field(() => Float)
  ownShare!: number;
  @Field(() => Float)
  thirdPartyFunds!: number;
}

@ObjectType('GrantReportDeadline')
class GrantReportDeadline {
  @Field(() => ProofOfUseKindEnum)
  kind!: string;
  @Field(() => Int, { nullable: true })
  budgetYear!: number | null;
  @Field()
  dueOn!: string;
}

@ObjectType('GrantProofDeadline', { description: 'When a proof of use is due, computed from the approval in force' })
export class GrantProofDeadline {
  @Field(() => ProofOfUseKindEnum)
  kind!: string;
  @Field(() => Int, { nullable: true })
  budgetYear!: number | null;
  @Field()
  dueOn!: string;
  @Field({ description: 'NOTICE: stated in the approval notice; STATUTORY: 4 months after the budget year / 6 months after the approval period' })
  source!: string;
  @Field(() => ProofOfUseStatusEnum, { nullable: true, description: 'Status of the proof submitted for it; null when none' })
  proofStatus!: string | null;
  @Field({ description: 'Past due today with no proof submitted while the grant is approved' })
  overdue!: boolean;
}

@ObjectType('GrantApproval', { description: 'The approval in force (Zuwendungsbescheid, as last amended)' })
class GrantApproval {
  @Field(() => Int)
  version!: number;
  @Field()
  referenceNumber!: string;
  @Field()
  authority!: string;
  @Field()
  approvedOn!: string;
  @Field()
  purpose!: string;
  @Field(() => FinancingTypeEnum)
  financingType!: string;
  @Field(() => Float)
  maximumAmount!: number;
  @Field(() => Float)
  eligibleExpenditure!: number;
  @Field(() => GrantPeriod)
  approvalPeriod!: GrantPeriod;
  @Field(() => [GrantReportDeadline])
  reportDeadlines!: GrantReportDeadline[];
}

@ObjectType('GrantApprovalVersion', { description: 'Version 1 is the notice; later versions are amendments' })
class GrantApprovalVersion {
  @Field(() => Int)
  version!: number;
  @Field({ description: 'Approved on (version 1) or amended on' })
  decidedOn!: string;
  @Field(() => String, { nullable: true })
  reason!: string | null;
  @Field(() => Float)
  maximumAmount!: number;
  @Field(() => Float)
  eligibleExpenditure!: number;
  @Field(() => GrantPeriod)
  approvalPeriod!: GrantPeriod;
  @Field(() => [GrantReportDeadline])
  reportDeadlines!: GrantReportDeadline[];
  @Field()
  recordedAt!: string;
}

@ObjectType('GrantDisbursement', { description: 'Mittelabruf' })
class GrantDisbursement {
  @Field(() => ID)
  disbursementId!: string;
  @Field(() => Float)
  amount!: number;
  @Field()
  neededBy!: string;
  @Field()
  paidOn!: string;
  @Field()
  recordedAt!: string;
}

@ObjectType('GrantExpenditure', { description: 'Beleg declared to the grant' })
class GrantExpenditure {
  @Field(() => ID)
  expenditureId!: string;
  @Field()
  date!: string;
  @Field()
  payee!: string;
  @Field()
  purpose!: string;
  @Field(() => Float, { description: 'Declared to this grant' })
  amount!: number;
  @Field()
  budgetLine!: string;
  @Field()
  receiptReference!: string;
  @Field()
  receiptFileHash!: string;
  @Field(() => Float)
  receiptTotal!: number;
  @Field()
  recordedAt!: string;
}

@ObjectType('GrantProofOfUse')
class GrantProofOfUse {
  @Field(() => ProofOfUseKindEnum)
  kind!: string;
  @Field(() => Int, { nullable: true })
  budgetYear!: number | null;
  @Field(() => ProofOfUseStatusEnum)
  status!: string;
  @Field()
  reportSummary!: string;
  @Field(() => Float)
  statementTotal!: number;
  @Field(() => Int)
  receiptsCount!: number;
  @Field(() => Int)
  submissions!: number;
  @Field()
  submittedBy!: string;
  @Field()
  submittedAt!: string;
  @Field(() => [String], { description: 'Questions of the latest query' })
  questions!: string[];
  @Field(() => String, { nullable: true })
  queriedAt!: string | null;
  @Field(() => String, { nullable: true })
  acceptedBy!: string | null;
  @Field(() => String, { nullable: true })
  acceptedAt!: string | null;
}

@ObjectType('GrantRepaymentDemand', { description: 'Rückforderung' })
class GrantRepaymentDemand {
  @Field(() => ID)
  demandId!: string;
  @Field(() => Float)
  amount!: number;
  @Field(() => Float)
  interest!: number;
  @Field()
  reason!: string;
  @Field()
  legalBasis!: string;
  @Field()
  dueOn!: string;
  @Field(() => Float)
  received!: number;
  @Field(() => Float)
  writtenOff!: number;
  @Field(() => Float)
  outstanding!: number;
  @Field()
  demandedAt!: string;
}

@ObjectType('GrantMeasureStart')
class GrantMeasureStart {
  @Field(() => ID)
  measureId!: string;
  @Field()
  startDate!: string;
  @Field(() => MeasureStartBasisEnum)
  basis!: string;
  @Field()
  confirmedAt!: string;
}

@ObjectType({ description: 'Grant (Zuwendung): application, approval and ledger' })
export class Grant {
  @Field(() => ID)
  id!: string;
  @Field(() => GrantStatusEnum)
  status!: string;
  @Field(() => ID)
  programmeId!: string;
  @Field(() => FundingLevelEnum, { description: 'Level of the programme when the application was submitted' })
  programmeLevel!: string;
  @Field()
  fund!: string;
  @Field(() => ID)
  districtId!: string;
  @Field(() => [ID])
  measureIds!: string[];
  @Field()
  applicantId!: string;
  @Field()
  submittedAt!: string;
  @Field(() => Float)
  requestedAmount!: number;
  @Field(() => GrantFinancingPlan)
  plan!: GrantFinancingPlan;
  @Field(() => GrantPeriod, { description: 'Period applied for' })
  period!: GrantPeriod;
  @Field()
  earlyStartRequested!: boolean;
  @Field(() => String, { nullable: true })
  earlyStartPermittedFrom!: string | null;
  @Field(() => GrantApproval, { nullable: true })
  approval!: GrantApproval | null;
  @Field(() => [GrantApprovalVersion])
  approvalVersions!: GrantApprovalVersion[];
  @Field(() => Float, { description: 'Maximum of the approval in force (0 before approval)' })
  approvedAmount!: number;
  @Field(() => Float)
  disbursed!: number;
  @Field(() => Float, { description: 'Sum of the expenditures declared' })
  spent!: number;
  @Field(() => Float, { description: 'Approved amount not yet disbursed' })
  remaining!: number;
  @Field(() => Float)
  repaid!: number;
  @Field(() => Float)
  writtenOff!: number;
  @Field(() => [GrantDisbursement])
  disbursements!: GrantDisbursement[];
  @Field(() => [GrantExpenditure])
  expenditures!: GrantExpenditure[];
  @Field(() => [GrantProofOfUse])
  proofs!: GrantProofOfUse[];
  @Field(() => [GrantRepaymentDemand])
  repayments!: GrantRepaymentDemand[];
  @Field(() => [GrantMeasureStart])
  measureStarts!: GrantMeasureStart[];
  @Field(() => [GrantProofDeadline], { description: 'By due date; empty before approval' })
  proofDeadlines!: GrantProofDeadline[];
  @Field(() => Boolean, { description: 'True when any proof deadline is overdue today' })
  hasOverdueProofs!: boolean;
  @Field(() => Int, { nullable: true, description: 'Retention years of the programme (5 or 10)' })
  retentionYears!: number | null;
  @Field(() => String, { nullable: true, description: 'Paid date of the latest disbursement' })
  lastPaymentOn!: string | null;
  @Field(() => String, { nullable: true, description: '31 Dec of the year of the last payment + retention years' })
  retentionUntil!: string | null;
  @Field(() => String, { nullable: true, description: 'Reason of a withdrawal, rejection or revocation' })
  statusReason!: string | null;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
}

const GrantConnection = Connection(Grant, 'Grant');

@ArgsType()
class GrantsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  districtId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(PROGRAMME_ID, { message: 'programmeId must be lower-case words joined by hyphens' })
  @MaxLength(60)
  programmeId?: string;

  @Field(() => GrantStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(GrantStatusEnum))
  status?: GrantStatus;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class GrantArgs extends AsOfArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

/** A grant's ledger is fed by its own stream and, for the retention rule, the programme catalogue's. */
export const grantAsOf = (id: string, at: Date) =>
  new RecordAsOfQuery<GrantDoc>({
    projection: grantsProjection,
    entity: 'Grant',
    id,
    streams: [streamName(grantsDecider.category, id), streamName(fundingProgrammesDecider.category, FUNDING_PROGRAMME_CATALOGUE_ID)],
    at,
  });

/** The ledger as stored plus what depends on today: proof statuses and overdue flags. */
export function toGrant(doc: GrantDoc, today: string): Grant {
  const proofs = new Map(doc.proofs.map((p) => [proofKey(p.kind, p.budgetYear), p.status]));
  const submitted = new Set(proofs.keys());
  const proofDeadlines = doc.proofDeadlines.map((deadline) => ({
    ...deadline,
    proofStatus: proofs.get(proofKey(deadline.kind, deadline.budgetYear)) ?? null,
    overdue: isOverdue(deadline, submitted, doc.status, today),
  }));
  return { ...(doc as unknown as Grant), proofDeadlines, hasOverdueProofs: proofDeadlines.some((d) => d.overdue) };
}

@Resolver(() => Grant)
export class GrantsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => GrantConnection, { description: 'Grants by district, programme and status; newest applications first' })
  async grants(@CurrentActor() actor: Principal, @Args() args: GrantsArgs) {
    const districtId = districtCondition(actor, args.districtId);
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(
      new ListGrantsQuery({
        districtId,
        programmeId: args.programmeId,
        status: args.status,
        first: args.first,
        after: args.after,
      }),
    );
    const today = isoDay(this.clock.now());
    return toConnection(page, (doc: GrantDoc) => toGrant(doc, today));
  }

  @Query(() => Grant)
  async grant(@CurrentActor() actor: Principal, @Args() args: GrantArgs): Promise<Grant> {
    await this.projections.waitForPosition(args.waitForPosition);
    // As of a moment, the overdue flags are those of that day: what the record said then.
    const doc = args.asOf
      ? await this.queryBus.execute(grantAsOf(args.id, args.asOf))
      : await this.queryBus.execute(new GetGrantQuery(args.id));
    assertVisible(actor, doc.districtId, () => recordNotFound('Grant', args.id, args.asOf));
    return toGrant(doc, isoDay(args.asOf ?? this.clock.now()));
  }
}
