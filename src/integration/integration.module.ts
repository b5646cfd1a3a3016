import { Module } from '@nestjs/common';
import { StreamEventsResolver } from './stream-events.resolver';

@Module({ providers: [StreamEventsResolver] })
export class IntegrationModule {}
