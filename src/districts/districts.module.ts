import { Module } from '@nestjs/common';
import {
  AdoptConceptVersionHandler,
  RecordActionFieldPlanHandler,
  RecordSwotAnalysisHandler,
} from './application/district-lookups.handler';
import { DistrictsMutations } from './api/districts.resolver';

/** Needs the global BodiesModule (BodyLookup) for concept adoptions and SWOT participants. */
@Module({
  providers: [
    AdoptConceptVersionHandler,
    RecordSwotAnalysisHandler,
    RecordActionFieldPlanHandler,
    DistrictsMutations,
  ],
})
export class DistrictsModule {}
