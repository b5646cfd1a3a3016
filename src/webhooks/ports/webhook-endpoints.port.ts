import type { WebhookDisableCause, WebhookFailure, WebhookFilter } from '../domain/webhooks.events';

// The endpoint list is a read model (projections/webhooks); delivery reads it through this port, so the webhooks
// context does not depend on a projection's internals.

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

export const WEBHOOK_ENDPOINTS = Symbol('WEBHOOK_ENDPOINTS');

/** The registered endpoints as the webhooks read model shows them. */
export interface WebhookEndpoints {
  /** Creates the read model's collections if missing, so delivery can start before the first projection run. */
  prepare(): Promise<void>;
  get(webhookId: string): Promise<WebhookDoc | null>;
  /** Every endpoint, removed ones included. */
  all(): Promise<WebhookDoc[]>;
}
