import { streamCategory, type RecordedEvent } from '../event-store/event-store.port';

/**
 * Which district an event belongs to. Only creation events of bodies, goals, measures and grants name their
 * district; later events of those streams do not, so the district is known from the stream's creation event.
 * The audit trail keeps it in a lookup document, the integration feed reads it from the store: both ask these
 * functions which stream to look up and what the answer is.
 */

/** Streams whose creation event names their district. */
export const DISTRICT_SCOPED_CATEGORIES: ReadonlySet<string> = new Set(['body', 'goal', 'measure', 'grant']);

/**
 * Categories whose events can belong to a district: districts themselves, the district-scoped streams and
 * receipts (each share belongs to its grant's district). Catalogues and measure-code reservations belong to none.
 */
export const DISTRICT_BOUND_CATEGORIES: readonly string[] = ['district', ...DISTRICT_SCOPED_CATEGORIES, 'receipt'];

/**
 * The stream whose creation event tells this event's district: its own stream for districts and district-scoped
 * streams, the grant's for a receipt share; null when the event belongs to no district.
 */
export function districtStreamOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string | null {
  const category = streamCategory(event.streamId);
  if (category === 'district' || DISTRICT_SCOPED_CATEGORIES.has(category)) return event.streamId;
  if (category === 'receipt' && typeof event.data.grantId === 'string') return `grant-${event.data.grantId}`;
  return null;
}

/**
 * The event's district: a district stream's own id, else the district known for its district stream (null when
 * not known), else the district the event itself names (a creation event).
 */
export function districtOf(
  event: Pick<RecordedEvent, 'streamId' | 'data'>,
  knownDistrict: string | null,
): string | null {
  const category = streamCategory(event.streamId);
  if (category === 'district') return event.streamId.slice(category.length + 1);
  if (knownDistrict) return knownDistrict;
  return typeof event.data.districtId === 'string' ? event.data.districtId : null;
}
