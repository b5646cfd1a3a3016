import { Args, ArgsType, Field, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import type { Principal } from '../../../core/principal';
import { Connection, ConnectionArgs, toConnection } from '../../../graphql/connection';
import { enumOf } from '../../../graphql/enum-of';
import { CurrentActor } from '../../../graphql/request-context';
import { WebhookEndpoint } from '../../../../projections/webhooks/webhooks.resolver';
import { GetWebhookQuery } from '../../../../projections/webhooks/webhooks.query';
import { GetWebhookCheckpointQuery, ListWebhookDeliveriesQuery } from '../application/webhook-deliveries.query';
import { DELIVERY_OUTCOMES, type DeliveryOutcome, type WebhookDeliveryDoc } from '../delivery/delivery-records';

const DeliveryOutcomeEnum = enumOf(DELIVERY_OUTCOMES);
registerEnumType(DeliveryOutcomeEnum, { name: 'WebhookDeliveryOutcome' });

@ObjectType({ description: 'One attempt to deliver one event' })
export class WebhookDelivery {
  @Field()
  attemptedAt!: string;
  @Field(() => ID, { description: 'The event id, sent as webhook-id' })
  eventId!: string;
  @Field()
  eventType!: string;
  @Field({ description: 'Cursor of the event' })
  cursor!: string;
  @Field(() => Int, { description: '1 for the first attempt at the event, counting on through retries' })
  attempt!: number;
  @Field(() => DeliveryOutcomeEnum)
  outcome!: DeliveryOutcome;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the answer; null when none came' })
  statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the attempt failed (status, timeout, connection error)' })
  error!: string | null;
  @Field(() => Int)
  durationMs!: number;
}

const WebhookDeliveryConnection = Connection(WebhookDelivery, 'WebhookDelivery');

@ObjectType({ description: 'The attempt that is being retried' })
export class WebhookPendingFailure {
  @Field(() => ID)
  eventId!: string;
  @Field()
  cursor!: string;
  @Field(() => Int, { nullable: true })
  statusCode!: number | null;
  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType({ description: 'Where delivery to the endpoint stands' })
export class WebhookDeliveryState {
  @Field(() => String, { nullable: true, description: 'Cursor of the last event delivered or passed over; null: from the start' })
  cursor!: string | null;
  @Field(() => Int)
  consecutiveFailures!: number;
  @Field(() => String, { nullable: true })
  failingSince!: string | null;
  @Field(() => String, { nullable: true, description: 'When the failing event is tried next' })
  nextAttemptAt!: string | null;
  @Field(() => WebhookPendingFailure, { nullable: true })
  lastFailure!: WebhookPendingFailure | null;
}

@ArgsType()
class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  webhookId!: string;
}

@Resolver(() => WebhookEndpoint)
export class WebhookDeliveriesResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log of an endpoint, newest attempt first' })
  async webhookDeliveries(@CurrentActor() actor: Principal, @Args() args: WebhookDeliveriesArgs) {
    await this.queryBus.execute(new GetWebhookQuery(args.webhookId, actor));
    const page = await this.queryBus.execute(
      new ListWebhookDeliveriesQuery({ webhookId: args.webhookId, first: args.first, after: args.after }),
    );
    return toConnection(page, (doc: WebhookDeliveryDoc): WebhookDelivery => doc);
  }

  @ResolveField(() => WebhookDeliveryState, { nullable: true, description: 'Null until delivery has started' })
  async delivery(@Parent() endpoint: WebhookEndpoint): Promise<WebhookDeliveryState | null> {
    const checkpoint = await this.queryBus.execute(new GetWebhookCheckpointQuery(endpoint.id));
    if (!checkpoint) return null;
    const { failures } = checkpoint;
    return {
      cursor: checkpoint.cursor,
      consecutiveFailures: failures?.count ?? 0,
      failingSince: failures?.since ?? null,
      nextAttemptAt: failures?.nextAttemptAt ?? null,
      lastFailure: failures?.last ?? null,
    };
  }
}
