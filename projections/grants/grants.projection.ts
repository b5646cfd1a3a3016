import type { RecordedEvent } from '../../src/core/envelope';
import {
  FUNDING_PROGRAMME_EVENT_TYPES,
  type FundingLevel,
  type FundingProgrammeEvent,
} from '../../src/funding/domain/funding-programmes.events';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import {
  GRANT_EVENT_TYPES,
  type ApprovalNotice,
  type ApprovalTerms,
  type DatePeriod,
  type ExpenditureRecorded,
  type FinancingPlan,
  type GrantEvent,
  type MeasureStartBasis,
  type ProofKind,
} from '../../src/funding/domain/grants.events';
import type { DocRef, Projection } from '../runner/projection';
import { proofDeadlines, retentionUntil, type ProofDeadlineDoc } from './proof-deadlines';

export const GRANTS_COLLECTION = 'grants';
/** The retention rule of each programme, so a grant can take it over when it is submitted. */
export const GRANT_PROGRAMMES_COLLECTION = 'grant_programmes';

export type GrantProgrammeDoc = { id: string; retentionYears: number; [key: string]: unknown };

/** One version of the approval: version 1 is the notice, later ones are amendments. */
export type ApprovalVersionDoc = ApprovalTerms & {
  version: number;
  /** Approved on (version 1) or amended on. */
  decidedOn: string;
  /** Reason of an amendment; null for the first notice. */
  reason: string | null;
  recordedAt: string;
};

export type DisbursementDoc = { disbursementId: string; amount: number; neededBy: string; paidOn: string; recordedAt: string };

export type ExpenditureDoc = Omit<ExpenditureRecorded['data'], 'grantId'> & { recordedAt: string };

export type ProofDoc = {
  kind: ProofKind;
  budgetYear: number | null;
  status: 'submitted' | 'queried' | 'accepted';
  reportSummary: string;
  statementTotal: number;
  receiptsCount: number;
  /** How often it was submitted (a query is answered by submitting again). */
  submissions: number;
  submittedBy: string;
  submittedAt: string;
  /** Questions of the latest query; empty when never queried. */
  questions: string[];
  queriedAt: string | null;
  acceptedBy: string | null;
  acceptedAt: string | null;
};

export type RepaymentDoc = {
  demandId: string;
  amount: number;
  interest: number;
  reason: string;
  legalBasis: string;
  dueOn: string;
  received: number;
  writtenOff: number;
  /** amount + interest − received − written off. */
  outstanding: number;
  demandedAt: string;
};

export type MeasureStartDoc = { measureId: string; startDate: string; basis: MeasureStartBasis; confirmedAt: string };

/** Grant ledger: the application, the approval in force and its versions, and every movement of money. */
export type GrantDoc = {
  id: string;
  status: GrantStatus;
  programmeId: string;
  programmeLevel: FundingLevel;
  fund: string;
  districtId: string;
  measureIds: string[];
  applicantId: string;
  submittedAt: string;
  requestedAmount: number;
  plan: FinancingPlan;
  period: DatePeriod;
  earlyStartRequested: boolean;
  earlyStartPermittedFrom: string | null;
  /** The approval in force; null before approval. */
  approval: (ApprovalNotice & { version: number }) | null;
  approvalVersions: ApprovalVersionDoc[];
  /** Maximum amount of the approval in force (0 before approval). */
  approvedAmount: number;
  disbursed: number;
  /** Sum of the expenditures declared. */
  spent: number;
  /** Approved amount not yet disbursed. */
  remaining: number;
  repaid: number;
  writtenOff: number;
  disbursements: DisbursementDoc[];
  expenditures: ExpenditureDoc[];
  proofs: ProofDoc[];
  repayments: RepaymentDoc[];
  measureStarts: MeasureStartDoc[];
  /** Proof-of-use due dates of the approval in force, by date (empty before approval); overdue is computed on read. */
  proofDeadlines: ProofDeadlineDoc[];
  /** Retention years of the programme when the application was submitted; null when the programme is unknown. */
  retentionYears: number | null;
  /** Paid date of the latest disbursement; null before the first. */
  lastPaymentOn: string | null;
  /** Records are kept until this date: 31 Dec of the year of the last payment + retention years. */
  retentionUntil: string | null;
  /** Reason given for a withdrawal, rejection or revocation. */
  statusReason: string | null;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as GrantEvent & RecordedEvent;
const isProgrammeEvent = (event: RecordedEvent): event is FundingProgrammeEvent & RecordedEvent =>
  (FUNDING_PROGRAMME_EVENT_TYPES as readonly string[]).includes(event.type);

export const grantsProjection: Projection = {
  name: 'grants',
  version: 3,
  eventTypes: [...GRANT_EVENT_TYPES, ...FUNDING_PROGRAMME_EVENT_TYPES],
  collections: [
    {
      name: GRANTS_COLLECTION,
      indexes: [['submittedAt'], ['districtId', 'submittedAt'], ['programmeId', 'submittedAt'], ['status', 'submittedAt']],
    },
    { name: GRANT_PROGRAMMES_COLLECTION },
  ],

  documentsFor(recorded) {
    if (isProgrammeEvent(recorded)) return [{ collection: GRANT_PROGRAMMES_COLLECTION, id: recorded.data.programmeId }];
    const event = asEvent(recorded);
    const refs: DocRef[] = [{ collection: GRANTS_COLLECTION, id: event.data.grantId }];
    if (event.type === 'GrantApplicationSubmitted') refs.push({ collection: GRANT_PROGRAMMES_COLLECTION, id: event.data.programmeId });
    return refs;
  },

  apply(recorded, docs) {
    if (isProgrammeEvent(recorded)) {
      const { programmeId } = recorded.data;
      const retentionYears =
        recorded.type === 'FundingProgrammeAdded'
          ? recorded.data.retentionYears
          : (recorded.data.changes.retentionYears ?? docs.get<GrantProgrammeDoc>(GRANT_PROGRAMMES_COLLECTION, programmeId)?.retentionYears);
      if (retentionYears === undefined) return [];
      const doc: GrantProgrammeDoc = { id: programmeId, retentionYears };
      return [{ collection: GRANT_PROGRAMMES_COLLECTION, doc }];
    }
    const event = asEvent(recorded);
    const { recordedAt: at, actorId } = recorded.metadata;
    if (event.type === 'GrantApplicationSubmitted') {
      const { grantId, ...application } = event.data;
      const doc: GrantDoc = {
        ...application,
        id: grantId,
        status: 'submitted',
        applicantId: actorId,
        submittedAt: at,
        earlyStartPermittedFrom: null,
        approval: null,
        approvalVersions: [],
        approvedAmount: 0,
        disbursed: 0,
        spent: 0,
        remaining: 0,
        repaid: 0,
        writtenOff: 0,
        disbursements: [],
        expenditures: [],
        proofs: [],
        repayments: [],
        measureStarts: [],
        proofDeadlines: [],
        // Taken over at submission, like the programme's level and fund: the rule the grant was applied for under.
        retentionYears: docs.get<GrantProgrammeDoc>(GRANT_PROGRAMMES_COLLECTION, application.programmeId)?.retentionYears ?? null,
        lastPaymentOn: null,
        retentionUntil: null,
        statusReason: null,
        updatedAt: at,
        version: recorded.streamVersion,
      };
      return [{ collection: GRANTS_COLLECTION, doc }];
    }
    const current = docs.get<GrantDoc>(GRANTS_COLLECTION, event.data.grantId);
    if (!current) return [];
    const changed = evolveDoc(current, event, at, actorId);
    const lastPaymentOn = changed.disbursements.reduce<string | null>(
      (latest, d) => (latest === null || d.paidOn > latest ? d.paidOn : latest),
      null,
    );
    const doc: GrantDoc = {
      ...changed,
      remaining: changed.approvedAmount - changed.disbursed,
      // The deadlines follow from the approval alone: recomputed only when the event replaced it.
      proofDeadlines:
        changed.approval === current.approval ? current.proofDeadlines : changed.approval ? proofDeadlines(changed.approval) : [],
      lastPaymentOn,
      retentionUntil: retentionUntil(
        lastPaymentOn,
        changed.proofs.find((p) => p.kind === 'FINAL' && p.status === 'accepted')?.acceptedAt?.slice(0, 10) ?? null,
        changed.retentionYears,
      ),
      updatedAt: at,
      version: recorded.streamVersion,
    };
    return [{ collection: GRANTS_COLLECTION, doc }];
  },
};

function evolveDoc(doc: GrantDoc, event: GrantEvent, at: string, actorId: string): GrantDoc {
  switch (event.type) {
    case 'GrantApplicationSubmitted':
      return doc;
    case 'GrantApplicationSupplemented':
      return { ...doc, ...event.data.changes };
    case 'GrantApplicationWithdrawn':
      return { ...doc, status: 'withdrawn', statusReason: event.data.reason };
    case 'EarlyStartPermitted':
      return { ...doc, earlyStartPermittedFrom: event.data.permittedFrom };
    case 'GrantApproved': {
      const { grantId: _grantId, ...approval } = event.data;
      const first: ApprovalVersionDoc = {
        version: approval.version,
        maximumAmount: approval.maximumAmount,
        eligibleExpenditure: approval.eligibleExpenditure,
        approvalPeriod: approval.approvalPeriod,
        reportDeadlines: approval.reportDeadlines,
        decidedOn: approval.approvedOn,
        reason: null,
        recordedAt: at,
      };
      return { ...doc, status: 'approved', approval, approvalVersions: [first], approvedAmount: approval.maximumAmount };
    }
    case 'GrantApplicationRejected':
      return { ...doc, status: 'rejected', statusReason: event.data.reason };
    case 'GrantAmended': {
      if (!doc.approval) return doc;
      const { version, amendedOn, reason, changes } = event.data;
      const approval = { ...doc.approval, ...changes, version };
      const amended: ApprovalVersionDoc = {
        version,
        maximumAmount: approval.maximumAmount,
        eligibleExpenditure: approval.eligibleExpenditure,
        approvalPeriod: approval.approvalPeriod,
        reportDeadlines: approval.reportDeadlines,
        decidedOn: amendedOn,
        reason,
        recordedAt: at,
      };
      return {
        ...doc,
        approval,
        approvalVersions: [...doc.approvalVersions, amended],
        approvedAmount: approval.maximumAmount,
      };
    }
    case 'GrantRevoked':
      return { ...doc, status: 'revoked', statusReason: event.data.reason };
    case 'GrantFundsDisbursed': {
      const { disbursementId, amount, neededBy, paidOn } = event.data;
      return {
        ...doc,
        disbursed: doc.disbursed + amount,
        disbursements: [...doc.disbursements, { disbursementId, amount, neededBy, paidOn, recordedAt: at }],
      };
    }
    case 'ExpenditureRecorded': {
      const { grantId: _grantId, ...expenditure } = event.data;
      return {
        ...doc,
        spent: doc.spent + expenditure.amount,
        expenditures: [...doc.expenditures, { ...expenditure, recordedAt: at }],
      };
    }
    case 'ProofOfUseSubmitted': {
      const { kind, budgetYear, reportSummary, statementTotal, receiptsCount } = event.data;
      const earlier = findProof(doc, kind, budgetYear);
      const proof: ProofDoc = {
        kind,
        budgetYear,
        status: 'submitted',
        reportSummary,
        statementTotal,
        receiptsCount,
        submissions: (earlier?.submissions ?? 0) + 1,
        submittedBy: actorId,
        submittedAt: at,
        questions: earlier?.questions ?? [],
        queriedAt: earlier?.queriedAt ?? null,
        acceptedBy: null,
        acceptedAt: null,
      };
      return { ...doc, proofs: replaceProof(doc, proof) };
    }
    case 'ProofOfUseQueried': {
      const proof = findProof(doc, event.data.kind, event.data.budgetYear);
      if (!proof) return doc;
      return { ...doc, proofs: replaceProof(doc, { ...proof, status: 'queried', questions: event.data.questions, queriedAt: at }) };
    }
    case 'ProofOfUseAccepted': {
      const proof = findProof(doc, event.data.kind, event.data.budgetYear);
      if (!proof) return doc;
      return { ...doc, proofs: replaceProof(doc, { ...proof, status: 'accepted', acceptedBy: actorId, acceptedAt: at }) };
    }
    case 'RepaymentDemanded': {
      const { grantId: _grantId, ...demand } = event.data;
      const repayment: RepaymentDoc = {
        ...demand,
        received: 0,
        writtenOff: 0,
        outstanding: demand.amount + demand.interest,
        demandedAt: at,
      };
      return { ...doc, repayments: [...doc.repayments, repayment] };
    }
    case 'RepaymentReceived':
    case 'RepaymentWrittenOff': {
      const { demandId, amount } = event.data;
      const received = event.type === 'RepaymentReceived';
      const repayments = doc.repayments.map((r) =>
        r.demandId !== demandId
          ? r
          : {
              ...r,
              received: r.received + (received ? amount : 0),
              writtenOff: r.writtenOff + (received ? 0 : amount),
              outstanding: r.outstanding - amount,
            },
      );
      return {
        ...doc,
        repayments,
        repaid: doc.repaid + (received ? amount : 0),
        writtenOff: doc.writtenOff + (received ? 0 : amount),
      };
    }
    case 'GrantClosed':
      return { ...doc, status: 'closed' };
    case 'MeasureStartConfirmed': {
      const { measureId, startDate, basis } = event.data;
      return { ...doc, measureStarts: [...doc.measureStarts, { measureId, startDate, basis, confirmedAt: at }] };
    }
    case 'MeasureStartConfirmationWithdrawn':
      return { ...doc, measureStarts: doc.measureStarts.filter((s) => s.measureId !== event.data.measureId) };
  }
}

const sameProof = (proof: ProofDoc, kind: ProofKind, budgetYear: number | null) =>
  proof.kind === kind && proof.budgetYear === budgetYear;

const findProof = (doc: GrantDoc, kind: ProofKind, budgetYear: number | null) =>
  doc.proofs.find((p) => sameProof(p, kind, budgetYear));

/** Replaces the proof of the same kind and year, or appends it. */
const replaceProof = (doc: GrantDoc, proof: ProofDoc): ProofDoc[] =>
  findProof(doc, proof.kind, proof.budgetYear)
    ? doc.proofs.map((p) => (sameProof(p, proof.kind, proof.budgetYear) ? proof : p))
    : [...doc.proofs, proof];
