import { type CommandContext, streamName } from '../core/decider';
import type { DomainError } from '../core/domain-error';
import { subCommandContext } from '../core/sub-command';
import type { RecordExpenditureCommand } from '../funding/application/record-expenditure.command';
import type { RecordExpenditure } from '../funding/domain/grants.commands';
import { type GrantState, grantsDecider } from '../funding/domain/grants.decider';
import type { ReleaseReceiptShare, ReserveReceiptShare } from '../funding/domain/receipts.commands';
import { type ReceiptState, receiptStreamId, receiptsDecider } from '../funding/domain/receipts.decider';
import type { EventsByStream } from './workflow';

type Input = Pick<RecordExpenditureCommand, 'data' | 'context'>;

/** Steps 1 (dry run) and 3, on the grant stream. */
function expenditure({ data, context }: Input): RecordExpenditure {
  return { type: 'RecordExpenditure', data, context };
}

/** The receipt's stream: one per receipt file, whatever grants it is declared for. */
const receiptId = (input: Input): string => receiptStreamId(input.data.receiptFileHash);

/** Step 2, on the receipt stream, for the district of the grant the dry run found. */
function reservation({ data, context }: Input, districtId: string): ReserveReceiptShare {
  return {
    type: 'ReserveReceiptShare',
    data: {
      districtId,
      grantId: data.grantId,
      expenditureId: data.expenditureId,
      amount: data.amount,
      receiptReference: data.receiptReference,
      receiptFileHash: data.receiptFileHash,
      receiptTotal: data.receiptTotal,
    },
    context: subCommandContext(context, 'reserve', data.grantId, data.expenditureId),
  };
}

/** The compensation when the grant refuses step 3 after the share was reserved. */
function release({ data, context }: Input, districtId: string, refusal: DomainError): ReleaseReceiptShare {
  return {
    type: 'ReleaseReceiptShare',
    data: {
      districtId,
      grantId: data.grantId,
      expenditureId: data.expenditureId,
      reason: `The grant refused the expenditure: ${refusal.message}`,
    },
    context: releaseContext({ data, context }),
  };
}

/** The release's context: its command id tells a later attempt of the same command that the share was given back. */
const releaseContext = ({ data, context }: Input): CommandContext =>
  subCommandContext(context, 'release', data.grantId, data.expenditureId);

/**
 * Recording an expenditure (Beleg) without letting its receipt be declared for more than its total across all
 * grants: the grant must accept it, the receipt must have room for the share, then the grant records it.
 */
export const recordExpenditureWorkflow = {
  expenditure,
  receiptId,
  reservation,
  release,
  releaseContext,
  decide(command: Input, states: { grant: GrantState; receipt: ReceiptState }): EventsByStream {
    const recorded = grantsDecider.decide(expenditure(command), states.grant);
    // A grant that does not exist was refused by decide above.
    const { districtId } = states.grant as Exclude<GrantState, { status: 'none' }>;
    return {
      [streamName(receiptsDecider.category, receiptId(command))]: receiptsDecider.decide(
        reservation(command, districtId),
        states.receipt,
      ),
      [streamName(grantsDecider.category, command.data.grantId)]: recorded,
    };
  },
};
