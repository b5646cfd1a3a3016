import type { DomainEvent } from '../core/decider';

/**
 * What a workflow decides: the events each stream it touches would get, keyed by stream name, in the order its
 * handler appends them. A workflow is pure like a decider (Emmett's workflow pattern): its handler loads the states
 * and appends step by step, each step guarded by its own stream's expected version.
 */
export type EventsByStream = Record<string, readonly DomainEvent[]>;
