import { Global, Module } from '@nestjs/common';
import { API_KEY_LOOKUP } from '../src/auth/api-key-lookup.port';
import { ListActionFieldsHandler } from './action-fields/action-fields.query';
import { actionFieldsProjection } from './action-fields/action-fields.projection';
import { ActionFieldsResolver } from './action-fields/action-fields.resolver';
import { GetDistrictHandler, ListDistrictsHandler } from './districts/districts.query';
import { districtsProjection } from './districts/districts.projection';
import { DistrictsResolver } from './districts/districts.resolver';
import {
  GetBodyHandler,
  ListBodiesHandler,
  ListBodyDecisionsHandler,
  ListBodyMeetingsHandler,
} from './bodies/bodies.query';
import { bodiesProjection } from './bodies/bodies.projection';
import { BodiesResolver } from './bodies/bodies.resolver';
import { GetGoalHandler, ListGoalsHandler } from './goals/goals.query';
import { goalsProjection } from './goals/goals.projection';
import { GoalsResolver } from './goals/goals.resolver';
import { GetMeasureHandler, ListMeasuresHandler } from './measures/measures.query';
import { measuresProjection } from './measures/measures.projection';
import { MeasuresResolver } from './measures/measures.resolver';
import { ListFundingProgrammesHandler } from './funding-programmes/funding-programmes.query';
import { fundingProgrammesProjection } from './funding-programmes/funding-programmes.projection';
import { FundingProgrammesResolver } from './funding-programmes/funding-programmes.resolver';
import { GetGrantHandler, GetGrantsByIdsHandler, ListGrantsHandler } from './grants/grants.query';
import { grantsProjection } from './grants/grants.projection';
import { GrantsResolver } from './grants/grants.resolver';
import { DistrictDashboardHandler } from './district-dashboard/district-dashboard.query';
import { districtDashboardProjection } from './district-dashboard/district-dashboard.projection';
import { DistrictDashboardResolver } from './district-dashboard/district-dashboard.resolver';
import { ActionFieldMatrixHandler } from './action-field-matrix/action-field-matrix.query';
import { actionFieldMatrixProjection } from './action-field-matrix/action-field-matrix.projection';
import { ActionFieldMatrixResolver } from './action-field-matrix/action-field-matrix.resolver';
import { MeasureGrantsResolver } from './measures/measure-grants.resolver';
import { ListAuditTrailHandler } from './audit-trail/audit-trail.query';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { AuditTrailResolver } from './audit-trail/audit-trail.resolver';
import { AuditEntryActorResolver } from './audit-trail/audit-entry-actor.resolver';
import { GoalReviewRecorderResolver } from './goals/goal-review-recorder.resolver';
import { UserDirectoryModule } from '../src/user-directory/user-directory.module';
import { GetWebhookHandler, ListWebhooksHandler } from './webhooks/webhooks.query';
import { webhooksProjection } from './webhooks/webhooks.projection';
import { WebhooksResolver } from './webhooks/webhooks.resolver';
import { ApiKeyLookupFromReadModel, ListApiKeysHandler } from './api-keys/api-keys.query';
import { apiKeysProjection } from './api-keys/api-keys.projection';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { PROJECTIONS } from './runner/projection';
import { ProjectionsResolver } from './runner/projections.resolver';
import { ProjectionsService } from './runner/projections.service';
import { API_KEY_STATUS_LOOKUP } from '../src/webhooks/ports/api-key-status.port';
import { WEBHOOK_ENDPOINTS } from '../src/webhooks/ports/webhook-endpoints.port';
import { ApiKeyStatusFromReadModel } from './api-keys/api-key-status.lookup';
import { WebhookEndpointsFromReadModel } from './webhooks/webhook-endpoints.lookup';

/** Every projection of the service; the runner feeds them from the event store. */
export const ALL_PROJECTIONS = [actionFieldsProjection, districtsProjection, bodiesProjection, goalsProjection, measuresProjection, fundingProgrammesProjection, grantsProjection, districtDashboardProjection, actionFieldMatrixProjection, auditTrailProjection, webhooksProjection, apiKeysProjection];

// Global: contexts wait for their writes through ProjectionsService, authentication reads API keys through
// API_KEY_LOOKUP and the webhooks context reads its read models through its ports, without importing this module
// (it imports their read models).
@Global()
@Module({
  imports: [UserDirectoryModule],
  providers: [
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    ProjectionsService,
    ProjectionsResolver,
    ListAuditTrailHandler,
    AuditTrailResolver,
    AuditEntryActorResolver,
    ListActionFieldsHandler,
    ActionFieldsResolver,
    GetDistrictHandler,
    ListDistrictsHandler,
    DistrictsResolver,
    GetBodyHandler,
    ListBodiesHandler,
    ListBodyMeetingsHandler,
    ListBodyDecisionsHandler,
    BodiesResolver,
    GetGoalHandler,
    ListGoalsHandler,
    GoalsResolver,
    GoalReviewRecorderResolver,
    GetMeasureHandler,
    ListMeasuresHandler,
    MeasuresResolver,
    ListFundingProgrammesHandler,
    FundingProgrammesResolver,
    GetGrantHandler,
    ListGrantsHandler,
    GrantsResolver,
    DistrictDashboardHandler,
    DistrictDashboardResolver,
    ActionFieldMatrixHandler,
    ActionFieldMatrixResolver,
    GetGrantsByIdsHandler,
    MeasureGrantsResolver,
    GetWebhookHandler,
    ListWebhooksHandler,
    WebhooksResolver,
    ListApiKeysHandler,
    ApiKeysResolver,
    // The ports through which other folders read these read models.
    { provide: WEBHOOK_ENDPOINTS, useClass: WebhookEndpointsFromReadModel },
    { provide: API_KEY_STATUS_LOOKUP, useClass: ApiKeyStatusFromReadModel },
    { provide: API_KEY_LOOKUP, useClass: ApiKeyLookupFromReadModel },
  ],
  exports: [ProjectionsService, WEBHOOK_ENDPOINTS, API_KEY_STATUS_LOOKUP, API_KEY_LOOKUP],
})
export class ProjectionsModule {}
