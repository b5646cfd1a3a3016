import type { Command } from '../../core/decider';
import type { ReceiptShare } from './receipts.events';

export type ReserveReceiptShare = Command<
  'ReserveReceiptShare',
  ReceiptShare & { receiptReference: string; receiptFileHash: string; receiptTotal: number }
>;

export type ReleaseReceiptShare = Command<
  'ReleaseReceiptShare',
  { grantId: string; expenditureId: string; reason: string }
>;

export type ReceiptCommand = ReserveReceiptShare | ReleaseReceiptShare;
