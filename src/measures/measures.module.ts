import { Module } from '@nestjs/common';
import {
  ApproveMeasureHandler,
  CancelMeasureHandler,
  CompleteMeasureHandler,
  EvaluateMeasureHandler,
  LinkGrantToMeasureHandler,
  ReportMeasureProgressHandler,
  ResumeMeasureHandler,
  SuspendMeasureHandler,
} from './application/measure.commands';
import { PlanMeasureHandler } from './application/plan-measure';
import { StartMeasureHandler } from './application/start-measure';
import { MeasuresMutations } from './api/measures.resolver';

@Module({
  providers: [
    PlanMeasureHandler,
    ApproveMeasureHandler,
    StartMeasureHandler,
    ReportMeasureProgressHandler,
    SuspendMeasureHandler,
    ResumeMeasureHandler,
    CompleteMeasureHandler,
    CancelMeasureHandler,
    EvaluateMeasureHandler,
    LinkGrantToMeasureHandler,
    MeasuresMutations,
  ],
})
export class MeasuresModule {}
