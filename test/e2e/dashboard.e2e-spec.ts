import { systemClock } from '../../src/core/clock';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * The read side funders and dashboards see, over GraphQL/HTTP on the embedded SQLite stores: a district with an
 * integrated and a single-field measure, a goal, and an approved grant with a disbursement; then the district
 * dashboard, the action-field matrix and the grant ledger's deadlines each in one query. Overdue flags follow the
 * clock at the edge (replaced here), never the read models.
 */

jest.setTimeout(90_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'position';
const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!) { ${name}(input: $input) { ${payload} } }`;

const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput', `${RESULT} measureId`);
const DEFINE_GOAL = mutation('defineGoal', 'DefineGoalInput', `${RESULT} goalId`);
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', `${RESULT} grantId`);
const APPROVE = mutation('approveGrant', 'ApproveGrantInput');
const DISBURSE = mutation('disburseGrantFunds', 'DisburseGrantFundsInput');

const AMOUNTS = 'grantCount requested approved disbursed spent repaid';
const SECTION = `
  goalCount goalsByStatus { status count } measureCount measuresByStatus { status count }
  integratedMeasureCount integratedSharePercent
  funding { total { ${AMOUNTS} } byLevel { level ${AMOUNTS} } byProgramme { programmeId name level fund ${AMOUNTS} } }`;
const DASHBOARD = `
  query Dashboard($districtId: ID!, $wait: String, $limit: Int) {
    districtDashboard(districtId: $districtId, waitForPosition: $wait, deadlineLimit: $limit) {
      districtId name status latestSwotDate conceptVersion { version } today
      totals { ${SECTION} }
      actionFields { actionFieldId name number ${SECTION} }
      nextDeadlines { kind dueOn overdue grantId budgetYear measureId label }
    }
  }`;
const MATRIX = `
  query Matrix($districtId: ID!, $wait: String) {
    actionFieldMatrix(districtId: $districtId, waitForPosition: $wait) {
      districtId integratedCount
      columns { actionFieldId number measureCount integratedCount }
      rows { code integrated actionFieldIds serves }
    }
  }`;
const GRANT = `
  query Grant($id: ID!) {
    grant(id: $id) {
      retentionYears lastPaymentOn retentionUntil hasOverdueProofs
      proofDeadlines { kind budgetYear dueOn source proofStatus overdue }
    }
  }`;

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

type Amounts = { grantCount: number; requested: number; approved: number; disbursed: number; spent: number; repaid: number };
type Section = {
  goalCount: number;
  goalsByStatus: { status: string; count: number }[];
  measureCount: number;
  measuresByStatus: { status: string; count: number }[];
  integratedMeasureCount: number;
  integratedSharePercent: number | null;
  funding: { total: Amounts; byLevel: (Amounts & { level: string })[]; byProgramme: (Amounts & { programmeId: string; name: string })[] };
};
type Dashboard = Record<string, unknown> & {
  totals: Section;
  actionFields: (Section & { actionFieldId: string })[];
  nextDeadlines: { kind: string; dueOn: string; overdue: boolean; grantId: string | null; measureId: string | null }[];
};

describe('dashboards over GraphQL', () => {
  let t: TestApp;
  let districtId: string;
  let integratedMeasure: string;
  let singleMeasure: string;
  let grantId: string;
  let head: string;

  async function ok<T>(query: string, name: string, input: Record<string, unknown>, headers = AS_ALICE): Promise<T & { position: string }> {
    return dataOf(await t.gql<Record<string, T & { position: string }>>(query, { input }, headers))[name];
  }

  const planMeasure = (code: string, actionFieldIds: string[], plannedEndDate: string) =>
    ok<{ measureId: string }>(PLAN_MEASURE, 'planMeasure', {
      code,
      title: `Measure ${code}`,
      districtId,
      actionFieldIds,
      sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
      location: 'Stadtteilzentrum',
      plannedStartDate: '2026-04-01',
      plannedEndDate,
      resources: [],
      targetGroups: ['long-term unemployed'],
    });

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
    districtId = (
      await ok<{ districtId: string }>(REGISTER_DISTRICT, 'registerDistrict', {
        name: 'Magdeburg Neustädter Feld',
        municipality: 'Magdeburg',
        municipalityKey: '15003000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'DS0123/19', date: '2019-05-09' },
      })
    ).districtId;
    integratedMeasure = (await planMeasure('NF-01', ['employment-local-economy', 'participation-integration'], '2027-12-31')).measureId;
    singleMeasure = (await planMeasure('NF-02', ['housing-environment'], '2027-06-30')).measureId;
    await ok(DEFINE_GOAL, 'defineGoal', {
      districtId,
      actionFieldIds: ['employment-local-economy'],
      title: 'More residents in work',
      description: 'Goal 1 of the ISEK',
      indicators: [
        {
          indicatorId: 'long-term-unemployed',
          code: 'L-01',
          name: 'Long-term unemployed residents',
          unit: 'persons',
          measureType: 'UNIT',
          direction: 'DESCENDING',
          baseline: { value: 400, date: '2023-12-31', source: 'Jobcenter statistics' },
          target: { value: 300, date: '2027-12-31' },
        },
      ],
    });
    await ok(
      ADD_PROGRAMME,
      'addFundingProgramme',
      {
        programmeId: 'biwaq',
        name: 'BIWAQ',
        level: 'FEDERAL',
        fund: 'ESF Plus',
        legalBasis: 'Förderrichtlinie BIWAQ V',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 10,
      },
      AS_BOB,
    );
    grantId = (
      await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', {
        programmeId: 'biwaq',
        districtId,
        measureIds: [integratedMeasure],
        requestedAmount: 80_000_00,
        plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        period: { from: '2026-01-01', to: '2027-12-31' },
        earlyStartRequested: false,
      })
    ).grantId;
    await ok(
      APPROVE,
      'approveGrant',
      {
        grantId,
        referenceNumber: 'BIWAQ-2026-021',
        authority: 'Bundesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification of long-term unemployed residents',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        // The notice states the final proof's date; the interim one is computed.
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-05-31' }],
      },
      AS_BOB,
    );
    head = (await ok(DISBURSE, 'disburseGrantFunds', { grantId, amount: 40_000_00, paidOn: '2026-05-02', neededBy: '2026-07-02' }, AS_BOB))
      .position;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.cleanup();
  });

  const dashboardOn = async (today: string, variables: Record<string, unknown> = {}) => {
    jest.spyOn(systemClock, 'now').mockReturnValue(new Date(`${today}T12:00:00Z`));
    try {
      return dataOf(await t.gql<{ districtDashboard: Dashboard }>(DASHBOARD, { districtId, wait: head, ...variables }, AS_ALICE))
        .districtDashboard;
    } finally {
      jest.restoreAllMocks();
    }
  };

  it('returns the whole district dashboard in one query', async () => {
    const dashboard = await dashboardOn('2027-01-15');
    const federal = { grantCount: 1, requested: 80_000_00, approved: 60_000_00, disbursed: 40_000_00, spent: 0, repaid: 0 };
    expect(dashboard).toMatchObject({
      districtId,
      name: 'Magdeburg Neustädter Feld',
      status: 'registered',
      latestSwotDate: null,
      conceptVersion: null,
      today: '2027-01-15',
      totals: {
        goalCount: 1,
        measureCount: 2,
        integratedMeasureCount: 1,
        integratedSharePercent: 50,
        funding: { total: federal, byProgramme: [{ programmeId: 'biwaq', name: 'BIWAQ', ...federal }] },
      },
    });
    expect(dashboard.totals.goalsByStatus).toContainEqual({ status: 'ACTIVE', count: 1 });
    expect(dashboard.totals.measuresByStatus).toContainEqual({ status: 'planned', count: 2 });
    expect(dashboard.totals.funding.byLevel.map((l) => [l.level, l.approved])).toEqual([
      ['EU', 0],
      ['FEDERAL', 60_000_00],
      ['STATE', 0],
      ['MUNICIPAL', 0],
    ]);
    expect(dashboard.actionFields.map((f) => [f.actionFieldId, f.goalCount, f.measureCount, f.funding.total.approved])).toEqual([
      ['participation-integration', 0, 1, 60_000_00],
      ['housing-environment', 0, 1, 0],
      ['employment-local-economy', 1, 1, 60_000_00],
    ]);
    expect(dashboard.nextDeadlines.map((d) => [d.kind, d.dueOn, d.overdue])).toEqual([
      ['INTERIM_PROOF', '2027-04-30', false],
      ['MEASURE_PLANNED_END', '2027-06-30', false],
      ['MEASURE_PLANNED_END', '2027-12-31', false],
      ['FINAL_PROOF', '2028-05-31', false],
    ]);
    expect(dashboard.nextDeadlines[0]).toMatchObject({ grantId, measureId: null });
    expect(dashboard.nextDeadlines[1]).toMatchObject({ grantId: null, measureId: singleMeasure });

    const later = await dashboardOn('2027-05-02', { limit: 1 });
    expect(later.nextDeadlines).toEqual([expect.objectContaining({ kind: 'INTERIM_PROOF', overdue: true })]);
  });

  it('shows measures × action fields for the district', async () => {
    const { actionFieldMatrix } = dataOf(
      await t.gql<{ actionFieldMatrix: { integratedCount: number; columns: { actionFieldId: string; measureCount: number }[]; rows: { code: string; serves: boolean[] }[] } }>(
        MATRIX,
        { districtId, wait: head },
        AS_ALICE,
      ),
    );
    expect(actionFieldMatrix.integratedCount).toBe(1);
    expect(actionFieldMatrix.columns).toHaveLength(8);
    const column = (id: string) => actionFieldMatrix.columns.findIndex((c) => c.actionFieldId === id);
    const [integrated, single] = actionFieldMatrix.rows;
    expect(integrated.code).toBe('NF-01');
    expect(integrated.serves.filter(Boolean)).toHaveLength(2);
    expect(integrated.serves[column('employment-local-economy')]).toBe(true);
    expect(integrated.serves[column('participation-integration')]).toBe(true);
    expect(single).toMatchObject({ code: 'NF-02' });
    expect(single.serves[column('housing-environment')]).toBe(true);
    expect(actionFieldMatrix.columns[column('housing-environment')].measureCount).toBe(1);
  });

  it('computes the grant ledger deadlines and retention, with overdue flags for the day asked', async () => {
    const grantOn = async (today: string) => {
      jest.spyOn(systemClock, 'now').mockReturnValue(new Date(`${today}T12:00:00Z`));
      try {
        return dataOf(await t.gql<{ grant: Record<string, unknown> }>(GRANT, { id: grantId }, AS_ALICE)).grant;
      } finally {
        jest.restoreAllMocks();
      }
    };
    expect(await grantOn('2027-01-15')).toEqual({
      retentionYears: 10,
      lastPaymentOn: '2026-05-02',
      retentionUntil: '2036-12-31',
      hasOverdueProofs: false,
      proofDeadlines: [
        { kind: 'INTERIM', budgetYear: 2026, dueOn: '2027-04-30', source: 'STATUTORY', proofStatus: null, overdue: false },
        { kind: 'FINAL', budgetYear: null, dueOn: '2028-05-31', source: 'NOTICE', proofStatus: null, overdue: false },
      ],
    });
    const late = await grantOn('2028-06-01');
    expect(late.hasOverdueProofs).toBe(true);
    expect((late.proofDeadlines as { overdue: boolean }[]).map((d) => d.overdue)).toEqual([true, true]);
  });

  it('lists the grants of a measure with their amounts in the measure overview', async () => {
    const query = `query ($id: ID!, $wait: String) {
      measure(id: $id, waitForPosition: $wait) { grantIds grants { grantId status programmeLevel requestedAmount approvedAmount disbursed remaining } }
    }`;
    const { measure } = dataOf(
      await t.gql<{ measure: { grantIds: string[]; grants: Record<string, unknown>[] } }>(query, { id: integratedMeasure, wait: head }, AS_ALICE),
    );
    expect(measure.grants).toEqual([
      {
        grantId,
        status: 'APPROVED',
        programmeLevel: 'FEDERAL',
        requestedAmount: 80_000_00,
        approvedAmount: 60_000_00,
        disbursed: 40_000_00,
        remaining: 20_000_00,
      },
    ]);
  });

  it('refuses invalid arguments and unknown districts', async () => {
    expect(codesOf(await t.gql(DASHBOARD, { districtId: 'not-a-uuid' }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(DASHBOARD, { districtId, limit: 0 }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(DASHBOARD, { districtId: '00000000-0000-4000-8000-000000000000' }, AS_ALICE))).toEqual(['NOT_FOUND']);
    expect(codesOf(await t.gql(MATRIX, { districtId: '00000000-0000-4000-8000-000000000000' }, AS_ALICE))).toEqual(['NOT_FOUND']);
  });
});
