import type { CommandContext } from '../../../src/core/decider';
import type { GrantCommand } from '../../../src/funding/domain/grants.commands';
import { addMonths } from '../../../src/core/calendar-dates';
import { grantsDecider } from '../../../src/funding/domain/grants.decider';
import type { ApplicationTerms, ApprovalNotice, GrantEvent } from '../../../src/funding/domain/grants.events';
import { context, deciderSpec } from '../../support/decider-spec';
import { testMetadata } from '../../support/events';

// Alice applies; Bob and Carol work at the granting authority.
const ALICE = 'alice';
const BOB = 'bob';
const CAROL = 'carol';
const as = (actorId: string): CommandContext =>
  context({ actor: { id: actorId, role: actorId === ALICE ? 'district_manager' : 'funding_officer', districts: null } });

/** An event as the store hands it to evolve: with the metadata naming who recorded it (four-eyes rules read it). */
const by = (actorId: string, event: GrantEvent): GrantEvent =>
  Object.assign({}, event, { metadata: testMetadata({ actorId }) });

/** The same event as decide returns it: without metadata. */
const decided = ({ type, data }: GrantEvent): GrantEvent => ({ type, data }) as GrantEvent;

const grantId = '7d0e7c1a-2b3c-4d5e-8f90-1234567890ab';
const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const measureId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const otherMeasureId = 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const application: ApplicationTerms = {
  requestedAmount: 80_000_00,
  plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
  period: { from: '2026-01-01', to: '2027-12-31' },
  earlyStartRequested: true,
};
const references = {
  programme: { level: 'FEDERAL' as const, fund: 'ESF Plus' },
  district: 'active' as const,
  unknownMeasureIds: [],
  measures: [] as { measureId: string; status: string; districtId: string | null }[],
};
const submitCommand = (overrides: Partial<ApplicationTerms> = {}, refs = references): GrantCommand => ({
  type: 'SubmitGrantApplication',
  data: { grantId, programmeId: 'biwaq', districtId, measureIds: [measureId], ...application, ...overrides, references: refs },
  context: as(ALICE),
});
const submitted = by(ALICE, {
  type: 'GrantApplicationSubmitted',
  data: {
    grantId,
    programmeId: 'biwaq',
    programmeLevel: 'FEDERAL',
    fund: 'ESF Plus',
    districtId,
    measureIds: [measureId],
    ...application,
  },
});

const notice: ApprovalNotice = {
  referenceNumber: 'BIWAQ-2026-017',
  authority: 'Bundesamt für Bauwesen und Raumordnung',
  approvedOn: '2026-03-15',
  purpose: 'Qualifizierung langzeitarbeitsloser Bewohnerinnen und Bewohner',
  financingType: 'SHARE',
  maximumAmount: 60_000_00,
  eligibleExpenditure: 100_000_00,
  approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
  reportDeadlines: [
    { kind: 'INTERIM', budgetYear: 2026, dueOn: '2027-04-30' },
    { kind: 'FINAL', budgetYear: null, dueOn: '2028-06-30' },
  ],
};
const approved = by(BOB, { type: 'GrantApproved', data: { grantId, version: 1, ...notice } });
const earlyStart = by(BOB, { type: 'EarlyStartPermitted', data: { grantId, permittedFrom: '2026-02-01' } });
const disbursed = (amount: number, paidOn = '2026-05-02', disbursementId = `d-${amount}`) =>
  by(BOB, { type: 'GrantFundsDisbursed', data: { grantId, disbursementId, amount, neededBy: paidOn, paidOn } });

const expenditure = {
  grantId,
  expenditureId: 'e-1',
  date: '2026-05-10',
  payee: 'Bildungswerk Neustadt gGmbH',
  purpose: 'Kursgebühren Qualifizierungsmodul 1',
  amount: 1_200_00,
  budgetLine: '2.1 Honorare',
  receiptReference: 'RE-2026-0042',
  receiptFileHash: 'c'.repeat(64),
  receiptTotal: 1_500_00,
};

const proof = (kind: 'INTERIM' | 'FINAL', budgetYear: number | null) => ({
  grantId,
  kind,
  budgetYear,
  reportSummary: 'Zwölf Teilnehmende, neun Abschlüsse',
  statementTotal: 40_000_00,
  receiptsCount: 37,
});
const finalSubmitted = by(ALICE, { type: 'ProofOfUseSubmitted', data: proof('FINAL', null) });
const finalAccepted = by(BOB, { type: 'ProofOfUseAccepted', data: { grantId, kind: 'FINAL', budgetYear: null } });

const demand = {
  grantId,
  demandId: 'r-1',
  amount: 5_000_00,
  interest: 120_00,
  reason: 'Zweckverfehlung Modul 3',
  legalBasis: '§ 49a VwVfG',
  dueOn: '2028-09-30',
};
const demanded = by(BOB, { type: 'RepaymentDemanded', data: demand });

const spec = deciderSpec(grantsDecider);
const when = (events: GrantEvent[], command: GrantCommand) => spec.given(events).when(command);

describe('grants decider', () => {
  describe('application', () => {
    it('submits an application, keeping the level and fund of its programme', () => {
      when([], submitCommand()).then([decided(submitted)]);
    });

    it('refuses a second submission on the same grant', () => {
      when([submitted], submitCommand()).thenThrows('DOMAIN_RULE', /already applied for/);
    });

    it('refuses an unknown programme, district or measure', () => {
      when([], submitCommand({}, { ...references, programme: null as never })).thenThrows('DOMAIN_RULE', /Funding programme biwaq/);
      when([], submitCommand({}, { ...references, district: 'unknown' as never })).thenThrows('DOMAIN_RULE', /District/);
      when([], submitCommand({}, { ...references, unknownMeasureIds: [measureId] as never })).thenThrows('DOMAIN_RULE', /Measures/);
    });

    it('refuses to fund a measure that already started, ended, or belongs to another district', () => {
      const withMeasure = (status: string, inDistrict = districtId) =>
        submitCommand({}, { ...references, measures: [{ measureId, status, districtId: inDistrict }] });
      when([], withMeasure('approved')).then([expect.objectContaining({ type: 'GrantApplicationSubmitted' })] as never);
      when([], withMeasure('running')).thenThrows('DOMAIN_RULE', /is running/);
      when([], withMeasure('cancelled')).thenThrows('DOMAIN_RULE', /is cancelled/);
      when([], withMeasure('planned', 'another-district')).thenThrows('DOMAIN_RULE', /another district/);
    });

    it('refuses an application for a closed district', () => {
      when([], submitCommand({}, { ...references, district: 'closed' as never })).thenThrows('DOMAIN_RULE', /closed/);
    });

    it('refuses a financing plan that does not balance', () => {
      when([], submitCommand({ plan: { ...application.plan, ownShare: 10_000_01 } })).thenViolates('GRANT_PLAN_UNBALANCED');
      when([], submitCommand({ requestedAmount: 100_000_01 })).thenViolates('GRANT_PLAN_UNBALANCED');
    });

    it('balances exactly even near the largest safe integer', () => {
      const total = Number.MAX_SAFE_INTEGER;
      const plan = { totalEligibleCost: total, ownShare: 1, thirdPartyFunds: 1 };
      when([], submitCommand({ requestedAmount: total - 2, plan })).then([
        expect.objectContaining({ type: 'GrantApplicationSubmitted' }) as GrantEvent,
      ]);
      when([], submitCommand({ requestedAmount: total - 3, plan })).thenViolates('GRANT_PLAN_UNBALANCED');
    });

    it('refuses a period that ends before it begins, and a zero request', () => {
      when([], submitCommand({ period: { from: '2026-01-01', to: '2025-12-31' } })).thenThrows('DOMAIN_RULE', /ends before/);
      when([], submitCommand({ requestedAmount: 0, plan: { totalEligibleCost: 20_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 } }))
        .thenThrows('BAD_USER_INPUT', /requestedAmount/);
    });

    it('refuses an application without measures or with a measure twice', () => {
      const command = submitCommand();
      when([], { ...command, data: { ...command.data, measureIds: [] } } as GrantCommand).thenThrows('BAD_USER_INPUT');
      when([], { ...command, data: { ...command.data, measureIds: [measureId, measureId] } } as GrantCommand).thenThrows(
        'BAD_USER_INPUT',
        /repeat/,
      );
    });

    it('supplements an application with the changes and their previous values', () => {
      const plan = { totalEligibleCost: 110_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 };
      when([submitted], {
        type: 'SupplementGrantApplication',
        data: { grantId, changes: { requestedAmount: 90_000_00, plan, earlyStartRequested: true }, reason: 'Mehrkosten Miete' },
        context: as(ALICE),
      }).then([
        {
          type: 'GrantApplicationSupplemented',
          data: {
            grantId,
            changes: { requestedAmount: 90_000_00, plan },
            previous: { requestedAmount: 80_000_00, plan: application.plan },
            reason: 'Mehrkosten Miete',
          },
        },
      ]);
    });

    it('records nothing for a supplement that changes nothing', () => {
      when([submitted], {
        type: 'SupplementGrantApplication',
        data: { grantId, changes: { requestedAmount: 80_000_00 }, reason: 'no change' },
        context: as(ALICE),
      }).then([]);
    });

    it('refuses a supplement that unbalances the plan, clears a term, or comes after the decision', () => {
      const supplement = (changes: Partial<ApplicationTerms>): GrantCommand => ({
        type: 'SupplementGrantApplication',
        data: { grantId, changes, reason: 'r' },
        context: as(ALICE),
      });
      when([submitted], supplement({ requestedAmount: 85_000_00 })).thenViolates('GRANT_PLAN_UNBALANCED');
      when([submitted], supplement({ plan: null as never })).thenThrows('BAD_USER_INPUT', /plan cannot be cleared/);
      when([submitted, approved], supplement({ requestedAmount: 70_000_00 })).thenThrows('DOMAIN_RULE', /approved/);
    });

    it('lets only the applicant supplement: the approver must not set the terms they approve', () => {
      when([submitted], {
        type: 'SupplementGrantApplication',
        data: { grantId, changes: { requestedAmount: 85_000_00 }, reason: 'r' },
        context: as(BOB),
      }).thenViolates('GRANT_SUPPLEMENT_NOT_APPLICANT');
    });

    it('refuses to take back the early-start request once the early start was permitted', () => {
      when([submitted, earlyStart], {
        type: 'SupplementGrantApplication',
        data: { grantId, changes: { earlyStartRequested: false }, reason: 'r' },
        context: as(ALICE),
      }).thenThrows('DOMAIN_RULE', /already permitted/);
    });

    it('withdraws an application before the decision only', () => {
      const withdraw: GrantCommand = { type: 'WithdrawGrantApplication', data: { grantId, reason: 'Träger insolvent' }, context: as(ALICE) };
      when([submitted], withdraw).then([{ type: 'GrantApplicationWithdrawn', data: { grantId, reason: 'Träger insolvent' } }]);
      when([submitted, approved], withdraw).thenThrows('DOMAIN_RULE', /only possible before a decision/);
      const withdrawn = by(ALICE, { type: 'GrantApplicationWithdrawn', data: { grantId, reason: 'x' } });
      when([submitted, withdrawn], withdraw).thenThrows('DOMAIN_RULE', /withdrawn/);
    });

    it('answers NOT_FOUND for a command on a grant never applied for', () => {
      when([], { type: 'WithdrawGrantApplication', data: { grantId, reason: 'x' }, context: as(ALICE) }).thenThrows('NOT_FOUND');
    });
  });

  describe('early start (vorzeitiger Maßnahmebeginn)', () => {
    const permit = (actorId: string, permittedFrom = '2026-02-01'): GrantCommand => ({
      type: 'PermitEarlyStart',
      data: { grantId, permittedFrom },
      context: as(actorId),
    });

    it('is permitted on a submitted application that requested it', () => {
      when([submitted], permit(BOB)).then([{ type: 'EarlyStartPermitted', data: { grantId, permittedFrom: '2026-02-01' } }]);
    });

    it('is never permitted by the applicant', () => {
      when([submitted], permit(ALICE)).thenViolates('GRANT_FOUR_EYES');
    });

    it('needs a request, is permitted once, only before the decision and within the applied period', () => {
      const notRequested = by(ALICE, { ...submitted, data: { ...submitted.data, earlyStartRequested: false } } as GrantEvent);
      when([notRequested], permit(BOB)).thenThrows('DOMAIN_RULE', /did not request/);
      when([submitted, earlyStart], permit(BOB)).thenThrows('DOMAIN_RULE', /already permitted/);
      when([submitted, approved], permit(BOB)).thenThrows('DOMAIN_RULE', /approved/);
      when([submitted], permit(BOB, '2028-01-01')).thenThrows('DOMAIN_RULE', /after the end/);
    });
  });

  describe('approval (Zuwendungsbescheid)', () => {
    const approve = (actorId: string, overrides: Partial<ApprovalNotice> = {}): GrantCommand => ({
      type: 'ApproveGrant',
      data: { grantId, ...notice, ...overrides },
      context: as(actorId),
    });

    it('approves as version 1', () => {
      when([submitted], approve(BOB)).then([{ type: 'GrantApproved', data: { grantId, version: 1, ...notice } }]);
    });

    it('is refused to the actor who submitted the application (four-eyes)', () => {
      when([submitted], approve(ALICE)).thenViolates('GRANT_FOUR_EYES');
    });

    it('is refused when the applicant is not known (fails closed)', () => {
      const anonymous = { ...submitted, metadata: undefined } as unknown as GrantEvent;
      when([anonymous], approve(BOB)).thenViolates('GRANT_FOUR_EYES');
    });

    it('refuses a maximum above the amount requested or above the eligible expenditure', () => {
      when([submitted], approve(BOB, { maximumAmount: 80_000_01, eligibleExpenditure: 200_000_00 })).thenViolates('GRANT_APPROVAL_ABOVE_REQUESTED');
      when([submitted], approve(BOB, { maximumAmount: 60_000_00, eligibleExpenditure: 50_000_00 })).thenViolates('GRANT_MAXIMUM_ABOVE_ELIGIBLE');
    });

    it('refuses an approval period that ends before it begins, and malformed report deadlines', () => {
      when([submitted], approve(BOB, { approvalPeriod: { from: '2026-04-01', to: '2026-03-31' } })).thenThrows('DOMAIN_RULE', /ends before/);
      when([submitted], approve(BOB, { reportDeadlines: [{ kind: 'INTERIM', budgetYear: null, dueOn: '2027-04-30' }] })).thenThrows(
        'BAD_USER_INPUT',
        /budget year/,
      );
      when([submitted], approve(BOB, { reportDeadlines: [{ kind: 'FINAL', budgetYear: 2027, dueOn: '2028-06-30' }] })).thenThrows(
        'BAD_USER_INPUT',
        /no budget year/,
      );
    });

    it('cannot approve twice, nor a withdrawn or rejected application', () => {
      when([submitted, approved], approve(CAROL)).thenThrows('DOMAIN_RULE', /approved/);
      const withdrawn = by(ALICE, { type: 'GrantApplicationWithdrawn', data: { grantId, reason: 'x' } });
      when([submitted, withdrawn], approve(BOB)).thenThrows('DOMAIN_RULE', /withdrawn/);
      const rejected = by(BOB, { type: 'GrantApplicationRejected', data: { grantId, reason: 'x', rejectedOn: '2026-03-01' } });
      when([submitted, rejected], approve(CAROL)).thenThrows('DOMAIN_RULE', /rejected/);
    });

    it('rejects an application, never by the applicant', () => {
      const reject = (actorId: string): GrantCommand => ({
        type: 'RejectGrantApplication',
        data: { grantId, reason: 'Programmmittel erschöpft', rejectedOn: '2026-03-01' },
        context: as(actorId),
      });
      when([submitted], reject(BOB)).then([
        { type: 'GrantApplicationRejected', data: { grantId, reason: 'Programmmittel erschöpft', rejectedOn: '2026-03-01' } },
      ]);
      when([submitted], reject(ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([submitted, approved], reject(BOB)).thenThrows('DOMAIN_RULE', /approved/);
    });
  });

  describe('amendment (Änderungsbescheid)', () => {
    const amend = (changes: object, version = 2, actorId = BOB): GrantCommand => ({
      type: 'AmendGrant',
      data: { grantId, version, amendedOn: '2026-09-01', reason: 'Kostensteigerung', changes },
      context: as(actorId),
    });

    it('records a new version with the changed terms and their previous values', () => {
      when([submitted, approved], amend({ maximumAmount: 70_000_00, approvalPeriod: { from: '2026-04-01', to: '2028-03-31' } })).then([
        {
          type: 'GrantAmended',
          data: {
            grantId,
            version: 2,
            amendedOn: '2026-09-01',
            reason: 'Kostensteigerung',
            changes: { maximumAmount: 70_000_00, approvalPeriod: { from: '2026-04-01', to: '2028-03-31' } },
            previous: { maximumAmount: 60_000_00, approvalPeriod: notice.approvalPeriod },
          },
        },
      ]);
    });

    it('must be the next version', () => {
      when([submitted, approved], amend({ maximumAmount: 50_000_00 }, 3)).thenThrows('DOMAIN_RULE', /must be version 2/);
      const amended = by(BOB, {
        type: 'GrantAmended',
        data: { grantId, version: 2, amendedOn: '2026-09-01', reason: 'r', changes: { maximumAmount: 50_000_00 }, previous: { maximumAmount: 60_000_00 } },
      });
      when([submitted, approved, amended], amend({ maximumAmount: 40_000_00 }, 2)).thenThrows('DOMAIN_RULE', /must be version 3/);
      when([submitted, approved, amended], amend({ maximumAmount: 40_000_00 }, 3)).then([
        expect.objectContaining({ type: 'GrantAmended' }) as GrantEvent,
      ]);
    });

    it('refuses a reduction below what was already disbursed; down to it is fine', () => {
      when([submitted, approved, disbursed(30_000_00)], amend({ maximumAmount: 29_999_99 })).thenViolates('GRANT_MAXIMUM_BELOW_DISBURSED');
      when([submitted, approved, disbursed(30_000_00)], amend({ maximumAmount: 30_000_00 })).then([
        expect.objectContaining({ type: 'GrantAmended' }) as GrantEvent,
      ]);
    });

    it('refuses an approval period that no longer covers recorded payments or expenditures', () => {
      const history = [submitted, approved, disbursed(10_000_00, '2026-05-02')];
      when(history, amend({ approvalPeriod: { from: '2026-06-01', to: '2027-12-31' } })).thenThrows('DOMAIN_RULE', /still cover/);
      const spent = by(ALICE, { type: 'ExpenditureRecorded', data: { ...expenditure, date: '2027-11-30' } });
      when([...history, spent], amend({ approvalPeriod: { from: '2026-04-01', to: '2027-10-31' } })).thenThrows('DOMAIN_RULE', /still cover/);
    });

    it('must change something, is not by the applicant, and only while approved', () => {
      when([submitted, approved], amend({ maximumAmount: 60_000_00 })).thenThrows('BAD_USER_INPUT', /must change/);
      when([submitted, approved], amend({ maximumAmount: 50_000_00 }, 2, ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([submitted], amend({ maximumAmount: 50_000_00 })).thenThrows('DOMAIN_RULE', /submitted/);
      const revoked = by(BOB, { type: 'GrantRevoked', data: { grantId, reason: 'x', revokedOn: '2026-10-01' } });
      when([submitted, approved, revoked], amend({ maximumAmount: 50_000_00 })).thenThrows('DOMAIN_RULE', /revoked/);
    });

    it('keeps the maximum within the eligible expenditure', () => {
      when([submitted, approved], amend({ eligibleExpenditure: 50_000_00 })).thenViolates('GRANT_MAXIMUM_ABOVE_ELIGIBLE');
    });

    it('raises the ceiling for later disbursements', () => {
      const amended = by(BOB, {
        type: 'GrantAmended',
        data: { grantId, version: 2, amendedOn: '2026-09-01', reason: 'r', changes: { maximumAmount: 70_000_00 }, previous: { maximumAmount: 60_000_00 } },
      });
      const disburse: GrantCommand = {
        type: 'DisburseGrantFunds',
        data: { grantId, disbursementId: 'd-2', amount: 10_000_00, neededBy: '2026-10-01', paidOn: '2026-10-01' },
        context: as(BOB),
      };
      when([submitted, approved, disbursed(60_000_00)], disburse).thenViolates('GRANT_DISBURSEMENT_ABOVE_APPROVED');
      when([submitted, approved, disbursed(60_000_00), amended], disburse).then([
        expect.objectContaining({ type: 'GrantFundsDisbursed' }) as GrantEvent,
      ]);
    });
  });

  describe('revocation', () => {
    const revoke = (actorId: string): GrantCommand => ({
      type: 'RevokeGrant',
      data: { grantId, reason: 'Zweckverfehlung', revokedOn: '2026-10-01' },
      context: as(actorId),
    });

    it('revokes an approved grant, never by the applicant, never before approval', () => {
      when([submitted, approved], revoke(BOB)).then([
        { type: 'GrantRevoked', data: { grantId, reason: 'Zweckverfehlung', revokedOn: '2026-10-01' } },
      ]);
      when([submitted, approved], revoke(ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([submitted], revoke(BOB)).thenThrows('DOMAIN_RULE', /submitted/);
    });
  });

  describe('disbursement (Mittelabruf)', () => {
    const disburse = (amount: number, paidOn = '2026-05-02', neededBy = paidOn, actorId = BOB, disbursementId = 'd-new'): GrantCommand => ({
      type: 'DisburseGrantFunds',
      data: { grantId, disbursementId, amount, neededBy, paidOn },
      context: as(actorId),
    });

    it('pays out within the approval period', () => {
      when([submitted, approved], disburse(20_000_00, '2026-05-02', '2026-06-30')).then([
        {
          type: 'GrantFundsDisbursed',
          data: { grantId, disbursementId: 'd-new', amount: 20_000_00, neededBy: '2026-06-30', paidOn: '2026-05-02' },
        },
      ]);
    });

    it('refuses a disbursement over the approved amount (counting earlier ones); up to it is fine', () => {
      when([submitted, approved], disburse(60_000_01)).thenViolates('GRANT_DISBURSEMENT_ABOVE_APPROVED');
      when([submitted, approved, disbursed(50_000_00)], disburse(10_000_01)).thenViolates('GRANT_DISBURSEMENT_ABOVE_APPROVED');
      when([submitted, approved, disbursed(50_000_00)], disburse(10_000_00)).then([
        expect.objectContaining({ type: 'GrantFundsDisbursed' }) as GrantEvent,
      ]);
    });

    it('refuses a payment date outside the approval period', () => {
      when([submitted, approved], disburse(1_000_00, '2026-03-31')).thenViolates('GRANT_DISBURSEMENT_OUTSIDE_PERIOD');
      when([submitted, approved], disburse(1_000_00, '2028-01-01')).thenViolates('GRANT_DISBURSEMENT_OUTSIDE_PERIOD');
      when([submitted, approved], disburse(1_000_00, '2026-04-01')).then([expect.objectContaining({ type: 'GrantFundsDisbursed' }) as GrantEvent]);
      when([submitted, approved], disburse(1_000_00, '2027-12-31')).then([expect.objectContaining({ type: 'GrantFundsDisbursed' }) as GrantEvent]);
    });

    it('refuses funds needed more than two months after payment', () => {
      when([submitted, approved], disburse(1_000_00, '2026-05-02', '2026-07-03')).thenViolates('GRANT_DISBURSEMENT_NEED_TOO_LATE');
      when([submitted, approved], disburse(1_000_00, '2026-05-02', '2026-07-02')).then([
        expect.objectContaining({ type: 'GrantFundsDisbursed' }) as GrantEvent,
      ]);
    });

    it('is never made by the applicant', () => {
      when([submitted, approved], disburse(1_000_00, '2026-05-02', '2026-05-02', ALICE)).thenViolates('GRANT_FOUR_EYES');
    });

    it('is refused before approval, after revocation and after closing', () => {
      when([submitted], disburse(1_000_00)).thenThrows('DOMAIN_RULE', /submitted/);
      const revoked = by(BOB, { type: 'GrantRevoked', data: { grantId, reason: 'x', revokedOn: '2026-10-01' } });
      when([submitted, approved, revoked], disburse(1_000_00)).thenThrows('DOMAIN_RULE', /revoked/);
      const closed = by(BOB, { type: 'GrantClosed', data: { grantId } });
      when([submitted, approved, finalSubmitted, finalAccepted, closed], disburse(1_000_00)).thenThrows('DOMAIN_RULE', /closed/);
    });

    it('refuses the same disbursement id twice and a zero amount', () => {
      when([submitted, approved, disbursed(1_000_00, '2026-05-02', 'd-new')], disburse(1_000_00)).thenThrows('DOMAIN_RULE', /already recorded/);
      when([submitted, approved], disburse(0)).thenThrows('BAD_USER_INPUT');
    });

    it('adds calendar months, clamping to the end of shorter months', () => {
      expect(addMonths('2026-05-02', 2)).toBe('2026-07-02');
      expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
      expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
      expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    });
  });

  describe('expenditure (Beleg)', () => {
    const record = (overrides: Partial<typeof expenditure> = {}): GrantCommand => ({
      type: 'RecordExpenditure',
      data: { ...expenditure, ...overrides },
      context: as(ALICE),
    });

    it('records an expenditure within the approval period', () => {
      when([submitted, approved], record()).then([{ type: 'ExpenditureRecorded', data: expenditure }]);
    });

    it('refuses a date outside the approval period', () => {
      when([submitted, approved], record({ date: '2026-03-31' })).thenViolates('GRANT_EXPENDITURE_OUTSIDE_PERIOD');
      when([submitted, approved], record({ date: '2028-01-01' })).thenViolates('GRANT_EXPENDITURE_OUTSIDE_PERIOD');
    });

    it('refuses more than the receipt total, the same expenditure twice, and a zero amount', () => {
      when([submitted, approved], record({ amount: 1_500_01 })).thenViolates('GRANT_EXPENDITURE_ABOVE_RECEIPT');
      const recorded = by(ALICE, { type: 'ExpenditureRecorded', data: expenditure });
      when([submitted, approved, recorded], record()).thenThrows('DOMAIN_RULE', /already recorded/);
      when([submitted, approved], record({ amount: 0 })).thenThrows('BAD_USER_INPUT');
    });

    it('is refused unless the grant is approved', () => {
      when([submitted], record()).thenThrows('DOMAIN_RULE', /submitted/);
    });
  });

  describe('proof of use', () => {
    const submitProof = (kind: 'INTERIM' | 'FINAL', budgetYear: number | null, actorId = ALICE): GrantCommand => ({
      type: 'SubmitProofOfUse',
      data: proof(kind, budgetYear),
      context: as(actorId),
    });
    const queryProof = (kind: 'INTERIM' | 'FINAL', budgetYear: number | null): GrantCommand => ({
      type: 'QueryProofOfUse',
      data: { grantId, kind, budgetYear, questions: ['Beleg 17 fehlt'] },
      context: as(BOB),
    });
    const accept = (kind: 'INTERIM' | 'FINAL', budgetYear: number | null, actorId: string): GrantCommand => ({
      type: 'AcceptProofOfUse',
      data: { grantId, kind, budgetYear },
      context: as(actorId),
    });
    const interimSubmitted = by(ALICE, { type: 'ProofOfUseSubmitted', data: proof('INTERIM', 2026) });
    const interimQueried = by(BOB, {
      type: 'ProofOfUseQueried',
      data: { grantId, kind: 'INTERIM', budgetYear: 2026, questions: ['Beleg 17 fehlt'] },
    });

    it('submits an interim proof for a budget year of the approval period', () => {
      when([submitted, approved], submitProof('INTERIM', 2026)).then([{ type: 'ProofOfUseSubmitted', data: proof('INTERIM', 2026) }]);
      when([submitted, approved], submitProof('INTERIM', 2025)).thenThrows('DOMAIN_RULE', /outside the approval period/);
      when([submitted, approved], submitProof('INTERIM', 2028)).thenThrows('DOMAIN_RULE', /outside the approval period/);
      when([submitted, approved], submitProof('INTERIM', null)).thenThrows('BAD_USER_INPUT', /budget year/);
      when([submitted], submitProof('INTERIM', 2026)).thenThrows('DOMAIN_RULE', /submitted/);
    });

    it('refuses a proof that awaits its check or was accepted', () => {
      when([submitted, approved, interimSubmitted], submitProof('INTERIM', 2026)).thenThrows('DOMAIN_RULE', /awaits its check/);
      const accepted = by(BOB, { type: 'ProofOfUseAccepted', data: { grantId, kind: 'INTERIM', budgetYear: 2026 } });
      when([submitted, approved, interimSubmitted, accepted], submitProof('INTERIM', 2026)).thenThrows('DOMAIN_RULE', /already accepted/);
    });

    it('queries a submitted proof, which is answered by submitting it again', () => {
      when([submitted, approved, interimSubmitted], queryProof('INTERIM', 2026)).then([decided(interimQueried)]);
      when([submitted, approved], queryProof('INTERIM', 2026)).thenThrows('DOMAIN_RULE', /was not submitted/);
      when([submitted, approved, interimSubmitted, interimQueried], submitProof('INTERIM', 2026)).then([
        { type: 'ProofOfUseSubmitted', data: proof('INTERIM', 2026) },
      ]);
    });

    it('refuses a query without questions', () => {
      when([submitted, approved, interimSubmitted], {
        type: 'QueryProofOfUse',
        data: { grantId, kind: 'INTERIM', budgetYear: 2026, questions: [] },
        context: as(BOB),
      }).thenThrows('BAD_USER_INPUT');
    });

    it('accepts a submitted proof, never while its questions are open', () => {
      when([submitted, approved, interimSubmitted], accept('INTERIM', 2026, BOB)).then([
        { type: 'ProofOfUseAccepted', data: { grantId, kind: 'INTERIM', budgetYear: 2026 } },
      ]);
      when([submitted, approved, interimSubmitted, interimQueried], accept('INTERIM', 2026, BOB)).thenThrows('DOMAIN_RULE', /queried/);
    });

    it('is never accepted by who submitted it, nor by the applicant (four-eyes)', () => {
      const byCarol = by(CAROL, { type: 'ProofOfUseSubmitted', data: proof('FINAL', null) });
      when([submitted, approved, byCarol], accept('FINAL', null, CAROL)).thenViolates('GRANT_PROOF_FOUR_EYES');
      when([submitted, approved, byCarol], accept('FINAL', null, ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([submitted, approved, finalSubmitted], accept('FINAL', null, ALICE)).thenViolates('GRANT_PROOF_FOUR_EYES');
      when([submitted, approved, byCarol], accept('FINAL', null, BOB)).then([decided(finalAccepted)]);
    });

    it('may be submitted after a revocation too', () => {
      const revoked = by(BOB, { type: 'GrantRevoked', data: { grantId, reason: 'x', revokedOn: '2026-10-01' } });
      when([submitted, approved, revoked], submitProof('FINAL', null)).then([{ type: 'ProofOfUseSubmitted', data: proof('FINAL', null) }]);
    });
  });

  describe('repayment (Rückforderung)', () => {
    const demandCommand = (overrides: Partial<typeof demand> = {}, actorId = BOB): GrantCommand => ({
      type: 'DemandRepayment',
      data: { ...demand, ...overrides },
      context: as(actorId),
    });
    const receive = (amount: number, actorId = BOB, demandId = 'r-1'): GrantCommand => ({
      type: 'RecordRepaymentReceived',
      data: { grantId, demandId, amount, receivedOn: '2028-09-15' },
      context: as(actorId),
    });
    const writeOff = (actorId = BOB): GrantCommand => ({
      type: 'WriteOffRepayment',
      data: { grantId, demandId: 'r-1', reason: 'Träger aufgelöst' },
      context: as(actorId),
    });
    const paid = [submitted, approved, disbursed(20_000_00)];

    it('demands back at most what was disbursed and not yet demanded', () => {
      when(paid, demandCommand()).then([{ type: 'RepaymentDemanded', data: demand }]);
      when(paid, demandCommand({ amount: 20_000_01 })).thenViolates('GRANT_REPAYMENT_ABOVE_DISBURSED');
      when([...paid, demanded], demandCommand({ demandId: 'r-2', amount: 15_000_01 })).thenViolates('GRANT_REPAYMENT_ABOVE_DISBURSED');
      when([...paid, demanded], demandCommand({ demandId: 'r-1', amount: 1_00 })).thenThrows('DOMAIN_RULE', /already recorded/);
    });

    it('may demand interest alone, but not nothing', () => {
      when(paid, demandCommand({ amount: 0, interest: 300_00 })).then([
        { type: 'RepaymentDemanded', data: { ...demand, amount: 0, interest: 300_00 } },
      ]);
      when(paid, demandCommand({ amount: 0, interest: 0 })).thenThrows('BAD_USER_INPUT');
    });

    it('is never demanded, recorded or written off by the applicant', () => {
      when(paid, demandCommand({}, ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([...paid, demanded], receive(1_00, ALICE)).thenViolates('GRANT_FOUR_EYES');
      when([...paid, demanded], writeOff(ALICE)).thenViolates('GRANT_FOUR_EYES');
    });

    it('records repayments up to what is outstanding (amount + interest)', () => {
      when([...paid, demanded], receive(3_000_00)).then([
        { type: 'RepaymentReceived', data: { grantId, demandId: 'r-1', amount: 3_000_00, receivedOn: '2028-09-15' } },
      ]);
      when([...paid, demanded], receive(5_120_01)).thenViolates('GRANT_REPAYMENT_ABOVE_OUTSTANDING');
      when([...paid, demanded], receive(1_00, BOB, 'r-unknown')).thenThrows('NOT_FOUND');
    });

    it('writes off the rest of a demand, once', () => {
      const partly = by(BOB, { type: 'RepaymentReceived', data: { grantId, demandId: 'r-1', amount: 3_000_00, receivedOn: '2028-09-15' } });
      when([...paid, demanded, partly], writeOff()).then([
        { type: 'RepaymentWrittenOff', data: { grantId, demandId: 'r-1', amount: 2_120_00, reason: 'Träger aufgelöst' } },
      ]);
      const rest = by(BOB, { type: 'RepaymentWrittenOff', data: { grantId, demandId: 'r-1', amount: 2_120_00, reason: 'x' } });
      when([...paid, demanded, partly, rest], writeOff()).thenViolates('GRANT_REPAYMENT_NOTHING_OUTSTANDING');
    });

    it('is possible on a revoked grant, not before approval', () => {
      const revoked = by(BOB, { type: 'GrantRevoked', data: { grantId, reason: 'x', revokedOn: '2026-10-01' } });
      when([...paid, revoked], demandCommand()).then([{ type: 'RepaymentDemanded', data: demand }]);
      when([submitted], demandCommand()).thenThrows('DOMAIN_RULE', /submitted/);
    });
  });

  describe('closing', () => {
    const close = (actorId = BOB): GrantCommand => ({ type: 'CloseGrant', data: { grantId }, context: as(actorId) });
    const paid = [submitted, approved, disbursed(20_000_00)];

    it('closes once the final proof is accepted and no repayment is open', () => {
      when([...paid, finalSubmitted, finalAccepted], close()).then([{ type: 'GrantClosed', data: { grantId } }]);
      const received = by(BOB, { type: 'RepaymentReceived', data: { grantId, demandId: 'r-1', amount: 5_120_00, receivedOn: '2028-09-01' } });
      when([...paid, demanded, received, finalSubmitted, finalAccepted], close()).then([{ type: 'GrantClosed', data: { grantId } }]);
    });

    it('refuses while the final proof is not accepted', () => {
      when(paid, close()).thenThrows('DOMAIN_RULE', /final proof of use/);
      when([...paid, finalSubmitted], close()).thenThrows('DOMAIN_RULE', /final proof of use/);
    });

    it('refuses while a repayment is open', () => {
      when([...paid, demanded, finalSubmitted, finalAccepted], close()).thenThrows('DOMAIN_RULE', /repayment is open/);
    });

    it('is not done by the applicant, nor twice', () => {
      when([...paid, finalSubmitted, finalAccepted], close(ALICE)).thenViolates('GRANT_FOUR_EYES');
      const closed = by(BOB, { type: 'GrantClosed', data: { grantId } });
      when([...paid, finalSubmitted, finalAccepted, closed], close()).thenThrows('DOMAIN_RULE', /closed/);
    });
  });

  describe('measure start (interface for measures)', () => {
    const confirm = (startDate: string, measure = measureId): GrantCommand => ({
      type: 'ConfirmMeasureStart',
      data: { grantId, measureId: measure, startDate },
      context: as(ALICE),
    });
    const withdrawConfirmation: GrantCommand = {
      type: 'WithdrawMeasureStartConfirmation',
      data: { grantId, measureId, reason: 'start refused' },
      context: as(ALICE),
    };
    const confirmed = by(ALICE, {
      type: 'MeasureStartConfirmed',
      data: { grantId, measureId, startDate: '2026-05-01', basis: 'APPROVAL' },
    });

    it('confirms a start inside the approval period of an approved grant', () => {
      when([submitted, approved], confirm('2026-05-01')).then([
        { type: 'MeasureStartConfirmed', data: { grantId, measureId, startDate: '2026-05-01', basis: 'APPROVAL' } },
      ]);
    });

    it('refuses a start outside the approval period without an early start', () => {
      when([submitted, approved], confirm('2026-03-01')).thenThrows('DOMAIN_RULE', /does not allow a start/);
      when([submitted, approved], confirm('2028-01-01')).thenThrows('DOMAIN_RULE', /does not allow a start/);
    });

    it('confirms a start from the permitted early-start date, before or after the approval', () => {
      when([submitted, earlyStart], confirm('2026-02-01')).then([
        { type: 'MeasureStartConfirmed', data: { grantId, measureId, startDate: '2026-02-01', basis: 'EARLY_START' } },
      ]);
      when([submitted, earlyStart, approved], confirm('2026-03-01')).then([
        { type: 'MeasureStartConfirmed', data: { grantId, measureId, startDate: '2026-03-01', basis: 'EARLY_START' } },
      ]);
      when([submitted, earlyStart], confirm('2026-01-31')).thenThrows('DOMAIN_RULE', /does not allow a start/);
      when([submitted, earlyStart, approved], confirm('2028-01-01')).thenThrows('DOMAIN_RULE', /does not allow a start/);
    });

    it('refuses a start on a submitted application without an early start', () => {
      when([submitted], confirm('2026-05-01')).thenThrows('DOMAIN_RULE', /does not allow a start/);
    });

    it('refuses a measure the grant is not for', () => {
      when([submitted, approved], confirm('2026-05-01', otherMeasureId)).thenThrows('DOMAIN_RULE', /not one of the measures/);
    });

    it('a withdrawn or rejected application neither allows nor blocks a start: it confirms nothing', () => {
      const withdrawn = by(ALICE, { type: 'GrantApplicationWithdrawn', data: { grantId, reason: 'x' } });
      const rejected = by(BOB, { type: 'GrantApplicationRejected', data: { grantId, reason: 'x', rejectedOn: '2026-03-01' } });
      when([submitted, earlyStart, withdrawn], confirm('2026-05-01')).then([]);
      when([submitted, earlyStart, rejected], confirm('2026-05-01')).then([]);
    });

    it('refuses a start on a revoked or closed grant, early start or not', () => {
      const revoked = by(BOB, { type: 'GrantRevoked', data: { grantId, reason: 'x', revokedOn: '2026-10-01' } });
      const closed = by(BOB, { type: 'GrantClosed', data: { grantId } });
      when([submitted, earlyStart, approved, revoked], confirm('2026-05-01')).thenThrows('DOMAIN_RULE', /revoked/);
      when([submitted, approved, finalSubmitted, finalAccepted, closed], confirm('2026-05-01')).thenThrows('DOMAIN_RULE', /closed/);
    });

    it('records nothing for the same start again; refuses another date while one stands', () => {
      when([submitted, approved, confirmed], confirm('2026-05-01')).then([]);
      when([submitted, approved, confirmed], confirm('2026-06-01')).thenThrows('DOMAIN_RULE', /already confirmed/);
    });

    it('withdraws a confirmation (compensation); withdrawing none records nothing', () => {
      when([submitted, approved, confirmed], withdrawConfirmation).then([
        {
          type: 'MeasureStartConfirmationWithdrawn',
          data: { grantId, measureId, startDate: '2026-05-01', reason: 'start refused' },
        },
      ]);
      when([submitted, approved], withdrawConfirmation).then([]);
      const withdrawn = by(ALICE, {
        type: 'MeasureStartConfirmationWithdrawn',
        data: { grantId, measureId, startDate: '2026-05-01', reason: 'x' },
      });
      when([submitted, approved, confirmed, withdrawn], confirm('2026-06-01')).then([
        { type: 'MeasureStartConfirmed', data: { grantId, measureId, startDate: '2026-06-01', basis: 'APPROVAL' } },
      ]);
    });
  });
});

describe('grants decider: four-eyes compares people, not principals', () => {
  // Alice's own key, and a key issued with that key: both act for Alice, whatever role they were given. Bob's and
  // Carol's keys act for Bob and Carol.
  const ALICE_KEY = 'apikey-0a1b2c3d-0000-4000-8000-00000000a11c';
  const ALICE_CHAINED_KEY = 'apikey-0a1b2c3d-0000-4000-8000-00000000c4a1';
  const BOB_KEY = 'apikey-0a1b2c3d-0000-4000-8000-000000000b0b';
  const CAROL_KEY = 'apikey-0a1b2c3d-0000-4000-8000-00000000ca01';
  const viaKey = (keyActorId: string, person: string): CommandContext =>
    context({ actor: { id: keyActorId, role: 'funding_officer', districts: null, onBehalfOf: person } });
  /** An event a key recorded: the metadata names the key and the person behind it. */
  const byKey = (keyActorId: string, person: string, event: GrantEvent): GrantEvent =>
    Object.assign({}, event, { metadata: testMetadata({ actorId: keyActorId, onBehalfOf: person }) });
  const { metadata: _aliceMetadata, ...submittedData } = submitted as GrantEvent & { metadata: object };
  const { metadata: _proofMetadata, ...finalProofData } = finalSubmitted as GrantEvent & { metadata: object };

  const paid = [submitted, approved, disbursed(20_000_00)];
  /** Every decision the applicant must never take on the own grant: the history it needs and the command. */
  const decisions: [string, GrantEvent[], (context: CommandContext) => GrantCommand][] = [
    ['an early start', [submitted], (c) => ({ type: 'PermitEarlyStart', data: { grantId, permittedFrom: '2026-02-01' }, context: c })],
    ['an approval', [submitted], (c) => ({ type: 'ApproveGrant', data: { grantId, ...notice }, context: c })],
    ['a rejection', [submitted], (c) => ({ type: 'RejectGrantApplication', data: { grantId, reason: 'x', rejectedOn: '2026-03-01' }, context: c })],
    [
      'an amendment',
      [submitted, approved],
      (c) => ({ type: 'AmendGrant', data: { grantId, version: 2, amendedOn: '2026-09-01', reason: 'x', changes: { maximumAmount: 50_000_00 } }, context: c }),
    ],
    ['a revocation', [submitted, approved], (c) => ({ type: 'RevokeGrant', data: { grantId, reason: 'x', revokedOn: '2026-10-01' }, context: c })],
    [
      'a disbursement',
      [submitted, approved],
      (c) => ({ type: 'DisburseGrantFunds', data: { grantId, disbursementId: 'd-1', amount: 1_000_00, neededBy: '2026-05-02', paidOn: '2026-05-02' }, context: c }),
    ],
    [
      'a query of a proof of use',
      [...paid, finalSubmitted],
      (c) => ({ type: 'QueryProofOfUse', data: { grantId, kind: 'FINAL', budgetYear: null, questions: ['Beleg 17 fehlt'] }, context: c }),
    ],
    ['the acceptance of a proof of use', [...paid, finalSubmitted], (c) => ({ type: 'AcceptProofOfUse', data: { grantId, kind: 'FINAL', budgetYear: null }, context: c })],
    ['a repayment demand', paid, (c) => ({ type: 'DemandRepayment', data: demand, context: c })],
    [
      'a repayment received',
      [...paid, demanded],
      (c) => ({ type: 'RecordRepaymentReceived', data: { grantId, demandId: 'r-1', amount: 1_00, receivedOn: '2028-09-15' }, context: c }),
    ],
    ['a write-off', [...paid, demanded], (c) => ({ type: 'WriteOffRepayment', data: { grantId, demandId: 'r-1', reason: 'x' }, context: c })],
    ['closing the grant', [...paid, finalSubmitted, finalAccepted], (c) => ({ type: 'CloseGrant', data: { grantId }, context: c })],
  ];

  /** The same history, with the application (and any proof) recorded by Alice's key instead of her token. */
  const appliedByKey = (history: GrantEvent[]): GrantEvent[] =>
    history.map((event) =>
      event === submitted
        ? byKey(ALICE_KEY, ALICE, submittedData as GrantEvent)
        : event === finalSubmitted
          ? byKey(ALICE_KEY, ALICE, finalProofData as GrantEvent)
          : event,
    );

  describe.each(decisions)('%s', (_what, history, decision) => {
    it('is refused to a key the applicant issued, whatever its role', () => {
      when(history, decision(viaKey(ALICE_KEY, ALICE))).thenThrows('DOMAIN_RULE', /four-eyes/);
    });

    it('is refused to a key issued by such a key (a chain acts for the person at its root)', () => {
      when(history, decision(viaKey(ALICE_CHAINED_KEY, ALICE))).thenThrows('DOMAIN_RULE', /four-eyes/);
    });

    it('is refused to the applicant when her key applied (and submitted the proof)', () => {
      when(appliedByKey(history), decision(as(ALICE))).thenThrows('DOMAIN_RULE', /four-eyes/);
      when(appliedByKey(history), decision(viaKey(ALICE_CHAINED_KEY, ALICE))).thenThrows('DOMAIN_RULE', /four-eyes/);
    });

    it('is refused to the applicant under another spelling of her id', () => {
      when(history, decision(as('ALICE'))).thenThrows('DOMAIN_RULE', /four-eyes/);
      when(history, decision(viaKey(BOB_KEY, 'Alice'))).thenThrows('DOMAIN_RULE', /four-eyes/);
    });

    it('is taken by a key someone else issued, as by that person', () => {
      const byBob = grantsDecider.decide(decision(as(BOB)), history.reduce(grantsDecider.evolve, grantsDecider.initialState()));
      when(history, decision(viaKey(BOB_KEY, BOB))).then(byBob);
      when(appliedByKey(history), decision(viaKey(BOB_KEY, BOB))).then(byBob);
    });

    it('is refused when a key applied before events named the person behind it (fails closed)', () => {
      const legacy = history.map((event) => (event === submitted ? by(ALICE_KEY, submittedData as GrantEvent) : event));
      when(legacy, decision(as(BOB))).thenThrows('DOMAIN_RULE', /four-eyes/);
    });
  });

  it('lets the applicant supplement the application through her key, and nobody else’s key', () => {
    const supplement = (c: CommandContext): GrantCommand => ({
      type: 'SupplementGrantApplication',
      data: { grantId, changes: { requestedAmount: 70_000_00, plan: { ...application.plan, ownShare: 20_000_00 } }, reason: 'x' },
      context: c,
    });
    const supplemented = grantsDecider.decide(supplement(as(ALICE)), grantsDecider.evolve(grantsDecider.initialState(), submitted));
    expect(supplemented).toHaveLength(1);
    when([submitted], supplement(viaKey(ALICE_CHAINED_KEY, ALICE))).then(supplemented);
    when([byKey(ALICE_KEY, ALICE, submittedData as GrantEvent)], supplement(as(ALICE))).then(supplemented);
    when([submitted], supplement(viaKey(BOB_KEY, BOB))).thenThrows('DOMAIN_RULE', /Only the applicant/);
  });

  it('refuses the acceptance of a proof to a key of whoever submitted it, though someone other than the applicant', () => {
    const byCarolsKey = byKey(CAROL_KEY, CAROL, { type: 'ProofOfUseSubmitted', data: proof('FINAL', null) });
    const accept = (c: CommandContext): GrantCommand => ({ type: 'AcceptProofOfUse', data: { grantId, kind: 'FINAL', budgetYear: null }, context: c });
    when([...paid, byCarolsKey], accept(as(CAROL))).thenThrows('DOMAIN_RULE', /someone other than who submitted it/);
    when([...paid, byCarolsKey], accept(as(BOB))).then([decided(finalAccepted)]);
  });
});
