import { Inject, Injectable } from '@nestjs/common';
import { ConfigError } from '../../../config/config';
import { type SecretBox, UnsealError } from '../../../core/secret-box';
import type { Doc } from '../../../read-store/read-store.port';
import { STATE_STORE, type StateStore } from '../../../state-store/state-store.port';
import { generateSecret } from '../delivery/webhook-signature';
import { WEBHOOK_SECRET_BOX } from './webhook-secret-key';

/**
 * Signing secrets, kept out of the event log (it is handed to auditors) in the state store, apart from the
 * projections: dropping or rebuilding read models never touches it. A secret is written before the event that names it,
 * so an event never refers to a missing secret; a secret whose event never got recorded is simply never used.
 * Each is stored encrypted (AES-256-GCM, bound to its document id) with a key kept outside the state store.
 */
export const WEBHOOK_SECRETS_COLLECTION = 'webhook_secrets';

export type WebhookSecretDoc = Doc & { webhookId: string; sealed: string; createdAt: string };
/** How secrets were stored before they were encrypted: sealed at the next start. */
type ClearSecretDoc = Doc & { webhookId: string; secret: string; createdAt: string };
type StoredSecretDoc = WebhookSecretDoc | ClearSecretDoc;
const isSealed = (doc: StoredSecretDoc): doc is WebhookSecretDoc => typeof doc.sealed === 'string';

const PAGE = 1000;

@Injectable()
export class WebhookSecrets {
  constructor(
    @Inject(STATE_STORE) private readonly stateStore: StateStore,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
  ) {}

  /**
   * At start: creates the collection, encrypts secrets stored in clear by earlier versions and re-encrypts those
   * sealed with an earlier key of the ring. Refuses (ConfigError) when some secret opens with no configured key:
   * running on would disable their endpoints one by one. Says how many it sealed, and whether the store could
   * purge the versions they replaced.
   */
  async prepare(): Promise<{ sealed: number; purged: boolean }> {
    await this.stateStore.ensureCollection({ name: WEBHOOK_SECRETS_COLLECTION, indexes: [['webhookId']] });
    const outdated: string[] = [];
    const unopened = new Map<string, number>();
    for (let after: string | undefined; ; ) {
      const page = await this.stateStore.find<StoredSecretDoc>(WEBHOOK_SECRETS_COLLECTION, { limit: PAGE, after });
      for (const doc of page.items) {
        if (!isSealed(doc)) outdated.push(doc.id);
        else if (!this.box.isCurrent(doc.sealed)) {
          try {
            this.box.open(doc.sealed, doc.id);
            outdated.push(doc.id);
          } catch (error) {
            if (!(error instanceof UnsealError)) throw error;
            const keyId = error.keyId ?? 'unknown';
            unopened.set(keyId, (unopened.get(keyId) ?? 0) + 1);
          }
        }
      }
      if (!page.hasNextPage || page.endCursor === null) break;
      after = page.endCursor;
    }
    if (unopened.size > 0) {
      const counts = [...unopened].map(([keyId, n]) => `${n} sealed with key ${keyId}`).join(', ');
      throw new ConfigError(
        `Webhook signing secrets that the configured key does not open (${counts}; the current key is ${this.box.keyId}): ` +
          'configure the key they were sealed with after the current one (see Webhooks, key rotation, in the README)',
      );
    }
    if (outdated.length === 0) return { sealed: 0, purged: true };
    // Read again inside the transaction: another instance may be doing the same, or an endpoint may be gone.
    await this.stateStore.transaction(async (session) => {
      for (const doc of await session.getMany<StoredSecretDoc>(WEBHOOK_SECRETS_COLLECTION, outdated)) {
        await session.put(WEBHOOK_SECRETS_COLLECTION, this.sealedDoc(doc.id, doc.webhookId, this.open(doc), doc.createdAt));
      }
    });
    // The clear or old-key versions would otherwise linger in the store's files.
    return { sealed: outdated.length, purged: await this.stateStore.purgeOverwritten() };
  }

  /** The secret stored under `secretId`, created on first call: a retried command gets the same secret again. */
  async obtain(secretId: string, webhookId: string, now: Date): Promise<string> {
    return this.stateStore.transaction(async (session) => {
      const existing = await session.get<StoredSecretDoc>(WEBHOOK_SECRETS_COLLECTION, secretId);
      if (existing) return this.open(existing);
      const secret = generateSecret();
      await session.put(WEBHOOK_SECRETS_COLLECTION, this.sealedDoc(secretId, webhookId, secret, now.toISOString()));
      return secret;
    });
  }

  /** The secret, or null when none is stored; throws when it cannot be opened (a key missing from the ring). */
  async get(secretId: string): Promise<string | null> {
    const doc = await this.stateStore.get<StoredSecretDoc>(WEBHOOK_SECRETS_COLLECTION, secretId);
    return doc ? this.open(doc) : null;
  }

  /** Forgets secrets that sign nothing any more. */
  async remove(secretIds: readonly string[]): Promise<void> {
    if (secretIds.length === 0) return;
    await this.stateStore.transaction(async (session) => {
      for (const id of secretIds) await session.delete(WEBHOOK_SECRETS_COLLECTION, id);
    });
  }

  /** Forgets every secret of a removed endpoint. */
  async removeAll(webhookId: string): Promise<void> {
    const page = await this.stateStore.find<StoredSecretDoc>(WEBHOOK_SECRETS_COLLECTION, {
      filter: { webhookId },
      limit: 1000,
    });
    if (page.items.length === 0) return;
    await this.stateStore.transaction(async (session) => {
      for (const doc of page.items) await session.delete(WEBHOOK_SECRETS_COLLECTION, doc.id);
    });
  }

  private sealedDoc(id: string, webhookId: string, secret: string, createdAt: string): WebhookSecretDoc {
    return { id, webhookId, sealed: this.box.seal(secret, id), createdAt };
  }

  private open(doc: StoredSecretDoc): string {
    return isSealed(doc) ? this.box.open(doc.sealed, doc.id) : (doc as ClearSecretDoc).secret;
  }
}
