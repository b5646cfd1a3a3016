import type { Command, Decider, DomainEvent, ScopedActor } from './decider';
import { DomainError, conflict } from './domain-error';

/**
 * District scope: a caller whose `districts` is a list (a district manager of Halle-Neustadt, say) reads and writes
 * only the records of those districts; `null` means every district. The one place that decides it, for the command
 * pipeline, the resolvers and the exports alike; which district a record belongs to is the event registry's (src/event-registry.ts).
 * To such a caller the records of other districts do not exist: reading or writing one answers exactly as an unknown
 * id does, and lists leave them out, so ids cannot be probed. Naming a district outside the scope to act in is
 * refused with FORBIDDEN, whether that district exists or not.
 */

/**
 * A district id as scopes hold it and districts are registered under: lower case. Scopes are compared exactly, and
 * UUIDs arrive in either case (token claims, API-key inputs, the token CLI, the development header, registration).
 */
export const scopeDistrictId = (id: string): string => id.toLowerCase();

/** The districts of a scope as it is presented: each as scopeDistrictId, each once. */
export const scopeDistricts = (ids: readonly string[]): string[] => [...new Set(ids.map(scopeDistrictId))];

/**
 * True when the caller may read and write records of `districtId`; null (a record of no single district): only
 * callers for every district.
 */
export function inScope(caller: Pick<ScopedActor, 'districts'>, districtId: string | null): boolean {
  return caller.districts === null || (districtId !== null && caller.districts.includes(districtId));
}

export const outsideScope = (districtId: string | null): DomainError =>
  districtId === null
    ? new DomainError('FORBIDDEN', 'This record belongs to no single district: only a user for every district may use it')
    : new DomainError('FORBIDDEN', `District ${districtId} is outside the districts you may act on`, { districtId });

/**
 * Refuses a district the caller names to act in — a new record's district, a webhook's filter: FORBIDDEN, whether
 * that district exists or not, so the answer tells nothing about other districts.
 */
export function assertDistrictInScope(caller: ScopedActor, districtId: string | null): void {
  if (!inScope(caller, districtId)) throw outsideScope(districtId);
}

/**
 * Reads of one record: a record of a district outside the scope answers exactly as a missing one — `missing` is
 * the error the read gives for an unknown id —, so ids of other districts cannot be told from unknown ones.
 */
export function assertVisible(caller: ScopedActor, districtId: string | null, missing: () => DomainError): void {
  if (!inScope(caller, districtId)) throw missing();
}

/** Refuses what only a caller for every district may see (e.g. the hash check of the whole log). */
export function assertEveryDistrict(caller: ScopedActor, what: string): void {
  if (caller.districts !== null) {
    throw new DomainError('FORBIDDEN', `${what} spans every district; you may act on some districts only`);
  }
}

/**
 * Writes, before the command is decided and before a repeated command id is answered with its first outcome. The
 * decider names the district of the stream the command acts on. Outside the scope, only what the command itself
 * says counts, never what the stream holds, so a record of another district and an unknown id take the same path:
 * - a command that names its district (a new record: `districtOf` on an empty stream) is refused with FORBIDDEN
 *   when that district is outside the scope; in the scope, the id is one another district's record has: CONFLICT
 *   (an unknown id would be created, so that the id is taken cannot be hidden; the answer does not say where);
 * - any other command answers what it answers on a stream that does not exist (NOT_FOUND from the decider).
 * Streams of no district (catalogues, API keys: no `districtOf`) are refused to scoped actors whatever they hold.
 */
export function assertCommandInScope<S, C extends Command, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  command: C,
  state: S,
): void {
  const caller = command.context.actor;
  if (caller.districts === null) return;
  if (!decider.districtOf) throw outsideScope(null);
  if (inScope(caller, decider.districtOf(command, state))) return;
  const blank = decider.initialState();
  const named = decider.districtOf(command, blank);
  if (named !== null) {
    assertDistrictInScope(caller, named);
    throw conflict('The id of this new record is already used by another record; choose another id');
  }
  decider.decide(command, blank);
  // A decider that accepts the command on an empty stream: there is still nothing of this caller's to act on.
  throw outsideScope(null);
}
