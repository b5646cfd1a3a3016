import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import type { ApprovalTerms, DatePeriod, ProofKind } from '../../src/funding/domain/grants.events';
import { addMonths, endOfMonth } from '../../src/core/calendar-dates';

// Deadline rules of the general conditions of grants (ANBest-P 6.1): an interim proof (Zwischennachweis) is due
// within 4 months after each budget year that ends inside the approval period, the final proof of use
// (Verwendungsnachweis) at the latest by the end of the sixth month after the approval period. Pure date arithmetic
// on ISO dates: no clock.

/** Where a due date comes from: stated in the approval notice, or computed from the approval period. */
export type DeadlineSource = 'NOTICE' | 'STATUTORY';

export type ProofDeadlineDoc = { kind: ProofKind; budgetYear: number | null; dueOn: string; source: DeadlineSource };

const INTERIM_PROOF_MONTHS = 4;
const FINAL_PROOF_MONTHS = 6;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Interim proofs for the budget years that close before the period ends (the final proof covers the last one). */
export function statutoryProofDeadlines(period: DatePeriod): ProofDeadlineDoc[] {
  const deadlines: ProofDeadlineDoc[] = [];
  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const yearEnd = `${pad(year, 4)}-12-31`;
    if (yearEnd >= period.to) break;
    deadlines.push({ kind: 'INTERIM', budgetYear: year, dueOn: addMonths(yearEnd, INTERIM_PROOF_MONTHS), source: 'STATUTORY' });
  }
  const finalDue = endOfMonth(addMonths(period.to, FINAL_PROOF_MONTHS));
  deadlines.push({ kind: 'FINAL', budgetYear: null, dueOn: finalDue, source: 'STATUTORY' });
  return deadlines;
}

/**
 * The proof deadlines of an approval: computed from its period, except where the notice states its own date for
 * the same proof (the notice is binding). Proofs the notice adds beyond the computed ones are kept. Sorted by date.
 */
export function proofDeadlines(approval: ApprovalTerms): ProofDeadlineDoc[] {
  const stated = new Map(approval.reportDeadlines.map((d) => [proofKey(d.kind, d.budgetYear), d]));
  const computed = statutoryProofDeadlines(approval.approvalPeriod).map((d) => {
    const fromNotice = stated.get(proofKey(d.kind, d.budgetYear));
    return fromNotice ? { ...d, dueOn: fromNotice.dueOn, source: 'NOTICE' as const } : d;
  });
  const known = new Set(computed.map((d) => proofKey(d.kind, d.budgetYear)));
  const extra = approval.reportDeadlines
    .filter((d) => !known.has(proofKey(d.kind, d.budgetYear)))
    .map((d): ProofDeadlineDoc => ({ kind: d.kind, budgetYear: d.budgetYear, dueOn: d.dueOn, source: 'NOTICE' }));
  return [...computed, ...extra].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

export const proofKey = (kind: ProofKind, budgetYear: number | null) => `${kind}/${budgetYear ?? ''}`;

/**
 * Records are kept the programme's retention years from 31 December of the year of the last payment (EU rule) and
 * from the acceptance of the final proof of use (German rule), whichever ends later; null before any payment.
 */
export function retentionUntil(
  lastPaymentOn: string | null,
  finalProofAcceptedOn: string | null,
  retentionYears: number | null,
): string | null {
  if (lastPaymentOn === null || retentionYears === null) return null;
  const afterPayment = `${pad(Number(lastPaymentOn.slice(0, 4)) + retentionYears, 4)}-12-31`;
  if (finalProofAcceptedOn === null) return afterPayment;
  const afterProof = addMonths(finalProofAcceptedOn, 12 * retentionYears);
  return afterProof > afterPayment ? afterProof : afterPayment;
}

/** Statuses in which proofs of use are still owed. */
const PROOFS_OWED: ReadonlySet<GrantStatus> = new Set<GrantStatus>(['approved']);

/**
 * Overdue: the grant still owes proofs, none was submitted for this deadline, and `today` (YYYY-MM-DD, from the
 * clock at the edge — projections never read it) is past the due date.
 */
export function isOverdue(
  deadline: Pick<ProofDeadlineDoc, 'kind' | 'budgetYear' | 'dueOn'>,
  submittedProofs: ReadonlySet<string>,
  status: GrantStatus,
  today: string,
): boolean {
  return PROOFS_OWED.has(status) && !submittedProofs.has(proofKey(deadline.kind, deadline.budgetYear)) && today > deadline.dueOn;
}
