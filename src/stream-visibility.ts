import type { ScopedActor } from './core/decider';
import { inScope, outsideScope } from './core/district-scope';
import { streamCategory } from './core/envelope';
import type { EventStore } from './event-store/event-store.port';
import { DISTRICT_BOUND_CATEGORIES, districtsOfStream } from './event-registry';

// Beside the event registry rather than in auth: which districts a stream belongs to is the registry's knowledge,
// and the registry imports every context (auth stays below them).

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
