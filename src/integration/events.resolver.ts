import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Principal } from '../core/principal';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainError } from '../core/domain-error';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CurrentActor, CurrentRequest, type RequestContext } from '../graphql/request-context';
import type { IntegrationEvent } from './cloud-event';
import { MAX_FEED_PAGE, readEventFeed } from './event-feed';
import { EventSubscriptions } from './event-subscriptions';
import { IntegrationEventConnection, IntegrationEventType } from './integration-event.type';
import { IntegrationFilterInput, scopedIntegrationFilter } from './integration-filter';
import { StreamDistricts } from './stream-districts';

@ArgsType()
class EventStreamArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last event you processed; omitted = from the start of the log',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @Field(() => IntegrationFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntegrationFilterInput)
  filter?: IntegrationFilterInput;
}

@ArgsType()
class EventFeedArgs extends EventStreamArgs {
  @Field(() => Int, { defaultValue: 100, description: `Events per page (1–${MAX_FEED_PAGE})` })
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first = 100;
}

/** The integrators' view of the log: a paged feed and a live subscription, both as CloudEvents in store order. */
@Resolver(() => IntegrationEventType)
export class EventsResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly districts: StreamDistricts,
    private readonly subscriptions: EventSubscriptions,
  ) {}

  @Query(() => IntegrationEventConnection, {
    name: 'events',
    description: 'Every recorded event after a cursor, in store order, as CloudEvents (Relay connection)',
  })
  events(@CurrentActor() actor: Principal, @Args() args: EventFeedArgs) {
    return readEventFeed(this.store, this.districts.districtOf, this.config.eventSource, {
      after: args.after ?? undefined,
      first: args.first,
      filter: scopedIntegrationFilter(args.filter, actor),
    });
  }

  @Subscription(() => IntegrationEventType, {
    name: 'events',
    description:
      'Replays every event after the cursor, then follows new ones: in store order, no gaps, no duplicates. ' +
      'A subscriber that lets SUBSCRIPTION_BUFFER_EVENTS live events (or SUBSCRIPTION_BUFFER_BYTES) pile up is ' +
      'disconnected with close code 4503 and resumes after its last cursor. A subscription over ' +
      'SUBSCRIPTIONS_PER_CONNECTION, SUBSCRIPTIONS_PER_IDENTITY or the service-wide budget is refused with ' +
      'TOO_MANY_SUBSCRIPTIONS.',
    resolve: (event: IntegrationEvent) => event,
  })
  eventStream(
    @CurrentActor() actor: Principal,
    @Args() args: EventStreamArgs,
    @CurrentRequest() request: RequestContext,
  ): AsyncIterableIterator<IntegrationEvent> {
    if (!request.connection) {
      throw new DomainError('BAD_USER_INPUT', 'Subscriptions need the graphql-ws WebSocket transport');
    }
    return this.subscriptions.open({
      after: args.after ?? undefined,
      filter: scopedIntegrationFilter(args.filter, actor),
      connection: request.connection,
      subscriberId: actor.id,
    });
  }
}
