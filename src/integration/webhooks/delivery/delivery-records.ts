import type { CollectionSpec, Doc } from '../../../read-store/read-store.port';

/**
 * What delivery keeps in the state store, apart from the projection: one checkpoint per endpoint and the delivery log.
 * Neither is a projection (they record what happened on the wire, not what the events say), so they live in the state
 * store, which rebuilding the read models never touches.
 */

export const WEBHOOK_CHECKPOINTS_COLLECTION = 'webhook_checkpoints';
export const WEBHOOK_DELIVERIES_COLLECTION = 'webhook_deliveries';

export const DELIVERY_COLLECTIONS: readonly CollectionSpec[] = [
  { name: WEBHOOK_CHECKPOINTS_COLLECTION },
  { name: WEBHOOK_DELIVERIES_COLLECTION, indexes: [['webhookId', 'sequence'], ['attemptedAt']] },
];

/** Consecutive failed attempts at one event, counted against the endpoint's configuration version. */
export type FailureStreak = {
  configVersion: number;
  count: number;
  /** ISO timestamps. */
  since: string;
  nextAttemptAt: string;
  last: { eventId: string; cursor: string; statusCode: number | null; error: string | null };
};

export type WebhookCheckpointDoc = Doc & {
  /** Position of the last event handled (delivered, or passed over by the filter); null: from the start of the log. */
  cursor: string | null;
  /** Position of the last redelivery request applied to `cursor`. */
  redeliveryApplied: string | null;
  failures: FailureStreak | null;
  updatedAt: string;
};

export const DELIVERY_OUTCOMES = ['DELIVERED', 'FAILED'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One attempt to deliver one event to one endpoint. */
export type WebhookDeliveryDoc = Doc & {
  webhookId: string;
  /** Increases with every attempt: newest first is descending sequence. */
  sequence: number;
  attemptedAt: string;
  eventId: string;
  eventType: string;
  cursor: string;
  /** 1 for the first attempt at this event, counting on through retries. */
  attempt: number;
  outcome: DeliveryOutcome;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};
