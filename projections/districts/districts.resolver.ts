import { Args, ArgsType, Field, Float, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DistrictStatusEnum, SwotItemKindEnum } from '../../src/districts/districts.enums';
import { versionInForce } from '../../src/districts/domain/districts.decider';
import type { SwotItemKind } from '../../src/districts/domain/districts.events';
import { assertVisible, districtCondition } from '../../src/auth/district-scope';
import { recordNotFound } from '../../src/core/domain-error';
import type { Principal } from '../../src/core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { IsIsoDate } from '../../src/graphql/validators';
import { AsOfArgs } from '../../src/time-travel/as-of.args';
import { ownStreamAsOf } from '../../src/time-travel/record-as-of.query';
import { ProjectionsService } from '../runner/projections.service';
import { districtsProjection, type DistrictDoc } from './districts.projection';
import { GetDistrictQuery, ListDistrictsQuery } from './districts.query';

@ObjectType()
class Designation {
  @Field()
  number!: string;
  @Field()
  date!: string;
}

@ObjectType({ description: 'A version of the integrated development concept (ISEK/IEK); versions are never edited' })
export class DistrictConceptVersion {
  @Field(() => Int, { description: '1, 2, 3… in the order of adoption' })
  version!: number;
  @Field()
  title!: string;
  @Field({ description: 'In force from this date until the next version is adopted' })
  adoptedOn!: string;
  @Field(() => ID)
  adoptedByBodyId!: string;
  @Field({ description: 'The adopting decision, `<bodyId>/<decisionId>`' })
  decisionRef!: string;
  @Field()
  summary!: string;
  @Field()
  recordedAt!: string;
}

@ObjectType()
export class DistrictSwotItem {
  @Field(() => SwotItemKindEnum)
  kind!: SwotItemKind;
  @Field()
  actionFieldId!: string;
  @Field()
  statement!: string;
  @Field(() => String, { nullable: true })
  evidence!: string | null;
}

@ObjectType({ description: 'A dated SWOT analysis (Stärken-Schwächen-Analyse)' })
export class DistrictSwotAnalysis {
  @Field(() => Int, { description: '1, 2, 3… in the order recorded' })
  analysisNumber!: number;
  @Field()
  conductedOn!: string;
  @Field(() => [DistrictSwotItem])
  items!: DistrictSwotItem[];
  @Field(() => [ID])
  participatingBodyIds!: string[];
  @Field()
  recordedAt!: string;
}

@ObjectType({ description: 'A revision of the plan for an action field in the district' })
export class DistrictActionFieldPlanRevision {
  @Field(() => Int)
  revision!: number;
  @Field()
  situation!: string;
  @Field()
  potentials!: string;
  @Field()
  obstacles!: string;
  @Field()
  recordedAt!: string;
}

@ObjectType({ description: 'The plan in force for an action field, with the revisions it superseded' })
export class DistrictActionFieldPlan extends DistrictActionFieldPlanRevision {
  @Field()
  actionFieldId!: string;
  @Field(() => [DistrictActionFieldPlanRevision], { description: 'Superseded revisions, oldest first' })
  history!: DistrictActionFieldPlanRevision[];
}

@ObjectType()
export class DistrictIndicatorCorrection {
  @Field(() => Float)
  previousValue!: number;
  @Field()
  previousSource!: string;
  @Field()
  reason!: string;
  @Field()
  correctedAt!: string;
}

@ObjectType({ description: 'A context indicator value as of its reference date (corrected where it was corrected)' })
export class DistrictContextIndicatorValue {
  @Field()
  referenceDate!: string;
  @Field(() => Float)
  value!: number;
  @Field()
  source!: string;
  @Field()
  recordedAt!: string;
  @Field(() => [DistrictIndicatorCorrection], { description: 'Oldest first; empty when never corrected' })
  corrections!: DistrictIndicatorCorrection[];
}

@ObjectType({ description: 'A context indicator of the district (population, share of residents on benefits, …)' })
export class DistrictContextIndicator {
  @Field()
  indicatorKey!: string;
  @Field()
  unit!: string;
  @Field(() => DistrictContextIndicatorValue, { description: 'The value with the latest reference date' })
  latest!: DistrictContextIndicatorValue;
  @Field(() => [DistrictContextIndicatorValue], { description: 'By reference date, oldest first' })
  values!: DistrictContextIndicatorValue[];
}

@ObjectType({ description: 'District (Stadtteil / Fördergebiet)' })
export class District {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field()
  municipality!: string;
  @Field({ description: 'Official municipality key (AGS)' })
  municipalityKey!: string;
  @Field(() => [String])
  programmes!: string[];
  @Field(() => Designation)
  designation!: Designation;
  @Field(() => Float, { nullable: true })
  areaHectares!: number | null;
  @Field(() => String, { nullable: true })
  startDate!: string | null;
  @Field(() => String, { nullable: true })
  expectedEndDate!: string | null;
  @Field(() => DistrictStatusEnum)
  status!: DistrictDoc['status'];
  @Field()
  registeredAt!: string;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
  @Field(() => [DistrictConceptVersion], { description: 'All concept versions, oldest first' })
  conceptVersions!: DistrictConceptVersion[];
  @Field(() => Int, { nullable: true, description: 'The latest version adopted: the one in force today' })
  currentConceptVersion!: number | null;
  @Field(() => Int)
  swotAnalysisCount!: number;
  @Field(() => DistrictSwotAnalysis, { nullable: true, description: 'The analysis with the latest date' })
  latestSwotAnalysis!: DistrictSwotAnalysis | null;
  @Field(() => [DistrictActionFieldPlan], { description: 'The plan in force per action field' })
  actionFieldPlans!: DistrictActionFieldPlan[];
  @Field(() => [DistrictContextIndicator])
  contextIndicators!: DistrictContextIndicator[];
  @Field(() => String, { nullable: true, description: 'Date the programme closed' })
  closedOn!: string | null;
  @Field(() => String, { nullable: true })
  closureReason!: string | null;
  @Field(() => String, { nullable: true, description: 'When the closure was recorded' })
  closedAt!: string | null;
}

const DistrictConnection = Connection(District, 'District');

const DISTRICT_STATUSES = Object.values(DistrictStatusEnum);

@ArgsType()
class DistrictsArgs extends ConnectionArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  municipality?: string;

  @Field(() => DistrictStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(DISTRICT_STATUSES)
  status?: DistrictDoc['status'];

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class DistrictArgs extends AsOfArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class VersionInForceArgs {
  @Field({ description: 'YYYY-MM-DD' })
  @IsIsoDate()
  on!: string;
}

const toDistrict = (doc: DistrictDoc): District => doc as unknown as District;

@Resolver(() => District)
export class DistrictsResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => DistrictConnection, { description: 'Districts by municipality and name' })
  async districts(@CurrentActor() actor: Principal, @Args() args: DistrictsArgs) {
    await this.projections.waitForPosition(args.waitForPosition);
    const { municipality, status, first, after } = args;
    const page = await this.queryBus.execute(
      new ListDistrictsQuery({ municipality, status, ids: districtCondition(actor), first, after }),
    );
    return toConnection(page, toDistrict);
  }

  @Query(() => District)
  async district(@CurrentActor() actor: Principal, @Args() args: DistrictArgs): Promise<District> {
    assertVisible(actor, args.id, () => recordNotFound('District', args.id, args.asOf));
    await this.projections.waitForPosition(args.waitForPosition);
    const doc = args.asOf
      ? await this.queryBus.execute(ownStreamAsOf<DistrictDoc>(districtsProjection, 'District', 'district', args.id, args.asOf))
      : await this.queryBus.execute(new GetDistrictQuery(args.id));
    return toDistrict(doc);
  }

  @ResolveField(() => DistrictConceptVersion, {
    nullable: true,
    description: 'The concept version in force on a date: the last one adopted on or before it',
  })
  conceptVersionInForce(@Parent() district: District, @Args() args: VersionInForceArgs): DistrictConceptVersion | null {
    return versionInForce(district.conceptVersions, args.on);
  }
}
