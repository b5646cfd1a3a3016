import { Module } from '@nestjs/common';
import { ListActionFieldsHandler } from './action-fields/action-fields.query';
import { actionFieldsProjection } from './action-fields/action-fields.projection';
import { ActionFieldsResolver } from './action-fields/action-fields.resolver';
import { GetDistrictHandler, ListDistrictsHandler } from './districts/districts.query';
import { districtsProjection } from './districts/districts.projection';
import { DistrictsResolver } from './districts/districts.resolver';
import { PROJECTIONS } from './runner/projection';
import { ProjectionsResolver } from './runner/projections.resolver';
import { ProjectionsService } from './runner/projections.service';

/** Every projection of the service; the runner feeds them from the event store. */
export const ALL_PROJECTIONS = [actionFieldsProjection, districtsProjection];

@Module({
  providers: [
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    ProjectionsService,
    ProjectionsResolver,
    ListActionFieldsHandler,
    ActionFieldsResolver,
    GetDistrictHandler,
    ListDistrictsHandler,
    DistrictsResolver,
  ],
  exports: [ProjectionsService],
})
export class ProjectionsModule {}
