import { Module } from '@nestjs/common';
import { EstablishBodyHandler } from './establish-body.handler';
import { PlanMeasureHandler } from './plan-measure.handler';
import { RecordExpenditureHandler } from './record-expenditure.handler';
import { StartMeasureHandler } from './start-measure.handler';
import { SubmitGrantApplicationHandler } from './submit-grant-application.handler';

/**
 * The handlers of use cases that span streams of several contexts. Each context's API sends its command class; the
 * handler lives here, so contexts never import each other's deciders for these use cases. The rules of each use
 * case are a pure workflow (`<name>.workflow.ts`) beside its handler, which does the I/O.
 */
@Module({
  providers: [
    EstablishBodyHandler,
    PlanMeasureHandler,
    StartMeasureHandler,
    SubmitGrantApplicationHandler,
    RecordExpenditureHandler,
  ],
})
export class WorkflowsModule {}
