import { effectiveDateOf } from '../event-registry';
import type { RecordedEvent } from '../core/envelope';
import type { GrantEvent } from '../funding/domain/grants.events';
import { TRANSACTION_TYPE } from './iati/iati-codes';

/**
 * The one mapping of a grant's events to IATI 2.03 transactions, used by the transactions CSV and the IATI activity
 * XML alike (DOMAIN.md, "Mapping to the IATI standard"):
 *
 * - GrantApproved → 2 Outgoing Commitment of the maximum amount.
 * - GrantAmended → 2 Outgoing Commitment of the change of the maximum amount (negative for a cut); an amendment that
 *   leaves the maximum alone commits nothing new and gives no row (its terms show in the revised budget).
 * - GrantRevoked → 2 Outgoing Commitment, negative, of what was committed and not yet disbursed: the revocation ends
 *   the commitment, and what was paid out stays paid out until it comes back as a repayment. No row when everything
 *   committed was disbursed.
 * - GrantFundsDisbursed → 3 Disbursement.
 * - ExpenditureRecorded → 4 Expenditure.
 * - RepaymentReceived → 3 Disbursement, negative: money the recipient pays back reverses a disbursement (IATI allows
 *   negative values for this). Not 7 "Reimbursement": in the 2.03 code list that is a payment *to* the recipient
 *   for costs it has already incurred, the opposite direction. The received amount may include interest; it is
 *   reported as received.
 * - RepaymentWrittenOff → no row: no money moves, the demand is only given up.
 * - GrantClosed → 2 Outgoing Commitment, negative, of what stays committed beyond what was finally paid out
 *   (disbursed less repayments received): the part never disbursed, or paid back, lapses with the closing. Dated at
 *   the closing (the command's effectiveAt, else the day it was recorded). Afterwards the commitments add up to the
 *   disbursements, as IATI readers expect of a finished activity. No row when nothing remains.
 * Every other event moves no money and gives no row.
 */

/** How a repayment received is reported; one constant so the choice is visible and made once. */
export const REPAYMENT_TRANSACTION_TYPE = TRANSACTION_TYPE.DISBURSEMENT;

/** What the transaction comes from, with the event's own words for the descriptions each export writes. */
export type GrantTransactionSource =
  | { kind: 'approval'; authority: string; purpose: string }
  | { kind: 'amendment'; reason: string }
  | { kind: 'revocation'; reason: string }
  | { kind: 'closing' }
  | { kind: 'disbursement'; neededBy: string }
  | {
      kind: 'expenditure';
      payee: string;
      purpose: string;
      budgetLine: string;
      receiptReference: string;
      receiptFileHash: string;
    }
  | { kind: 'repayment'; demandId: string };

export type GrantTransaction = {
  typeCode: number;
  typeName: string;
  /** The business date: approved, amended, revoked, paid, spent, received or closed on. */
  date: string;
  /** Euro cents; negative for a cut, a revocation, a closing or a repayment. */
  value: number;
  /** Approval reference and version, disbursement id, expenditure id, or repayment demand id. */
  reference: string;
  /** Reference number of the approval notice the row belongs to (null only for a log without an approval). */
  approvalReference: string | null;
  /** Approval version in force when the row was made. */
  approvalVersion: number | null;
  /** The commitment after this row (commitment rows only). */
  committedTotal: number | null;
  eventId: string;
  recordedAt: string;
  source: GrantTransactionSource;
};

/** Reads a grant's events in stream order and gives each one's transactions; keeps what the rules above need. */
export class GrantTransactionMapper {
  private committed = 0;
  private disbursed = 0;
  private repaid = 0;
  private approvalReference: string | null = null;
  private approvalVersion: number | null = null;

  next(recorded: RecordedEvent): GrantTransaction[] {
    const event = recorded as unknown as GrantEvent & RecordedEvent;
    const row = (
      type: { code: number; name: string },
      date: string,
      value: number,
      reference: string,
      source: GrantTransactionSource,
      committedTotal: number | null = null,
    ): GrantTransaction[] => [
      {
        typeCode: type.code,
        typeName: type.name,
        date,
        value,
        reference,
        approvalReference: this.approvalReference,
        approvalVersion: this.approvalVersion,
        committedTotal,
        eventId: recorded.eventId,
        recordedAt: recorded.metadata.recordedAt,
        source,
      },
    ];
    const commitment = (date: string, change: number, version: string, source: GrantTransactionSource) => {
      this.committed += change;
      return row(TRANSACTION_TYPE.OUTGOING_COMMITMENT, date, change, `${this.approvalReference} ${version}`, source, this.committed);
    };
    switch (event.type) {
      case 'GrantApproved': {
        const { referenceNumber, version, approvedOn, maximumAmount, authority, purpose } = event.data;
        this.approvalReference = referenceNumber;
        this.approvalVersion = version;
        this.committed = 0;
        return commitment(approvedOn, maximumAmount, `v${version}`, { kind: 'approval', authority, purpose });
      }
      case 'GrantAmended': {
        const { version, amendedOn, reason, changes } = event.data;
        this.approvalVersion = version;
        const change = (changes.maximumAmount ?? this.committed) - this.committed;
        return change === 0 ? [] : commitment(amendedOn, change, `v${version}`, { kind: 'amendment', reason });
      }
      case 'GrantRevoked': {
        const notDisbursed = this.committed - this.disbursed;
        if (notDisbursed <= 0) return [];
        return commitment(event.data.revokedOn, -notDisbursed, 'revocation', { kind: 'revocation', reason: event.data.reason });
      }
      case 'GrantFundsDisbursed': {
        const { amount, paidOn, disbursementId, neededBy } = event.data;
        this.disbursed += amount;
        return row(TRANSACTION_TYPE.DISBURSEMENT, paidOn, amount, disbursementId, { kind: 'disbursement', neededBy });
      }
      case 'ExpenditureRecorded': {
        const { date, amount, expenditureId, payee, purpose, budgetLine, receiptReference, receiptFileHash } = event.data;
        return row(TRANSACTION_TYPE.EXPENDITURE, date, amount, expenditureId, {
          kind: 'expenditure',
          payee,
          purpose,
          budgetLine,
          receiptReference,
          receiptFileHash,
        });
      }
      case 'GrantClosed': {
        const lapsed = this.committed - (this.disbursed - this.repaid);
        if (lapsed <= 0) return [];
        return commitment(effectiveDateOf(recorded).date, -lapsed, 'closing', { kind: 'closing' });
      }
      case 'RepaymentReceived': {
        const { amount, receivedOn, demandId } = event.data;
        this.repaid += amount;
        return row(REPAYMENT_TRANSACTION_TYPE, receivedOn, -amount, demandId, { kind: 'repayment', demandId });
      }
      default:
        return [];
    }
  }
}

/** All transactions of a grant's events (in stream order). */
export function grantTransactions(events: readonly RecordedEvent[]): GrantTransaction[] {
  const mapper = new GrantTransactionMapper();
  return events.flatMap((event) => mapper.next(event));
}
