import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { districtCondition } from '../../src/auth/district-scope';
import type { Principal } from '../../src/core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../src/graphql/connection';
import { enumOf } from '../../src/graphql/enum-of';
import { CurrentActor } from '../../src/graphql/request-context';
import {
  WEBHOOK_DISABLE_CAUSES,
  type WebhookDisableCause,
} from '../../src/webhooks/domain/webhooks.events';
import { ProjectionsService } from '../runner/projections.service';
import { WEBHOOK_STATUSES, type WebhookDoc, type WebhookStatus } from '../../src/webhooks/ports/webhook-endpoints.port';
import { GetWebhookQuery, ListWebhooksQuery } from './webhooks.query';

const WebhookStatusEnum = enumOf(WEBHOOK_STATUSES.filter((s) => s !== 'REMOVED'));
registerEnumType(WebhookStatusEnum, { name: 'WebhookStatus' });
const WebhookDisableCauseEnum = enumOf(WEBHOOK_DISABLE_CAUSES);
registerEnumType(WebhookDisableCauseEnum, {
  name: 'WebhookDisableCause',
  description:
    'OWNER: by a person; ENDPOINT_GONE: it answered 410; DELIVERY_FAILURES: it kept failing; SECRET_MISSING; ' +
    'OWNER_REVOKED: the API key that registered it was revoked or expired',
});

@ObjectType('WebhookFilter', { description: 'Which events the endpoint receives (every given part must match)' })
export class WebhookFilterView {
  @Field(() => [String], { nullable: true })
  types?: string[];
  @Field(() => [String], { nullable: true })
  categories?: string[];
  @Field(() => String, { nullable: true })
  districtId?: string;
}

@ObjectType({ description: 'The delivery attempt that made the service give up on the endpoint' })
export class WebhookFailureView {
  @Field(() => ID)
  eventId!: string;
  @Field({ description: 'Cursor of the event that could not be delivered' })
  cursor!: string;
  @Field(() => Int, { nullable: true })
  statusCode!: number | null;
  @Field(() => String, { nullable: true })
  error!: string | null;
  @Field(() => Int, { description: 'Consecutive failed attempts' })
  attempts!: number;
  @Field()
  failingSince!: string;
}

@ObjectType({ description: 'Why and when deliveries to the endpoint were stopped' })
export class WebhookDisabledView {
  @Field(() => WebhookDisableCauseEnum)
  cause!: WebhookDisableCause;
  @Field()
  reason!: string;
  @Field()
  at!: string;
  @Field(() => WebhookFailureView, { nullable: true })
  lastFailure!: WebhookFailureView | null;
}

@ObjectType({ description: 'A webhook endpoint of an integrator' })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;
  @Field(() => ID, { description: 'The principal who registered it' })
  ownerId!: string;
  @Field()
  url!: string;
  @Field(() => WebhookFilterView)
  filter!: WebhookFilterView;
  @Field(() => String, { nullable: true })
  description!: string | null;
  @Field(() => WebhookStatusEnum)
  status!: Exclude<WebhookStatus, 'REMOVED'>;
  @Field(() => WebhookDisabledView, { nullable: true, description: 'Set while the endpoint is disabled' })
  disabled!: WebhookDisabledView | null;
  @Field(() => String, { nullable: true, description: 'When the signing secret was last rotated' })
  secretRotatedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Until when deliveries also carry the previous secret\'s signature' })
  previousSecretValidUntil!: string | null;
  @Field()
  registeredAt!: string;
  @Field()
  updatedAt!: string;
  @Field(() => Int, { description: 'Stream version of the last change: send it as options.expectedVersion of an edit' })
  version!: number;
}

const WebhookEndpointConnection = Connection(WebhookEndpoint, 'WebhookEndpoint');

@ArgsType()
class WebhooksArgs extends ConnectionArgs {
  @Field(() => WebhookStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(WebhookStatusEnum))
  status?: Exclude<WebhookStatus, 'REMOVED'>;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

@ArgsType()
class WebhookArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'Wait (≤ 2 s) until read models reached this position' })
  @IsOptional()
  @IsString()
  waitForPosition?: string;
}

export const toWebhookEndpoint = (doc: WebhookDoc): WebhookEndpoint =>
  ({
    ...doc,
    status: doc.status as WebhookEndpoint['status'],
    previousSecretValidUntil: doc.previousSecret?.validUntil ?? null,
  }) as WebhookEndpoint;

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Query(() => WebhookEndpointConnection, {
    description: "The caller's webhook endpoints (administrators: everyone's) in the caller's districts, oldest first",
  })
  async webhooks(@CurrentActor() actor: Principal, @Args() args: WebhooksArgs) {
    await this.projections.waitForPosition(args.waitForPosition);
    const ownerId = actor.role === 'admin' ? null : actor.id;
    const district = districtCondition(actor);
    const page = await this.queryBus.execute(
      new ListWebhooksQuery({ ownerId, district, status: args.status, first: args.first, after: args.after }),
    );
    return toConnection(page, toWebhookEndpoint);
  }

  @Query(() => WebhookEndpoint, { description: 'One of the caller\'s webhook endpoints (administrators: any)' })
  async webhook(@CurrentActor() actor: Principal, @Args() args: WebhookArgs): Promise<WebhookEndpoint> {
    await this.projections.waitForPosition(args.waitForPosition);
    return toWebhookEndpoint(await this.queryBus.execute(new GetWebhookQuery(args.id, actor)));
  }
}
