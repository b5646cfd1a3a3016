import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type Command, type Decider, type DomainEvent, streamName } from './decider';
import { DomainError } from './domain-error';
import { type CommandOutcome, handleCommand } from './handle-command';

/**
 * Nest face of the command pipeline. Counts commands in flight so a graceful shutdown can let them finish, and
 * refuses new ones once shutdown has begun.
 */
@Injectable()
export class CommandPipeline {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
  ): Promise<CommandOutcome> {
    if (this.draining) throw new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down; retry shortly');
    this.inFlight += 1;
    try {
      return await handleCommand(this.store, decider, streamName(decider.category, id), command);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Stops accepting commands and resolves once those in flight are done (or the timeout passes). */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => this.idle.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }
}
