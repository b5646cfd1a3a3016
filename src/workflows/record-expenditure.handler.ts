import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '../core/command-pipeline.service';
import { streamName } from '../core/decider';
import { DomainError, conflict } from '../core/domain-error';
import { type CommandOutcome, decideOnly } from '../core/handle-command';
import { LOGGER, type JsonLogger } from '../core/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { RecordExpenditureCommand } from '../funding/application/record-expenditure.command';
import { type Grant, grantsDecider } from '../funding/domain/grants.decider';
import { receiptsDecider } from '../funding/domain/receipts.decider';
import { recordExpenditureWorkflow as workflow } from './record-expenditure.workflow';

/**
 * Records an expenditure (Beleg) on a grant without letting its receipt be declared for more than its total across
 * all grants (double funding). The rule spans streams; it holds under concurrency because every step is an append
 * guarded by the expected version of its own stream:
 * 1. dry-run the expenditure on the grant stream (`decideOnly`): a refusal there costs nothing;
 * 2. reserve the share on the receipt's stream `receipt-<sha256 of the receipt file>`: its decider refuses
 *    when declared + amount > total, and the append at the expected version serialises concurrent declarations
 *    of the same receipt (the loser re-reads and is re-decided against the new sum);
 * 3. record the expenditure on the grant stream through the pipeline;
 * if a rule refuses step 3 (the grant changed since step 1), the reservation is released by a compensating event
 * and the refusal rethrown. Any other failure of step 3 leaves the reservation standing: over-reserving can block a
 * declaration but never lets a receipt be declared twice, and sending the same command id again completes it.
 * Sub-commands carry ids derived from this command's id, so a repeated command repeats them.
 */
@CommandHandler(RecordExpenditureCommand)
export class RecordExpenditureHandler implements ICommandHandler<RecordExpenditureCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute(command: RecordExpenditureCommand): Promise<CommandOutcome> {
    const { data, context } = command;
    const grantStream = streamName(grantsDecider.category, data.grantId);
    const grantEvents = await this.store.readStream(grantStream);
    // Already recorded under this command id: the pipeline answers with the first outcome.
    if (grantEvents.some((event) => event.metadata.commandId === context.commandId)) {
      return this.pipeline.run(grantsDecider, data.grantId, workflow.expenditure(command));
    }

    const { state } = await decideOnly(this.store, grantsDecider, grantStream, workflow.expenditure(command));
    // decideOnly refused a grant that does not exist (and one outside the actor's districts).
    const { districtId } = state as Grant;

    const receiptId = workflow.receiptId(command);
    const reservation = await this.pipeline.run(receiptsDecider, receiptId, workflow.reservation(command, districtId));
    if (reservation.repeated) await this.assertNotReleased(receiptId, command);

    try {
      return await this.pipeline.run(grantsDecider, data.grantId, workflow.expenditure(command));
    } catch (error) {
      if (error instanceof DomainError) await this.release(receiptId, command, districtId, error);
      throw error;
    }
  }

  /**
   * A repeated reservation is the one made by an earlier attempt of this command id. If that attempt was refused,
   * the reservation was released and no longer stands: the declaration must be sent with a new command id.
   */
  private async assertNotReleased(receiptId: string, command: RecordExpenditureCommand): Promise<void> {
    const releaseId = workflow.releaseContext(command).commandId;
    const receiptEvents = await this.store.readStream(streamName(receiptsDecider.category, receiptId));
    if (receiptEvents.some((event) => event.metadata.commandId === releaseId)) {
      throw conflict('This expenditure was refused before under the same command id; send it with a new command id', {
        commandId: command.context.commandId,
      });
    }
  }

  private async release(
    receiptId: string,
    command: RecordExpenditureCommand,
    districtId: string,
    refusal: DomainError,
  ): Promise<void> {
    const { data, context } = command;
    try {
      await this.pipeline.run(receiptsDecider, receiptId, workflow.release(command, districtId, refusal));
    } catch (failure) {
      // The refusal is what the caller needs to hear; a reservation left standing only over-reserves. Logged.
      this.logger.write('error', 'could not release a receipt share', {
        receiptStreamId: streamName(receiptsDecider.category, receiptId),
        grantId: data.grantId,
        expenditureId: data.expenditureId,
        commandId: context.commandId,
        error: failure instanceof Error ? failure.message : String(failure),
      });
    }
  }
}
