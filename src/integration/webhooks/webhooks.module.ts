import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../../projections/projections.module';
import { IntegrationModule } from '../integration.module';
import { WebhookDeliveriesResolver } from './api/webhook-deliveries.resolver';
import { WebhooksMutations } from './api/webhooks.resolver';
import {
  RegisterWebhookHandler,
  RequestWebhookRedeliveryHandler,
  RotateWebhookSecretHandler,
  UpdateWebhookHandler,
} from './application/webhook-checks.handler';
import { GetWebhookCheckpointHandler, ListWebhookDeliveriesHandler } from './application/webhook-deliveries.query';
import { WebhookSecrets } from './application/webhook-secrets';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';

/** Webhook endpoints (commands, secrets), their delivery worker and delivery log. The endpoint list is a projection. */
@Module({
  imports: [IntegrationModule, ProjectionsModule],
  providers: [
    WebhookSecrets,
    RegisterWebhookHandler,
    UpdateWebhookHandler,
    RotateWebhookSecretHandler,
    RequestWebhookRedeliveryHandler,
    ListWebhookDeliveriesHandler,
    GetWebhookCheckpointHandler,
    WebhooksMutations,
    WebhookDeliveriesResolver,
    WebhookDispatcher,
  ],
})
export class WebhooksModule {}
