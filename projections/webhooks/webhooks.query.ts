import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { inScope } from '../../src/auth/district-scope';
import type { Principal } from '../../src/core/principal';
import { notFound } from '../../src/core/domain-error';
import { type FieldCondition, READ_STORE, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import type { WebhookDoc, WebhookStatus } from '../../src/webhooks/ports/webhook-endpoints.port';
import { WEBHOOKS_COLLECTION } from './webhooks.projection';

/** Owners see their own endpoints, administrators every one; a removed endpoint is gone for everybody. */
const isVisibleTo = (doc: WebhookDoc, viewer: Pick<Principal, 'id' | 'role'>): boolean =>
  doc.status !== 'REMOVED' && (doc.ownerId === viewer.id || viewer.role === 'admin');

/** One endpoint the viewer may see, within the viewer's districts (an endpoint's district is its filter's). */
export class GetWebhookQuery extends Query<WebhookDoc> {
  constructor(
    readonly webhookId: string,
    readonly viewer: Pick<Principal, 'id' | 'role' | 'districts'>,
  ) {
    super();
  }
}

export class ListWebhooksQuery extends Query<Page<WebhookDoc>> {
  constructor(
    readonly options: {
      ownerId: string | null;
      /** Condition on the filter's district (district-scope `districtCondition`); undefined: any. */
      district?: FieldCondition;
      status?: Exclude<WebhookStatus, 'REMOVED'>;
      first: number;
      after?: string;
    },
  ) {
    super();
  }
}

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ webhookId, viewer }: GetWebhookQuery): Promise<WebhookDoc> {
    const doc = await this.readStore.get<WebhookDoc>(WEBHOOKS_COLLECTION, webhookId);
    // Someone else's endpoint, and one of a district outside the viewer's, reads as missing: ids cannot be probed.
    if (!doc || !isVisibleTo(doc, viewer) || !inScope(viewer, doc.filter.districtId ?? null)) {
      throw notFound('Webhook', webhookId);
    }
    return doc;
  }
}

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListWebhooksQuery): Promise<Page<WebhookDoc>> {
    return this.readStore.find<WebhookDoc>(WEBHOOKS_COLLECTION, {
      filter: {
        ...(options.ownerId === null ? {} : { ownerId: options.ownerId }),
        ...(options.district === undefined ? {} : { 'filter.districtId': options.district }),
        status: options.status ?? { $in: ['ACTIVE', 'DISABLED'] },
      },
      sort: [{ field: 'registeredAt', direction: 'asc' }],
      limit: options.first,
      after: options.after,
    });
  }
}
