import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type Doc, type ReadStore } from '../../../read-store/read-store.port';
import { generateSecret } from '../delivery/webhook-signature';

/**
 * Signing secrets, kept out of the event log (it is handed to auditors) in a read-store collection that no
 * projection owns: rebuilding read models never touches it. A secret is written before the event that names it,
 * so an event never refers to a missing secret; a secret whose event never got recorded is simply never used.
 */
export const WEBHOOK_SECRETS_COLLECTION = 'webhook_secrets';

export type WebhookSecretDoc = Doc & { webhookId: string; secret: string; createdAt: string };

@Injectable()
export class WebhookSecrets {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  ensureCollection(): Promise<void> {
    return this.readStore.ensureCollection({ name: WEBHOOK_SECRETS_COLLECTION, indexes: [['webhookId']] });
  }

  /** The secret stored under `secretId`, created on first call: a retried command gets the same secret again. */
  async obtain(secretId: string, webhookId: string, now: Date): Promise<string> {
    return this.readStore.transaction(async (session) => {
      const existing = await session.get<WebhookSecretDoc>(WEBHOOK_SECRETS_COLLECTION, secretId);
      if (existing) return existing.secret;
      const doc: WebhookSecretDoc = { id: secretId, webhookId, secret: generateSecret(), createdAt: now.toISOString() };
      await session.put(WEBHOOK_SECRETS_COLLECTION, doc);
      return doc.secret;
    });
  }

  async get(secretId: string): Promise<string | null> {
    return (await this.readStore.get<WebhookSecretDoc>(WEBHOOK_SECRETS_COLLECTION, secretId))?.secret ?? null;
  }

  /** Forgets secrets that sign nothing any more. */
  async remove(secretIds: readonly string[]): Promise<void> {
    if (secretIds.length === 0) return;
    await this.readStore.transaction(async (session) => {
      for (const id of secretIds) await session.delete(WEBHOOK_SECRETS_COLLECTION, id);
    });
  }

  /** Forgets every secret of a removed endpoint. */
  async removeAll(webhookId: string): Promise<void> {
    const page = await this.readStore.find<WebhookSecretDoc>(WEBHOOK_SECRETS_COLLECTION, {
      filter: { webhookId },
      limit: 1000,
    });
    if (page.items.length === 0) return;
    await this.readStore.transaction(async (session) => {
      for (const doc of page.items) await session.delete(WEBHOOK_SECRETS_COLLECTION, doc.id);
    });
  }
}
