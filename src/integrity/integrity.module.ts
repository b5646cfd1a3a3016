import { Module } from '@nestjs/common';
import { EventLogVerifier } from './event-log-verifier.service';
import { IntegrityResolver } from './integrity.resolver';

/** The tamper check over the event log's hash chains. */
@Module({
  providers: [EventLogVerifier, IntegrityResolver],
  exports: [EventLogVerifier],
})
export class IntegrityModule {}
