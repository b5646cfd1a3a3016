import type { EventStore } from '../../src/event-store/event-store.port';
import type { ReadStore } from '../../src/read-store/read-store.port';
import type { Projection } from './projection';
import {
  CHECKPOINTS_COLLECTION,
  type CheckpointDoc,
  ProjectionMember,
  ProjectionRunner,
  type RunnerOptions,
} from './projection-runner';

export type ProjectionState = 'live' | 'catching_up' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  checkpoint: string | null;
  head: string | null;
  /** Events between checkpoint and head, where positions are counts (embedded store); otherwise null. */
  lag: number | null;
  error: { position: string; eventId: string; eventType: string; message: string } | null;
  rebuild: { checkpoint: string | null } | null;
}

const REBUILD_SUFFIX = '__rebuild';

interface Entry {
  projection: Projection;
  member: ProjectionMember;
  runner: ProjectionRunner;
  rebuild: { member: ProjectionMember; runner: ProjectionRunner; done: Promise<void> } | null;
}

/**
 * Starts, watches and rebuilds the projections. All projections share one runner at start-up; a projection that
 * is rebuilt or restarted gets a runner of its own.
 */
export class ProjectionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly waiters = new Set<() => void>();
  private started = false;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly options: Pick<RunnerOptions, 'batchSize' | 'log'>,
  ) {
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
      names.add(p.name);
    }
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.readStore.ensureCollection({ name: CHECKPOINTS_COLLECTION });
    const members: ProjectionMember[] = [];
    const outdated: Projection[] = [];
    for (const projection of this.projections) {
      for (const spec of projection.collections) await this.readStore.ensureCollection(spec);
      const saved = await this.readStore.get<CheckpointDoc>(CHECKPOINTS_COLLECTION, projection.name);
      // A new version keeps serving its old documents while the new one is rebuilt beside them.
      if (saved && saved.version !== projection.version) outdated.push(projection);
      members.push(new ProjectionMember(projection, projection.name, '', saved?.position ?? null));
    }
    const runner = this.newRunner(members);
    for (const member of members) {
      this.entries.set(member.projection.name, { projection: member.projection, member, runner, rebuild: null });
    }
    runner.start();
    for (const projection of outdated) {
      this.options.log('info', 'projection version changed; rebuilding', { projection: projection.name });
      void this.rebuild(projection.name).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    const runners = new Set<ProjectionRunner>();
    for (const entry of this.entries.values()) {
      runners.add(entry.runner);
      if (entry.rebuild) runners.add(entry.rebuild.runner);
    }
    await Promise.all([...runners].map((r) => r.stop()));
    this.notify();
  }

  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return [...this.entries.values()].map(({ projection, member, rebuild }) => ({
      name: projection.name,
      version: projection.version,
      state: member.state === 'failed' ? 'failed' : rebuild ? 'rebuilding' : member.state,
      checkpoint: member.checkpoint,
      head,
      lag: lagBetween(member.checkpoint, head),
      error: member.error,
      rebuild: rebuild ? { checkpoint: rebuild.member.checkpoint } : null,
    }));
  }

  /** True once every projection that is not failed has processed `position`; false on timeout. */
  async waitFor(position: string, timeoutMs: number): Promise<boolean> {
    const reached = () =>
      [...this.entries.values()].every(
        ({ member }) => !member.isActive() || (member.checkpoint !== null && member.checkpoint >= position),
      );
    if (reached()) return true;
    if (timeoutMs <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (!reached()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(reached());
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /**
   * Replays the projection from the start into fresh collections while the current ones keep serving readers,
   * then switches over once the new ones have caught up. Resolves when the switch is done.
   */
  async rebuild(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`Unknown projection ${name}`);
    if (entry.rebuild) return entry.rebuild.done;
    const { projection } = entry;
    const checkpointId = `${name}@rebuild`;
    for (const spec of projection.collections) {
      await this.readStore.dropCollection(spec.name + REBUILD_SUFFIX);
      await this.readStore.ensureCollection({ ...spec, name: spec.name + REBUILD_SUFFIX });
    }
    await this.readStore.delete(CHECKPOINTS_COLLECTION, checkpointId);
    const member = new ProjectionMember(projection, checkpointId, REBUILD_SUFFIX, null);
    let switchOver!: () => void;
    const caughtUp = new Promise<void>((resolve) => (switchOver = resolve));
    // Resolves on catching up, and also when the rebuild fails, so the failure is reported instead of hanging.
    const runner = this.newRunner([member], () => {
      if (member.state === 'live' || member.state === 'failed') switchOver();
    });
    const done = (async () => {
      runner.start();
      await caughtUp;
      if (member.state === 'failed') throw new Error(`Rebuild of ${name} failed: ${member.error?.message}`);
      // Freeze both sides between batches, then swap collections and hand the checkpoint over.
      await entry.runner.detach(entry.member);
      await runner.stop();
      for (const spec of projection.collections) {
        await this.readStore.replaceCollection(spec.name + REBUILD_SUFFIX, spec.name, spec);
      }
      await this.readStore.transaction(async (session) => {
        const done: CheckpointDoc = {
          id: name,
          projection: name,
          version: projection.version,
          position: member.checkpoint,
          updatedAt: new Date().toISOString(),
        };
        await session.put(CHECKPOINTS_COLLECTION, done);
        await session.delete(CHECKPOINTS_COLLECTION, checkpointId);
      });
      const live = new ProjectionMember(projection, name, '', member.checkpoint);
      const liveRunner = this.newRunner([live]);
      this.entries.set(name, { projection, member: live, runner: liveRunner, rebuild: null });
      liveRunner.start();
      this.options.log('info', 'projection rebuilt and switched over', { projection: name, checkpoint: member.checkpoint });
      this.notify();
    })();
    entry.rebuild = { member, runner, done };
    done.catch((error: unknown) => {
      entry.rebuild = null;
      void runner.stop();
      this.options.log('error', 'projection rebuild failed', {
        projection: name,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    return done;
  }

  /** Restarts a failed projection from its checkpoint (e.g. after a fix was deployed). */
  async restart(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`Unknown projection ${name}`);
    if (entry.member.state !== 'failed') return;
    await entry.runner.detach(entry.member);
    const member = new ProjectionMember(entry.projection, name, '', entry.member.checkpoint);
    const runner = this.newRunner([member]);
    this.entries.set(name, { ...entry, member, runner });
    runner.start();
  }

  private newRunner(members: ProjectionMember[], onProgress?: () => void): ProjectionRunner {
    return new ProjectionRunner(this.events, this.readStore, members, {
      ...this.options,
      onProgress: () => {
        onProgress?.();
        this.notify();
      },
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function lagBetween(checkpoint: string | null, head: string | null): number | null {
  if (head === null) return 0;
  if (!/^\d+$/.test(head) || (checkpoint !== null && !/^\d+$/.test(checkpoint))) return null;
  return Number(head) - Number(checkpoint ?? 0);
}
