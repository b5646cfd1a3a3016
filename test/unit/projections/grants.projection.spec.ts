import { randomUUID } from 'node:crypto';
import { grantsProjection, GRANT_PROGRAMMES_COLLECTION, GRANTS_COLLECTION, type GrantDoc } from '../../../projections/grants/grants.projection';
import { toGrant } from '../../../projections/grants/grants.resolver';
import { addMonths } from '../../../src/core/calendar-dates';
import { proofDeadlines, retentionUntil, statutoryProofDeadlines } from '../../../projections/grants/proof-deadlines';
import { type GivenEvent, runProjectionTwice, withoutPosition } from '../../support/projection-spec';

const grantId = randomUUID();
const grantStream = `grant-${grantId}`;
const catalogue = 'catalogue-funding-programmes';
const at = (day: string) => ({ recordedAt: `${day}T10:00:00.000Z` });

const programme: GivenEvent = {
  streamId: catalogue,
  type: 'FundingProgrammeAdded',
  data: {
    programmeId: 'esf-plus-biwaq',
    name: 'BIWAQ',
    level: 'FEDERAL',
    fund: 'ESF Plus',
    legalBasis: 'Förderrichtlinie BIWAQ V',
    generalConditions: 'ANBest-P 2019',
    retentionYears: 5,
  },
};

const given: GivenEvent[] = [
  programme,
  {
    streamId: grantStream,
    type: 'GrantApplicationSubmitted',
    metadata: at('2024-01-15'),
    data: {
      grantId,
      programmeId: 'esf-plus-biwaq',
      programmeLevel: 'FEDERAL',
      fund: 'ESF Plus',
      districtId: randomUUID(),
      measureIds: [],
      requestedAmount: 10_000_000,
      plan: { totalEligibleCost: 12_000_000, ownShare: 2_000_000, thirdPartyFunds: 0 },
      period: { from: '2024-03-01', to: '2025-12-31' },
      earlyStartRequested: false,
    },
  },
  // Later changes to the programme do not reach a grant already applied for.
  {
    streamId: catalogue,
    type: 'FundingProgrammeUpdated',
    data: { programmeId: 'esf-plus-biwaq', changes: { retentionYears: 10 }, previous: { retentionYears: 5 } },
  },
  {
    streamId: grantStream,
    type: 'GrantApproved',
    metadata: at('2024-02-20'),
    data: {
      grantId,
      version: 1,
      referenceNumber: 'Z-2024-17',
      authority: 'Bundesverwaltungsamt',
      approvedOn: '2024-02-20',
      purpose: 'Qualifizierung im Quartier',
      financingType: 'SHARE',
      maximumAmount: 9_000_000,
      eligibleExpenditure: 12_000_000,
      approvalPeriod: { from: '2024-03-01', to: '2025-12-31' },
      reportDeadlines: [{ kind: 'INTERIM', budgetYear: 2024, dueOn: '2025-03-31' }],
    },
  },
  {
    streamId: grantStream,
    type: 'GrantFundsDisbursed',
    metadata: at('2024-05-10'),
    data: { grantId, disbursementId: 'd-1', amount: 3_000_000, neededBy: '2024-06-30', paidOn: '2024-05-10' },
  },
  {
    streamId: grantStream,
    type: 'GrantFundsDisbursed',
    metadata: at('2025-02-01'),
    data: { grantId, disbursementId: 'd-2', amount: 2_000_000, neededBy: '2025-03-31', paidOn: '2025-02-01' },
  },
];

describe('grants projection: proof deadlines and retention (run twice through the runner)', () => {
  it('computes the deadlines of the approval, the last payment and the retention date; replay changes nothing', async () => {
    const run = await runProjectionTwice(grantsProjection, given);
    try {
      expect(run.second).toEqual(run.first);
      expect(withoutPosition(run.first[GRANT_PROGRAMMES_COLLECTION])).toEqual([{ id: 'esf-plus-biwaq', retentionYears: 10 }]);
      const [grant] = run.first[GRANTS_COLLECTION] as GrantDoc[];
      expect(grant).toMatchObject({
        id: grantId,
        status: 'approved',
        approvedAmount: 9_000_000,
        disbursed: 5_000_000,
        remaining: 4_000_000,
        proofDeadlines: [
          { kind: 'INTERIM', budgetYear: 2024, dueOn: '2025-03-31', source: 'NOTICE' },
          { kind: 'FINAL', budgetYear: null, dueOn: '2026-06-30', source: 'STATUTORY' },
        ],
        retentionYears: 5,
        lastPaymentOn: '2025-02-01',
        retentionUntil: '2030-12-31',
      });
    } finally {
      await run.close();
    }
  });

  it('recomputes the deadlines when an amendment extends the approval period', async () => {
    const amended: GivenEvent = {
      streamId: grantStream,
      type: 'GrantAmended',
      metadata: at('2025-06-01'),
      data: {
        grantId,
        version: 2,
        amendedOn: '2025-06-01',
        reason: 'Verlängerung',
        changes: { approvalPeriod: { from: '2024-03-01', to: '2026-08-31' } },
        previous: { approvalPeriod: { from: '2024-03-01', to: '2025-12-31' } },
      },
    };
    const run = await runProjectionTwice(grantsProjection, [...given, amended]);
    try {
      expect(run.second).toEqual(run.first);
      const [grant] = run.first[GRANTS_COLLECTION] as GrantDoc[];
      expect(grant.proofDeadlines).toEqual([
        { kind: 'INTERIM', budgetYear: 2024, dueOn: '2025-03-31', source: 'NOTICE' },
        { kind: 'INTERIM', budgetYear: 2025, dueOn: '2026-04-30', source: 'STATUTORY' },
        { kind: 'FINAL', budgetYear: null, dueOn: '2027-02-28', source: 'STATUTORY' },
      ]);
      expect(grant.approvalVersions.map((v) => v.version)).toEqual([1, 2]);
    } finally {
      await run.close();
    }
  });

  it('flags overdue proofs only against the day it is given, and not once a proof was submitted', async () => {
    const submitted: GivenEvent = {
      streamId: grantStream,
      type: 'ProofOfUseSubmitted',
      metadata: at('2025-03-20'),
      data: { grantId, kind: 'INTERIM', budgetYear: 2024, reportSummary: 'Sachbericht 2024', statementTotal: 3_000_000, receiptsCount: 12 },
    };
    const run = await runProjectionTwice(grantsProjection, [...given, submitted]);
    try {
      expect(run.second).toEqual(run.first);
      const [doc] = run.first[GRANTS_COLLECTION] as GrantDoc[];
      const before = toGrant(doc, '2026-06-30');
      expect(before.proofDeadlines.map((d) => [d.kind, d.proofStatus, d.overdue])).toEqual([
        ['INTERIM', 'submitted', false],
        ['FINAL', null, false],
      ]);
      expect(before.hasOverdueProofs).toBe(false);
      const after = toGrant(doc, '2026-07-01');
      expect(after.proofDeadlines.map((d) => d.overdue)).toEqual([false, true]);
      expect(after.hasOverdueProofs).toBe(true);
      // A closed grant owes nothing more.
      expect(toGrant({ ...doc, status: 'closed' }, '2030-01-01').hasOverdueProofs).toBe(false);
    } finally {
      await run.close();
    }
  });
});

describe('proof deadline rules', () => {
  it('adds months and keeps to the last day of a shorter month', () => {
    expect(addMonths('2024-12-31', 4)).toBe('2025-04-30');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2025-06-30', 6)).toBe('2025-12-30');
    expect(addMonths('2025-11-15', 4)).toBe('2026-03-15');
  });

  it('asks for an interim proof after each budget year that closes inside the period, and a final one after it', () => {
    expect(statutoryProofDeadlines({ from: '2024-07-01', to: '2024-12-31' })).toEqual([
      { kind: 'FINAL', budgetYear: null, dueOn: '2025-06-30', source: 'STATUTORY' },
    ]);
    expect(statutoryProofDeadlines({ from: '2023-04-01', to: '2025-03-31' }).map((d) => [d.kind, d.budgetYear, d.dueOn])).toEqual([
      ['INTERIM', 2023, '2024-04-30'],
      ['INTERIM', 2024, '2025-04-30'],
      ['FINAL', null, '2025-09-30'],
    ]);
  });

  it('keeps deadlines the notice adds beyond the computed ones', () => {
    const deadlines = proofDeadlines({
      maximumAmount: 1,
      eligibleExpenditure: 1,
      approvalPeriod: { from: '2024-01-01', to: '2024-12-31' },
      reportDeadlines: [{ kind: 'INTERIM', budgetYear: 2024, dueOn: '2024-10-31' }],
    });
    expect(deadlines.map((d) => [d.kind, d.budgetYear, d.dueOn, d.source])).toEqual([
      ['INTERIM', 2024, '2024-10-31', 'NOTICE'],
      ['FINAL', null, '2025-06-30', 'STATUTORY'],
    ]);
  });

  it('keeps records until 31 December of the year of the last payment plus the retention years', () => {
    expect(retentionUntil('2025-02-01', null, 5)).toBe('2030-12-31');
    expect(retentionUntil('2025-12-31', null, 10)).toBe('2035-12-31');
    expect(retentionUntil(null, null, 5)).toBeNull();
    expect(retentionUntil('2025-02-01', null, null)).toBeNull();
  });

  it('keeps records the retention years after the accepted final proof when that ends later', () => {
    expect(retentionUntil('2027-05-01', '2028-09-15', 5)).toBe('2033-09-15');
    expect(retentionUntil('2027-05-01', '2027-06-15', 5)).toBe('2032-12-31');
  });

  it('makes the final proof due at the end of the sixth month after the approval period', () => {
    const due = (to: string) =>
      proofDeadlines({ maximumAmount: 1, eligibleExpenditure: 1, approvalPeriod: { from: '2024-01-01', to }, reportDeadlines: [] })
        .find((d) => d.kind === 'FINAL')!.dueOn;
    expect(due('2025-06-30')).toBe('2025-12-31');
    expect(due('2025-02-28')).toBe('2025-08-31');
    expect(due('2025-04-30')).toBe('2025-10-31');
    expect(due('2025-08-31')).toBe('2026-02-28');
  });
});
