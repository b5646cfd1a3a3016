import type { RecordedEvent } from '../../src/core/envelope';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDisableCause,
  type WebhookEvent,
  type WebhookFailure,
  type WebhookFilter,
} from '../../src/integration/webhooks/domain/webhooks.events';
import type { Projection } from '../runner/projection';

export const WEBHOOKS_COLLECTION = 'webhooks';

export const WEBHOOK_STATUSES = ['ACTIVE', 'DISABLED', 'REMOVED'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export type WebhookDoc = {
  id: string;
  ownerId: string;
  url: string;
  filter: WebhookFilter;
  description: string | null;
  status: WebhookStatus;
  /** Id of the current signing secret (the secret itself is never in a projection). */
  secretId: string;
  /** The secret that was rotated out, while it still signs deliveries. */
  previousSecret: { secretId: string; validUntil: string } | null;
  secretRotatedAt: string | null;
  disabled: { cause: WebhookDisableCause; reason: string; at: string; lastFailure: WebhookFailure | null } | null;
  /** Position of the registration: delivery starts right after it. */
  registeredCursor: string;
  registeredAt: string;
  updatedAt: string;
  /** Stream version of the last event. */
  version: number;
  /** Stream version of the last change of what or where is delivered, or of re-enabling: failures count from it. */
  configVersion: number;
  /** The latest redelivery request; `requestCursor` is the position of the request itself. */
  redelivery: { fromCursor: string | null; requestedAt: string; requestCursor: string } | null;
  [key: string]: unknown;
};

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
