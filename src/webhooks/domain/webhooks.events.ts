import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.
// No event carries a signing secret: the log is handed to auditors. Events name the secret by id; the secret
// itself lives in the state store's `webhook_secrets` collection.

/** Which events an endpoint receives: the integration filter (integration-filter.ts), validated, as recorded. */
export type WebhookFilter = { types?: string[]; categories?: string[]; districtId?: string };

export type WebhookSettings = {
  url: string;
  filter: WebhookFilter;
  description: string | null;
};

export type WebhookRegistered = DomainEvent<
  'WebhookRegistered',
  { webhookId: string; ownerId: string; secretId: string } & WebhookSettings
>;

/** Only the settings that changed, with their previous values. */
export type WebhookUpdated = DomainEvent<
  'WebhookUpdated',
  { webhookId: string; changes: Partial<WebhookSettings>; previous: Partial<WebhookSettings> }
>;

/** OWNER_REVOKED: the API key that registered the endpoint was revoked or expired, so it speaks for no one now. */
export const WEBHOOK_DISABLE_CAUSES = ['OWNER', 'ENDPOINT_GONE', 'DELIVERY_FAILURES', 'SECRET_MISSING', 'OWNER_REVOKED'] as const;
export type WebhookDisableCause = (typeof WEBHOOK_DISABLE_CAUSES)[number];

/** The attempt that made delivery give up. */
export type WebhookFailure = {
  eventId: string;
  /** Position of the event that could not be delivered. */
  cursor: string;
  statusCode: number | null;
  error: string | null;
  /** Consecutive failed attempts. */
  attempts: number;
  /** ISO timestamp of the first of them. */
  failingSince: string;
};

export type WebhookDisabled = DomainEvent<
  'WebhookDisabled',
  { webhookId: string; cause: WebhookDisableCause; reason: string; lastFailure: WebhookFailure | null }
>;

/** Delivery resumes from the endpoint's checkpoint: nothing recorded while it was disabled is skipped. */
export type WebhookEnabled = DomainEvent<'WebhookEnabled', { webhookId: string }>;

export type WebhookRemoved = DomainEvent<'WebhookRemoved', { webhookId: string }>;

/** Until `previousValidUntil` deliveries carry a second signature made with the previous secret. */
export type WebhookSecretRotated = DomainEvent<
  'WebhookSecretRotated',
  { webhookId: string; secretId: string; previousSecretId: string; previousValidUntil: string }
>;

/** Delivery restarts right after `fromCursor` (null: from the start of the log); events keep their webhook-id. */
export type WebhookRedeliveryRequested = DomainEvent<
  'WebhookRedeliveryRequested',
  { webhookId: string; fromCursor: string | null }
>;

export type WebhookEvent =
  | WebhookRegistered
  | WebhookUpdated
  | WebhookDisabled
  | WebhookEnabled
  | WebhookRemoved
  | WebhookSecretRotated
  | WebhookRedeliveryRequested;

export const WEBHOOK_EVENT_TYPES = [
  'WebhookRegistered',
  'WebhookUpdated',
  'WebhookDisabled',
  'WebhookEnabled',
  'WebhookRemoved',
  'WebhookSecretRotated',
  'WebhookRedeliveryRequested',
] as const satisfies readonly WebhookEvent['type'][];

/** Stream category of webhook endpoints. Its events are never delivered to integrators: they name other endpoints. */
export const WEBHOOK_CATEGORY = 'webhook';
