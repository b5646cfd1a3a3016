import { Module } from '@nestjs/common';
import { EstablishBodyHandler } from './establish-body.handler';

/**
 * The handlers of use cases that span streams of several contexts. Each context's API sends its command class; the
 * handler lives here, so contexts never import each other's deciders for these use cases.
 */
@Module({
  providers: [EstablishBodyHandler],
})
export class WorkflowsModule {}
