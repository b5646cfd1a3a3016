import { Inject, Injectable, Optional } from '@nestjs/common';
import { STREAM_STORE, type StreamStore } from './stream-store';
import { type Command, type CommandContext, type Decider, type DomainEvent, streamName } from './decider';
import { CITED_DECISIONS, type CitedDecisions } from './cited-decisions';
import { ruleViolated } from './domain-error';
import { type CommandOutcome, handleCommand } from './handle-command';

/** Nest face of the command pipeline: every command handler runs its stream's decider through here. */
@Injectable()
export class CommandPipeline {
  constructor(
    @Inject(STREAM_STORE) private readonly store: StreamStore,
    @Optional() @Inject(CITED_DECISIONS) private readonly decisions?: CitedDecisions,
  ) {}

  async run<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
  ): Promise<CommandOutcome> {
    await this.checkCitedDecision(command.context);
    return handleCommand(this.store, decider, streamName(decider.category, id), command);
  }

  /** Decisions are never removed once recorded, so checking before the append cannot be overtaken. */
  private async checkCitedDecision({ decisionRef, actor }: CommandContext): Promise<void> {
    if (!decisionRef) return;
    if (!this.decisions || !(await this.decisions.exists(decisionRef, actor))) {
      throw ruleViolated(
        'BODY_DECISION_NOT_RECORDED',
        `The cited decision ${decisionRef} was not recorded by any body`,
        { decisionRef },
      );
    }
  }
}
