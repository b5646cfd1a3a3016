import { setTimeout as sleep } from 'node:timers/promises';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * Time travel over GraphQL/HTTP on the embedded SQLite stores: `asOf` on district, goal, measure and grant
 * answers what the record said at that recording time, rebuilt from the event log. Two identities, because
 * approvals need someone other than the applicant.
 */

jest.setTimeout(60_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'streamId streamVersion position eventCount';
const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) { ${name}(input: $input, options: $options) { ${payload} } }`;

const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const UPDATE_DISTRICT = mutation('updateDistrictProfile', 'UpdateDistrictProfileInput');
const DEFINE_GOAL = mutation('defineGoal', 'DefineGoalInput', `${RESULT} goalId`);
const REVISE_GOAL = mutation('reviseGoal', 'ReviseGoalInput');
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput', `${RESULT} measureId`);
const APPROVE_MEASURE = mutation('approveMeasure', 'ApproveMeasureInput');
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT_GRANT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', `${RESULT} grantId`);
const APPROVE_GRANT = mutation('approveGrant', 'ApproveGrantInput');

const DISTRICT = `query($id: ID!, $asOf: DateTime, $wait: String) {
  district(id: $id, asOf: $asOf, waitForPosition: $wait) { id name areaHectares startDate version updatedAt registeredAt }
}`;
const GOAL = `query($id: ID!, $asOf: DateTime, $wait: String) {
  goal(id: $id, asOf: $asOf, waitForPosition: $wait) {
    id title version revisions { reason } indicators { indicatorId target { value date } }
  }
}`;
const MEASURE = `query($id: ID!, $asOf: DateTime, $wait: String) {
  measure(id: $id, asOf: $asOf, waitForPosition: $wait) { id status approvedOn approvedBy grantIds version }
}`;
const GRANT = `query($id: ID!, $asOf: DateTime, $wait: String) {
  grant(id: $id, asOf: $asOf, waitForPosition: $wait) {
    id status approvedAmount remaining retentionYears approval { version referenceNumber approvedOn } version
  }
}`;

type Payload = { streamVersion: number; position: string };
const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('time travel (asOf) over GraphQL', () => {
  let t: TestApp;
  let lastPosition: string;

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  async function ok<T = object>(document: string, input: Record<string, unknown>, headers = AS_ALICE, options = {}) {
    const payload = Object.values(dataOf(await t.gql<Record<string, Payload & T>>(document, { input, options }, headers)))[0];
    lastPosition = payload.position;
    return payload;
  }

  /**
   * A moment between the events recorded so far and the next one: every earlier event was recorded before its
   * response arrived, and the pause keeps the next one off the same millisecond.
   */
  async function moment(): Promise<string> {
    const at = new Date().toISOString();
    await sleep(5);
    return at;
  }

  const read = <T>(document: string, id: string, asOf?: string) =>
    t.gql<Record<string, T>>(document, { id, asOf, wait: lastPosition }, AS_ALICE);
  const view = async <T>(document: string, id: string, asOf?: string) => Object.values(dataOf(await read<T>(document, id, asOf)))[0];

  it('shows a district profile and a goal as they were before their revisions, and NOT_FOUND before they existed', async () => {
    const beforeRegistration = await moment();
    const { districtId } = await ok<{ districtId: string }>(REGISTER_DISTRICT, {
      name: 'Halle-Neustadt',
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'VII/2019/01234', date: '2019-06-26' },
      areaHectares: 180,
      startDate: '2020-01-01',
    });
    const { goalId } = await ok<{ goalId: string }>(DEFINE_GOAL, {
      districtId,
      actionFieldIds: ['employment-local-economy'],
      title: 'More residents in work',
      description: 'Goal 2.1 of the ISEK',
      indicators: [
        {
          indicatorId: 'ltu',
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
    const beforeRevisions = await moment();
    await ok(UPDATE_DISTRICT, { districtId, name: 'Neustadt', areaHectares: 195 });
    await ok(
      REVISE_GOAL,
      { goalId, title: 'More residents in lasting work', targets: [{ indicatorId: 'ltu', target: { value: 250, date: '2028-12-31' } }] },
      AS_ALICE,
      { reason: 'Steering round decision SR-2025-03' },
    );

    // Today's read models show the revisions…
    const districtNow = await view<Record<string, unknown>>(DISTRICT, districtId);
    expect(districtNow).toMatchObject({ name: 'Neustadt', areaHectares: 195, version: 1 });
    expect(await view(GOAL, goalId)).toMatchObject({
      title: 'More residents in lasting work',
      version: 1,
      revisions: [{ reason: 'Steering round decision SR-2025-03' }],
      indicators: [{ indicatorId: 'ltu', target: { value: 250, date: '2028-12-31' } }],
    });

    // …the log as of a moment before them shows the old values, in the same shape.
    expect(await view(DISTRICT, districtId, beforeRevisions)).toEqual({
      ...districtNow,
      name: 'Halle-Neustadt',
      areaHectares: 180,
      version: 0,
      updatedAt: districtNow.registeredAt,
    });
    expect(await view(GOAL, goalId, beforeRevisions)).toMatchObject({
      title: 'More residents in work',
      version: 0,
      revisions: [],
      indicators: [{ indicatorId: 'ltu', target: { value: 300, date: '2027-12-31' } }],
    });
    // As of now, time travel and the read model agree.
    expect(await view(DISTRICT, districtId, new Date().toISOString())).toEqual(districtNow);

    // Before the records existed.
    for (const [document, id] of [
      [DISTRICT, districtId],
      [GOAL, goalId],
    ]) {
      const response = await read(document, id, beforeRegistration);
      expect(codesOf(response)).toEqual(['NOT_FOUND']);
      expect(response.body.errors![0].message).toContain(`did not exist as of ${beforeRegistration}`);
    }
  });

  it('shows a measure and a grant ledger before and after their approvals (the grant with its programme rule)', async () => {
    const { districtId } = await ok<{ districtId: string }>(REGISTER_DISTRICT, {
      name: 'Neustädter Feld',
      municipality: 'Magdeburg',
      municipalityKey: '15003000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'DS0123/19', date: '2019-05-16' },
    });
    const { measureId } = await ok<{ measureId: string }>(PLAN_MEASURE, {
      code: 'MD-TT-001',
      title: 'Qualification workshop',
      districtId,
      actionFieldIds: ['employment-local-economy'],
      sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
      location: 'Stadtteilzentrum',
      plannedStartDate: '2026-04-01',
      plannedEndDate: '2027-12-31',
      resources: [],
      targetGroups: ['long-term unemployed'],
    });
    const plannedOnly = await moment();
    await ok(APPROVE_MEASURE, { measureId, approvedOn: '2026-02-01' }, AS_BOB);

    await ok(
      ADD_PROGRAMME,
      {
        programmeId: 'biwaq-tt',
        name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
        level: 'FEDERAL',
        fund: 'ESF Plus',
        legalBasis: 'Förderrichtlinie BIWAQ V',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 10,
      },
      AS_BOB,
    );
    const { grantId } = await ok<{ grantId: string }>(SUBMIT_GRANT, {
      programmeId: 'biwaq-tt',
      districtId,
      measureIds: [measureId],
      requestedAmount: 80_000_00,
      plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
      period: { from: '2026-01-01', to: '2027-12-31' },
      earlyStartRequested: false,
    });
    const submittedOnly = await moment();
    await ok(
      APPROVE_GRANT,
      {
        grantId,
        referenceNumber: 'BIWAQ-2026-042',
        authority: 'Bundesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification of long-term unemployed residents',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
      },
      AS_BOB,
    );

    expect(await view(MEASURE, measureId, plannedOnly)).toEqual({
      id: measureId,
      status: 'PLANNED',
      approvedOn: null,
      approvedBy: null,
      grantIds: [],
      version: 0,
    });
    expect(await view(MEASURE, measureId)).toMatchObject({ status: 'APPROVED', approvedOn: '2026-02-01', approvedBy: BOB.id, grantIds: [grantId] });

    // The ledger's retention rule comes from the programme catalogue's stream: it is folded too.
    expect(await view(GRANT, grantId, submittedOnly)).toEqual({
      id: grantId,
      status: 'SUBMITTED',
      approvedAmount: 0,
      remaining: 0,
      retentionYears: 10,
      approval: null,
      version: 0,
    });
    const grantNow = await view(GRANT, grantId);
    expect(grantNow).toMatchObject({ status: 'APPROVED', approvedAmount: 60_000_00, approval: { version: 1, referenceNumber: 'BIWAQ-2026-042' } });
    expect(await view(GRANT, grantId, new Date().toISOString())).toEqual(grantNow);

    // The measure's grants are shown as of the same moment as the measure, never with today's amounts.
    const grantsOfMeasure = async (asOf?: string) =>
      dataOf(
        await t.gql<{ measure: { grants: { grantId: string; status: string; approvedAmount: number }[] } }>(
          `query($id: ID!, $asOf: DateTime) { measure(id: $id, asOf: $asOf) { grants { grantId status approvedAmount } } }`,
          { id: measureId, ...(asOf ? { asOf } : {}) },
        ),
      ).measure.grants;
    expect(await grantsOfMeasure(submittedOnly)).toEqual([{ grantId, status: 'SUBMITTED', approvedAmount: 0 }]);
    expect(await grantsOfMeasure()).toEqual([{ grantId, status: 'APPROVED', approvedAmount: 60_000_00 }]);
  });

  it('refuses an asOf that is not a timestamp', async () => {
    const response = await t.gql(DISTRICT, { id: '6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10', asOf: 'last tuesday' }, AS_ALICE);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
  });
});
