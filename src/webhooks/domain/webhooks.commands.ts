import type { Command } from '../../core/decider';
import type { WebhookDisableCause, WebhookFailure, WebhookSettings } from './webhooks.events';

export type RegisterWebhook = Command<'RegisterWebhook', { webhookId: string; secretId: string } & WebhookSettings>;

export type UpdateWebhook = Command<'UpdateWebhook', { webhookId: string; changes: Partial<WebhookSettings> }>;

export type DisableWebhook = Command<'DisableWebhook', { webhookId: string }>;

export type EnableWebhook = Command<'EnableWebhook', { webhookId: string }>;

export type RemoveWebhook = Command<'RemoveWebhook', { webhookId: string }>;

export type RotateWebhookSecret = Command<
  'RotateWebhookSecret',
  { webhookId: string; secretId: string; keepPreviousForHours: number }
>;

export type RequestWebhookRedelivery = Command<
  'RequestWebhookRedelivery',
  { webhookId: string; fromCursor: string | null }
>;

/**
 * Issued by the delivery worker, not by a person. `configVersion` is the endpoint version the failures were
 * counted against: when the owner changed or re-enabled the endpoint since, the failures no longer count.
 */
export type GiveUpWebhook = Command<
  'GiveUpWebhook',
  {
    webhookId: string;
    configVersion: number;
    cause: Exclude<WebhookDisableCause, 'OWNER'>;
    reason: string;
    lastFailure: WebhookFailure | null;
  }
>;

export type WebhookCommand =
  | RegisterWebhook
  | UpdateWebhook
  | DisableWebhook
  | EnableWebhook
  | RemoveWebhook
  | RotateWebhookSecret
  | RequestWebhookRedelivery
  | GiveUpWebhook;
