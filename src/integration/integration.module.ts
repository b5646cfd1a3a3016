import { Module } from '@nestjs/common';
import { StreamDistricts } from './stream-districts';
import { StreamEventsResolver } from './stream-events.resolver';

@Module({ providers: [StreamEventsResolver, StreamDistricts], exports: [StreamDistricts] })
export class IntegrationModule {}
