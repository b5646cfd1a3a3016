import type { Command } from '../../core/decider';
import type { FundingLevel } from './funding-programmes.events';
import type {
  ApplicationTerms,
  ApprovalNotice,
  ApprovalTerms,
  ExpenditureRecorded,
  ProofKind,
  ProofOfUseSubmitted,
  RepaymentDemanded,
} from './grants.events';

/**
 * What the handler found in other streams before submitting, so the decider can judge references without I/O:
 * the programme (null: not in the catalogue), the district's standing, and the measures that do not exist.
 */
export type ApplicationReferences = {
  programme: { level: FundingLevel; fund: string } | null;
  district: 'active' | 'closed' | 'unknown';
  unknownMeasureIds: string[];
  /** Status and district of every measure found, so the decider can refuse what cannot be funded. */
  measures: { measureId: string; status: string; districtId: string | null }[];
};

export type SubmitGrantApplication = Command<
  'SubmitGrantApplication',
  ApplicationTerms & {
    grantId: string;
    programmeId: string;
    districtId: string;
    measureIds: string[];
    references: ApplicationReferences;
  }
>;
export type SupplementGrantApplication = Command<
  'SupplementGrantApplication',
  { grantId: string; changes: Partial<ApplicationTerms>; reason: string }
>;
export type WithdrawGrantApplication = Command<'WithdrawGrantApplication', { grantId: string; reason: string }>;
export type PermitEarlyStart = Command<'PermitEarlyStart', { grantId: string; permittedFrom: string }>;
export type ApproveGrant = Command<'ApproveGrant', ApprovalNotice & { grantId: string }>;
export type RejectGrantApplication = Command<
  'RejectGrantApplication',
  { grantId: string; reason: string; rejectedOn: string }
>;
export type AmendGrant = Command<
  'AmendGrant',
  { grantId: string; version: number; amendedOn: string; reason: string; changes: Partial<ApprovalTerms> }
>;
export type RevokeGrant = Command<'RevokeGrant', { grantId: string; reason: string; revokedOn: string }>;
export type DisburseGrantFunds = Command<
  'DisburseGrantFunds',
  { grantId: string; disbursementId: string; amount: number; neededBy: string; paidOn: string }
>;
export type RecordExpenditure = Command<'RecordExpenditure', ExpenditureRecorded['data']>;

/** Names one proof of use of a grant: the final one, or the interim one of a budget year. */
export type ProofRef = { grantId: string; kind: ProofKind; budgetYear: number | null };
export type SubmitProofOfUse = Command<'SubmitProofOfUse', ProofOfUseSubmitted['data']>;
export type QueryProofOfUse = Command<'QueryProofOfUse', ProofRef & { questions: string[] }>;
export type AcceptProofOfUse = Command<'AcceptProofOfUse', ProofRef>;

export type DemandRepayment = Command<'DemandRepayment', RepaymentDemanded['data']>;
export type RecordRepaymentReceived = Command<
  'RecordRepaymentReceived',
  { grantId: string; demandId: string; amount: number; receivedOn: string }
>;
export type WriteOffRepayment = Command<'WriteOffRepayment', { grantId: string; demandId: string; reason: string }>;
export type CloseGrant = Command<'CloseGrant', { grantId: string }>;

/** The interface towards measures: a measure may only start on a grant that allows it. */
export type ConfirmMeasureStart = Command<
  'ConfirmMeasureStart',
  { grantId: string; measureId: string; startDate: string }
>;
export type WithdrawMeasureStartConfirmation = Command<
  'WithdrawMeasureStartConfirmation',
  { grantId: string; measureId: string; reason: string }
>;

export type GrantCommand =
  | SubmitGrantApplication
  | SupplementGrantApplication
  | WithdrawGrantApplication
  | PermitEarlyStart
  | ApproveGrant
  | RejectGrantApplication
  | AmendGrant
  | RevokeGrant
  | DisburseGrantFunds
  | RecordExpenditure
  | SubmitProofOfUse
  | QueryProofOfUse
  | AcceptProofOfUse
  | DemandRepayment
  | RecordRepaymentReceived
  | WriteOffRepayment
  | CloseGrant
  | ConfirmMeasureStart
  | WithdrawMeasureStartConfirmation;
