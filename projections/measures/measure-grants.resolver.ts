import { QueryBus } from '@nestjs/cqrs';
import { Context, Field, Float, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FundingLevelEnum, GrantStatusEnum } from '../../src/funding/funding.enums';
import { loaderPerRequest } from '../../src/graphql/request-batch';
import type { GrantDoc } from '../grants/grants.projection';
import { GetGrantsByIdsQuery } from '../grants/grants.query';
import { grantAsOf } from '../grants/grants.resolver';
import { Measure } from './measures.resolver';

// Money fields are integer euro cents (Float: GraphQL Int is too small).

@ObjectType('MeasureGrant', { description: 'A grant applied for the measure, with its amounts' })
class MeasureGrant {
  @Field(() => ID)
  grantId!: string;
  @Field(() => GrantStatusEnum)
  status!: string;
  @Field(() => ID)
  programmeId!: string;
  @Field(() => FundingLevelEnum)
  programmeLevel!: string;
  @Field()
  fund!: string;
  @Field(() => Float)
  requestedAmount!: number;
  @Field(() => Float, { description: 'Maximum of the approval in force (0 before approval)' })
  approvedAmount!: number;
  @Field(() => Float)
  disbursed!: number;
  @Field(() => Float)
  spent!: number;
  @Field(() => Float, { description: 'Approved amount not yet disbursed' })
  remaining!: number;
  @Field(() => Float)
  repaid!: number;
}

const toMeasureGrant = (g: GrantDoc): MeasureGrant => ({
  grantId: g.id,
  status: g.status,
  programmeId: g.programmeId,
  programmeLevel: g.programmeLevel,
  fund: g.fund,
  requestedAmount: g.requestedAmount,
  approvedAmount: g.approvedAmount,
  disbursed: g.disbursed,
  spent: g.spent,
  remaining: g.remaining,
  repaid: g.repaid,
});

/**
 * The measure overview's grants and amounts: from the grant ledger, or — when the measure was read `asOf` a past
 * moment — each grant folded from the event log as of that same moment, so an auditor never sees today's amounts
 * beside yesterday's measure.
 */
@Resolver(() => Measure)
export class MeasureGrantsResolver {
  /** The grants of every measure of a page in one read of the ledger, not one per measure. */
  private readonly ledger = loaderPerRequest<GrantDoc>(async (grantIds) => {
    const grants: GrantDoc[] = await this.queryBus.execute(new GetGrantsByIdsQuery(grantIds));
    return new Map(grants.map((grant) => [grant.id, grant]));
  });

  constructor(private readonly queryBus: QueryBus) {}

  @ResolveField(() => [MeasureGrant], {
    description: 'Grants applied for this measure, with their amounts (as of the same moment under asOf)',
  })
  async grants(@Parent() measure: Measure, @Context() context: object): Promise<MeasureGrant[]> {
    if (measure.grantIds.length === 0) return [];
    if (!measure.asOf) return (await this.ledger(context).loadMany(measure.grantIds)).map(toMeasureGrant);
    const at = measure.asOf;
    const grants = await Promise.all(
      measure.grantIds.map((id) => this.queryBus.execute(grantAsOf(id, at)) as Promise<GrantDoc>),
    );
    return grants.map(toMeasureGrant);
  }
}
