import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsOptional, IsString } from 'class-validator';
import type { Role } from '../../src/core/roles';
import { RoleEnum } from '../../src/graphql/role.enum';
import { isoDay } from '../../src/core/calendar-dates';
import { CLOCK, type Clock } from '../../src/core/clock';
import type { Actor } from '../../src/core/envelope';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { CurrentActor } from '../../src/graphql/request-context';
import { ProjectionsService } from '../runner/projections.service';
import { type ApiKeyListing, ListApiKeysQuery } from './api-keys.query';

export const ApiKeyStatusEnum = { ACTIVE: 'active', REVOKED: 'revoked' } as const;
registerEnumType(ApiKeyStatusEnum, { name: 'ApiKeyStatus', description: 'REVOKED keys are refused for good' });

@ObjectType({ description: 'An API key of an integrator; its secret is shown only once, when it is issued' })
export class ApiKey {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field(() => RoleEnum)
  role!: Role;
  @Field(() => [ID], { nullable: true, description: 'Districts the key covers; null: every district' })
  districts!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Last day the key is accepted (German calendar); null: until revoked' })
  expiresOn!: string | null;
  @Field({ description: 'True once expiresOn has passed' })
  expired!: boolean;
  @Field(() => ApiKeyStatusEnum)
  status!: ApiKeyListing['status'];
  @Field()
  issuedAt!: string;
  @Field({ description: 'Who issued it: a person, or the API key it was issued with' })
  issuedBy!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The person the key acts for, whom four-eyes rules compare: its issuer, or for a key issued with a key the ' +
      'person that key acts for; null when that cannot be traced (such a key is refused)',
  })
  personId!: string | null;
  @Field(() => String, { nullable: true })
  revokedAt!: string | null;
  @Field(() => String, { nullable: true })
  revokedBy!: string | null;
  @Field(() => String, { nullable: true })
  revocationReason!: string | null;
  @Field(() => String, { nullable: true, description: 'Last request made with the key (recorded at most once a minute)' })
  lastUsedAt!: string | null;
}

const ApiKeyConnection = Connection(ApiKey, 'ApiKey');

@ArgsType()
class ApiKeysArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => ApiKeyConnection, { description: 'API keys, newest first; never their secrets' })
  async apiKeys(@CurrentActor() _actor: Actor, @Args() args: ApiKeysArgs) {
    await this.projections.waitForPosition(args.waitForPosition);
    const page = await this.queryBus.execute(new ListApiKeysQuery({ first: args.first, after: args.after }));
    const today = isoDay(this.clock.now());
    return toConnection(page, (key): ApiKey => ({ ...key, expired: key.expiresOn !== null && key.expiresOn < today }));
  }
}
