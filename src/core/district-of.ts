import { type EventStore, streamCategory, type RecordedEvent } from '../event-store/event-store.port';

/**
 * Which district an event, or a whole stream, belongs to: the one place that decides it. Only creation events of
 * bodies, goals, measures and grants name their district; later events of those streams do not, so the district is
 * known from the stream's creation event. A receipt stream holds shares of one receipt, each belonging to its
 * grant's district. The audit trail keeps the districts in a lookup document, the integration feed and the district
 * scope read them from the store: all ask these functions which stream to look up and what the answer is.
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

/** The district a stream's creation event names, read from the store; null when it is not stored (yet). */
export async function districtOfCreation(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
): Promise<string | null> {
  const [first] = await store.readStream(streamId, { maxCount: 1 });
  return first ? districtOf(first, null) : null;
}

/**
 * Every district a stream's events belong to, for reads of a whole stream (its events, its hash chain): the one
 * district of a district or district-scoped stream; for a receipt, the districts of the grants its shares were
 * declared for. Null when the stream, or any of its events, belongs to no known district: such a stream is only for
 * callers for every district.
 */
export async function districtsOfStream(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
): Promise<string[] | null> {
  const category = streamCategory(streamId);
  if (category === 'district') return [streamId.slice(category.length + 1)];
  if (DISTRICT_SCOPED_CATEGORIES.has(category)) {
    const district = await districtOfCreation(store, streamId);
    return district === null ? null : [district];
  }
  if (!DISTRICT_BOUND_CATEGORIES.includes(category)) return null;
  // A receipt: each share names the grant whose creation event names the district.
  const lookups = new Set((await store.readStream(streamId)).map(districtStreamOf));
  if (lookups.size === 0 || lookups.has(null)) return null;
  const districts = new Set<string>();
  for (const lookup of lookups) {
    const district = await districtOfCreation(store, lookup as string);
    if (district === null) return null;
    districts.add(district);
  }
  return [...districts];
}
