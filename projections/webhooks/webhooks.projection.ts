import type { RecordedEvent } from '../../src/core/envelope';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent } from '../../src/webhooks/domain/webhooks.events';
import type { Projection } from '../runner/projection';
import type { WebhookDoc } from '../../src/webhooks/ports/webhook-endpoints.port';

export const WEBHOOKS_COLLECTION = 'webhooks';


const asEvent = (event: RecordedEvent) => event as unknown as WebhookEvent & RecordedEvent;

export const webhooksProjection: Projection = {
  name: 'webhooks',
  version: 1,
  eventTypes: WEBHOOK_EVENT_TYPES,
  collections: [{ name: WEBHOOKS_COLLECTION, indexes: [['ownerId', 'registeredAt'], ['registeredAt'], ['status']] }],

  documentsFor: (event) => [{ collection: WEBHOOKS_COLLECTION, id: asEvent(event).data.webhookId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    const version = recorded.streamVersion;
    if (event.type === 'WebhookRegistered') {
      const { webhookId, ownerId, secretId, url, filter, description } = event.data;
      const doc: WebhookDoc = {
        id: webhookId,
        ownerId,
        url,
        filter,
        description,
        status: 'ACTIVE',
        secretId,
        previousSecret: null,
        secretRotatedAt: null,
        disabled: null,
        registeredCursor: recorded.position,
        registeredAt: at,
        updatedAt: at,
        version,
        configVersion: version,
        redelivery: null,
      };
      return [{ collection: WEBHOOKS_COLLECTION, doc }];
    }
    const current = docs.get<WebhookDoc>(WEBHOOKS_COLLECTION, event.data.webhookId);
    if (!current) return [];
    const doc: WebhookDoc = { ...current, ...changesFor(event, recorded), updatedAt: at, version };
    return [{ collection: WEBHOOKS_COLLECTION, doc }];
  },
};

function changesFor(
  event: Exclude<WebhookEvent, { type: 'WebhookRegistered' }>,
  recorded: RecordedEvent,
): Partial<WebhookDoc> {
  const at = recorded.metadata.recordedAt;
  switch (event.type) {
    case 'WebhookUpdated':
      return { ...event.data.changes, configVersion: recorded.streamVersion };
    case 'WebhookDisabled': {
      const { cause, reason, lastFailure } = event.data;
      return { status: 'DISABLED', disabled: { cause, reason, at, lastFailure } };
    }
    case 'WebhookEnabled':
      return { status: 'ACTIVE', disabled: null, configVersion: recorded.streamVersion };
    case 'WebhookRemoved':
      return { status: 'REMOVED' };
    case 'WebhookSecretRotated': {
      const { secretId, previousSecretId, previousValidUntil } = event.data;
      const keepsPrevious = previousValidUntil > at;
      return {
        secretId,
        previousSecret: keepsPrevious ? { secretId: previousSecretId, validUntil: previousValidUntil } : null,
        secretRotatedAt: at,
      };
    }
    case 'WebhookRedeliveryRequested':
      return { redelivery: { fromCursor: event.data.fromCursor, requestedAt: at, requestCursor: recorded.position } };
  }
}
