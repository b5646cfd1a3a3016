import type { DomainEvent } from '../../core/decider';

/**
 * One receipt (Beleg) may be split across several grants, but never declared for more than its total: the
 * receipt stream `receipt-<sha256 of the receipt reference>` records every share reserved for an expenditure.
 */
export type ReceiptShare = {
  grantId: string;
  expenditureId: string;
  /** Euro cents declared to this grant. */
  amount: number;
};

export type ReceiptShareReserved = DomainEvent<
  'ReceiptShareReserved',
  ReceiptShare & {
    receiptReference: string;
    /** SHA-256 (hex) of the receipt file. */
    receiptFileHash: string;
    /** Total amount of the receipt in euro cents. */
    receiptTotal: number;
    /** Sum declared across all grants after this reservation. */
    declaredAfter: number;
  }
>;

/** Compensation: the grant refused the expenditure after its share had been reserved. */
export type ReceiptShareReleased = DomainEvent<
  'ReceiptShareReleased',
  ReceiptShare & { reason: string; declaredAfter: number }
>;

export type ReceiptEvent = ReceiptShareReserved | ReceiptShareReleased;

export const RECEIPT_EVENT_TYPES = ['ReceiptShareReserved', 'ReceiptShareReleased'] as const;
