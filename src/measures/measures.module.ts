import { Module } from '@nestjs/common';
import { PlanMeasureHandler } from './application/plan-measure.handler';
import { StartMeasureHandler } from './application/start-measure.handler';
import { MeasuresMutations } from './api/measures.resolver';

@Module({
  providers: [
    PlanMeasureHandler,
    StartMeasureHandler,
    MeasuresMutations,
  ],
})
export class MeasuresModule {}
