import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '../../../read-store/read-store.port';
import { STATE_STORE, type StateStore } from '../../../state-store/state-store.port';
import {
  WEBHOOK_CHECKPOINTS_COLLECTION,
  WEBHOOK_DELIVERIES_COLLECTION,
  type WebhookCheckpointDoc,
  type WebhookDeliveryDoc,
} from '../delivery/delivery-records';

/** The delivery log of one endpoint, newest attempt first. The caller has checked that the endpoint is visible. */
export class ListWebhookDeliveriesQuery extends Query<Page<WebhookDeliveryDoc>> {
  constructor(readonly options: { webhookId: string; first: number; after?: string }) {
    super();
  }
}

/** Where delivery to one endpoint stands; null before its first delivery. */
export class GetWebhookCheckpointQuery extends Query<WebhookCheckpointDoc | null> {
  constructor(readonly webhookId: string) {
    super();
  }
}

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(@Inject(STATE_STORE) private readonly stateStore: StateStore) {}

  execute({ options }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryDoc>> {
    return this.stateStore.find<WebhookDeliveryDoc>(WEBHOOK_DELIVERIES_COLLECTION, {
      filter: { webhookId: options.webhookId },
      sort: [{ field: 'sequence', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
  }
}

@QueryHandler(GetWebhookCheckpointQuery)
export class GetWebhookCheckpointHandler implements IQueryHandler<GetWebhookCheckpointQuery> {
  constructor(@Inject(STATE_STORE) private readonly stateStore: StateStore) {}

  execute({ webhookId }: GetWebhookCheckpointQuery): Promise<WebhookCheckpointDoc | null> {
    return this.stateStore.get<WebhookCheckpointDoc>(WEBHOOK_CHECKPOINTS_COLLECTION, webhookId);
  }
}
