import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { FundingLevelEnum } from '../../src/funding/funding.enums';
import type { FundingLevel } from '../../src/funding/domain/funding-programmes.events';
import { ProjectionsService } from '../runner/projections.service';
import { ListFundingProgrammesQuery } from './funding-programmes.query';

@ObjectType({ description: 'Funding programme (Förderprogramm)' })
export class FundingProgramme {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field(() => FundingLevelEnum)
  level!: FundingLevel;
  @Field({ description: 'e.g. ESF Plus, EFRE, Städtebauförderung Sozialer Zusammenhalt, BIWAQ' })
  fund!: string;
  @Field({ description: 'The guideline (Förderrichtlinie)' })
  legalBasis!: string;
  @Field({ description: 'Version of the general conditions, e.g. ANBest-P 2019' })
  generalConditions!: string;
  @Field(() => Int, { description: 'Years records are retained' })
  retentionYears!: number;
  @Field()
  addedAt!: string;
  @Field()
  updatedAt!: string;
}

@Resolver(() => FundingProgramme)
export class FundingProgrammesResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => [FundingProgramme], { description: 'The funding-programme catalogue, by name' })
  async fundingProgrammes(
    @Args('level', { type: () => FundingLevelEnum, nullable: true }) level?: FundingLevel,
    @Args('waitForPosition', { nullable: true, description: 'Wait (≤ 2 s) until read models reached it' })
    waitForPosition?: string,
  ): Promise<FundingProgramme[]> {
    await this.projections.waitForPosition(waitForPosition);
    return this.queryBus.execute(new ListFundingProgrammesQuery(level ?? undefined));
  }
}
