import { streamCategory, type JsonObject, type JsonValue, type RecordedEvent } from '../../src/core/envelope';
import { personOf } from '../../src/core/persons';
import { actionPhrase, type EffectiveDateSource } from '../../src/core/event-registry';
import {
  ALL_EVENT_TYPES,
  DISTRICT_SCOPED_CATEGORIES,
  districtOf,
  districtStreamOf,
  effectiveDateOf,
  EVENT_REGISTRY,
} from '../../src/event-registry';
import { WEBHOOK_CATEGORY, type WebhookEvent } from '../../src/webhooks/domain/webhooks.events';
import type { DocRef, DocWrite, Projection } from '../runner/projection';
import { UNSHOWN_EVENT_FIELDS } from '../../src/api-keys/domain/api-keys.events';

export const AUDIT_TRAIL_COLLECTION = 'audit_trail';
/**
 * One document per district, body, goal, measure, grant and webhook stream: its district (later events of bodies,
 * goals, measures, grants and webhook endpoints do not name it) and its current status (so a status change shows
 * old → new). Written by the creation event, by every status change and by a change of a webhook's filter. Prefixed
 * so it cannot clash with another projection's lookup.
 */
export const AUDIT_STREAM_DISTRICT_COLLECTION = 'audit_stream_district';

/** Bounds that keep one entry small, whatever the event carries. */
export const MAX_CHANGES = 40;
export const MAX_VALUE_CHARS = 2000;

export type AuditFieldChange = {
  field: string;
  /** Null for a value recorded for the first time. */
  from: JsonValue;
  to: JsonValue;
  /** True when a value was too long and was cut to a text preview. */
  truncated: boolean;
};

export type AuditEntryDoc = {
  /** The event id. */
  id: string;
  position: string;
  recordedAt: string;
  /** metadata.effectiveAt (the command's `options.effectiveAt`); null when none was given. */
  effectiveAt: string | null;
  /**
   * The date the effective-date filter uses: effectiveAt, else the event's own business date (paidOn, approvedOn,
   * …; the registry's businessDate of each event), else the recorded date (UTC).
   */
  effectiveDate: string;
  effectiveDateSource: EffectiveDateSource;
  /** Who recorded the event: a person's id, an API key's `apikey-<keyId>`, or `system`. */
  actorId: string;
  actorRole: string;
  /**
   * The person behind the actor, whom four-eyes rules compare: for an API key the person it acts for, else the actor
   * itself. Null for an event a key recorded before events named the person (the key's own entry names its issuer).
   */
  personId: string | null;
  eventType: string;
  /** The event type as a verb phrase, e.g. "grant funds disbursed". */
  action: string;
  /** Stream category (AUDIT_ENTITY_TYPES). */
  entityType: string;
  /** The stream id without its category. */
  entityId: string;
  streamId: string;
  streamVersion: number;
  districtId: string | null;
  /**
   * Why: the command's `options.reason` (metadata.reason), else the reason the event itself states (data.reason).
   * When both are given and differ, the stated one is listed among the changes as `reason: null → …`.
   */
  reason: string | null;
  /** The cited decision `<bodyId>/<decisionId>`. */
  decisionRef: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  summary: string;
  changes: AuditFieldChange[];
  /** True when the event changed more fields than MAX_CHANGES. */
  changesTruncated: boolean;
  [key: string]: unknown;
};

/** Per-stream lookup; districtId is null for a stream whose creation event was not seen (status changes only). */
export type StreamLookupDoc = { id: string; districtId: string | null; status: string | null; [key: string]: unknown };

/** Streams with a lookup document: the district-scoped ones and the districts themselves (for their status). */
const LOOKUP_CATEGORIES = new Set([...DISTRICT_SCOPED_CATEGORIES, 'district']);

/**
 * Webhook endpoints belong to the district their filter names, and an update may change it; their lookup document
 * follows the filter. The district of a webhook event is the endpoint's after the event.
 */
const isWebhookStream = (event: RecordedEvent) => streamCategory(event.streamId) === WEBHOOK_CATEGORY;

/** The district a webhook event gives its endpoint (null: none); undefined when the event leaves it as it was. */
function webhookDistrictSet(event: RecordedEvent): string | null | undefined {
  const webhookEvent = event as unknown as WebhookEvent;
  const filter =
    webhookEvent.type === 'WebhookRegistered'
      ? webhookEvent.data.filter
      : webhookEvent.type === 'WebhookUpdated'
        ? webhookEvent.data.changes.filter
        : undefined;
  return filter === undefined ? undefined : (filter.districtId ?? null);
}

/** The stream whose lookup document tells the event's district and its entity's status. */
const lookupStreamOf = (event: RecordedEvent): string | null =>
  isWebhookStream(event) ? event.streamId : districtStreamOf(event);

function entryDistrictOf(event: RecordedEvent, lookup: StreamLookupDoc | null): string | null {
  if (!isWebhookStream(event)) return districtOf(event, lookup?.districtId ?? null);
  const set = webhookDistrictSet(event);
  return set === undefined ? (lookup?.districtId ?? null) : set;
}

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function entityOf(streamId: string): { entityType: string; entityId: string } {
  const entityType = streamCategory(streamId);
  return { entityType, entityId: streamId.slice(entityType.length + 1) };
}

/** A change of the entity's status, old → new; null when the event leaves the status as it was. */
interface StatusTransition {
  from: string | null;
  to: string;
}

function statusTransitionOf(event: RecordedEvent, lookup: StreamLookupDoc | null): StatusTransition | null {
  const to = EVENT_REGISTRY.statusAfter(event.type);
  if (to === null) return null;
  // The lookup knows the status; an event that states what it replaced (a cancelled measure) covers a stream
  // whose earlier events were not seen.
  const stated = typeof event.data.previousStatus === 'string' ? event.data.previousStatus : null;
  const from = lookup?.status ?? stated;
  return from === to ? null : { from, to };
}

function bounded(field: string, from: JsonValue | undefined, to: JsonValue | undefined): AuditFieldChange {
  let truncated = false;
  const cut = (value: JsonValue | undefined): JsonValue => {
    if (value === undefined) return null;
    const json = JSON.stringify(value);
    if (json.length <= MAX_VALUE_CHARS) return value;
    truncated = true;
    return `${json.slice(0, MAX_VALUE_CHARS)}…`;
  };
  return { field, from: cut(from), to: cut(to), truncated };
}

const PREVIOUS_PREFIX = /^previous([A-Z])(.*)$/;

/** Fields never shown, and so kept out of every export. */
const HIDDEN_FIELDS = new Set(UNSHOWN_EVENT_FIELDS);

/**
 * First the status transition and a stated reason that is not the entry's reason (so neither is cut off by
 * MAX_CHANGES). Then old → new where the event says what it replaced: a `changes`/`previous` pair, or `previousX`
 * fields next to `x`. Every other field the event sets is listed as null → value, which is exactly right for
 * creation events. The entity's own id is left out; so is `previousStatus`, which the status transition covers.
 */
function changesOf(
  event: RecordedEvent,
  entityId: string,
  status: StatusTransition | null,
  entryReason: string | null,
): { changes: AuditFieldChange[]; truncated: boolean } {
  const data = event.data;
  const all: AuditFieldChange[] = [];
  if (status) all.push(bounded('status', status.from, status.to));
  if (typeof data.reason === 'string' && data.reason !== entryReason) all.push(bounded('reason', null, data.reason));
  if (isObject(data.changes) && isObject(data.previous)) {
    const previous = data.previous;
    for (const [field, value] of Object.entries(data.changes)) all.push(bounded(field, previous[field] ?? null, value));
  } else {
    const paired = new Set<string>();
    for (const [key, old] of Object.entries(data)) {
      const match = PREVIOUS_PREFIX.exec(key);
      if (!match) continue;
      const field = match[1].toLowerCase() + match[2];
      paired.add(key).add(field);
      const now = data[field];
      if (now !== undefined && now !== null) all.push(bounded(field, old, now));
    }
    for (const [field, value] of Object.entries(data)) {
      if (paired.has(field) || HIDDEN_FIELDS.has(field) || field === 'reason' || value === entityId || value === null) continue;
      all.push(bounded(field, null, value));
    }
  }
  return { changes: all.slice(0, MAX_CHANGES), truncated: all.length > MAX_CHANGES };
}

function summaryOf(event: RecordedEvent, entityId: string): string {
  try {
    return EVENT_REGISTRY.summaryOf(event, entityId, 'en') ?? `${actionPhrase(event.type)} (${event.streamId})`;
  } catch {
    // An event of an older shape must not stop the audit trail: fall back to the action.
    return `${actionPhrase(event.type)} (${event.streamId})`;
  }
}

/**
 * The audit entry of one event: who, when (recorded and effective), what, why, under which command. `status` is the
 * status transition the event makes, if any.
 */
export function auditEntryOf(
  event: RecordedEvent,
  districtId: string | null,
  status: StatusTransition | null = null,
): AuditEntryDoc {
  const { metadata } = event;
  const { entityType, entityId } = entityOf(event.streamId);
  const dataReason = typeof event.data.reason === 'string' ? event.data.reason : null;
  const reason = metadata.reason ?? dataReason;
  const { changes, truncated } = changesOf(event, entityId, status, reason);
  const effective = effectiveDateOf(event);
  return {
    id: event.eventId,
    position: event.position,
    recordedAt: metadata.recordedAt,
    effectiveAt: metadata.effectiveAt ?? null,
    effectiveDate: effective.date,
    effectiveDateSource: effective.source,
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    personId: personOf(metadata),
    eventType: event.type,
    action: actionPhrase(event.type),
    entityType,
    entityId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    districtId,
    reason,
    decisionRef: metadata.decisionRef ?? null,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    summary: summaryOf(event, entityId),
    changes,
    changesTruncated: truncated,
  };
}

/**
 * The stream's lookup after the event, or null when it stays as it is. Only events of the stream itself write it
 * (a receipt reads its grant's lookup, never writes it); the district is kept once known.
 */
function nextLookupOf(
  event: RecordedEvent,
  lookup: StreamLookupDoc | null,
  districtId: string | null,
  status: StatusTransition | null,
): StreamLookupDoc | null {
  if (isWebhookStream(event)) {
    if (webhookDistrictSet(event) === undefined && !status) return null;
    return { id: event.streamId, districtId, status: status ? status.to : (lookup?.status ?? null) };
  }
  if (!LOOKUP_CATEGORIES.has(streamCategory(event.streamId))) return null;
  const opensStream = EVENT_REGISTRY.opensStream(event.type) && !lookup?.districtId && districtId !== null;
  if (!opensStream && !status) return null;
  return {
    id: event.streamId,
    districtId: lookup?.districtId ?? districtId,
    status: status ? status.to : (lookup?.status ?? null),
  };
}

export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  // 3: effective date from the event's business date; status transitions; a stated reason next to the option's.
  // 4: webhook endpoint events (recorded before too, but skipped: a rebuild brings them in).
  // 5: the person behind each actor (personId).
  version: 5,
  eventTypes: ALL_EVENT_TYPES,
  collections: [
    {
      name: AUDIT_TRAIL_COLLECTION,
      // Each filter leads its own index, followed by the position (store order), so a filtered page is an index
      // range scan in order; time ranges are checked on the entries that scan visits. The entity index names both
      // parts, so "this grant" is one equality search rather than a walk over every grant entry.
      indexes: [
        ['position'],
        ['entityId', 'entityType', 'position'],
        ['entityType', 'position'],
        ['districtId', 'position'],
        ['actorId', 'position'],
        ['personId', 'position'],
        ['eventType', 'position'],
        ['recordedAt'],
        ['effectiveDate'],
      ],
    },
    { name: AUDIT_STREAM_DISTRICT_COLLECTION },
  ],

  documentsFor(event) {
    // The entry itself comes first: an event whose entry exists was applied before (idempotency).
    const refs: DocRef[] = [{ collection: AUDIT_TRAIL_COLLECTION, id: event.eventId }];
    const lookup = lookupStreamOf(event);
    if (lookup) refs.push({ collection: AUDIT_STREAM_DISTRICT_COLLECTION, id: lookup });
    return refs;
  },

  apply(event, docs) {
    if (docs.get(AUDIT_TRAIL_COLLECTION, event.eventId)) return [];
    // The district stream's lookup (a receipt reads its grant's).
    const lookupId = lookupStreamOf(event);
    const lookup = lookupId ? docs.get<StreamLookupDoc>(AUDIT_STREAM_DISTRICT_COLLECTION, lookupId) : null;
    const districtId = entryDistrictOf(event, lookup);
    const status = statusTransitionOf(event, lookup);
    const writes: DocWrite[] = [{ collection: AUDIT_TRAIL_COLLECTION, doc: auditEntryOf(event, districtId, status) }];
    const next = nextLookupOf(event, lookup, districtId, status);
    if (next) writes.push({ collection: AUDIT_STREAM_DISTRICT_COLLECTION, doc: next });
    return writes;
  },
};
