import type { Command, Decider, DomainEvent, ScopedActor } from '../core/decider';
import { DomainError } from '../core/domain-error';
import { districtsOfStream } from '../core/stream-district';
import type { EventStore } from '../event-store/event-store.port';
import type { FieldCondition } from '../read-store/read-store.port';

/**
 * District scope: a caller whose `districts` is a list (a district manager of Halle-Neustadt, say) reads and writes
 * only the records of those districts; `null` means every district. The one place that decides it, for the command
 * pipeline, the resolvers and the exports alike; which district a record belongs to is core/stream-district's.
 */

/**
 * A district id as scopes hold it and districts are registered under: lower case. Scopes are compared exactly, and
 * UUIDs arrive in either case (token claims, API-key inputs, the token CLI, the development header, registration).
 */
export const scopeDistrictId = (id: string): string => id.toLowerCase();

/** The districts of a scope as it is presented: each as scopeDistrictId, each once. */
export const scopeDistricts = (ids: readonly string[]): string[] => [...new Set(ids.map(scopeDistrictId))];

const outsideScope = (districtId: string | null): DomainError =>
  districtId === null
    ? new DomainError('FORBIDDEN', 'This record belongs to no single district: only a user for every district may use it')
    : new DomainError('FORBIDDEN', `District ${districtId} is outside the districts you may act on`, { districtId });

/** Refuses a record of a district outside the caller's scope (null: a record of no single district). */
export function assertDistrictInScope(caller: ScopedActor, districtId: string | null): void {
  if (caller.districts === null) return;
  if (districtId !== null && caller.districts.includes(districtId)) return;
  throw outsideScope(districtId);
}

/** Refuses what only a caller for every district may see (e.g. the hash check of the whole log). */
export function assertEveryDistrict(caller: ScopedActor, what: string): void {
  if (caller.districts !== null) {
    throw new DomainError('FORBIDDEN', `${what} spans every district; you may act on some districts only`);
  }
}

/**
 * The `districtId` condition of a list read: the district asked for (refused when outside the scope), else the
 * caller's districts, else no condition at all.
 */
export function districtCondition(caller: ScopedActor, requested?: string): FieldCondition | undefined {
  if (requested !== undefined) {
    assertDistrictInScope(caller, requested);
    return requested;
  }
  return caller.districts === null ? undefined : { $in: [...caller.districts] };
}

/**
 * Writes: the decider names the district of the stream a command acts on; a stream of no district (no `districtOf`)
 * is refused to scoped actors. Runs before the command is decided, and before a repeated command id is answered
 * with its first outcome.
 */
export function assertCommandInScope<S, C extends Command, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  command: C,
  state: S,
): void {
  if (command.context.actor.districts === null) return;
  assertDistrictInScope(command.context.actor, decider.districtOf?.(command, state) ?? null);
}

/**
 * Reads of a raw stream (its events, its hash chain, a grant's audit file): every district its events belong to
 * must be in scope, so a receipt declared to grants of two districts is for callers of both.
 */
export async function assertStreamInScope(store: EventStore, caller: ScopedActor, streamId: string): Promise<void> {
  if (caller.districts === null) return;
  const districts = await districtsOfStream(store, streamId);
  if (districts === null) throw outsideScope(null);
  for (const districtId of districts) assertDistrictInScope(caller, districtId);
}
