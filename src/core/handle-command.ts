import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from './envelope';
import { type StreamStore, WrongExpectedVersionError } from './stream-store';
import { assertCommandInScope } from './district-scope';
import type { Command, CommandContext, Decider, DomainEvent, StoredDomainEvent } from './decider';
import { commandIdReused, conflict } from './domain-error';
import { eventHash } from './hash-chain';
import { deterministicUuid } from './ids';
import { actingPerson, withKeyPersons } from './persons';
import { StreamStateCache } from './stream-state-cache';

export interface CommandOutcome {
  streamId: string;
  /** The events this command recorded (for a repeated command id: the ones recorded the first time). */
  events: Omit<RecordedEvent, 'position'>[];
  /** Stream version after the command (-1: the stream still does not exist). */
  streamVersion: number;
  /** Position of the last event the command recorded, else of the stream's last event, else null. */
  position: string | null;
  /** True when the command id had been handled before and nothing new was appended. */
  repeated: boolean;
}

export const MAX_ATTEMPTS = 3;

/** Loads a stream and folds it with the decider's evolve. */
export async function loadState<S, C extends Command, E extends DomainEvent>(
  store: StreamStore,
  decider: Decider<S, C, E>,
  streamId: string,
): Promise<{ state: S; events: RecordedEvent[] }> {
  const events = await withKeyPersons(store, await store.readStream(streamId));
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event as unknown as StoredDomainEvent<E>);
  return { state, events };
}

/** Streams whose folded state each store keeps per decider (about a kilobyte each, plus their command ids). */
const CACHED_STREAMS = 10_000;
const stateCaches = new WeakMap<StreamStore, WeakMap<object, StreamStateCache<unknown, Command, DomainEvent>>>();

function stateCacheOf<S, C extends Command, E extends DomainEvent>(store: StreamStore, decider: Decider<S, C, E>): StreamStateCache<S, C, E> {
  let byDecider = stateCaches.get(store);
  if (!byDecider) stateCaches.set(store, (byDecider = new WeakMap()));
  let cache = byDecider.get(decider) as StreamStateCache<S, C, E> | undefined;
  if (!cache) {
    cache = new StreamStateCache(decider, CACHED_STREAMS);
    byDecider.set(decider, cache as unknown as StreamStateCache<unknown, Command, DomainEvent>);
  }
  return cache;
}

/**
 * The one command pipeline: read the stream → fold evolve → check the actor's district scope → decide → append at
 * the version that was read.
 * A concurrent writer makes the append fail with a version conflict; then the stream is re-read and the command
 * re-decided against the new state (a rule may now refuse it), up to MAX_ATTEMPTS, then CONFLICT — unless the
 * client sent the version it saw (`expectedVersion`): that command answers CONFLICT at once, never re-decided.
 * The fold is kept between commands (StreamStateCache), so reading the stream means reading what was appended since.
 */
export async function handleCommand<S, C extends Command, E extends DomainEvent>(
  store: StreamStore,
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<CommandOutcome> {
  const cache = stateCacheOf(store, decider);
  for (let attempt = 1; ; attempt++) {
    const { state, last, commandIds } = await cache.load(store, streamId);
    // Before the idempotency answer too: a repeated command id must not show another district's outcome.
    assertCommandInScope(decider, command, state);

    // Idempotency by command id: the first outcome is in the stream; answer with it and append nothing.
    if (commandIds.has(command.context.commandId)) return repeatedOutcome(store, streamId, command.context);
    // Checked on every attempt: after a lost race the stream is at a version the client never saw.
    assertExpectedVersion(command.context, streamId, last?.streamVersion ?? -1);

    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return {
        streamId,
        events: [],
        streamVersion: last?.streamVersion ?? -1,
        position: last?.position ?? null,
        repeated: false,
      };
    }

    const toAppend = sealEvents(decider.schemaVersion, streamId, command, decided, last);
    try {
      const result = await store.append(streamId, toAppend, last ? last.streamVersion : 'no_stream');
      const firstVersion = result.nextExpectedVersion - toAppend.length + 1;
      const recorded = toAppend.map((e, i) => ({ ...e, streamId, streamVersion: firstVersion + i }));
      // Unless the store answered with an earlier append of the same events, the stream is now exactly the fold
      // plus these events.
      if (firstVersion === (last ? last.streamVersion + 1 : 0)) {
        let next = state;
        // Folded as a later read of the stream would fold them (an actor named as a key without its person).
        const folded = await withKeyPersons(store, recorded);
        for (const event of folded) next = decider.evolve(next, event as unknown as StoredDomainEvent<E>);
        cache.remember(streamId, {
          state: next,
          last: { ...recorded[recorded.length - 1], position: result.position },
          commandIds: commandIds.add(command.context.commandId),
        });
      }
      return { streamId, events: recorded, streamVersion: result.nextExpectedVersion, position: result.position, repeated: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw conflict(`${streamId} was changed concurrently; the command was retried ${MAX_ATTEMPTS} times`, {
          streamId,
        });
      }
    }
  }
}

/**
 * An edit from a stale screen: the client sent the stream version it last saw (`expectedVersion`, -1 for none yet)
 * and the stream has moved on. Refused with the current version, never re-decided, since the command was made for
 * a state that is gone.
 */
export function assertExpectedVersion(context: CommandContext, streamId: string, currentVersion: number): void {
  const { expectedVersion } = context;
  if (expectedVersion === undefined || expectedVersion === currentVersion) return;
  throw conflict(`${streamId} is at version ${currentVersion}, not ${expectedVersion}: it changed since it was read`, {
    streamId,
    expectedVersion,
    currentVersion,
  });
}

/**
 * The outcome a command id had the first time, exactly as it was answered then: from the events it recorded, not
 * from the stream's current state (other commands may have moved it on since). The same id sent with another
 * request (another mutation, other input or options) is refused: that outcome is not this request's.
 */
async function repeatedOutcome(store: StreamStore, streamId: string, context: CommandContext): Promise<CommandOutcome> {
  const history = await store.readStream(streamId);
  const earlier = history.filter((e) => e.metadata.commandId === context.commandId);
  const recordedFor = earlier[0].metadata.requestHash;
  // Either hash missing (a command the service issued itself, or recorded before requests were hashed): nothing to compare.
  if (recordedFor && context.requestHash && recordedFor !== context.requestHash) throw commandIdReused(context.commandId);
  const last = earlier[earlier.length - 1];
  return { streamId, events: earlier, streamVersion: last.streamVersion, position: last.position, repeated: true };
}

/**
 * Wraps decided events in their envelope: deterministic event ids (command id + stream + index, so a blind
 * retry is a store-level repeat), metadata from the command context, and the per-stream hash chain.
 */
export function sealEvents(
  schemaVersion: number,
  streamId: string,
  command: Command,
  decided: readonly DomainEvent[],
  last: RecordedEvent | undefined,
): NewEvent[] {
  const { context } = command;
  let prevHash = last?.metadata.hash ?? '';
  let version = last ? last.streamVersion + 1 : 0;
  return decided.map((event, index) => {
    const eventId = deterministicUuid(context.commandId, streamId, index);
    // Round-trip through JSON so the hash covers exactly what the store will hold (Dates become strings, …).
    const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
    const metadata: EventMetadata = {
      actorId: context.actor.id,
      actorRole: context.actor.role,
      // Hashed with the rest: the person behind a key cannot be changed later without breaking the chain.
      ...(actingPerson(context.actor) !== context.actor.id ? { onBehalfOf: actingPerson(context.actor) } : {}),
      recordedAt: context.now.toISOString(),
      ...(context.effectiveAt ? { effectiveAt: context.effectiveAt } : {}),
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.decisionRef ? { decisionRef: context.decisionRef } : {}),
      ...(context.requestHash ? { requestHash: context.requestHash } : {}),
      schemaVersion,
      prevHash,
      hash: '',
    };
    metadata.hash = eventHash({ eventId, type: event.type, streamId, streamVersion: version, data, metadata });
    prevHash = metadata.hash;
    version += 1;
    return { eventId, type: event.type, data, metadata };
  });
}

/**
 * Decides a command against the current state of a stream without appending anything: the first step of a
 * command that must hold across streams (check here, then append in an order where each append is guarded by its
 * own expected version; see the measures and grants handlers). The client's expectedVersion is compared here too,
 * so a stale command touches no other stream; a repeated command id is left to the pipeline's first-outcome answer.
 */
export async function decideOnly<S, C extends Command, E extends DomainEvent>(
  store: StreamStore,
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<{ state: S; events: E[]; streamVersion: number }> {
  const { state, events } = await loadState(store, decider, streamId);
  assertCommandInScope(decider, command, state);
  const streamVersion = events.at(-1)?.streamVersion ?? -1;
  if (!events.some((event) => event.metadata.commandId === command.context.commandId)) {
    assertExpectedVersion(command.context, streamId, streamVersion);
  }
  return { state, events: decider.decide(command, state), streamVersion };
}
