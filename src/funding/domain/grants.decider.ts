import type { Decider, StoredDomainEvent } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import { addMonths } from '../../core/calendar-dates';
import { assertAnotherPerson, personOf, samePerson } from '../../core/persons';
import type { Actor } from '../../core/envelope';
import type { ApproveGrant, GrantCommand, ProofRef, SubmitGrantApplication } from './grants.commands';
import type {
  ApplicationTerms,
  ApprovalNotice,
  ApprovalTerms,
  DatePeriod,
  GrantApplicationSubmitted,
  GrantEvent,
  MeasureStartBasis,
  ProofKind,
} from './grants.events';

export type GrantStatus = 'submitted' | 'withdrawn' | 'rejected' | 'approved' | 'revoked' | 'closed';

/** `submittedBy`: the person who submitted the proof (for an API key, its issuer); null when unknown. */
type ProofState = { status: 'submitted' | 'queried' | 'accepted'; submittedBy: string | null };

/** What is owed on one repayment demand (amount + interest) and what has been received or written off. */
type DemandState = { due: number; settled: number };

export type Grant = {
  status: GrantStatus;
  grantId: string;
  programmeId: string;
  districtId: string;
  measureIds: readonly string[];
  /**
   * The person who submitted the application (for an API key, the person it acts for); never the one who decides on
   * it (four-eyes). Null when unknown.
   */
  applicantId: string | null;
  application: ApplicationTerms;
  /** Date from which an early start (vorzeitiger Maßnahmebeginn) was permitted. */
  earlyStartFrom: string | null;
  /** The approval in force (latest version). */
  approval: (ApprovalNotice & { version: number }) | null;
  disbursed: number;
  disbursementIds: ReadonlySet<string>;
  expenditureIds: ReadonlySet<string>;
  /** Earliest and latest payment or expenditure date: an amended approval period must still cover them. */
  recordedDates: DatePeriod | null;
  demandedPrincipal: number;
  demands: ReadonlyMap<string, DemandState>;
  /** By proof key (`final`, `interim-<year>`). */
  proofs: ReadonlyMap<string, ProofState>;
  /** Confirmed start date by measure id. */
  measureStarts: ReadonlyMap<string, string>;
};

export type GrantState = { status: 'none' } | Grant;

export const grantsDecider: Decider<GrantState, GrantCommand, GrantEvent> = {
  category: 'grant',
  schemaVersion: 1,

  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'GrantApplicationSubmitted') return submittedGrant(event);
    return state.status === 'none' ? state : evolveGrant(state, event);
  },

  decide(command, state) {
    if (command.type === 'SubmitGrantApplication') return submit(command, state);
    if (state.status === 'none') throw notFound('Grant', command.data.grantId);
    const grant = state;
    const { actor } = command.context;

    switch (command.type) {
      case 'SupplementGrantApplication': {
        requireStatus(grant, ['submitted'], 'supplement the application');
        // The applicant speaks for the application: if anyone else could change its terms, the approver could set
        // the terms they then approve, and four-eyes would mean nothing.
        if (!samePerson(grant.applicantId, actor)) {
          throw ruleViolated('GRANT_SUPPLEMENT_NOT_APPLICANT', 'Only the applicant can supplement the application', {
            actorId: actor.id,
          });
        }
        const { changes, previous } = diff(grant.application, command.data.changes);
        if (Object.keys(changes).length === 0) return [];
        if (changes.earlyStartRequested === false && grant.earlyStartFrom !== null) {
          throw ruleViolated(
            'GRANT_EARLY_START_REQUEST_KEPT',
            'The early start was already permitted; the request for it cannot be taken back',
          );
        }
        assertApplicationTerms({ ...grant.application, ...changes });
        const { grantId, reason } = command.data;
        return [{ type: 'GrantApplicationSupplemented', data: { grantId, changes, previous, reason } }];
      }

      case 'WithdrawGrantApplication': {
        requireStatus(grant, ['submitted'], 'withdraw the application (only possible before a decision)');
        const { grantId, reason } = command.data;
        return [{ type: 'GrantApplicationWithdrawn', data: { grantId, reason } }];
      }

      case 'PermitEarlyStart': {
        requireStatus(grant, ['submitted'], 'permit an early start');
        assertNotApplicant(grant, actor, 'An early start');
        if (!grant.application.earlyStartRequested) {
          throw ruleViolated('GRANT_EARLY_START_NOT_REQUESTED', 'The application did not request an early start');
        }
        if (grant.earlyStartFrom !== null) {
          throw ruleViolated(
            'GRANT_EARLY_START_ALREADY_PERMITTED',
            `An early start was already permitted from ${grant.earlyStartFrom}`,
          );
        }
        const { grantId, permittedFrom } = command.data;
        if (permittedFrom > grant.application.period.to) {
          throw ruleViolated(
            'GRANT_EARLY_START_AFTER_PERIOD',
            'An early start cannot be permitted after the end of the applied period',
            { permittedFrom, periodTo: grant.application.period.to },
          );
        }
        return [{ type: 'EarlyStartPermitted', data: { grantId, permittedFrom } }];
      }

      case 'ApproveGrant':
        return approve(command, grant);

      case 'RejectGrantApplication': {
        requireStatus(grant, ['submitted'], 'reject the application');
        assertNotApplicant(grant, actor, 'A rejection');
        const { grantId, reason, rejectedOn } = command.data;
        return [{ type: 'GrantApplicationRejected', data: { grantId, reason, rejectedOn } }];
      }

      case 'AmendGrant': {
        requireStatus(grant, ['approved'], 'amend the approval');
        assertNotApplicant(grant, actor, 'An amendment');
        const approval = approvalOf(grant);
        const { grantId, version, amendedOn, reason } = command.data;
        if (version !== approval.version + 1) {
          throw ruleViolated(
            'GRANT_AMENDMENT_VERSION',
            `The approval is at version ${approval.version}; an amendment must be version ${approval.version + 1}`,
            { currentVersion: approval.version },
          );
        }
        const { changes, previous } = diff(approvalTerms(approval), command.data.changes);
        if (Object.keys(changes).length === 0) throw badInput('An amendment must change at least one term of the approval');
        const amended = { ...approvalTerms(approval), ...changes };
        assertApprovalTerms(amended);
        if (amended.maximumAmount < grant.disbursed) {
          throw ruleViolated(
            'GRANT_MAXIMUM_BELOW_DISBURSED',
            `The maximum amount cannot be reduced below the ${grant.disbursed} cents already disbursed`,
            { disbursed: grant.disbursed, maximumAmount: amended.maximumAmount },
          );
        }
        if (grant.recordedDates && !covers(amended.approvalPeriod, grant.recordedDates)) {
          throw ruleViolated(
            'GRANT_PERIOD_EXCLUDES_RECORDS',
            'The amended approval period must still cover the payments and expenditures recorded',
            { recordedFrom: grant.recordedDates.from, recordedTo: grant.recordedDates.to },
          );
        }
        return [{ type: 'GrantAmended', data: { grantId, version, amendedOn, reason, changes, previous } }];
      }

      case 'RevokeGrant': {
        requireStatus(grant, ['approved'], 'revoke the approval');
        assertNotApplicant(grant, actor, 'A revocation');
        const { grantId, reason, revokedOn } = command.data;
        return [{ type: 'GrantRevoked', data: { grantId, reason, revokedOn } }];
      }

      case 'DisburseGrantFunds': {
        requireStatus(grant, ['approved'], 'disburse funds');
        assertNotApplicant(grant, actor, 'A disbursement');
        const { grantId, disbursementId, amount, neededBy, paidOn } = command.data;
        const approval = approvalOf(grant);
        assertPositive(amount, 'amount');
        if (grant.disbursementIds.has(disbursementId)) {
          throw ruleViolated('GRANT_DISBURSEMENT_DUPLICATE', `Disbursement ${disbursementId} was already recorded`);
        }
        if (!within(paidOn, approval.approvalPeriod)) {
          throw ruleViolated(
            'GRANT_DISBURSEMENT_OUTSIDE_PERIOD',
            'Funds can only be paid out within the approval period',
            { paidOn, ...periodDetails(approval.approvalPeriod) },
          );
        }
        if (amount > approval.maximumAmount - grant.disbursed) {
          throw ruleViolated(
            'GRANT_DISBURSEMENT_ABOVE_APPROVED',
            `Disbursing ${amount} cents would exceed the approved maximum of ${approval.maximumAmount} cents ` +
              `(${grant.disbursed} cents already disbursed)`,
            { amount, disbursed: grant.disbursed, maximumAmount: approval.maximumAmount },
          );
        }
        const latestNeed = addMonths(paidOn, 2);
        if (neededBy > latestNeed) {
          throw ruleViolated(
            'GRANT_DISBURSEMENT_NEED_TOO_LATE',
            'Funds may only be called for needs of the next two months after payment',
            { neededBy, latestNeededBy: latestNeed },
          );
        }
        return [{ type: 'GrantFundsDisbursed', data: { grantId, disbursementId, amount, neededBy, paidOn } }];
      }

      case 'RecordExpenditure': {
        requireStatus(grant, ['approved'], 'record an expenditure');
        const data = command.data;
        const approval = approvalOf(grant);
        assertPositive(data.amount, 'amount');
        if (grant.expenditureIds.has(data.expenditureId)) {
          throw ruleViolated('GRANT_EXPENDITURE_DUPLICATE', `Expenditure ${data.expenditureId} was already recorded`);
        }
        if (data.amount > data.receiptTotal) {
          throw ruleViolated(
            'GRANT_EXPENDITURE_ABOVE_RECEIPT',
            'The amount declared exceeds the total of the receipt',
            { amount: data.amount, receiptTotal: data.receiptTotal },
          );
        }
        if (!within(data.date, approval.approvalPeriod)) {
          throw ruleViolated(
            'GRANT_EXPENDITURE_OUTSIDE_PERIOD',
            'Only expenditures within the approval period can be declared',
            { date: data.date, ...periodDetails(approval.approvalPeriod) },
          );
        }
        return [
          {
            type: 'ExpenditureRecorded',
            data: {
              grantId: data.grantId,
              expenditureId: data.expenditureId,
              date: data.date,
              payee: data.payee,
              purpose: data.purpose,
              amount: data.amount,
              budgetLine: data.budgetLine,
              receiptReference: data.receiptReference,
              receiptFileHash: data.receiptFileHash,
              receiptTotal: data.receiptTotal,
            },
          },
        ];
      }

      case 'SubmitProofOfUse': {
        requireStatus(grant, ['approved', 'revoked'], 'submit a proof of use');
        const { grantId, kind, budgetYear, reportSummary, statementTotal, receiptsCount } = command.data;
        assertProofRef(kind, budgetYear);
        const period = approvalOf(grant).approvalPeriod;
        if (budgetYear !== null && (budgetYear < yearOf(period.from) || budgetYear > yearOf(period.to))) {
          throw ruleViolated(
            'GRANT_PROOF_YEAR_OUTSIDE_PERIOD',
            `Budget year ${budgetYear} lies outside the approval period`,
            periodDetails(period),
          );
        }
        const existing = grant.proofs.get(proofKey(kind, budgetYear));
        if (existing?.status === 'submitted') {
          throw ruleViolated('GRANT_PROOF_AWAITS_CHECK', `The ${proofName(kind, budgetYear)} awaits its check`);
        }
        if (existing?.status === 'accepted') {
          throw ruleViolated('GRANT_PROOF_ALREADY_ACCEPTED', `The ${proofName(kind, budgetYear)} was already accepted`);
        }
        return [
          {
            type: 'ProofOfUseSubmitted',
            data: { grantId, kind, budgetYear, reportSummary, statementTotal, receiptsCount },
          },
        ];
      }

      case 'QueryProofOfUse': {
        const { grantId, kind, budgetYear, questions } = command.data;
        const proof = requireProofAwaitingCheck(grant, command.data);
        // Checking a proof is the funder's side, as accepting it: never by who submitted it, nor by the applicant.
        assertNotProofSubmitter(proof, actor, 'queried');
        assertNotApplicant(grant, actor, 'A query of a proof of use');
        if (questions.length === 0) throw badInput('A query needs at least one question');
        return [{ type: 'ProofOfUseQueried', data: { grantId, kind, budgetYear, questions: [...questions] } }];
      }

      case 'AcceptProofOfUse': {
        const { grantId, kind, budgetYear } = command.data;
        const proof = requireProofAwaitingCheck(grant, command.data);
        assertNotProofSubmitter(proof, actor, 'accepted');
        assertNotApplicant(grant, actor, 'The acceptance of a proof of use');
        return [{ type: 'ProofOfUseAccepted', data: { grantId, kind, budgetYear } }];
      }

      case 'DemandRepayment': {
        requireStatus(grant, ['approved', 'revoked'], 'demand a repayment');
        assertNotApplicant(grant, actor, 'A repayment demand');
        const data = command.data;
        if (grant.demands.has(data.demandId)) {
          throw ruleViolated(
            'GRANT_REPAYMENT_DEMAND_DUPLICATE',
            `Repayment demand ${data.demandId} was already recorded`,
          );
        }
        // Interest alone may be demanded (e.g. for funds not used in time), so the amount may be zero.
        if (data.amount + data.interest <= 0) throw badInput('A repayment demand must ask for an amount or interest');
        if (data.amount > grant.disbursed - grant.demandedPrincipal) {
          throw ruleViolated(
            'GRANT_REPAYMENT_ABOVE_DISBURSED',
            'More cannot be demanded back than was disbursed and not yet demanded',
            { amount: data.amount, disbursed: grant.disbursed, alreadyDemanded: grant.demandedPrincipal },
          );
        }
        return [
          {
            type: 'RepaymentDemanded',
            data: {
              grantId: data.grantId,
              demandId: data.demandId,
              amount: data.amount,
              interest: data.interest,
              reason: data.reason,
              legalBasis: data.legalBasis,
              dueOn: data.dueOn,
            },
          },
        ];
      }

      case 'RecordRepaymentReceived': {
        const { grantId, demandId, amount, receivedOn } = command.data;
        const outstanding = outstandingOn(grant, demandId);
        assertNotApplicant(grant, actor, 'Recording a repayment');
        assertPositive(amount, 'amount');
        if (amount > outstanding) {
          throw ruleViolated(
            'GRANT_REPAYMENT_ABOVE_OUTSTANDING',
            `Only ${outstanding} cents are outstanding on repayment demand ${demandId}`,
            { amount, outstanding },
          );
        }
        return [{ type: 'RepaymentReceived', data: { grantId, demandId, amount, receivedOn } }];
      }

      case 'WriteOffRepayment': {
        const { grantId, demandId, reason } = command.data;
        const outstanding = outstandingOn(grant, demandId);
        assertNotApplicant(grant, actor, 'A write-off');
        if (outstanding === 0) {
          throw ruleViolated(
            'GRANT_REPAYMENT_NOTHING_OUTSTANDING',
            `Nothing is outstanding on repayment demand ${demandId}`,
          );
        }
        return [{ type: 'RepaymentWrittenOff', data: { grantId, demandId, amount: outstanding, reason } }];
      }

      case 'CloseGrant': {
        requireStatus(grant, ['approved', 'revoked'], 'close the grant');
        assertNotApplicant(grant, actor, 'Closing a grant');
        if (grant.proofs.get(proofKey('FINAL', null))?.status !== 'accepted') {
          throw ruleViolated(
            'GRANT_CLOSE_WITHOUT_FINAL_PROOF',
            'A grant can only be closed once its final proof of use has been accepted',
          );
        }
        const open = [...grant.demands].filter(([, demand]) => demand.settled < demand.due).map(([id]) => id);
        if (open.length > 0) {
          throw ruleViolated(
            'GRANT_CLOSE_REPAYMENT_OPEN',
            'A grant cannot be closed while a repayment is open',
            { openDemandIds: open },
          );
        }
        return [{ type: 'GrantClosed', data: { grantId: command.data.grantId } }];
      }

      case 'ConfirmMeasureStart': {
        const { grantId, measureId, startDate } = command.data;
        if (!grant.measureIds.includes(measureId)) {
          throw ruleViolated(
            'GRANT_MEASURE_NOT_LINKED',
            `Measure ${measureId} is not one of the measures of grant ${grantId}`,
          );
        }
        // A withdrawn or rejected application never funded the measure, so it neither allows nor blocks a start.
        if (grant.status === 'withdrawn' || grant.status === 'rejected') return [];
        const confirmed = grant.measureStarts.get(measureId);
        if (confirmed === startDate) return [];
        if (confirmed !== undefined) {
          throw ruleViolated(
            'GRANT_MEASURE_START_ALREADY_CONFIRMED',
            `The start of measure ${measureId} was already confirmed for ${confirmed}`,
          );
        }
        const basis = measureStartBasis(grant, startDate);
        return [{ type: 'MeasureStartConfirmed', data: { grantId, measureId, startDate, basis } }];
      }

      case 'WithdrawMeasureStartConfirmation': {
        const { grantId, measureId, reason } = command.data;
        const startDate = grant.measureStarts.get(measureId);
        // A compensation is idempotent: withdrawing what is not confirmed records nothing.
        if (startDate === undefined) return [];
        return [{ type: 'MeasureStartConfirmationWithdrawn', data: { grantId, measureId, startDate, reason } }];
      }
    }
  },

  districtOf: (command, state) =>
    state.status !== 'none'
      ? state.districtId
      : command.type === 'SubmitGrantApplication'
        ? command.data.districtId
        : null,
};

function submittedGrant({ data, metadata }: StoredDomainEvent<GrantApplicationSubmitted>): Grant {
  return {
    status: 'submitted',
    grantId: data.grantId,
    programmeId: data.programmeId,
    districtId: data.districtId,
    measureIds: data.measureIds,
    applicantId: personOf(metadata),
    application: {
      requestedAmount: data.requestedAmount,
      plan: data.plan,
      period: data.period,
      earlyStartRequested: data.earlyStartRequested,
    },
    earlyStartFrom: null,
    approval: null,
    disbursed: 0,
    disbursementIds: new Set(),
    expenditureIds: new Set(),
    recordedDates: null,
    demandedPrincipal: 0,
    demands: new Map(),
    proofs: new Map(),
    measureStarts: new Map(),
  };
}

function evolveGrant(grant: Grant, event: StoredDomainEvent<GrantEvent>): Grant {
  switch (event.type) {
    case 'GrantApplicationSubmitted':
      return grant;
    case 'GrantApplicationSupplemented':
      return { ...grant, application: { ...grant.application, ...event.data.changes } };
    case 'GrantApplicationWithdrawn':
      return { ...grant, status: 'withdrawn' };
    case 'EarlyStartPermitted':
      return { ...grant, earlyStartFrom: event.data.permittedFrom };
    case 'GrantApproved': {
      const { grantId: _grantId, ...approval } = event.data;
      return { ...grant, status: 'approved', approval };
    }
    case 'GrantApplicationRejected':
      return { ...grant, status: 'rejected' };
    case 'GrantAmended':
      if (!grant.approval) return grant;
      return { ...grant, approval: { ...grant.approval, ...event.data.changes, version: event.data.version } };
    case 'GrantRevoked':
      return { ...grant, status: 'revoked' };
    case 'GrantFundsDisbursed':
      return {
        ...grant,
        disbursed: grant.disbursed + event.data.amount,
        disbursementIds: new Set(grant.disbursementIds).add(event.data.disbursementId),
        recordedDates: widen(grant.recordedDates, event.data.paidOn),
      };
    case 'ExpenditureRecorded':
      return {
        ...grant,
        expenditureIds: new Set(grant.expenditureIds).add(event.data.expenditureId),
        recordedDates: widen(grant.recordedDates, event.data.date),
      };
    case 'ProofOfUseSubmitted': {
      const proof: ProofState = { status: 'submitted', submittedBy: personOf(event.metadata) };
      return { ...grant, proofs: new Map(grant.proofs).set(proofKey(event.data.kind, event.data.budgetYear), proof) };
    }
    case 'ProofOfUseQueried':
    case 'ProofOfUseAccepted': {
      const key = proofKey(event.data.kind, event.data.budgetYear);
      const current = grant.proofs.get(key);
      if (!current) return grant;
      const status = event.type === 'ProofOfUseQueried' ? 'queried' : 'accepted';
      return { ...grant, proofs: new Map(grant.proofs).set(key, { ...current, status }) };
    }
    case 'RepaymentDemanded':
      return {
        ...grant,
        demandedPrincipal: grant.demandedPrincipal + event.data.amount,
        demands: new Map(grant.demands).set(event.data.demandId, {
          due: event.data.amount + event.data.interest,
          settled: 0,
        }),
      };
    case 'RepaymentReceived':
    case 'RepaymentWrittenOff': {
      const current = grant.demands.get(event.data.demandId);
      if (!current) return grant;
      const demand = { ...current, settled: current.settled + event.data.amount };
      return { ...grant, demands: new Map(grant.demands).set(event.data.demandId, demand) };
    }
    case 'GrantClosed':
      return { ...grant, status: 'closed' };
    case 'MeasureStartConfirmed':
      return { ...grant, measureStarts: new Map(grant.measureStarts).set(event.data.measureId, event.data.startDate) };
    case 'MeasureStartConfirmationWithdrawn': {
      const measureStarts = new Map(grant.measureStarts);
      measureStarts.delete(event.data.measureId);
      return { ...grant, measureStarts };
    }
  }
}

function submit(command: SubmitGrantApplication, state: GrantState): GrantEvent[] {
  const { grantId, programmeId, districtId, measureIds, references } = command.data;
  if (state.status !== 'none') throw ruleViolated('GRANT_EXISTS', `Grant ${grantId} was already applied for`);
  // As everywhere: a missing target of a command is NOT_FOUND, a missing entity it refers to is DOMAIN_RULE.
  if (!references.programme) {
    throw ruleViolated('PROGRAMME_UNKNOWN', `Funding programme ${programmeId} does not exist`, { programmeId });
  }
  if (references.district === 'unknown') {
    throw ruleViolated('DISTRICT_NOT_REGISTERED', `District ${districtId} is not registered`, { districtId });
  }
  if (references.district === 'closed') {
    throw ruleViolated('DISTRICT_CLOSED', `District ${districtId} is closed: no new applications`);
  }
  if (references.unknownMeasureIds.length > 0) {
    throw ruleViolated('MEASURE_UNKNOWN', `Measures ${references.unknownMeasureIds.join(', ')} were never planned`, {
      measureIds: references.unknownMeasureIds,
    });
  }
  // Funding is applied for before a measure starts: a running, finished or cancelled measure, or one of another
  // district, cannot be the purpose of this application (it would dodge the rule that a start needs the grant).
  for (const measure of references.measures) {
    if (measure.status !== 'planned' && measure.status !== 'approved') {
      const message = `Measure ${measure.measureId} is ${measure.status}: only a planned or approved one can be funded`;
      throw ruleViolated('GRANT_MEASURE_NOT_FUNDABLE', message, { measureId: measure.measureId });
    }
    if (measure.districtId !== districtId) {
      throw ruleViolated(
        'MEASURE_OF_OTHER_DISTRICT',
        `Measure ${measure.measureId} belongs to another district`,
        { measureId: measure.measureId },
      );
    }
  }
  if (measureIds.length === 0) throw badInput('An application names at least one measure');
  if (new Set(measureIds).size !== measureIds.length) throw badInput('measureIds must not repeat');
  const { requestedAmount, plan, period, earlyStartRequested } = command.data;
  const terms: ApplicationTerms = {
    requestedAmount,
    plan: { totalEligibleCost: plan.totalEligibleCost, ownShare: plan.ownShare, thirdPartyFunds: plan.thirdPartyFunds },
    period: { from: period.from, to: period.to },
    earlyStartRequested,
  };
  assertApplicationTerms(terms);
  return [
    {
      type: 'GrantApplicationSubmitted',
      data: {
        grantId,
        programmeId,
        programmeLevel: references.programme.level,
        fund: references.programme.fund,
        districtId,
        measureIds: [...measureIds],
        ...terms,
      },
    },
  ];
}

function approve(command: ApproveGrant, grant: Grant): GrantEvent[] {
  requireStatus(grant, ['submitted'], 'approve the application');
  assertNotApplicant(grant, command.context.actor, 'An approval');
  const { grantId, referenceNumber, authority, approvedOn, purpose, financingType } = command.data;
  const terms = approvalTerms(command.data);
  assertApprovalTerms(terms);
  if (terms.maximumAmount > grant.application.requestedAmount) {
    throw ruleViolated('GRANT_APPROVAL_ABOVE_REQUESTED', 'The approved maximum cannot exceed the amount requested', {
      maximumAmount: terms.maximumAmount,
      requestedAmount: grant.application.requestedAmount,
    });
  }
  return [
    {
      type: 'GrantApproved',
      data: { grantId, version: 1, referenceNumber, authority, approvedOn, purpose, financingType, ...terms },
    },
  ];
}

const approvalTerms = (source: ApprovalTerms): ApprovalTerms => ({
  maximumAmount: source.maximumAmount,
  eligibleExpenditure: source.eligibleExpenditure,
  approvalPeriod: { from: source.approvalPeriod.from, to: source.approvalPeriod.to },
  reportDeadlines: source.reportDeadlines.map(({ kind, budgetYear, dueOn }) => ({ kind, budgetYear, dueOn })),
});

function assertApplicationTerms({ requestedAmount, plan, period }: ApplicationTerms): void {
  assertPositive(requestedAmount, 'requestedAmount');
  assertPeriod(period, 'period');
  // Compared by subtraction, so the check stays exact for sums beyond Number.MAX_SAFE_INTEGER.
  const afterRequest = plan.totalEligibleCost - requestedAmount;
  const balanced = afterRequest >= 0 && afterRequest - plan.ownShare === plan.thirdPartyFunds;
  if (!balanced) {
    throw ruleViolated(
      'GRANT_PLAN_UNBALANCED',
      'The financing plan does not balance: requested + own share + third-party funds must equal the total eligible cost',
      { requestedAmount, ...plan },
    );
  }
}

function assertApprovalTerms(terms: ApprovalTerms): void {
  assertPositive(terms.maximumAmount, 'maximumAmount');
  assertPeriod(terms.approvalPeriod, 'approvalPeriod');
  if (terms.maximumAmount > terms.eligibleExpenditure) {
    throw ruleViolated('GRANT_MAXIMUM_ABOVE_ELIGIBLE', 'The maximum amount cannot exceed the eligible expenditure', {
      maximumAmount: terms.maximumAmount,
      eligibleExpenditure: terms.eligibleExpenditure,
    });
  }
  for (const deadline of terms.reportDeadlines) assertProofRef(deadline.kind, deadline.budgetYear);
}

function assertPositive(amount: number, field: string): void {
  if (amount <= 0) throw badInput(`${field} must be more than zero`, { field });
}

function assertPeriod(period: DatePeriod, field: string): void {
  if (period.to < period.from) {
    throw ruleViolated(
      'GRANT_PERIOD_END_BEFORE_START',
      `${field} ends before it begins`,
      { field, ...periodDetails(period) },
    );
  }
}

/** Interim proofs and deadlines name their budget year; the final proof covers the whole grant and names none. */
function assertProofRef(kind: ProofKind, budgetYear: number | null): void {
  if (kind === 'INTERIM' && budgetYear === null) throw badInput('An interim proof of use names its budget year');
  if (kind === 'FINAL' && budgetYear !== null) throw badInput('The final proof of use names no budget year');
}

/** The approval in force; approved, revoked and closed grants always have one. */
function approvalOf(grant: Grant): ApprovalNotice & { version: number } {
  if (!grant.approval) {
    throw ruleViolated('GRANT_WRONG_STATUS', `Grant ${grant.grantId} has no approval`, { status: grant.status });
  }
  return grant.approval;
}

function requireStatus(grant: Grant, allowed: readonly GrantStatus[], action: string): void {
  if (!allowed.includes(grant.status)) {
    throw ruleViolated(
      'GRANT_WRONG_STATUS',
      `Cannot ${action}: grant ${grant.grantId} is ${grant.status}`,
      { status: grant.status },
    );
  }
}

/** Four-eyes: decisions on a grant are never taken by the person who applied for it, nor through their keys. */
function assertNotApplicant(grant: Grant, actor: Actor, what: string): void {
  assertAnotherPerson(grant.applicantId, actor, 'GRANT_FOUR_EYES', `${what} must be decided by someone other than the applicant (four-eyes principle)`);
}

function assertNotProofSubmitter(proof: ProofState, actor: Actor, what: 'queried' | 'accepted'): void {
  assertAnotherPerson(
    proof.submittedBy,
    actor,
    'GRANT_PROOF_FOUR_EYES',
    `A proof of use must be ${what} by someone other than who submitted it (four-eyes principle)`,
  );
}

function requireProofAwaitingCheck(grant: Grant, { kind, budgetYear }: ProofRef): ProofState {
  requireStatus(grant, ['approved', 'revoked'], 'check a proof of use');
  assertProofRef(kind, budgetYear);
  const proof = grant.proofs.get(proofKey(kind, budgetYear));
  if (proof?.status !== 'submitted') {
    const state = proof ? (proof.status === 'queried' ? 'was queried and awaits the answers' : 'was already accepted') : 'was not submitted';
    throw ruleViolated('GRANT_PROOF_NOT_AWAITING_CHECK', `The ${proofName(kind, budgetYear)} ${state}`);
  }
  return proof;
}

function outstandingOn(grant: Grant, demandId: string): number {
  const demand = grant.demands.get(demandId);
  if (!demand) throw notFound('Repayment demand', demandId);
  return demand.due - demand.settled;
}

/**
 * A measure may start inside the approval period of an approved grant, or — before or after the approval — from
 * the date an early start was permitted (but not beyond the approval period once there is one).
 */
function measureStartBasis(grant: Grant, startDate: string): MeasureStartBasis {
  const period = grant.approval?.approvalPeriod;
  if (grant.status === 'approved' && period && within(startDate, period)) return 'APPROVAL';
  const earlyStartCovers =
    grant.earlyStartFrom !== null && grant.earlyStartFrom <= startDate && (!period || startDate <= period.to);
  if ((grant.status === 'approved' || grant.status === 'submitted') && earlyStartCovers) return 'EARLY_START';
  throw ruleViolated(
    'GRANT_MEASURE_START_NOT_COVERED',
    grant.status === 'approved' || grant.status === 'submitted'
      ? `Grant ${grant.grantId} does not allow a start on ${startDate}: not within the approval period and no early start permitted from that date`
      : `Grant ${grant.grantId} is ${grant.status}: no measure can start on it`,
    {
      startDate,
      status: grant.status,
      earlyStartFrom: grant.earlyStartFrom,
      ...(period ? periodDetails(period) : {}),
    },
  );
}

function diff<T extends object>(current: T, requested: Partial<T>): { changes: Partial<T>; previous: Partial<T> } {
  const changes: Partial<T> = {};
  const previous: Partial<T> = {};
  for (const field of Object.keys(requested) as (keyof T)[]) {
    const next = requested[field];
    if (next === undefined || JSON.stringify(next) === JSON.stringify(current[field])) continue;
    if (next === null) throw badInput(`${String(field)} cannot be cleared`, { field });
    changes[field] = next;
    previous[field] = current[field];
  }
  return { changes, previous };
}

export const proofKey = (kind: ProofKind, budgetYear: number | null): string =>
  kind === 'FINAL' ? 'final' : `interim-${budgetYear}`;

const proofName = (kind: ProofKind, budgetYear: number | null): string =>
  kind === 'FINAL' ? 'final proof of use' : `interim proof of use for ${budgetYear}`;

const within = (date: string, period: DatePeriod): boolean => period.from <= date && date <= period.to;

const covers = (outer: DatePeriod, inner: DatePeriod): boolean => outer.from <= inner.from && inner.to <= outer.to;

const widen = (range: DatePeriod | null, date: string): DatePeriod =>
  range ? { from: date < range.from ? date : range.from, to: date > range.to ? date : range.to } : { from: date, to: date };

const periodDetails = (period: DatePeriod) => ({ periodFrom: period.from, periodTo: period.to });

const yearOf = (date: string): number => Number(date.slice(0, 4));
