import { Module } from '@nestjs/common';
import { EventSubscriptions } from './event-subscriptions';
import { EventsResolver } from './events.resolver';
import { StreamDistricts } from './stream-districts';
import { StreamEventsResolver } from './stream-events.resolver';

@Module({
  providers: [StreamEventsResolver, EventsResolver, StreamDistricts, EventSubscriptions],
  exports: [StreamDistricts],
})
export class IntegrationModule {}
