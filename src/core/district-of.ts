import type { StreamStore } from './stream-store';
import { streamCategory, type RecordedEvent } from './envelope';
import type { EventRegistry } from './event-registry';

/**
 * Which district an event, or a whole stream, belongs to, by the rules the event registry states for each event
 * (DistrictRule): a district's own stream; a stream whose creation event names its district (bodies, goals,
 * measures, grants: later events do not name it); a stream that follows another's district (a receipt share, its
 * grant's); none. The audit trail keeps the districts in a lookup document, the integration feed and the district
 * scope read them from the store: all ask these functions which stream to look up and what the answer is.
 */
export interface StreamDistrictRules {
  /** Categories whose streams' creation event names their district. */
  readonly districtScopedCategories: ReadonlySet<string>;
  /** Categories whose events can belong to a district: districts, district-scoped streams and followers. */
  readonly districtBoundCategories: readonly string[];
  /**
   * The stream whose creation event tells this event's district: its own stream for districts and district-scoped
   * streams, the followed stream (a receipt share's grant); null when the event belongs to no district.
   */
  districtStreamOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string | null;
  /**
   * The event's district: a district stream's own id, else the district known for its district stream (null when
   * not known), else the district the event itself names (a creation event).
   */
  districtOf(event: Pick<RecordedEvent, 'streamId' | 'data'>, knownDistrict: string | null): string | null;
  /** The district a stream's creation event names, read from the store; null when it is not stored (yet). */
  districtOfCreation(store: Pick<StreamStore, 'readStream'>, streamId: string): Promise<string | null>;
  /**
   * Every district a stream's events belong to, for reads of a whole stream (its events, its hash chain): the one
   * district of a district or district-scoped stream; for a follower (receipt), the districts of the streams its
   * events follow. Null when the stream, or any of its events, belongs to no known district: such a stream is only
   * for callers for every district.
   */
  districtsOfStream(store: Pick<StreamStore, 'readStream'>, streamId: string): Promise<string[] | null>;
}

export function streamDistrictRules(registry: Pick<EventRegistry, 'districtOfCategory' | 'events'>): StreamDistrictRules {
  const categories = [...new Set(registry.events.map((e) => e.category))];
  const ruleOf = (category: string) => registry.districtOfCategory(category);
  const districtScopedCategories = new Set(categories.filter((c) => ruleOf(c).from === 'first-event'));
  const districtBoundCategories = [
    ...categories.filter((c) => ruleOf(c).from === 'stream-id'),
    ...districtScopedCategories,
    ...categories.filter((c) => ruleOf(c).from === 'follows'),
  ];

  const idOf = (streamId: string, category: string) => streamId.slice(category.length + 1);

  const districtStreamOf = (event: Pick<RecordedEvent, 'streamId' | 'data'>): string | null => {
    const rule = ruleOf(streamCategory(event.streamId));
    if (rule.from === 'stream-id' || rule.from === 'first-event') return event.streamId;
    if (rule.from === 'follows') {
      const id = event.data[rule.idField];
      return typeof id === 'string' ? `${rule.category}-${id}` : null;
    }
    return null;
  };

  const districtOf = (event: Pick<RecordedEvent, 'streamId' | 'data'>, knownDistrict: string | null): string | null => {
    const category = streamCategory(event.streamId);
    const rule = ruleOf(category);
    if (rule.from === 'stream-id') return idOf(event.streamId, category);
    if (knownDistrict) return knownDistrict;
    // A creation event names its own district; the followed stream's creation event is asked through here too.
    const named = event.data[rule.from === 'first-event' ? rule.field : 'districtId'];
    return typeof named === 'string' ? named : null;
  };

  const districtOfCreation = async (store: Pick<StreamStore, 'readStream'>, streamId: string): Promise<string | null> => {
    const [first] = await store.readStream(streamId, { maxCount: 1 });
    return first ? districtOf(first, null) : null;
  };

  const districtsOfStream = async (store: Pick<StreamStore, 'readStream'>, streamId: string): Promise<string[] | null> => {
    const category = streamCategory(streamId);
    const rule = ruleOf(category);
    if (rule.from === 'stream-id') return [idOf(streamId, category)];
    if (rule.from === 'first-event') {
      const district = await districtOfCreation(store, streamId);
      return district === null ? null : [district];
    }
    if (rule.from !== 'follows') return null;
    // Each event names the stream whose creation event names the district.
    const lookups = new Set((await store.readStream(streamId)).map(districtStreamOf));
    if (lookups.size === 0 || lookups.has(null)) return null;
    const districts = new Set<string>();
    for (const lookup of lookups) {
      const district = await districtOfCreation(store, lookup as string);
      if (district === null) return null;
      districts.add(district);
    }
    return [...districts];
  };

  return { districtScopedCategories, districtBoundCategories, districtStreamOf, districtOf, districtOfCreation, districtsOfStream };
}
