import type { EventStore } from '../../src/event-store/event-store.port';
import type { RecordedEvent } from '../../src/core/envelope';
import type { Doc, ReadStore, ReadStoreSession } from '../../src/read-store/read-store.port';
import { POSITION_FIELD, type DocRef, type DocWrite, type Projection, type ProjectionDocs } from './projection';

export const CHECKPOINTS_COLLECTION = 'projection_checkpoints';

export interface CheckpointDoc extends Doc {
  projection: string;
  version: number;
  /** Last event position this projection has processed (applied or passed over); null = nothing yet. */
  position: string | null;
  updatedAt: string;
}

export type MemberState = 'catching_up' | 'live' | 'failed' | 'stopped';

/** One projection inside a runner: where it writes, and how far it has got. */
export class ProjectionMember {
  state: MemberState = 'catching_up';
  error: { position: string; eventId: string; eventType: string; message: string } | null = null;
  private readonly types: ReadonlySet<string>;

  constructor(
    readonly projection: Projection,
    /** Id of its checkpoint document (`<name>`, or `<name>@rebuild` while a rebuild runs). */
    readonly checkpointId: string,
    /** Appended to every collection name: '' for the live read model, '__rebuild' for a rebuild. */
    readonly collectionSuffix: string,
    public checkpoint: string | null,
  ) {
    this.types = new Set(projection.eventTypes);
  }

  handles(event: RecordedEvent): boolean {
    return this.types.has(event.type);
  }

  physical(collection: string): string {
    return collection + this.collectionSuffix;
  }

  isActive(): boolean {
    return this.state !== 'failed' && this.state !== 'stopped';
  }
}

export interface RunnerOptions {
  batchSize: number;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Called after every committed batch and whenever the subscription has nothing more to deliver for now. */
  onProgress?: () => void;
}

const IDLE = Symbol('idle');
const nextTick = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Runs a group of projections from one catch-up subscription (one read of the log feeds them all). Each batch of
 * events is applied by every member and written together with the members' checkpoints in one read-store
 * transaction, so a crash never applies an event twice nor skips one. A member whose apply throws stops at that
 * event (its checkpoint stays just before it) and the others go on.
 */
export class ProjectionRunner {
  private members: ProjectionMember[];
  private subscription: { close(): Promise<void> } | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private batchInFlight: Promise<void> | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    members: ProjectionMember[],
    private readonly options: RunnerOptions,
  ) {
    this.members = [...members];
  }

  get memberList(): readonly ProjectionMember[] {
    return this.members;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.runWithRetry();
  }

  /** Stops after the batch in flight has been committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.loop;
    for (const member of this.members) if (member.isActive()) member.state = 'stopped';
  }

  /** Removes a member between batches; after this resolves, the runner never writes for it again. */
  async detach(member: ProjectionMember): Promise<void> {
    while (this.batchInFlight) await this.batchInFlight;
    this.members = this.members.filter((m) => m !== member);
  }

  private async runWithRetry(): Promise<void> {
    let delayMs = 250;
    while (!this.stopping) {
      try {
        await this.follow();
        return;
      } catch (error) {
        if (this.stopping) return;
        this.options.log('error', 'projection runner failed; retrying from the last checkpoints', {
          projections: this.members.map((m) => m.projection.name),
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delayMs,
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, 10_000);
      }
    }
  }

  private startPosition(): string | undefined {
    let from: string | undefined;
    for (const member of this.members) {
      if (!member.isActive()) continue;
      if (member.checkpoint === null) return undefined;
      if (from === undefined || member.checkpoint < from) from = member.checkpoint;
    }
    return from;
  }

  private async follow(): Promise<void> {
    if (!this.members.some((m) => m.isActive())) return;
    const subscription = this.events.subscribe({ after: this.startPosition() });
    this.subscription = subscription;
    if (this.stopping) await subscription.close();
    const iterator = subscription[Symbol.asyncIterator]();
    let pending = iterator.next();
    try {
      for (;;) {
        let first = await Promise.race([pending, nextTick()]);
        if (first === IDLE) {
          this.markCaughtUp(true);
          first = await pending;
        }
        if (first.done) return;
        const batch: RecordedEvent[] = [first.value];
        // Take what is already available without waiting, up to the batch size: large batches while catching
        // up, single events (low latency) while live. One idle tick per batch, not per event: a subscription with
        // events in hand delivers them within the same turn, so only an empty one lets the tick win.
        let caughtUp = false;
        const idle = nextTick();
        pending = iterator.next();
        while (batch.length < this.options.batchSize) {
          const next = await Promise.race([pending, idle]);
          if (next === IDLE) {
            caughtUp = true;
            break;
          }
          if (next.done) break;
          batch.push(next.value);
          pending = iterator.next();
        }
        await this.processBatch(batch);
        this.markCaughtUp(caughtUp);
        if (!this.members.some((m) => m.isActive())) return;
        // A subscription with events in hand answers within the same turn, so without this a catch-up would run as
        // one unbroken chain of promise jobs: no request, timer or I/O callback would be served until it ends, and
        // every event would stay reachable (through the idle ticks still queued) until then.
        if (!caughtUp) await nextTick();
      }
    } finally {
      await subscription.close();
    }
  }

  private markCaughtUp(caughtUp: boolean): void {
    for (const member of this.members) {
      if (member.isActive()) member.state = caughtUp ? 'live' : 'catching_up';
    }
    this.options.onProgress?.();
  }

  private async processBatch(batch: readonly RecordedEvent[]): Promise<void> {
    let release!: () => void;
    this.batchInFlight = new Promise<void>((resolve) => (release = resolve));
    try {
      const outcomes = await this.readStore.transaction(async (session) => {
        const results: { member: ProjectionMember; checkpoint: string | null; failure: ProjectionMember['error'] }[] =
          [];
        for (const member of this.members) {
          if (!member.isActive()) continue;
          results.push({ member, ...(await this.applyMember(session, member, batch)) });
        }
        return results;
      });
      // Only after the commit: the in-memory view follows what is durable.
      for (const { member, checkpoint, failure } of outcomes) {
        member.checkpoint = checkpoint;
        if (failure) {
          member.state = 'failed';
          member.error = failure;
          this.options.log('error', 'projection stopped at an event it could not apply', {
            projection: member.projection.name,
            ...failure,
          });
        }
      }
    } finally {
      this.batchInFlight = null;
      release();
    }
  }

  private async applyMember(
    session: ReadStoreSession,
    member: ProjectionMember,
    batch: readonly RecordedEvent[],
  ): Promise<{ checkpoint: string | null; failure: ProjectionMember['error'] }> {
    const { projection } = member;
    const fresh = member.checkpoint === null ? batch : batch.filter((e) => e.position > member.checkpoint!);
    if (fresh.length === 0) return { checkpoint: member.checkpoint, failure: null };

    // Name every document the batch touches, so each collection is loaded in one read.
    const refsByEvent: (readonly DocRef[] | null)[] = new Array<readonly DocRef[] | null>(fresh.length).fill(null);
    const docs = new BatchDocs();
    let failure: ProjectionMember['error'] = null;
    let stopAt = fresh.length;
    for (let i = 0; i < fresh.length; i++) {
      const event = fresh[i];
      if (!member.handles(event)) continue;
      try {
        const refs = projection.documentsFor(event);
        refsByEvent[i] = refs;
        for (const ref of refs) docs.want(ref.collection, ref.id);
      } catch (error) {
        failure = describeFailure(event, error);
        stopAt = i;
        break;
      }
    }
    for (const [collection, ids] of docs.wanted()) {
      docs.loaded(collection, ids, await session.getMany(member.physical(collection), ids));
    }

    let checkpoint = member.checkpoint;
    for (let i = 0; i < stopAt; i++) {
      const event = fresh[i];
      const refs = refsByEvent[i];
      // An event already reflected in any of its documents was applied before (batches commit whole): skip it,
      // including writes to documents derived from those (e.g. link documents not named by documentsFor).
      if (refs !== null && !refs.some((ref) => docs.appliedAtOrAfter(ref.collection, ref.id, event.position))) {
        let writes: DocWrite[];
        try {
          writes = projection.apply(event, docs);
        } catch (error) {
          failure = describeFailure(event, error);
          break;
        }
        for (const write of writes) {
          const id = 'doc' in write ? write.doc.id : write.deleteId;
          // Idempotency guard: a document that already reflects this event is left alone.
          if (docs.appliedAtOrAfter(write.collection, id, event.position)) continue;
          if ('doc' in write) docs.write(write.collection, id, { ...write.doc, [POSITION_FIELD]: event.position });
          else docs.write(write.collection, id, null);
        }
      }
      checkpoint = event.position;
    }

    for (const [collection, id, doc] of docs.dirty()) {
      if (doc) await session.put(member.physical(collection), doc);
      else await session.delete(member.physical(collection), id);
    }
    const checkpointDoc: CheckpointDoc = {
      id: member.checkpointId,
      projection: projection.name,
      version: projection.version,
      position: checkpoint,
      updatedAt: new Date().toISOString(),
    };
    await session.put(CHECKPOINTS_COLLECTION, checkpointDoc);
    return { checkpoint, failure };
  }
}

/**
 * One member's documents during one batch: what was loaded, overlaid with what earlier events of the batch wrote
 * (null = absent or deleted). Each document is written once per batch, in its final state.
 */
class BatchDocs implements ProjectionDocs {
  private readonly current = new Map<string, Map<string, Doc | null>>();
  private readonly requested = new Map<string, Set<string>>();
  private readonly changed = new Map<string, Set<string>>();

  want(collection: string, id: string): void {
    let ids = this.requested.get(collection);
    if (ids === undefined) this.requested.set(collection, (ids = new Set()));
    ids.add(id);
  }

  *wanted(): Iterable<[string, string[]]> {
    for (const [collection, ids] of this.requested) yield [collection, [...ids]];
  }

  loaded(collection: string, ids: readonly string[], found: readonly Doc[]): void {
    const docs = this.collection(collection);
    for (const id of ids) docs.set(id, null);
    for (const doc of found) docs.set(doc.id, doc);
  }

  get<T extends Doc>(collection: string, id: string): T | null {
    return (this.current.get(collection)?.get(id) ?? null) as T | null;
  }

  appliedAtOrAfter(collection: string, id: string, position: string): boolean {
    const appliedAt = this.current.get(collection)?.get(id)?.[POSITION_FIELD];
    return typeof appliedAt === 'string' && appliedAt >= position;
  }

  write(collection: string, id: string, doc: Doc | null): void {
    this.collection(collection).set(id, doc);
    let ids = this.changed.get(collection);
    if (ids === undefined) this.changed.set(collection, (ids = new Set()));
    ids.add(id);
  }

  *dirty(): Iterable<[string, string, Doc | null]> {
    for (const [collection, ids] of this.changed) {
      const docs = this.collection(collection);
      for (const id of ids) yield [collection, id, docs.get(id) ?? null];
    }
  }

  private collection(name: string): Map<string, Doc | null> {
    let docs = this.current.get(name);
    if (docs === undefined) this.current.set(name, (docs = new Map()));
    return docs;
  }
}

function describeFailure(event: RecordedEvent, error: unknown): NonNullable<ProjectionMember['error']> {
  return {
    position: event.position,
    eventId: event.eventId,
    eventType: event.type,
    message: error instanceof Error ? error.message : String(error),
  };
}
