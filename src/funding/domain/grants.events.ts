import type { DomainEvent } from '../../core/decider';
import type { FundingLevel } from './funding-programmes.events';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.
// Money is integer euro cents; business dates are ISO dates (YYYY-MM-DD).

/** Both ends inclusive. */
export type DatePeriod = { from: string; to: string };

/** Cost and financing plan (Kosten- und Finanzierungsplan): requested + own share + third-party funds = total. */
export type FinancingPlan = {
  totalEligibleCost: number;
  ownShare: number;
  thirdPartyFunds: number;
};

/** What an application asks for; a supplement changes some of it. */
export type ApplicationTerms = {
  requestedAmount: number;
  plan: FinancingPlan;
  period: DatePeriod;
  /** Request for permission to start before the approval (vorzeitiger Maßnahmebeginn). */
  earlyStartRequested: boolean;
};

export const FINANCING_TYPES = ['SHARE', 'DEFICIT', 'FIXED_AMOUNT', 'FULL'] as const;
/** Anteil-, Fehlbedarfs-, Festbetrags- oder Vollfinanzierung. */
export type FinancingType = (typeof FINANCING_TYPES)[number];

export const PROOF_KINDS = ['INTERIM', 'FINAL'] as const;
/** Zwischennachweis (per budget year) or Verwendungsnachweis (once, after the approval period). */
export type ProofKind = (typeof PROOF_KINDS)[number];

/** A report the approval notice asks for; budgetYear is set for interim proofs only. */
export type ReportDeadline = { kind: ProofKind; budgetYear: number | null; dueOn: string };

/** The terms of an approval that an amendment may change. */
export type ApprovalTerms = {
  /** Höchstbetrag: total disbursements never exceed it. */
  maximumAmount: number;
  eligibleExpenditure: number;
  /** Bewilligungszeitraum: payments and expenditures must fall inside it. */
  approvalPeriod: DatePeriod;
  reportDeadlines: ReportDeadline[];
};

/** Zuwendungsbescheid. */
export type ApprovalNotice = ApprovalTerms & {
  referenceNumber: string;
  authority: string;
  approvedOn: string;
  purpose: string;
  financingType: FinancingType;
};

/** Which permission a measure start rests on. */
export type MeasureStartBasis = 'APPROVAL' | 'EARLY_START';

export type GrantApplicationSubmitted = DomainEvent<
  'GrantApplicationSubmitted',
  ApplicationTerms & {
    grantId: string;
    programmeId: string;
    /** Level and fund of the programme when the application was submitted. */
    programmeLevel: FundingLevel;
    fund: string;
    districtId: string;
    measureIds: string[];
  }
>;

export type GrantApplicationSupplemented = DomainEvent<
  'GrantApplicationSupplemented',
  { grantId: string; changes: Partial<ApplicationTerms>; previous: Partial<ApplicationTerms>; reason: string }
>;

export type GrantApplicationWithdrawn = DomainEvent<'GrantApplicationWithdrawn', { grantId: string; reason: string }>;

export type EarlyStartPermitted = DomainEvent<'EarlyStartPermitted', { grantId: string; permittedFrom: string }>;

/** Version 1 of the approval; amendments add versions. */
export type GrantApproved = DomainEvent<'GrantApproved', ApprovalNotice & { grantId: string; version: number }>;

export type GrantApplicationRejected = DomainEvent<
  'GrantApplicationRejected',
  { grantId: string; reason: string; rejectedOn: string }
>;

/** Änderungsbescheid: a new version of the approval; the earlier ones stay in the log. */
export type GrantAmended = DomainEvent<
  'GrantAmended',
  {
    grantId: string;
    version: number;
    amendedOn: string;
    reason: string;
    changes: Partial<ApprovalTerms>;
    previous: Partial<ApprovalTerms>;
  }
>;

export type GrantRevoked = DomainEvent<'GrantRevoked', { grantId: string; reason: string; revokedOn: string }>;

/** Mittelabruf, paid out. */
export type GrantFundsDisbursed = DomainEvent<
  'GrantFundsDisbursed',
  { grantId: string; disbursementId: string; amount: number; neededBy: string; paidOn: string }
>;

/** Beleg declared to this grant (its share of the receipt is reserved in the receipt's stream). */
export type ExpenditureRecorded = DomainEvent<
  'ExpenditureRecorded',
  {
    grantId: string;
    expenditureId: string;
    date: string;
    payee: string;
    purpose: string;
    /** Declared to this grant. */
    amount: number;
    budgetLine: string;
    receiptReference: string;
    receiptFileHash: string;
    receiptTotal: number;
  }
>;

export type ProofOfUseSubmitted = DomainEvent<
  'ProofOfUseSubmitted',
  {
    grantId: string;
    kind: ProofKind;
    budgetYear: number | null;
    /** Sachbericht, in short. */
    reportSummary: string;
    /** Zahlenmäßiger Nachweis: total expenditure stated. */
    statementTotal: number;
    receiptsCount: number;
  }
>;

export type ProofOfUseQueried = DomainEvent<
  'ProofOfUseQueried',
  { grantId: string; kind: ProofKind; budgetYear: number | null; questions: string[] }
>;

export type ProofOfUseAccepted = DomainEvent<
  'ProofOfUseAccepted',
  { grantId: string; kind: ProofKind; budgetYear: number | null }
>;

/** Rückforderung. */
export type RepaymentDemanded = DomainEvent<
  'RepaymentDemanded',
  {
    grantId: string;
    demandId: string;
    amount: number;
    interest: number;
    reason: string;
    legalBasis: string;
    dueOn: string;
  }
>;

export type RepaymentReceived = DomainEvent<
  'RepaymentReceived',
  { grantId: string; demandId: string; amount: number; receivedOn: string }
>;

/** The rest of a demand is written off (Niederschlagung / Erlass). */
export type RepaymentWrittenOff = DomainEvent<
  'RepaymentWrittenOff',
  { grantId: string; demandId: string; amount: number; reason: string }
>;

export type GrantClosed = DomainEvent<'GrantClosed', { grantId: string }>;

export type MeasureStartConfirmed = DomainEvent<
  'MeasureStartConfirmed',
  { grantId: string; measureId: string; startDate: string; basis: MeasureStartBasis }
>;

/** Compensation: the measure did not record its start after all. */
export type MeasureStartConfirmationWithdrawn = DomainEvent<
  'MeasureStartConfirmationWithdrawn',
  { grantId: string; measureId: string; startDate: string; reason: string }
>;

export type GrantEvent =
  | GrantApplicationSubmitted
  | GrantApplicationSupplemented
  | GrantApplicationWithdrawn
  | EarlyStartPermitted
  | GrantApproved
  | GrantApplicationRejected
  | GrantAmended
  | GrantRevoked
  | GrantFundsDisbursed
  | ExpenditureRecorded
  | ProofOfUseSubmitted
  | ProofOfUseQueried
  | ProofOfUseAccepted
  | RepaymentDemanded
  | RepaymentReceived
  | RepaymentWrittenOff
  | GrantClosed
  | MeasureStartConfirmed
  | MeasureStartConfirmationWithdrawn;

export const GRANT_EVENT_TYPES = [
  'GrantApplicationSubmitted',
  'GrantApplicationSupplemented',
  'GrantApplicationWithdrawn',
  'EarlyStartPermitted',
  'GrantApproved',
  'GrantApplicationRejected',
  'GrantAmended',
  'GrantRevoked',
  'GrantFundsDisbursed',
  'ExpenditureRecorded',
  'ProofOfUseSubmitted',
  'ProofOfUseQueried',
  'ProofOfUseAccepted',
  'RepaymentDemanded',
  'RepaymentReceived',
  'RepaymentWrittenOff',
  'GrantClosed',
  'MeasureStartConfirmed',
  'MeasureStartConfirmationWithdrawn',
] as const satisfies readonly GrantEvent['type'][];
