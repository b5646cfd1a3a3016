import {
  streamCategory,
  type JsonObject,
  type JsonValue,
  type RecordedEvent,
} from '../../src/event-store/event-store.port';
import type { DocRef, DocWrite, Projection } from '../runner/projection';
import { actionPhrase, AUDITED_EVENT_TYPES, summarise, type AuditedEvent } from './audit-summaries';

export const AUDIT_TRAIL_COLLECTION = 'audit_trail';
/**
 * Stream id → district id, for the streams whose later events do not name their district (bodies, goals, measures,
 * grants): written when the creation event is seen. Prefixed so it cannot clash with another projection's lookup.
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
  /** metadata.effectiveAt; null when the event took effect when it was recorded. */
  effectiveAt: string | null;
  /** The business date the effective-date filter uses: effectiveAt's date, else the recorded date (UTC). */
  effectiveDate: string;
  actorId: string;
  actorRole: string;
  eventType: string;
  /** The event type as a verb phrase, e.g. "grant funds disbursed". */
  action: string;
  /** Stream category: district, body, goal, measure, grant, receipt, catalogue. */
  entityType: string;
  /** The stream id without its category. */
  entityId: string;
  streamId: string;
  streamVersion: number;
  districtId: string | null;
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

export type StreamDistrictDoc = { id: string; districtId: string; [key: string]: unknown };

/** Streams whose creation event names their district. */
const DISTRICT_SCOPED_CATEGORIES = new Set(['body', 'goal', 'measure', 'grant']);
const CREATION_EVENT_TYPES = new Set<string>([
  'DistrictRegistered',
  'BodyEstablished',
  'GoalDefined',
  'MeasurePlanned',
  'GrantApplicationSubmitted',
  'FundingProgrammeAdded',
  'ActionFieldAdded',
]);

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function entityOf(streamId: string): { entityType: string; entityId: string } {
  const entityType = streamCategory(streamId);
  return { entityType, entityId: streamId.slice(entityType.length + 1) };
}

/** The stream whose lookup document holds this event's district (receipts belong to the grant's district). */
function districtLookupStream(event: RecordedEvent): string | null {
  const category = streamCategory(event.streamId);
  if (DISTRICT_SCOPED_CATEGORIES.has(category)) return event.streamId;
  if (category === 'receipt' && typeof event.data.grantId === 'string') return `grant-${event.data.grantId}`;
  return null;
}

function districtOf(event: RecordedEvent, lookup: StreamDistrictDoc | null): string | null {
  const { entityType, entityId } = entityOf(event.streamId);
  if (entityType === 'district') return entityId;
  if (lookup) return lookup.districtId;
  return typeof event.data.districtId === 'string' ? event.data.districtId : null;
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

/**
 * Old → new where the event says what it replaced: a `changes`/`previous` pair, or `previousX` fields next to `x`
 * (a cancelled measure's `previousStatus` pairs with its new status). Every other field the event sets is listed
 * as null → value, which is exactly right for creation events. The entity's own id is left out.
 */
function changesOf(event: RecordedEvent, entityId: string): { changes: AuditFieldChange[]; truncated: boolean } {
  const data = event.data;
  const all: AuditFieldChange[] = [];
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
      const now = field === 'status' && event.type === 'MeasureCancelled' ? 'cancelled' : data[field];
      if (now !== undefined && now !== null) all.push(bounded(field, old, now));
    }
    const isCreation = CREATION_EVENT_TYPES.has(event.type);
    for (const [field, value] of Object.entries(data)) {
      if (paired.has(field) || value === entityId || value === null) continue;
      if (!isCreation && field === 'reason') continue; // shown as the entry's reason
      all.push(bounded(field, null, value));
    }
  }
  return { changes: all.slice(0, MAX_CHANGES), truncated: all.length > MAX_CHANGES };
}

function summaryOf(event: RecordedEvent, entityId: string): string {
  try {
    return summarise(event as unknown as AuditedEvent, entityId);
  } catch {
    // An event of an older shape must not stop the audit trail: fall back to the action.
    return `${actionPhrase(event.type)} (${event.streamId})`;
  }
}

/** The audit entry of one event: who, when (recorded and effective), what, why, under which command. */
export function auditEntryOf(event: RecordedEvent, districtId: string | null): AuditEntryDoc {
  const { metadata } = event;
  const { entityType, entityId } = entityOf(event.streamId);
  const { changes, truncated } = changesOf(event, entityId);
  const dataReason = typeof event.data.reason === 'string' ? event.data.reason : null;
  return {
    id: event.eventId,
    position: event.position,
    recordedAt: metadata.recordedAt,
    effectiveAt: metadata.effectiveAt ?? null,
    effectiveDate: (metadata.effectiveAt ?? metadata.recordedAt).slice(0, 10),
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    eventType: event.type,
    action: actionPhrase(event.type),
    entityType,
    entityId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    districtId,
    reason: metadata.reason ?? dataReason,
    decisionRef: metadata.decisionRef ?? null,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    summary: summaryOf(event, entityId),
    changes,
    changesTruncated: truncated,
  };
}

export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  version: 2,
  eventTypes: AUDITED_EVENT_TYPES,
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
    const lookup = districtLookupStream(event);
    if (lookup) refs.push({ collection: AUDIT_STREAM_DISTRICT_COLLECTION, id: lookup });
    return refs;
  },

  apply(event, docs) {
    if (docs.get(AUDIT_TRAIL_COLLECTION, event.eventId)) return [];
    const lookupId = districtLookupStream(event);
    const lookup = lookupId ? docs.get<StreamDistrictDoc>(AUDIT_STREAM_DISTRICT_COLLECTION, lookupId) : null;
    const districtId = districtOf(event, lookup);
    const writes: DocWrite[] = [{ collection: AUDIT_TRAIL_COLLECTION, doc: auditEntryOf(event, districtId) }];
    const opensDistrictStream =
      CREATION_EVENT_TYPES.has(event.type) &&
      DISTRICT_SCOPED_CATEGORIES.has(streamCategory(event.streamId)) &&
      typeof event.data.districtId === 'string';
    if (opensDistrictStream && !lookup) {
      const doc: StreamDistrictDoc = { id: event.streamId, districtId: event.data.districtId as string };
      writes.push({ collection: AUDIT_STREAM_DISTRICT_COLLECTION, doc });
    }
    return writes;
  },
};
