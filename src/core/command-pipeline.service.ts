import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { type Command, type Decider, type DomainEvent, streamName } from './decider';
import { CITED_DECISIONS, type CitedDecisions } from './cited-decisions';
import { DomainError, ruleViolated } from './domain-error';
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

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CITED_DECISIONS) private readonly decisions?: CitedDecisions,
  ) {}

  async run<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
  ): Promise<CommandOutcome> {
    if (this.draining) throw new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down; retry shortly');
    this.inFlight += 1;
    try {
      await this.checkCitedDecision(command.context.decisionRef);
      return await handleCommand(this.store, decider, streamName(decider.category, id), command);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Decisions are never removed once recorded, so checking before the append cannot be overtaken. */
  private async checkCitedDecision(decisionRef: string | undefined): Promise<void> {
    if (!decisionRef) return;
    if (!this.decisions || !(await this.decisions.exists(decisionRef))) {
      throw ruleViolated(`The cited decision ${decisionRef} was not recorded by any body`, { decisionRef });
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
