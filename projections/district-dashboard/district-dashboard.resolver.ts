import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { isoDay } from '../../src/core/calendar-dates';
import { CLOCK, type Clock } from '../../src/core/clock';
import { assertVisible } from '../../src/auth/district-scope';
import { notFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { FundingLevelEnum } from '../../src/funding/funding.enums';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import { type DeadlineKind, type DistrictDashboard, DistrictDashboardQuery } from './district-dashboard.query';

// Money fields are integer euro cents (Float: GraphQL Int is too small); dates are YYYY-MM-DD.

export enum DashboardDeadlineKind {
  INTERIM_PROOF = 'INTERIM_PROOF',
  FINAL_PROOF = 'FINAL_PROOF',
  MEASURE_PLANNED_END = 'MEASURE_PLANNED_END',
}
registerEnumType(DashboardDeadlineKind, { name: 'DashboardDeadlineKind' });

@ObjectType('DashboardStatusCount')
class DashboardStatusCount {
  @Field()
  status!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType('DashboardFundingAmounts')
class DashboardFundingAmounts {
  @Field(() => Int)
  grantCount!: number;
  @Field(() => Float, { description: 'Requested by applications not withdrawn' })
  requested!: number;
  @Field(() => Float, { description: 'Maximum amounts of the approvals in force (approved or closed grants)' })
  approved!: number;
  @Field(() => Float)
  disbursed!: number;
  @Field(() => Float)
  spent!: number;
  @Field(() => Float)
  repaid!: number;
}

@ObjectType('DashboardLevelFunding')
class DashboardLevelFunding extends DashboardFundingAmounts {
  @Field(() => FundingLevelEnum)
  level!: string;
}

@ObjectType('DashboardProgrammeFunding')
class DashboardProgrammeFunding extends DashboardFundingAmounts {
  @Field(() => ID)
  programmeId!: string;
  @Field()
  name!: string;
  @Field(() => FundingLevelEnum)
  level!: string;
  @Field()
  fund!: string;
}

@ObjectType('DashboardFunding')
class DashboardFunding {
  @Field(() => DashboardFundingAmounts)
  total!: DashboardFundingAmounts;
  @Field(() => [DashboardLevelFunding], { description: 'EU, FEDERAL, STATE, MUNICIPAL' })
  byLevel!: DashboardLevelFunding[];
  @Field(() => [DashboardProgrammeFunding])
  byProgramme!: DashboardProgrammeFunding[];
}

@ObjectType('DashboardSection')
class DashboardSection {
  @Field(() => Int)
  goalCount!: number;
  @Field(() => [DashboardStatusCount])
  goalsByStatus!: DashboardStatusCount[];
  @Field(() => Int)
  measureCount!: number;
  @Field(() => [DashboardStatusCount])
  measuresByStatus!: DashboardStatusCount[];
  @Field(() => Int, { description: 'Measures serving two or more action fields (not cancelled)' })
  integratedMeasureCount!: number;
  @Field(() => Float, { nullable: true, description: 'Share of integrated measures among those not cancelled, 0–100' })
  integratedSharePercent!: number | null;
  @Field(() => DashboardFunding)
  funding!: DashboardFunding;
}

@ObjectType('DashboardActionField', {
  description: 'The district seen through one action field; a grant counts for every field its measures serve',
})
class DashboardActionField extends DashboardSection {
  @Field(() => ID)
  actionFieldId!: string;
  @Field(() => String, { nullable: true })
  name!: string | null;
  @Field(() => Int, { nullable: true })
  number!: number | null;
}

@ObjectType('DashboardDeadline')
class DashboardDeadline {
  @Field(() => DashboardDeadlineKind)
  kind!: DeadlineKind;
  @Field()
  dueOn!: string;
  @Field()
  overdue!: boolean;
  @Field(() => ID, { nullable: true })
  grantId!: string | null;
  @Field(() => Int, { nullable: true })
  budgetYear!: number | null;
  @Field(() => ID, { nullable: true })
  measureId!: string | null;
  @Field()
  label!: string;
}

@ObjectType('DashboardConceptVersion')
class DashboardConceptVersion {
  @Field(() => Int)
  version!: number;
  @Field()
  title!: string;
  @Field()
  adoptedOn!: string;
}

@ObjectType('DistrictDashboard', { description: 'Progress and funding of one district, overall and per action field' })
export class DistrictDashboardType {
  @Field(() => ID)
  districtId!: string;
  @Field()
  name!: string;
  @Field()
  status!: string;
  @Field(() => String, { nullable: true })
  latestSwotDate!: string | null;
  @Field(() => Int, { nullable: true })
  latestSwotAnalysisNumber!: number | null;
  @Field(() => DashboardConceptVersion, { nullable: true, description: 'The concept version in force' })
  conceptVersion!: DashboardConceptVersion | null;
  @Field({ description: 'The day overdue flags were computed for' })
  today!: string;
  @Field(() => DashboardSection)
  totals!: DashboardSection;
  @Field(() => [DashboardActionField])
  actionFields!: DashboardActionField[];
  @Field(() => [DashboardDeadline], { description: 'Open deadlines, earliest (overdue) first' })
  nextDeadlines!: DashboardDeadline[];
}

@ArgsType()
class DistrictDashboardArgs {
  @Field(() => ID)
  @IsUUID()
  districtId!: string;

  @Field(() => Int, { defaultValue: 10, description: 'How many of the next deadlines (1–100)' })
  @IsInt()
  @Min(1)
  @Max(100)
  deadlineLimit: number = 10;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@Resolver(() => DistrictDashboardType)
export class DistrictDashboardResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => DistrictDashboardType)
  async districtDashboard(@CurrentActor() actor: Principal, @Args() args: DistrictDashboardArgs): Promise<DistrictDashboard> {
    assertVisible(actor, args.districtId, () => notFound('District', args.districtId));
    await this.projections.waitForPosition(args.waitForPosition);
    return this.queryBus.execute(new DistrictDashboardQuery(args.districtId, isoDay(this.clock.now()), args.deadlineLimit));
  }
}
