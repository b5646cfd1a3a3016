import type { ScopedActor } from '../core/decider';
import { inScope } from '../core/district-scope';
import type { FieldCondition } from '../read-store/read-store.port';

// The pure checks live in core (the command pipeline runs them); the read-store condition is added here. Importers
// keep one door for both. Whether a raw stream is visible needs the event registry: src/stream-visibility.ts.
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
