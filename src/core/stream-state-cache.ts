import type { StreamStore } from './stream-store';
import type { RecordedEvent } from './envelope';
import type { Command, Decider, DomainEvent, StoredDomainEvent } from './decider';
import { withKeyPersons } from './persons';

/** What a command needs of its stream. */
export interface StreamSnapshot<S> {
  /** The fold of every event up to `last`. */
  state: S;
  /** The stream's last event (version, hash, position); undefined while the stream has none. */
  last: RecordedEvent | undefined;
  /** Ids of the commands whose events are in the stream up to `last` (the set only ever grows). */
  commandIds: Set<string>;
}

type Entry = StreamSnapshot<unknown> & { last: RecordedEvent };

/**
 * Folded states of the streams commands went to lately, so the next command on a stream reads only the events
 * appended since (usually none) instead of the whole stream. Sound because the log is append-only and a decider's
 * evolve returns a new state instead of changing the one it is given: an entry at version v stays the fold of
 * events 0..v. Events appended by anyone else (another process) come in with the tail read. One cache per store
 * and decider; the least recently used streams are dropped beyond `maxStreams`.
 */
export class StreamStateCache<S, C extends Command, E extends DomainEvent> {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly decider: Decider<S, C, E>,
    private readonly maxStreams: number,
  ) {}

  async load(store: StreamStore, streamId: string): Promise<StreamSnapshot<S>> {
    const cached = this.entries.get(streamId) as (Entry & { state: S }) | undefined;
    const tail = await withKeyPersons(
      store,
      await store.readStream(streamId, cached ? { fromVersion: cached.last.streamVersion + 1 } : {}),
    );
    if (cached === undefined && tail.length === 0) {
      return { state: this.decider.initialState(), last: undefined, commandIds: new Set() };
    }
    let state = cached ? cached.state : this.decider.initialState();
    const commandIds = cached?.commandIds ?? new Set<string>();
    for (const event of tail) {
      state = this.decider.evolve(state, event as unknown as StoredDomainEvent<E>);
      commandIds.add(event.metadata.commandId);
    }
    const snapshot = { state, last: tail.at(-1) ?? cached!.last, commandIds };
    this.remember(streamId, snapshot);
    return snapshot;
  }

  /** Keeps `snapshot` unless a later one of the stream is kept already (concurrent commands finish in any order). */
  remember(streamId: string, snapshot: StreamSnapshot<S>): void {
    const { last } = snapshot;
    if (last === undefined) return;
    const current = this.entries.get(streamId);
    this.entries.delete(streamId);
    this.entries.set(streamId, current && current.last.streamVersion >= last.streamVersion ? current : { ...snapshot, last });
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value!);
  }
}
