import type { ScopedActor } from '../core/decider';
import { inScope, outsideScope } from '../core/district-scope';
import { DISTRICT_BOUND_CATEGORIES, districtsOfStream } from '../event-registry';
import { type EventStore } from '../event-store/event-store.port';
import { streamCategory } from '../core/envelope';
import type { FieldCondition } from '../read-store/read-store.port';

// The pure checks live in core (the command pipeline runs them); reads that need the read store or the event
// registry are added here. Importers keep one door for both.
export {
  assertCommandInScope,
  assertDistrictInScope,
  assertEveryDistrict,
  assertVisible,
  inScope,
  scopeDistrictId,
  scopeDistricts,
} from '../core/district-scope';

/** Matches no document: the condition of a district outside the scope, which lists as an unknown district does. */
const NO_DISTRICT: FieldCondition = { $in: [] };

/**
 * The `districtId` condition of a list read: the district asked for (one outside the scope lists nothing, as an
 * unknown district does), else the caller's districts, else no condition at all.
 */
export function districtCondition(caller: ScopedActor, requested: string): FieldCondition;
export function districtCondition(caller: ScopedActor, requested?: string): FieldCondition | undefined;
export function districtCondition(caller: ScopedActor, requested?: string): FieldCondition | undefined {
  if (requested !== undefined) return inScope(caller, requested) ? requested : NO_DISTRICT;
  return caller.districts === null ? undefined : { $in: [...caller.districts] };
}

/**
 * Reads of a raw stream (its events, its hash chain, a grant's audit file): true when every district its events
 * belong to is in scope (a receipt declared to grants of two districts is for callers of both). A stream of another
 * district reads as one that does not exist, and so does an unknown stream (it belongs to no district yet). Streams
 * of categories that belong to no district (catalogues, measure codes, API keys, webhook endpoints) are refused to
 * scoped callers by their category, whatever they hold.
 */
export async function streamVisibleTo(store: EventStore, caller: ScopedActor, streamId: string): Promise<boolean> {
  if (caller.districts === null) return true;
  if (!DISTRICT_BOUND_CATEGORIES.includes(streamCategory(streamId))) throw outsideScope(null);
  const districts = await districtsOfStream(store, streamId);
  return districts !== null && districts.every((districtId) => inScope(caller, districtId));
}
