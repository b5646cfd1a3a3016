import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { assertVisible, districtCondition } from '../../src/auth/district-scope';
import { recordNotFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import {
  MeasureEvaluationRating,
  MeasureResourceKind,
  MeasureSponsorType,
  MeasureStatusEnum,
} from '../../src/measures/measures.enums';
import type { EvaluationRating, ResourceKind, SponsorType } from '../../src/measures/domain/measures.events';
import { AsOfArgs } from '../../src/time-travel/as-of.args';
import { ownStreamAsOf } from '../../src/time-travel/record-as-of.query';
import { ProjectionsService } from '../runner/projections.service';
import { measuresProjection, type MeasureDoc } from './measures.projection';
import { GetMeasureQuery, ListMeasuresQuery } from './measures.query';

type MeasureStatusValue = MeasureDoc['status'];

@ObjectType()
class MeasureSponsor {
  @Field()
  name!: string;
  @Field(() => MeasureSponsorType)
  type!: SponsorType;
}

@ObjectType()
class MeasureGoalContribution {
  @Field(() => ID)
  goalId!: string;
  @Field(() => Int, { description: '1–100' })
  weight!: number;
}

@ObjectType()
class MeasureResource {
  @Field(() => MeasureResourceKind)
  kind!: ResourceKind;
  @Field()
  description!: string;
  @Field(() => Float, { nullable: true, description: 'Euro cents (FUNDS only)' })
  amountCents!: number | null;
}

@ObjectType()
class MeasureMilestone {
  @Field()
  milestoneId!: string;
  @Field()
  title!: string;
  @Field()
  reachedOn!: string;
}

@ObjectType({ description: 'Cumulative counts reported so far (null: never reported); counts only, never names' })
class MeasureOutputs {
  @Field(() => Int, { nullable: true })
  participants!: number | null;
  @Field(() => Int, { nullable: true })
  longTermUnemployedPlacedInSocialInstitutions!: number | null;
  @Field(() => Int, { nullable: true })
  participantsWithImprovedEmployability!: number | null;
  @Field(() => Int, { nullable: true })
  employmentOpportunitiesCreated!: number | null;
}

@ObjectType()
class MeasureEvaluation {
  @Field()
  evaluatedOn!: string;
  @Field()
  effect!: string;
  @Field()
  costEffectiveness!: string;
  @Field()
  lessons!: string;
  @Field(() => MeasureEvaluationRating)
  rating!: EvaluationRating;
}

@ObjectType({ description: 'Measure (Maßnahme / Projekt)' })
export class Measure {
  /** Set when the measure was read as of a past moment, so fields resolved from other records use the same moment. */
  asOf?: Date;
  @Field(() => ID)
  id!: string;
  @Field()
  code!: string;
  @Field()
  title!: string;
  @Field(() => String, { nullable: true })
  description!: string | null;
  @Field(() => ID)
  districtId!: string;
  @Field(() => MeasureStatusEnum)
  status!: MeasureStatusValue;
  @Field(() => [ID])
  actionFieldIds!: string[];
  @Field({ description: 'True when the measure serves two or more action fields' })
  integrated!: boolean;
  @Field(() => [MeasureGoalContribution])
  goalContributions!: MeasureGoalContribution[];
  @Field(() => MeasureSponsor)
  sponsor!: MeasureSponsor;
  @Field()
  location!: string;
  @Field()
  plannedStartDate!: string;
  @Field()
  plannedEndDate!: string;
  @Field(() => String, { nullable: true })
  actualStartDate!: string | null;
  @Field(() => String, { nullable: true })
  actualEndDate!: string | null;
  @Field(() => [MeasureResource])
  resources!: MeasureResource[];
  @Field(() => [String])
  targetGroups!: string[];
  @Field(() => Float, { nullable: true, description: 'Euro cents' })
  budgetCents!: number | null;
  @Field()
  plannedBy!: string;
  @Field()
  plannedAt!: string;
  @Field(() => String, { nullable: true })
  approvedOn!: string | null;
  @Field(() => String, { nullable: true })
  approvedBy!: string | null;
  @Field(() => Int)
  progressPercent!: number;
  @Field(() => String, { nullable: true })
  lastReportedOn!: string | null;
  @Field(() => [MeasureMilestone])
  milestones!: MeasureMilestone[];
  @Field(() => MeasureOutputs)
  outputs!: MeasureOutputs;
  @Field(() => [ID], { description: 'Grants applied for this measure' })
  grantIds!: string[];
  @Field(() => [ID], { description: 'Grants that confirmed the start (approved, or early start permitted)' })
  startConfirmedByGrantIds!: string[];
  @Field(() => String, { nullable: true })
  suspensionReason!: string | null;
  @Field(() => String, { nullable: true })
  cancellationReason!: string | null;
  @Field(() => MeasureEvaluation, { nullable: true })
  evaluation!: MeasureEvaluation | null;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
}

const MeasureConnection = Connection(Measure, 'Measure');

@ArgsType()
class MeasuresArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  districtId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actionFieldId?: string;

  @Field(() => MeasureStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(MeasureStatusEnum))
  status?: MeasureStatusValue;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class MeasureArgs extends AsOfArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

const toMeasure = (doc: MeasureDoc): Measure => doc as unknown as Measure;

@Resolver(() => Measure)
export class MeasuresResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => MeasureConnection, { description: 'Measures by code, optionally of one district, action field, status' })
  async measures(@CurrentActor() actor: Principal, @Args() args: MeasuresArgs) {
    const districtId = districtCondition(actor, args.districtId);
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(
      new ListMeasuresQuery({
        districtId,
        actionFieldId: args.actionFieldId,
        status: args.status,
        first: args.first,
        after: args.after,
      }),
    );
    return toConnection(page, toMeasure);
  }

  @Query(() => Measure)
  async measure(@CurrentActor() actor: Principal, @Args() args: MeasureArgs): Promise<Measure> {
    await this.projections.waitForPosition(args.waitForPosition);
    const doc = args.asOf
      ? await this.queryBus.execute(ownStreamAsOf<MeasureDoc>(measuresProjection, 'Measure', 'measure', args.id, args.asOf))
      : await this.queryBus.execute(new GetMeasureQuery(args.id));
    assertVisible(actor, doc.districtId, () => recordNotFound('Measure', args.id, args.asOf));
    return args.asOf ? { ...toMeasure(doc), asOf: args.asOf } : toMeasure(doc);
  }
}
