import type { Decider } from '../../core/decider';
import { ruleViolated } from '../../core/domain-error';
import type { ReceiptCommand } from './receipts.commands';
import type { ReceiptEvent } from './receipts.events';

export type ReceiptState =
  | { status: 'none' }
  | {
      status: 'known';
      receiptReference: string;
      receiptFileHash: string;
      receiptTotal: number;
      declared: number;
      /** Reserved amounts by `<grantId>/<expenditureId>`. */
      shares: ReadonlyMap<string, number>;
    };

/**
 * Id of a receipt's reservation stream: the SHA-256 of the receipt file. The document itself identifies the
 * receipt: the same file declared under another spelling of its reference is still the same receipt, and two
 * payees' invoices that both print "1" are not.
 */
export const receiptStreamId = (receiptFileHash: string): string => receiptFileHash.toLowerCase();

const shareKey = (grantId: string, expenditureId: string) => `${grantId}/${expenditureId}`;

export const receiptsDecider: Decider<ReceiptState, ReceiptCommand, ReceiptEvent> = {
  category: 'receipt',
  schemaVersion: 1,

  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ReceiptShareReserved': {
        const { grantId, expenditureId, amount, receiptReference, receiptFileHash, receiptTotal } = event.data;
        const shares = new Map(state.status === 'known' ? state.shares : []);
        shares.set(shareKey(grantId, expenditureId), amount);
        return {
          status: 'known',
          receiptReference,
          receiptFileHash,
          receiptTotal,
          declared: (state.status === 'known' ? state.declared : 0) + amount,
          shares,
        };
      }
      case 'ReceiptShareReleased': {
        if (state.status !== 'known') return state;
        const shares = new Map(state.shares);
        shares.delete(shareKey(event.data.grantId, event.data.expenditureId));
        return { ...state, declared: state.declared - event.data.amount, shares };
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'ReserveReceiptShare': {
        const { grantId, expenditureId, amount, receiptReference, receiptFileHash, receiptTotal } = command.data;
        if (amount <= 0) {
          throw ruleViolated('RECEIPT_SHARE_NOT_POSITIVE', 'A receipt share must be a positive amount', { amount });
        }
        const declared = state.status === 'known' ? state.declared : 0;
        if (state.status === 'known') {
          // The first declaration fixes what the receipt is; a later one describing another document is a mistake.
          if (state.receiptFileHash !== receiptFileHash || state.receiptTotal !== receiptTotal) {
            throw ruleViolated(
              'RECEIPT_MISMATCH',
              `Receipt ${receiptReference} was declared before with another file or total; check the reference`,
              { receiptReference, receiptTotal: state.receiptTotal },
            );
          }
          if (state.shares.has(shareKey(grantId, expenditureId))) {
            throw ruleViolated(
              'RECEIPT_SHARE_DUPLICATE',
              `Expenditure ${expenditureId} of grant ${grantId} already holds a share of this receipt`,
            );
          }
        }
        if (amount > receiptTotal - declared) {
          throw ruleViolated(
            'RECEIPT_ABOVE_TOTAL',
            `Receipt ${receiptReference} would be declared for more than its total (double funding): ` +
              `${declared} of ${receiptTotal} cents are already declared, ${amount} more were asked for`,
            { receiptReference, receiptTotal, declared, amount },
          );
        }
        return [
          {
            type: 'ReceiptShareReserved',
            data: {
              grantId,
              expenditureId,
              amount,
              receiptReference,
              receiptFileHash,
              receiptTotal,
              declaredAfter: declared + amount,
            },
          },
        ];
      }
      case 'ReleaseReceiptShare': {
        const { grantId, expenditureId, reason } = command.data;
        // A compensation is idempotent: releasing a share that is not (or no longer) reserved records nothing.
        if (state.status !== 'known') return [];
        const amount = state.shares.get(shareKey(grantId, expenditureId));
        if (amount === undefined) return [];
        return [
          {
            type: 'ReceiptShareReleased',
            data: { grantId, expenditureId, amount, reason, declaredAfter: state.declared - amount },
          },
        ];
      }
    }
  },

  /** A share is reserved on behalf of one grant's expenditure: the grant's district (see ReceiptCommand). */
  districtOf: (command) => command.data.districtId,
};
