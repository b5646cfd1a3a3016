import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JSONScalar } from '../graphql/json.scalar';
import { streamVisibleTo } from '../stream-visibility';
import type { Principal } from '../core/principal';
import { type RecordedEvent, streamCategory } from '../core/envelope';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CurrentActor } from '../graphql/request-context';
import { UNSHOWN_EVENT_FIELDS } from '../api-keys/domain/api-keys.events';
import { isAllowed } from '../auth/permissions';
import { DomainError } from '../core/domain-error';
import { EVENT_CATEGORIES } from '../event-registry';

@ObjectType({ description: 'Envelope metadata of a stored event: who, when, why, under which command' })
export class EventMetadataType {
  @Field()
  actorId!: string;
  @Field()
  actorRole!: string;
  @Field(() => String, { nullable: true, description: 'The person an API key acted for; absent when the actor is the person' })
  onBehalfOf?: string;
  @Field()
  recordedAt!: string;
  @Field(() => String, { nullable: true })
  effectiveAt?: string;
  @Field(() => ID)
  commandId!: string;
  @Field(() => ID)
  correlationId!: string;
  @Field(() => ID)
  causationId!: string;
  @Field(() => String, { nullable: true })
  reason?: string;
  @Field(() => String, { nullable: true })
  decisionRef?: string;
  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the request (mutation and arguments) that issued the command; null for the service\'s own',
  })
  requestHash?: string;
  @Field(() => Int)
  schemaVersion!: number;
  @Field()
  prevHash!: string;
  @Field()
  hash!: string;
}

@ObjectType({ description: 'An event as stored in the log' })
export class StoredEvent {
  @Field(() => ID)
  eventId!: string;
  @Field()
  type!: string;
  @Field()
  streamId!: string;
  @Field(() => Int)
  streamVersion!: number;
  @Field({ description: 'Opaque position in the whole log' })
  position!: string;
  @Field(() => JSONScalar)
  data!: unknown;
  @Field(() => EventMetadataType)
  metadata!: EventMetadataType;
}

@ArgsType()
class StreamEventsArgs {
  @Field({ description: 'Stream name `<category>-<id>`, e.g. district-<uuid>' })
  @Matches(/^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/, { message: 'streamId must look like <category>-<id>' })
  streamId!: string;

  @Field(() => Int, { defaultValue: 0, description: 'First stream version to return' })
  @IsInt()
  @Min(0)
  fromVersion = 0;

  @Field(() => Int, { defaultValue: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  first = 100;
}

/**
 * Fields shown as `[redacted]`: an API key's secret hash proves nothing to a reader (the audit trail hides it too).
 * Only this answer is redacted; the stored event, its hash chain and the exports read from the store are untouched.
 */
function redacted(event: RecordedEvent): RecordedEvent {
  const hidden = UNSHOWN_EVENT_FIELDS.filter((field) => field in event.data);
  if (hidden.length === 0) return event;
  return { ...event, data: { ...event.data, ...Object.fromEntries(hidden.map((field) => [field, '[redacted]'])) } };
}

@Resolver()
export class StreamEventsResolver {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @Query(() => [StoredEvent], { description: 'The events of one stream, oldest first, with their full metadata' })
  async streamEvents(@CurrentActor() actor: Principal, @Args() args: StreamEventsArgs): Promise<RecordedEvent[]> {
    // A stream of another district reads as one that does not exist: no events.
    if (!(await streamVisibleTo(this.events, actor, args.streamId))) return [];
    // API keys and webhook endpoints are the service's own records, other integrators' among them: they are read by
    // those who read the audit trail, not through the feed.
    if (!EVENT_CATEGORIES.includes(streamCategory(args.streamId)) && !isAllowed('Query.auditTrail', actor)) {
      throw new DomainError('FORBIDDEN', `The role ${actor.role} may not read ${streamCategory(args.streamId)} streams`);
    }
    const events = await this.events.readStream(args.streamId, { fromVersion: args.fromVersion, maxCount: args.first });
    return events.map(redacted);
  }
}
