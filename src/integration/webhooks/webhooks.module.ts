import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config';
import { LOGGER } from '../../core/logger';
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
import { loadWebhookSecretBox, WEBHOOK_SECRET_BOX } from './application/webhook-secret-key';
import { WebhookSecrets } from './application/webhook-secrets';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';

/**
 * Webhook endpoints (commands, secrets), their delivery worker and delivery log. The endpoint list and the API keys
 * are read models, reached through the ports in ./ports that the (global) projections module binds.
 */
@Module({
  imports: [IntegrationModule],
  providers: [
    { provide: WEBHOOK_SECRET_BOX, inject: [APP_CONFIG, LOGGER], useFactory: loadWebhookSecretBox },
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
