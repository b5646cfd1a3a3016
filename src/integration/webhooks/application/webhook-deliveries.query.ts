import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, type Page, type ReadStore } from '../../../read-store/read-store.port';
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
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryDoc>> {
    return this.readStore.find<WebhookDeliveryDoc>(WEBHOOK_DELIVERIES_COLLECTION, {
      filter: { webhookId: options.webhookId },
      sort: [{ field: 'sequence', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
  }
}

@QueryHandler(GetWebhookCheckpointQuery)
export class GetWebhookCheckpointHandler implements IQueryHandler<GetWebhookCheckpointQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ webhookId }: GetWebhookCheckpointQuery): Promise<WebhookCheckpointDoc | null> {
    return this.readStore.get<WebhookCheckpointDoc>(WEBHOOK_CHECKPOINTS_COLLECTION, webhookId);
  }
}
