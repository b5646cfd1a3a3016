import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertCommandInScope } from '../auth/district-scope';
import { CommandDispatch } from '../core/command-dispatch';
import { CommandPipeline } from '../core/command-pipeline.service';
import { streamName } from '../core/decider';
import { DomainError, conflict } from '../core/domain-error';
import { type CommandOutcome, loadState } from '../core/handle-command';
import { LOGGER, type JsonLogger } from '../core/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { grantsDecider } from '../funding/domain/grants.decider';
import { StartMeasureCommand } from '../measures/application/start-measure.command';
import { measuresDecider } from '../measures/domain/measures.decider';
import { measureStateUnlessRepeated } from './measure-state';
import { startMeasureWorkflow as workflow } from './start-measure.workflow';

/**
 * A measure may not start while a linked grant is not approved, unless an early start was permitted
 * (vorzeitiger Maßnahmebeginn). That is a rule over several streams; it holds under concurrency because every
 * step is an append guarded by the expected version of its own stream:
 * 1. dry-run StartMeasure on the measure stream (refuses a measure that is not approved or outside the actor's
 *    districts, before any grant is asked);
 * 2. for each linked grant, ConfirmMeasureStart on the grant stream: the grant refuses unless it is approved for the
 *    start date or permitted an early start, and a revocation appended concurrently makes one of the two appends
 *    fail and be re-decided, so a revoke and this confirmation cannot both pass;
 * 3. StartMeasure through the pipeline, naming the grants that confirmed: a grant linked meanwhile was not asked,
 *    and the decider refuses the start;
 * if a rule refuses 2 or 3, the confirmations this command recorded are withdrawn (compensation) and the refusal
 * is rethrown. Sub-commands carry ids derived from this command's id, so a repeated command repeats them.
 * A measure without linked grants starts once approved.
 */
@CommandHandler(StartMeasureCommand)
export class StartMeasureHandler implements ICommandHandler<StartMeasureCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly dispatch: CommandDispatch,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute(command: StartMeasureCommand): Promise<CommandOutcome> {
    const { data, context } = command;
    const startWith = (confirmedGrantIds: readonly string[]) => workflow.start(command, confirmedGrantIds);
    const state = await measureStateUnlessRepeated(this.store, data.measureId, context);
    if (state === 'repeated') return this.pipeline.run(measuresDecider, data.measureId, startWith([]));
    assertCommandInScope(measuresDecider, startWith(state.grantIds), state);
    measuresDecider.decide(startWith(state.grantIds), state);

    const confirmedHere: string[] = [];
    try {
      for (const grantId of state.grantIds) {
        const outcome = await this.dispatch.decide(grantsDecider, grantId, workflow.confirmation(command, grantId));
        // An empty outcome: the grant had already confirmed this start for another command, or (withdrawn or
        // rejected) confirms nothing; either way there is nothing of ours to withdraw.
        if (outcome.events.length > 0) confirmedHere.push(grantId);
        if (outcome.repeated) await this.assertNotWithdrawn(command, grantId);
      }
      return await this.pipeline.run(measuresDecider, data.measureId, startWith(state.grantIds));
    } catch (error) {
      if (error instanceof DomainError) await this.withdraw(confirmedHere, command, error);
      throw error;
    }
  }

  /**
   * A repeated confirmation is the one recorded by an earlier attempt of this command id. If that attempt was
   * refused, its confirmation was withdrawn and no longer stands: the start must be sent with a new command id.
   */
  private async assertNotWithdrawn(command: StartMeasureCommand, grantId: string): Promise<void> {
    const withdrawalId = workflow.withdrawalContext(command, grantId).commandId;
    const grantEvents = await this.store.readStream(streamName(grantsDecider.category, grantId));
    if (grantEvents.some((event) => event.metadata.commandId === withdrawalId)) {
      throw conflict('This start was refused before under the same command id; send it with a new command id', {
        commandId: command.context.commandId,
      });
    }
  }

  private async withdraw(grantIds: readonly string[], command: StartMeasureCommand, refusal: DomainError): Promise<void> {
    const { data, context } = command;
    const { measureId } = data;
    // A grant keeps one confirmation per measure and start date: if a concurrent command started the measure on the
    // same date, the confirmations stand for that start and stay.
    const { state } = await loadState(this.store, measuresDecider, streamName(measuresDecider.category, measureId));
    if (state.actualStartDate === data.actualStartDate) return;
    for (const grantId of [...grantIds].reverse()) {
      try {
        await this.dispatch.decide(grantsDecider, grantId, workflow.withdrawal(command, grantId, refusal));
      } catch (failure) {
        // The refusal is what the caller needs to hear; a confirmation left standing is logged for follow-up.
        this.logger.write('error', 'could not withdraw a measure start confirmation', {
          grantId,
          measureId,
          commandId: context.commandId,
          error: failure instanceof Error ? failure.message : String(failure),
        });
      }
    }
  }
}
