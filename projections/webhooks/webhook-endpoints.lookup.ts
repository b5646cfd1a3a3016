import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import type { WebhookDoc, WebhookEndpoints } from '../../src/webhooks/ports/webhook-endpoints.port';
import { WEBHOOKS_COLLECTION, webhooksProjection } from './webhooks.projection';

/** The webhooks' endpoint port, answered from this read model. */
@Injectable()
export class WebhookEndpointsFromReadModel implements WebhookEndpoints {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async prepare(): Promise<void> {
    for (const spec of webhooksProjection.collections) await this.readStore.ensureCollection(spec);
  }

  get(webhookId: string): Promise<WebhookDoc | null> {
    return this.readStore.get<WebhookDoc>(WEBHOOKS_COLLECTION, webhookId);
  }

  async all(): Promise<WebhookDoc[]> {
    const all: WebhookDoc[] = [];
    let after: string | undefined;
    do {
      const page = await this.readStore.find<WebhookDoc>(WEBHOOKS_COLLECTION, { limit: 1000, after });
      all.push(...page.items);
      after = page.hasNextPage ? (page.endCursor ?? undefined) : undefined;
    } while (after);
    return all;
  }
}
