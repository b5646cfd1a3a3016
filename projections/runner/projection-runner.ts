import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import type { Doc, ReadStore, ReadStoreSession } from '../../src/read-store/read-store.port';
import { POSITION_FIELD, type DocWrite, type Projection } from './projection';

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
const key = (collection: string, id: string) => `${collection}\u0000${id}`;

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
        // up, single events (low latency) while live.
        let caughtUp = false;
        pending = iterator.next();
        while (batch.length < this.options.batchSize) {
          const next = await Promise.race([pending, nextTick()]);
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
    const fresh = batch.filter((e) => member.checkpoint === null || e.position > member.checkpoint);
    if (fresh.length === 0) return { checkpoint: member.checkpoint, failure: null };

    // Load every document the batch touches in one read per collection.
    const relevant = fresh.filter((e) => member.handles(e));
    const refsByEvent = new Map<RecordedEvent, { collection: string; id: string }[]>();
    const wanted = new Map<string, Set<string>>();
    let failure: ProjectionMember['error'] = null;
    let stopAt = fresh.length;
    for (let i = 0; i < fresh.length; i++) {
      const event = fresh[i];
      if (!member.handles(event)) continue;
      try {
        const refs = projection.documentsFor(event);
        refsByEvent.set(event, refs);
        for (const ref of refs) {
          if (!wanted.has(ref.collection)) wanted.set(ref.collection, new Set());
          wanted.get(ref.collection)!.add(ref.id);
        }
      } catch (error) {
        failure = describeFailure(event, error);
        stopAt = i;
        break;
      }
    }
    const docs = new Map<string, Doc | null>();
    if (relevant.length > 0) {
      for (const [collection, ids] of wanted) {
        const found = await session.getMany(member.physical(collection), [...ids]);
        for (const id of ids) docs.set(key(collection, id), null);
        for (const doc of found) docs.set(key(collection, doc.id), doc);
      }
    }

    const dirty = new Map<string, DocWrite>();
    let checkpoint = member.checkpoint;
    for (let i = 0; i < stopAt; i++) {
      const event = fresh[i];
      // An event already reflected in any of its documents was applied before (batches commit whole): skip it,
      // including writes to documents derived from those (e.g. link documents not named by documentsFor).
      const alreadyApplied = (refsByEvent.get(event) ?? []).some((ref) => {
        const appliedAt = docs.get(key(ref.collection, ref.id))?.[POSITION_FIELD];
        return typeof appliedAt === 'string' && appliedAt >= event.position;
      });
      if (member.handles(event) && !alreadyApplied) {
        let writes: DocWrite[];
        try {
          writes = projection.apply(event, {
            get: <T extends Doc>(collection: string, id: string) => (docs.get(key(collection, id)) ?? null) as T | null,
          });
        } catch (error) {
          failure = describeFailure(event, error);
          break;
        }
        for (const write of writes) {
          const id = 'doc' in write ? write.doc.id : write.deleteId;
          const k = key(write.collection, id);
          const current = docs.get(k);
          // Idempotency guard: a document that already reflects this event is left alone.
          const appliedAt = current?.[POSITION_FIELD];
          if (typeof appliedAt === 'string' && appliedAt >= event.position) continue;
          if ('doc' in write) {
            const doc = { ...write.doc, [POSITION_FIELD]: event.position };
            docs.set(k, doc);
            dirty.set(k, { collection: write.collection, doc });
          } else {
            docs.set(k, null);
            dirty.set(k, write);
          }
        }
      }
      checkpoint = event.position;
    }

    for (const write of dirty.values()) {
      if ('doc' in write) await session.put(member.physical(write.collection), write.doc);
      else await session.delete(member.physical(write.collection), write.deleteId);
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

function describeFailure(event: RecordedEvent, error: unknown): NonNullable<ProjectionMember['error']> {
  return {
    position: event.position,
    eventId: event.eventId,
    eventType: event.type,
    message: error instanceof Error ? error.message : String(error),
  };
}
