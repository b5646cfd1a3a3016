import { dateDe, listOf, listOfDe, words } from '../../core/audit-text';
import { defineEvents, shortId } from '../../core/event-registry';
import { formatEuros, formatEurosDe } from '../../core/money';
import { fundingProgrammesDecider } from './funding-programmes.decider';
import type { FundingProgrammeEvent } from './funding-programmes.events';
import { grantsDecider, type GrantStatus } from './grants.decider';
import type { GrantAmended, GrantEvent, MeasureStartBasis, ProofKind } from './grants.events';
import { receiptsDecider } from './receipts.decider';
import type { ReceiptEvent } from './receipts.events';

type Proof = { kind: ProofKind; budgetYear: number | null };

const proofName = ({ kind, budgetYear }: Proof) =>
  kind === 'INTERIM' ? `interim proof of use${budgetYear === null ? '' : ` ${budgetYear}`}` : 'final proof of use';
const proofNameDe = ({ kind, budgetYear }: Proof) =>
  kind === 'INTERIM' ? `Zwischennachweis${budgetYear === null ? '' : ` ${budgetYear}`}` : 'Verwendungsnachweis';

const BASIS_DE: Record<MeasureStartBasis, string> = { APPROVAL: 'Bewilligung', EARLY_START: 'vorzeitiger Maßnahmebeginn' };

/** `: maximum A → B` when an amendment changes the maximum amount, else nothing. */
function maximumChange({ changes, previous }: GrantAmended['data'], euros: (cents: number) => string, label: string) {
  if (changes.maximumAmount === undefined) return '';
  const before = previous.maximumAmount === undefined ? '?' : euros(previous.maximumAmount);
  return `: ${label} ${before} → ${euros(changes.maximumAmount)}`;
}

/** The grant events in the event registry (src/core/event-registry.ts); the order is the catalogue's. */
export const GRANT_EVENTS = defineEvents<GrantEvent, GrantStatus>(grantsDecider, {
  GrantApplicationSubmitted: {
    businessDate: null,
    audit: {
      en: (d, id) =>
        `Grant ${id} applied for: ${formatEuros(d.requestedAmount)} from ${d.programmeId} (${d.programmeLevel}, ${d.fund})`,
      de: (d, id) =>
        `Zuwendung ${id} beantragt: ${formatEurosDe(d.requestedAmount)} aus ${d.programmeId} (${d.programmeLevel}, ${d.fund})`,
    },
    public: true,
    district: { from: 'field', field: 'districtId' },
    opensStream: true,
    statusAfter: 'submitted',
  },
  GrantApplicationSupplemented: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id} application supplemented: ${listOf(Object.keys(d.changes))}`,
      de: (d, id) => `Antrag auf Zuwendung ${id} ergänzt: ${listOfDe(Object.keys(d.changes))}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GrantApplicationWithdrawn: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id} application withdrawn: ${d.reason}`,
      de: (d, id) => `Antrag auf Zuwendung ${id} zurückgezogen: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'withdrawn',
  },
  EarlyStartPermitted: {
    businessDate: 'permittedFrom',
    audit: {
      en: (d, id) => `Grant ${id}: early start permitted from ${d.permittedFrom}`,
      de: (d, id) => `Zuwendung ${id}: vorzeitiger Maßnahmebeginn ab ${dateDe(d.permittedFrom)} zugelassen`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GrantApproved: {
    businessDate: 'approvedOn',
    audit: {
      en: (d, id) => `Grant ${id} approved: ${formatEuros(d.maximumAmount)} (ref. ${d.referenceNumber})`,
      de: (d, id) => `Zuwendung ${id} bewilligt: ${formatEurosDe(d.maximumAmount)} (Az. ${d.referenceNumber})`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'approved',
  },
  GrantApplicationRejected: {
    businessDate: 'rejectedOn',
    audit: {
      en: (d, id) => `Grant ${id} application rejected on ${d.rejectedOn}: ${d.reason}`,
      de: (d, id) => `Antrag auf Zuwendung ${id} am ${dateDe(d.rejectedOn)} abgelehnt: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'rejected',
  },
  GrantAmended: {
    businessDate: 'amendedOn',
    audit: {
      en: (d, id) =>
        `Grant ${id} amended to version ${d.version} on ${d.amendedOn}${maximumChange(d, formatEuros, 'maximum')}`,
      de: (d, id) =>
        `Zuwendung ${id} am ${dateDe(d.amendedOn)} zur Fassung ${d.version} geändert${maximumChange(d, formatEurosDe, 'Höchstbetrag')}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GrantRevoked: {
    businessDate: 'revokedOn',
    audit: {
      en: (d, id) => `Grant ${id} revoked on ${d.revokedOn}: ${d.reason}`,
      de: (d, id) => `Zuwendung ${id} am ${dateDe(d.revokedOn)} widerrufen: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'revoked',
  },
  GrantFundsDisbursed: {
    businessDate: 'paidOn',
    audit: {
      en: (d, id) => `Grant ${id}: ${formatEuros(d.amount)} disbursed on ${d.paidOn}`,
      de: (d, id) => `Zuwendung ${id}: ${formatEurosDe(d.amount)} am ${dateDe(d.paidOn)} ausgezahlt`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  ExpenditureRecorded: {
    businessDate: 'date',
    audit: {
      en: (d, id) =>
        `Grant ${id}: expenditure of ${formatEuros(d.amount)} to ${d.payee} on ${d.date} (receipt ${d.receiptReference})`,
      de: (d, id) =>
        `Zuwendung ${id}: Ausgabe von ${formatEurosDe(d.amount)} an ${d.payee} am ${dateDe(d.date)} (Beleg ${d.receiptReference})`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  ProofOfUseSubmitted: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id}: ${proofName(d)} submitted, stating ${formatEuros(d.statementTotal)}`,
      de: (d, id) => `Zuwendung ${id}: ${proofNameDe(d)} über ${formatEurosDe(d.statementTotal)} eingereicht`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  ProofOfUseQueried: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id}: ${proofName(d)} queried (${d.questions.length} questions)`,
      de: (d, id) => `Zuwendung ${id}: Rückfragen zum ${proofNameDe(d)} (${d.questions.length} Fragen)`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  ProofOfUseAccepted: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id}: ${proofName(d)} accepted`,
      de: (d, id) => `Zuwendung ${id}: ${proofNameDe(d)} anerkannt`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  RepaymentDemanded: {
    businessDate: null,
    audit: {
      en: (d, id) =>
        `Grant ${id}: repayment of ${formatEuros(d.amount)}${d.interest > 0 ? ` plus ${formatEuros(d.interest)} interest` : ''} demanded, due ${d.dueOn}`,
      de: (d, id) =>
        `Zuwendung ${id}: Rückforderung von ${formatEurosDe(d.amount)}${d.interest > 0 ? ` zuzüglich ${formatEurosDe(d.interest)} Zinsen` : ''}, fällig am ${dateDe(d.dueOn)}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  RepaymentReceived: {
    businessDate: 'receivedOn',
    audit: {
      en: (d, id) => `Grant ${id}: repayment of ${formatEuros(d.amount)} received on ${d.receivedOn}`,
      de: (d, id) => `Zuwendung ${id}: Rückzahlung von ${formatEurosDe(d.amount)} am ${dateDe(d.receivedOn)} eingegangen`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  RepaymentWrittenOff: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id}: ${formatEuros(d.amount)} of a repayment written off`,
      de: (d, id) => `Zuwendung ${id}: ${formatEurosDe(d.amount)} einer Rückforderung niedergeschlagen`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  GrantClosed: {
    businessDate: null,
    audit: {
      en: (_d, id) => `Grant ${id} closed`,
      de: (_d, id) => `Zuwendung ${id} abgeschlossen`,
    },
    public: true,
    district: { from: 'first-event' },
    statusAfter: 'closed',
  },
  MeasureStartConfirmed: {
    businessDate: 'startDate',
    audit: {
      en: (d, id) =>
        `Grant ${id} confirmed the start of measure ${shortId(d.measureId)} on ${d.startDate} (${words(d.basis)})`,
      de: (d, id) =>
        `Zuwendung ${id} bestätigte den Beginn der Maßnahme ${shortId(d.measureId)} am ${dateDe(d.startDate)} (${BASIS_DE[d.basis] ?? d.basis})`,
    },
    public: true,
    district: { from: 'first-event' },
  },
  // The withdrawal takes effect when recorded; its startDate names the start that did not happen.
  MeasureStartConfirmationWithdrawn: {
    businessDate: null,
    audit: {
      en: (d, id) => `Grant ${id} withdrew its confirmation of the start of measure ${shortId(d.measureId)}: ${d.reason}`,
      de: (d, id) => `Zuwendung ${id} zog die Bestätigung des Beginns der Maßnahme ${shortId(d.measureId)} zurück: ${d.reason}`,
    },
    public: true,
    district: { from: 'first-event' },
  },
});

/** Shares of one receipt declared to grants: each share belongs to its grant's district. */
export const RECEIPT_EVENTS = defineEvents<ReceiptEvent>(receiptsDecider, {
  ReceiptShareReserved: {
    businessDate: null,
    audit: {
      en: (d) =>
        `Receipt ${d.receiptReference}: ${formatEuros(d.amount)} declared to grant ${shortId(d.grantId)} (${formatEuros(d.declaredAfter)} of ${formatEuros(d.receiptTotal)} declared)`,
      de: (d) =>
        `Beleg ${d.receiptReference}: ${formatEurosDe(d.amount)} für Zuwendung ${shortId(d.grantId)} angegeben (${formatEurosDe(d.declaredAfter)} von ${formatEurosDe(d.receiptTotal)} angegeben)`,
    },
    public: true,
    district: { from: 'follows', category: grantsDecider.category, idField: 'grantId' },
  },
  ReceiptShareReleased: {
    businessDate: null,
    audit: {
      en: (d, id) => `Receipt ${id}: ${formatEuros(d.amount)} released from grant ${shortId(d.grantId)}: ${d.reason}`,
      de: (d, id) => `Beleg ${id}: ${formatEurosDe(d.amount)} von Zuwendung ${shortId(d.grantId)} freigegeben: ${d.reason}`,
    },
    public: true,
    district: { from: 'follows', category: grantsDecider.category, idField: 'grantId' },
  },
});

/** The catalogue of funding programmes; it belongs to no district. */
export const FUNDING_PROGRAMME_EVENTS = defineEvents<FundingProgrammeEvent>(fundingProgrammesDecider, {
  FundingProgrammeAdded: {
    businessDate: null,
    audit: {
      en: (d) => `Funding programme ${d.programmeId} "${d.name}" added (${d.level}, ${d.fund})`,
      de: (d) => `Förderprogramm ${d.programmeId} „${d.name}“ aufgenommen (${d.level}, ${d.fund})`,
    },
    public: true,
    district: { from: 'none' },
    opensStream: true,
  },
  FundingProgrammeUpdated: {
    businessDate: null,
    audit: {
      en: (d) => `Funding programme ${d.programmeId} updated: ${listOf(Object.keys(d.changes))}`,
      de: (d) => `Förderprogramm ${d.programmeId} geändert: ${listOfDe(Object.keys(d.changes))}`,
    },
    public: true,
    district: { from: 'none' },
  },
});
