import type { Actor, EventMetadata, JsonObject } from './envelope';

/**
 * Who issues a command or reads: an actor with the districts it may act on. Events record `id`, `role` and the
 * person behind an API key (`onBehalfOf`); the district scope is checked before anything is decided or read
 * (src/auth/district-scope.ts) and is never recorded. The authenticated caller (src/auth/principal.ts) is one.
 */
export interface ScopedActor extends Actor {
  /** Districts the actor may read and write; null means every district. */
  districts: readonly string[] | null;
}

/** What every command carries besides its payload. Time and actor come in here: deciders never read a clock. */
export interface CommandContext {
  /** Client-chosen or generated id; repeating it returns the first outcome and appends nothing. */
  commandId: string;
  actor: ScopedActor;
  /** Recording time, from the clock at the edge. */
  now: Date;
  /** Business date the decision takes effect (ISO date), when it differs from `now`. */
  effectiveAt?: string;
  correlationId: string;
  causationId: string;
  reason?: string;
  decisionRef?: string;
  /**
   * The version of the command's stream the client last saw (-1: none yet). When given, the pipeline refuses the
   * command with CONFLICT if the stream is at another version, before deciding: an edit from a stale screen is not
   * applied. Sub-commands on other streams never carry it (see sub-command.ts).
   */
  expectedVersion?: number;
  /**
   * SHA-256 of the request that issued the command (the mutation and its arguments), recorded with its events: the
   * same command id sent with another request is refused instead of answered with an unrelated first outcome.
   * Absent for commands the service issues itself.
   */
  requestHash?: string;
}

export interface Command<TType extends string = string, TData extends object = object> {
  type: TType;
  data: TData;
  context: CommandContext;
}

export interface DomainEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  type: TType;
  data: TData;
}

/** An event as evolve sees it when folded from the store: metadata is there for rules such as four-eyes. */
export type StoredDomainEvent<E extends DomainEvent> = E & { metadata?: EventMetadata };

/**
 * A pure decider for one stream type. No Nest, no I/O, no clock: decide returns the events a command causes, or
 * throws a DomainError.
 */
export interface Decider<S, C extends Command, E extends DomainEvent> {
  /** Stream category (`district`, `catalogue`, …): streams are named `<category>-<id>`. */
  readonly category: string;
  /** Bumped when an event's data shape changes; stored in metadata.schemaVersion. */
  readonly schemaVersion: number;
  initialState(): S;
  evolve(state: S, event: StoredDomainEvent<E>): S;
  decide(command: C, state: S): E[];
  /**
   * The district the command's stream belongs to, so the pipeline can hold actors to their district scope before
   * deciding. Null when the stream does not exist and the command does not create it. Left out for streams of no
   * district (catalogues): only actors with every district may write those.
   */
  districtOf?(command: C, state: S): string | null;
}

export const streamName = (category: string, id: string): string => `${category}-${id}`;
