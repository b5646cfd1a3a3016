import type { StreamStore } from './stream-store';
import type { Actor, EventMetadata } from './envelope';
import { ruleViolated } from './domain-error';
import type { RuleCode } from './domain-rules';

/**
 * Separation of functions compares people, not principals (DESIGN.md): an API key acts for the person who issued
 * it, and a key issued with a key for the person at the root of that chain. This file is the one place that says
 * who the person behind an actor is and whether two are the same.
 */

/** Prefix of the actor ids of API keys; also their stream names (`apikey-<keyId>`). */
const API_KEY_ACTOR_PREFIX = 'apikey-';

/** The actor of the service's own work (seeding the catalogue, giving up on a webhook endpoint). */
export const SYSTEM_ACTOR = { id: 'system', role: 'system', districts: null } as const;

/**
 * Ids are recorded as presented, but compared as one person whatever their case or Unicode form: an identity
 * provider that treats `Alice` and `alice` as one user must not yield two people to a four-eyes rule.
 */
const personKey = (id: string): string => id.normalize('NFKC').toLowerCase();

/** The actor id of an API key: what its events record and who owns what it registers. */
export const apiKeyActorId = (keyId: string): string => `${API_KEY_ACTOR_PREFIX}${keyId}`;

/** The key an actor id stands for; null for any other actor (a token's subject, which nothing here can revoke). */
export const apiKeyIdOf = (actorId: string): string | null =>
  actorId.startsWith(API_KEY_ACTOR_PREFIX) ? actorId.slice(API_KEY_ACTOR_PREFIX.length) : null;

/**
 * Ids only the service hands out: an API key's and its own. A token subject or development identity spelled like
 * one (in any case) would pass for a key or the service, so authentication refuses them.
 */
export function isReservedActorId(id: string): boolean {
  const key = personKey(id);
  return key.startsWith(API_KEY_ACTOR_PREFIX) || key === SYSTEM_ACTOR.id;
}

/** The person an actor acts for: the person behind an API key, else the actor itself. */
export const actingPerson = (actor: Actor): string => actor.onBehalfOf ?? actor.id;

/**
 * The person behind the actor of a recorded event: `onBehalfOf`, else the actor itself. Null when that is not known:
 * no metadata, or a key's event recorded before events named the person (the command pipeline fills those in when
 * it reads a stream, see withKeyPersons; null is left only where the key's own stream is missing).
 */
export function personOf(metadata: Pick<EventMetadata, 'actorId' | 'onBehalfOf'> | undefined): string | null {
  if (!metadata) return null;
  if (metadata.onBehalfOf) return metadata.onBehalfOf;
  return apiKeyIdOf(personKey(metadata.actorId)) === null ? metadata.actorId : null;
}

/** Whether `actor` is the person recorded as `recorded` (known, and the same whatever the spelling). */
export const samePerson = (recorded: string | null, actor: Actor): boolean =>
  recorded !== null && personKey(recorded) === personKey(actingPerson(actor));

/**
 * Four-eyes: refuses unless `actor` is known to be another person than `recorded`. An unknown person counts as the
 * same one, so the rule fails closed.
 */
export function assertAnotherPerson(
  recorded: string | null,
  actor: Actor,
  rule: RuleCode,
  refusal: string,
  details: Record<string, unknown> = { actorId: actor.id },
): void {
  if (recorded === null || samePerson(recorded, actor)) throw ruleViolated(rule, refusal, details);
}

/** Metadata of events recorded before events named the person behind a key. */
const needsKeyPerson = (metadata: EventMetadata): boolean =>
  !metadata.onBehalfOf && apiKeyIdOf(metadata.actorId) !== null;

/** Keys issued with keys issued with keys…: a chain longer than this is taken for a broken one (person unknown). */
const MAX_KEY_CHAIN = 20;
/** A key's person never changes once issued, so what was found once is kept (per store). */
const keyPersons = new WeakMap<StreamStore, Map<string, string>>();

/**
 * The person behind a key recorded without one: whoever recorded the key's issue (the first event of its stream
 * `apikey-<keyId>`), followed through keys issued with keys. Null when the key's stream is missing.
 */
async function keyPerson(store: StreamStore, keyActorId: string, depth = 0): Promise<string | null> {
  let known = keyPersons.get(store);
  if (!known) keyPersons.set(store, (known = new Map()));
  const cached = known.get(keyActorId);
  if (cached !== undefined) return cached;
  const [issued] = await store.readStream(keyActorId, { maxCount: 1 });
  if (!issued) return null;
  const person =
    personOf(issued.metadata) ??
    (depth < MAX_KEY_CHAIN && needsKeyPerson(issued.metadata) ? await keyPerson(store, issued.metadata.actorId, depth + 1) : null);
  if (person !== null) known.set(keyActorId, person);
  return person;
}

/**
 * Events as deciders fold them: an API key's event recorded before events named the person behind the key gets
 * `onBehalfOf` filled in from the key's issue, so four-eyes rules see the person and not the key. Deciders cannot
 * look this up themselves; only the folded copy changes, never the stored event or its hash.
 */
export async function withKeyPersons<T extends { metadata: EventMetadata }>(store: StreamStore, events: T[]): Promise<T[]> {
  if (!events.some((event) => needsKeyPerson(event.metadata))) return events;
  const resolved: T[] = [];
  for (const event of events) {
    const person = needsKeyPerson(event.metadata) ? await keyPerson(store, event.metadata.actorId) : null;
    resolved.push(person === null ? event : { ...event, metadata: { ...event.metadata, onBehalfOf: person } });
  }
  return resolved;
}

