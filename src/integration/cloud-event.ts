import { effectiveDateOf } from '../event-registry';
import type { JsonObject, RecordedEvent } from '../core/envelope';

/**
 * The one shape integrators receive, by feed, subscription or webhook: a CloudEvents 1.0 event (JSON format) whose
 * extension attributes carry the cursor, the stream version and the public part of the metadata. Extension names
 * are lower-case letters as CloudEvents requires, so the event also travels in binary mode (`ce-cursor` headers).
 * Nothing internal leaves: no command or causation ids, no hashes, no schema version.
 */
export interface IntegrationEvent {
  specversion: '1.0';
  /** The event id (UUID); unique within `source`, the same on every delivery of the event. */
  id: string;
  /** EVENT_SOURCE: names the deployment that recorded the event. */
  source: string;
  /** `stadtteil-ledger.<EventType>`, e.g. `stadtteil-ledger.GrantFundsDisbursed`. */
  type: string;
  /** The stream `<category>-<id>`, e.g. `grant-<uuid>`. */
  subject: string;
  /** When the event was recorded (ISO timestamp, UTC). */
  time: string;
  datacontenttype: 'application/json';
  data: JsonObject;
  /** Opaque position in the whole log: resume after it. */
  cursor: string;
  /** Version of the event within its stream, from 0. */
  streamversion: number;
  actorid: string;
  actorrole: string;
  /**
   * The person an API key acted for (its issuer's user id), absent when the actor is the person: an id like
   * `actorid`, never a name.
   */
  onbehalfof?: string;
  /**
   * The date (YYYY-MM-DD) the event took effect in the business sense: the command's effective date, else the
   * event's own business date (paid on, approved on, …), else the day it was recorded. Same rule as the audit trail.
   */
  effectivedate: string;
  /** Why, as the command stated it; absent when none was given. */
  reason?: string;
  /** Shared by every event one request caused (the `x-correlation-id` header, else generated). */
  correlationid: string;
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** Prefix of every CloudEvents `type`: the recorded event type follows it unchanged. */
export const EVENT_TYPE_PREFIX = 'stadtteil-ledger.';

/** `GrantFundsDisbursed` → `stadtteil-ledger.GrantFundsDisbursed`. */
export const cloudEventType = (eventType: string): string => `${EVENT_TYPE_PREFIX}${eventType}`;

/** `stadtteil-ledger.GrantFundsDisbursed` → `GrantFundsDisbursed`; null when the prefix is missing. */
export const recordedEventType = (type: string): string | null =>
  type.startsWith(EVENT_TYPE_PREFIX) && type.length > EVENT_TYPE_PREFIX.length
    ? type.slice(EVENT_TYPE_PREFIX.length)
    : null;

export function toIntegrationEvent(event: RecordedEvent, source: string): IntegrationEvent {
  const { metadata } = event;
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: event.eventId,
    source,
    type: cloudEventType(event.type),
    subject: event.streamId,
    time: metadata.recordedAt,
    datacontenttype: 'application/json',
    data: event.data,
    cursor: event.position,
    streamversion: event.streamVersion,
    actorid: metadata.actorId,
    actorrole: metadata.actorRole,
    ...(metadata.onBehalfOf === undefined ? {} : { onbehalfof: metadata.onBehalfOf }),
    effectivedate: effectiveDateOf(event).date,
    ...(metadata.reason === undefined ? {} : { reason: metadata.reason }),
    correlationid: metadata.correlationId,
  };
}
