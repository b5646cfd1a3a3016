import type { Command } from '../../core/decider';
import type { ReceiptShare } from './receipts.events';

/**
 * A receipt stream belongs to no district (one receipt may be split across grants); `districtId` names the district
 * of the grant a share is (un)reserved for, so the actor's district scope is checked against it. It is not
 * recorded: the grant records its district.
 */
type OnBehalfOfGrant = { districtId: string };

export type ReserveReceiptShare = Command<
  'ReserveReceiptShare',
  ReceiptShare & OnBehalfOfGrant & { receiptReference: string; receiptFileHash: string; receiptTotal: number }
>;

export type ReleaseReceiptShare = Command<
  'ReleaseReceiptShare',
  OnBehalfOfGrant & { grantId: string; expenditureId: string; reason: string }
>;

export type ReceiptCommand = ReserveReceiptShare | ReleaseReceiptShare;
