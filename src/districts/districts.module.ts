import { Module } from '@nestjs/common';
import {
  AdoptConceptVersionHandler,
  CloseDistrictProgrammeHandler,
  CorrectContextIndicatorValueHandler,
  RecordActionFieldPlanHandler,
  RecordContextIndicatorValueHandler,
  RecordSwotAnalysisHandler,
  RegisterDistrictHandler,
  UpdateDistrictProfileHandler,
} from './application/district.commands';
import { DistrictsMutations } from './api/districts.resolver';

/** Needs the global BodiesModule (BodyLookup) for concept adoptions and SWOT participants. */
@Module({
  providers: [
    RegisterDistrictHandler,
    UpdateDistrictProfileHandler,
    AdoptConceptVersionHandler,
    RecordSwotAnalysisHandler,
    RecordActionFieldPlanHandler,
    RecordContextIndicatorValueHandler,
    CorrectContextIndicatorValueHandler,
    CloseDistrictProgrammeHandler,
    DistrictsMutations,
  ],
})
export class DistrictsModule {}
