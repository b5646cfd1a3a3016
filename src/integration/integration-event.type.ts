import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { JSONScalar } from '../graphql/json.scalar';
import type { IntegrationEvent } from './cloud-event';

@ObjectType('IntegrationEvent', {
  description:
    'A recorded event as CloudEvents 1.0 (JSON format; attribute names as the specification spells them) with the ' +
    'cursor, the stream version and the public metadata as extension attributes',
})
export class IntegrationEventType implements IntegrationEvent {
  @Field(() => String)
  specversion!: '1.0';

  @Field(() => ID, { description: 'The event id (UUID): the same on every delivery, use it to deduplicate' })
  id!: string;

  @Field({ description: 'The deployment that recorded the event (EVENT_SOURCE)' })
  source!: string;

  @Field({ description: 'stadtteil-ledger.<EventType>, e.g. stadtteil-ledger.GrantFundsDisbursed' })
  type!: string;

  @Field({ description: 'The stream <category>-<id>, e.g. grant-<uuid>' })
  subject!: string;

  @Field({ description: 'When the event was recorded (ISO timestamp, UTC)' })
  time!: string;

  @Field(() => String)
  datacontenttype!: 'application/json';

  @Field(() => JSONScalar, { description: 'The event data; its fields per type are listed in the event catalogue' })
  data!: IntegrationEvent['data'];

  @Field({ description: 'Opaque position in the whole log: pass it as `after` to continue behind this event' })
  cursor!: string;

  @Field(() => Int, { description: 'Version of the event within its stream, from 0' })
  streamversion!: number;

  @Field()
  actorid!: string;

  @Field()
  actorrole!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The user id of the person an API key acted for; absent when the actor is the person',
  })
  onbehalfof?: string;

  @Field({
    description:
      "YYYY-MM-DD the event took effect: the command's effective date, else the event's business date, else the " +
      'day it was recorded',
  })
  effectivedate!: string;

  @Field(() => String, { nullable: true, description: 'Why, as the command stated it' })
  reason?: string;

  @Field({ description: 'Shared by every event one request caused' })
  correlationid!: string;
}

export const IntegrationEventConnection = Connection(IntegrationEventType, 'IntegrationEvent');
