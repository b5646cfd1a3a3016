import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { Actor } from '../../src/event-store/event-store.port';
import {
  FinancingTypeEnum,
  FundingLevelEnum,
  GrantStatusEnum,
  MeasureStartBasisEnum,
  ProofOfUseKindEnum,
  ProofOfUseStatusEnum,
} from '../../src/funding/api/funding.enums';
import { PROGRAMME_ID } from '../../src/funding/api/funding-programmes.inputs';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import type { GrantDoc } from './grants.projection';
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
  @Field(() => String, { nullable: true, description: 'Reason of a withdrawal, rejection or revocation' })
  statusReason!: string | null;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change' })
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
class GrantArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const toGrant = (doc: GrantDoc): Grant => doc as unknown as Grant;

@Resolver(() => Grant)
export class GrantsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => GrantConnection, { description: 'Grants by district, programme and status; newest applications first' })
  async grants(@CurrentActor() _actor: Actor, @Args() args: GrantsArgs) {
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(
      new ListGrantsQuery({
        districtId: args.districtId,
        programmeId: args.programmeId,
        status: args.status,
        first: args.first,
        after: args.after,
      }),
    );
    return toConnection(page, toGrant);
  }

  @Query(() => Grant)
  async grant(@CurrentActor() _actor: Actor, @Args() args: GrantArgs): Promise<Grant> {
    await this.projections.waitForPosition(args.waitForPosition);
    return toGrant(await this.queryBus.execute(new GetGrantQuery(args.id)));
  }
}
