import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * Measures over GraphQL/HTTP on the embedded SQLite stores: the lifecycle, refusals that leave the store unchanged,
 * the unique code under concurrency, and the start that needs the grant (with the grants module's mutations).
 * Two identities: Alice plans and applies, Bob approves (four-eyes on measures and grants).
 */

jest.setTimeout(60_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'commandId streamId streamVersion position eventCount repeated';

const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${payload} }
  }`;

const PLAN = mutation('planMeasure', 'PlanMeasureInput', `${RESULT} measureId`);
const APPROVE = mutation('approveMeasure', 'ApproveMeasureInput');
const START = mutation('startMeasure', 'StartMeasureInput');
const REPORT = mutation('reportMeasureProgress', 'ReportMeasureProgressInput');
const SUSPEND = mutation('suspendMeasure', 'MeasureReasonInput');
const RESUME = mutation('resumeMeasure', 'MeasureIdInput');
const COMPLETE = mutation('completeMeasure', 'CompleteMeasureInput');
const CANCEL = mutation('cancelMeasure', 'MeasureReasonInput');
const EVALUATE = mutation('evaluateMeasure', 'EvaluateMeasureInput');
const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const DEFINE_GOAL = mutation('defineGoal', 'DefineGoalInput', `${RESULT} goalId`);
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT_GRANT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', `${RESULT} grantId`);
const APPROVE_GRANT = mutation('approveGrant', 'ApproveGrantInput');
const PERMIT_EARLY_START = mutation('permitEarlyStart', 'PermitEarlyStartInput');

const MEASURE_FIELDS = `
  id code title description districtId status actionFieldIds integrated
  goalContributions { goalId weight } sponsor { name type } location
  plannedStartDate plannedEndDate actualStartDate actualEndDate
  resources { kind description amountCents } targetGroups budgetCents
  plannedBy plannedAt approvedOn approvedBy progressPercent lastReportedOn
  milestones { milestoneId title reachedOn }
  outputs {
    participants longTermUnemployedPlacedInSocialInstitutions participantsWithImprovedEmployability
    employmentOpportunitiesCreated
  }
  grantIds startConfirmedByGrantIds suspensionReason cancellationReason
  evaluation { evaluatedOn effect costEffectiveness lessons rating }
  updatedAt version`;

const MEASURE = `
  query Measure($id: ID!, $wait: String) { measure(id: $id, waitForPosition: $wait) { ${MEASURE_FIELDS} } }`;

const MEASURES = `
  query Measures(
    $districtId: ID, $actionFieldId: ID, $status: MeasureStatus, $first: Int, $after: String, $wait: String
  ) {
    measures(districtId: $districtId, actionFieldId: $actionFieldId, status: $status, first: $first, after: $after,
             waitForPosition: $wait) {
      edges { cursor node { id code status } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

const STREAM_EVENTS = `
  query Stream($streamId: String!) {
    streamEvents(streamId: $streamId) { type data metadata { actorId commandId causationId } }
  }`;

interface CommandResult {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}

interface MeasureView {
  id: string;
  code: string;
  status: string;
  integrated: boolean;
  [field: string]: unknown;
}

interface MeasuresPage {
  edges: { cursor: string; node: { id: string; code: string; status: string } }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { actorId: string; commandId: string; causationId: string };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('measures over GraphQL', () => {
  let t: TestApp;
  let districtId: string;
  let goalId: string;
  let codeCounter = 0;
  /** A code no other test uses. */
  const nextCode = () => `HN-2024-${String(++codeCounter).padStart(2, '0')}`;

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
    districtId = (
      await ok<{ districtId: string }>(REGISTER_DISTRICT, 'registerDistrict', {
        name: 'Halle-Neustadt',
        municipality: 'Halle (Saale)',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'VII/2019/01234', date: '2019-06-26' },
      })
    ).districtId;
    goalId = (
      await ok<{ goalId: string }>(DEFINE_GOAL, 'defineGoal', {
        districtId,
        actionFieldIds: ['employment-local-economy'],
        title: 'More residents in work',
        description: 'Lower the share of long-term unemployed residents',
        indicators: [
          {
            indicatorId: 'ltu-share',
            code: 'HN-LTU',
            name: 'Share of long-term unemployed residents',
            unit: '%',
            measureType: 'PERCENTAGE',
            direction: 'DESCENDING',
            baseline: { value: 14, date: '2023-12-31', source: 'Kommunalstatistik 2023' },
            target: { value: 10, date: '2027-12-31' },
          },
        ],
      })
    ).goalId;
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  /** Runs a mutation that must succeed and returns its payload. */
  async function ok<T = CommandResult>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<CommandResult & T> {
    const response = await t.gql<Record<string, CommandResult & T>>(query, { input, options }, headers);
    return dataOf(response)[name];
  }

  /** Runs a mutation that must be refused with `code`, and checks that the store did not change. */
  async function refused(
    code: string,
    query: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<string> {
    const before = eventCount();
    const response = await t.gql(query, { input, options }, headers);
    expect(codesOf(response)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return response.body.errors![0].message;
  }

  function eventCount(): number {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  async function measure(id: string, wait: string | null): Promise<MeasureView> {
    return dataOf(await t.gql<{ measure: MeasureView }>(MEASURE, { id, wait }, AS_ALICE)).measure;
  }

  async function streamEvents(streamId: string): Promise<StreamEvent[]> {
    return dataOf(await t.gql<{ streamEvents: StreamEvent[] }>(STREAM_EVENTS, { streamId }, AS_ALICE)).streamEvents;
  }

  const planInput = (overrides: Record<string, unknown> = {}) => ({
    code: nextCode(),
    title: 'Neighbourhood workshop for long-term unemployed',
    districtId,
    actionFieldIds: ['employment-local-economy', 'participation-integration'],
    goalContributions: [{ goalId, weight: 60 }],
    sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
    location: 'Stadtteilzentrum, Am Gastronom 1',
    plannedStartDate: '2024-09-01',
    plannedEndDate: '2025-08-31',
    resources: [
      { kind: 'FUNDS', description: 'ESF Plus and municipal share', amountCents: 12_000_000 },
      { kind: 'KNOW_HOW', description: 'Job coaches of the sponsor' },
    ],
    targetGroups: ['long-term unemployed', 'young adults 18–25'],
    budgetCents: 15_000_000,
    ...overrides,
  });

  /** Plans (Alice) and approves (Bob) a measure; returns its id. */
  async function approvedMeasure(overrides: Record<string, unknown> = {}): Promise<string> {
    const { measureId } = await ok<{ measureId: string }>(PLAN, 'planMeasure', planInput(overrides));
    await ok(APPROVE, 'approveMeasure', { measureId, approvedOn: '2024-07-15' }, AS_BOB);
    return measureId;
  }

  it('walks the lifecycle: plan, approve, start, progress, suspend, resume, complete, evaluate', async () => {
    const input = planInput();
    const planned = await ok<{ measureId: string }>(PLAN, 'planMeasure', input);
    const { measureId } = planned;
    expect(planned).toMatchObject({ streamId: `measure-${measureId}`, streamVersion: 0, eventCount: 1 });
    expect(await measure(measureId, planned.position)).toMatchObject({
      code: input.code,
      status: 'PLANNED',
      integrated: true,
      actionFieldIds: input.actionFieldIds,
      goalContributions: [{ goalId, weight: 60 }],
      sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
      resources: [
        { kind: 'FUNDS', description: 'ESF Plus and municipal share', amountCents: 12_000_000 },
        { kind: 'KNOW_HOW', description: 'Job coaches of the sponsor', amountCents: null },
      ],
      budgetCents: 15_000_000,
      plannedBy: ALICE.id,
      progressPercent: 0,
      outputs: {
        participants: null,
        longTermUnemployedPlacedInSocialInstitutions: null,
        participantsWithImprovedEmployability: null,
        employmentOpportunitiesCreated: null,
      },
      evaluation: null,
    });

    // Start before approval; approval by the planner herself.
    expect(await refused('DOMAIN_RULE', START, { measureId, actualStartDate: '2024-09-02' })).toMatch(/approved/);
    expect(await refused('DOMAIN_RULE', APPROVE, { measureId, approvedOn: '2024-07-15' })).toMatch(
      /someone other than the person who planned/,
    );

    const approved = await ok(APPROVE, 'approveMeasure', { measureId, approvedOn: '2024-07-15' }, AS_BOB);
    expect(await measure(measureId, approved.position)).toMatchObject({
      status: 'APPROVED',
      approvedOn: '2024-07-15',
      approvedBy: BOB.id,
    });

    const started = await ok(START, 'startMeasure', { measureId, actualStartDate: '2024-09-02' });
    expect(await measure(measureId, started.position)).toMatchObject({
      status: 'RUNNING',
      actualStartDate: '2024-09-02',
    });
    await refused('DOMAIN_RULE', START, { measureId, actualStartDate: '2024-09-03' });

    await ok(REPORT, 'reportMeasureProgress', {
      measureId,
      reportedOn: '2024-12-31',
      progressPercent: 40,
      milestone: { milestoneId: 'kick-off', title: 'Kick-off with 20 participants', reachedOn: '2024-09-10' },
      outputs: { participants: 20, longTermUnemployedPlacedInSocialInstitutions: 4 },
    });
    expect(
      await refused('DOMAIN_RULE', REPORT, { measureId, reportedOn: '2025-01-31', progressPercent: 30 }),
    ).toMatch(/needs a reason/);
    expect(
      await refused('DOMAIN_RULE', REPORT, {
        measureId,
        reportedOn: '2025-01-31',
        outputs: { participantsWithImprovedEmployability: 21 },
      }),
    ).toMatch(/cannot exceed the number of participants/);
    await ok(REPORT, 'reportMeasureProgress', {
      measureId,
      reportedOn: '2025-01-31',
      progressPercent: 35,
      reason: 'Two modules had to be repeated',
      outputs: { participantsWithImprovedEmployability: 9, employmentOpportunitiesCreated: 3 },
    });

    const suspended = await ok(SUSPEND, 'suspendMeasure', { measureId, reason: 'Venue closed for repairs' });
    await refused('DOMAIN_RULE', REPORT, { measureId, reportedOn: '2025-02-28', progressPercent: 50 });
    expect(await measure(measureId, suspended.position)).toMatchObject({
      status: 'SUSPENDED',
      suspensionReason: 'Venue closed for repairs',
    });
    await ok(RESUME, 'resumeMeasure', { measureId });

    expect(await refused('DOMAIN_RULE', COMPLETE, { measureId, actualEndDate: '2024-09-01' })).toMatch(
      /before the actual start/,
    );
    await ok(COMPLETE, 'completeMeasure', { measureId, actualEndDate: '2025-08-29' });
    await refused('DOMAIN_RULE', CANCEL, { measureId, reason: 'Too late' });

    const evaluation = {
      evaluatedOn: '2025-10-15',
      effect: '12 of 40 participants found work; the workshop was the main reason',
      costEffectiveness: 'About 10,000 € per placement, below the programme average',
      lessons: 'Start recruiting earlier',
      rating: 'SUCCESSFUL',
    };
    const evaluated = await ok(EVALUATE, 'evaluateMeasure', { measureId, ...evaluation });
    await refused('DOMAIN_RULE', EVALUATE, { measureId, ...evaluation });

    expect(await measure(measureId, evaluated.position)).toMatchObject({
      status: 'COMPLETED',
      actualStartDate: '2024-09-02',
      actualEndDate: '2025-08-29',
      progressPercent: 35,
      lastReportedOn: '2025-01-31',
      milestones: [{ milestoneId: 'kick-off', title: 'Kick-off with 20 participants', reachedOn: '2024-09-10' }],
      outputs: {
        participants: 20,
        longTermUnemployedPlacedInSocialInstitutions: 4,
        participantsWithImprovedEmployability: 9,
        employmentOpportunitiesCreated: 3,
      },
      suspensionReason: null,
      evaluation,
      version: 8,
    });
    expect((await streamEvents(`measure-${measureId}`)).map((e) => e.type)).toEqual([
      'MeasurePlanned',
      'MeasureApproved',
      'MeasureStarted',
      'MeasureProgressReported',
      'MeasureProgressReported',
      'MeasureSuspended',
      'MeasureResumed',
      'MeasureCompleted',
      'MeasureEvaluated',
    ]);
  });

  it('cancels a planned measure with a reason and evaluates it afterwards', async () => {
    const { measureId } = await ok<{ measureId: string }>(PLAN, 'planMeasure', planInput());
    await refused('DOMAIN_RULE', EVALUATE, {
      measureId,
      evaluatedOn: '2024-08-01',
      effect: 'none',
      costEffectiveness: 'none',
      lessons: 'none',
      rating: 'NOT_SUCCESSFUL',
    });
    await ok(CANCEL, 'cancelMeasure', { measureId, reason: 'Sponsor withdrew' });
    const evaluated = await ok(EVALUATE, 'evaluateMeasure', {
      measureId,
      evaluatedOn: '2024-08-01',
      effect: 'No effect: the measure never ran',
      costEffectiveness: 'No costs incurred',
      lessons: 'Secure the sponsor before planning',
      rating: 'NOT_SUCCESSFUL',
    });
    expect(await measure(measureId, evaluated.position)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'Sponsor withdrew',
      evaluation: { rating: 'NOT_SUCCESSFUL' },
    });
  });

  describe('the unique code', () => {
    it('refuses a code another measure has, whatever its case; the store stays unchanged', async () => {
      const code = nextCode();
      await ok(PLAN, 'planMeasure', planInput({ code }));
      expect(await refused('DOMAIN_RULE', PLAN, planInput({ code: code.toLowerCase() }))).toMatch(
        /already used by another measure/,
      );
    });

    it('lets exactly one of concurrent plans with the same code through', async () => {
      const code = nextCode();
      const responses = await Promise.all(
        Array.from({ length: 12 }, () =>
          t.gql<{ planMeasure: CommandResult & { measureId: string } }>(PLAN, { input: planInput({ code }) }, AS_ALICE),
        ),
      );
      const succeeded = responses.filter((r) => !r.body.errors);
      expect(succeeded).toHaveLength(1);
      expect(responses.flatMap(codesOf).every((c) => c === 'DOMAIN_RULE')).toBe(true);
      const winner = dataOf(succeeded[0]).planMeasure;
      const variables = { districtId, first: 200, wait: winner.position };
      const all = dataOf(await t.gql<{ measures: MeasuresPage }>(MEASURES, variables, AS_ALICE));
      expect(all.measures.edges.filter((e) => e.node.code === code).map((e) => e.node.id)).toEqual([winner.measureId]);
    });

    it('answers a repeated plan command with the first outcome', async () => {
      const commandId = randomUUID();
      const input = planInput();
      const first = await ok<{ measureId: string }>(PLAN, 'planMeasure', input, AS_ALICE, { commandId });
      const before = eventCount();
      const again = await ok<{ measureId: string }>(PLAN, 'planMeasure', input, AS_ALICE, { commandId });
      expect(again).toEqual({ ...first, repeated: true });
      expect(eventCount()).toBe(before);
    });
  });

  describe('references and input', () => {
    it('refuses an unknown district, action field or goal (DOMAIN_RULE), leaving the store unchanged', async () => {
      expect(await refused('DOMAIN_RULE', PLAN, planInput({ districtId: randomUUID() }))).toMatch(/not registered/);
      expect(await refused('DOMAIN_RULE', PLAN, planInput({ actionFieldIds: ['space-travel'] }))).toMatch(
        /not in the catalogue/,
      );
      expect(
        await refused('DOMAIN_RULE', PLAN, planInput({ goalContributions: [{ goalId: randomUUID(), weight: 10 }] })),
      ).toMatch(/does not exist/);
    });

    it('refuses malformed input with BAD_USER_INPUT, leaving the store unchanged', async () => {
      await refused('BAD_USER_INPUT', PLAN, planInput({ code: 'HN 2024 07' }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ goalContributions: [{ goalId, weight: 0 }] }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ goalContributions: [{ goalId, weight: 101 }] }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ actionFieldIds: [] }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ plannedStartDate: '2024-02-30' }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ budgetCents: 12.5 }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ sponsor: { name: 'Max Mustermann', type: 'PERSON' } }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ resources: [{ kind: 'FUNDS', description: 'ESF Plus' }] }));
      await refused('BAD_USER_INPUT', PLAN, planInput({ targetGroups: [] }));
      const measureId = await approvedMeasure();
      await ok(START, 'startMeasure', { measureId, actualStartDate: '2024-09-02' });
      await refused('BAD_USER_INPUT', REPORT, { measureId, reportedOn: '2024-12-31', progressPercent: 150 });
      await refused('BAD_USER_INPUT', REPORT, { measureId, reportedOn: '2024-12-31', outputs: { participants: -1 } });
      await refused('BAD_USER_INPUT', REPORT, { measureId, reportedOn: '2024-12-31' });
      await refused('BAD_USER_INPUT', START, { measureId: 'not-a-uuid', actualStartDate: '2024-09-02' });
    });

    it('refuses commands on a measure that does not exist (NOT_FOUND)', async () => {
      await refused('NOT_FOUND', APPROVE, { measureId: randomUUID(), approvedOn: '2024-07-15' }, AS_BOB);
    });
  });

  it('lists measures by district, action field and status, page by page', async () => {
    const { districtId: otherDistrict } = await ok<{ districtId: string }>(REGISTER_DISTRICT, 'registerDistrict', {
      name: 'Magdeburg Neustädter Feld',
      municipality: 'Magdeburg',
      municipalityKey: '15003000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'DS0123/20', date: '2020-03-05' },
    });
    const plan = (code: string, actionFieldIds: string[]) =>
      ok<{ measureId: string }>(
        PLAN,
        'planMeasure',
        planInput({ code, districtId: otherDistrict, actionFieldIds, goalContributions: [] }),
      );
    await plan('MD-A-1', ['public-space-safety']);
    const b = await plan('MD-B-1', ['public-space-safety', 'housing-environment']);
    await plan('MD-C-1', ['housing-environment']);
    const cancelled = await ok(CANCEL, 'cancelMeasure', { measureId: b.measureId, reason: 'Merged into MD-C-1' });
    const wait = cancelled.position;

    const list = async (variables: Record<string, unknown>) =>
      dataOf(
        await t.gql<{ measures: MeasuresPage }>(MEASURES, { districtId: otherDistrict, wait, ...variables }, AS_ALICE),
      ).measures;
    const codes = (page: MeasuresPage) => page.edges.map((e) => e.node.code);

    expect(codes(await list({}))).toEqual(['MD-A-1', 'MD-B-1', 'MD-C-1']);
    expect(codes(await list({ actionFieldId: 'public-space-safety' }))).toEqual(['MD-A-1', 'MD-B-1']);
    expect(codes(await list({ actionFieldId: 'housing-environment', status: 'PLANNED' }))).toEqual(['MD-C-1']);
    expect(codes(await list({ actionFieldId: 'housing-environment', status: 'CANCELLED' }))).toEqual(['MD-B-1']);
    expect(codes(await list({ status: 'PLANNED' }))).toEqual(['MD-A-1', 'MD-C-1']);

    const first = await list({ first: 2 });
    expect(codes(first)).toEqual(['MD-A-1', 'MD-B-1']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(codes(second)).toEqual(['MD-C-1']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const byField = await list({ actionFieldId: 'public-space-safety', first: 1 });
    expect(codes(byField)).toEqual(['MD-A-1']);
    const after = byField.pageInfo.endCursor;
    const byFieldNext = await list({ actionFieldId: 'public-space-safety', first: 1, after });
    expect(codes(byFieldNext)).toEqual(['MD-B-1']);
  });

  describe('the start needs the grant', () => {
    const programmeId = 'esf-plus-biwaq';

    beforeAll(async () => {
      await ok(
        ADD_PROGRAMME,
        'addFundingProgramme',
        {
          programmeId,
          name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
          level: 'FEDERAL',
          fund: 'ESF Plus',
          legalBasis: 'Förderrichtlinie BIWAQ V',
          generalConditions: 'ANBest-P 2019',
          retentionYears: 10,
        },
        AS_BOB,
      );
    });

    const submitGrant = (measureId: string, earlyStartRequested = false) =>
      ok<{ grantId: string }>(SUBMIT_GRANT, 'submitGrantApplication', {
        programmeId,
        districtId,
        measureIds: [measureId],
        requestedAmount: 10_000_000,
        plan: { totalEligibleCost: 15_000_000, ownShare: 3_000_000, thirdPartyFunds: 2_000_000 },
        period: { from: '2024-09-01', to: '2025-08-31' },
        earlyStartRequested,
      });

    const approveGrant = (grantId: string) =>
      ok(
        APPROVE_GRANT,
        'approveGrant',
        {
          grantId,
          referenceNumber: 'BIWAQ-2024-0815',
          authority: 'Bundesverwaltungsamt',
          approvedOn: '2024-08-20',
          purpose: 'Qualification of long-term unemployed residents',
          financingType: 'SHARE',
          maximumAmount: 10_000_000,
          eligibleExpenditure: 15_000_000,
          approvalPeriod: { from: '2024-09-01', to: '2025-08-31' },
          reportDeadlines: [],
        },
        AS_BOB,
      );

    it('refuses the start while the grant is not approved, and allows it once it is', async () => {
      const measureId = await approvedMeasure();
      const { grantId, position } = await submitGrant(measureId);
      expect(await measure(measureId, position)).toMatchObject({ grantIds: [grantId] });

      await refused('DOMAIN_RULE', START, { measureId, actualStartDate: '2024-09-02' });

      await approveGrant(grantId);
      const started = await ok(START, 'startMeasure', { measureId, actualStartDate: '2024-09-02' });
      expect(await measure(measureId, started.position)).toMatchObject({
        status: 'RUNNING',
        grantIds: [grantId],
        startConfirmedByGrantIds: [grantId],
      });
      const grantEvents = await streamEvents(`grant-${grantId}`);
      const confirmation = grantEvents.find((e) => e.type === 'MeasureStartConfirmed');
      expect(confirmation?.data).toMatchObject({ measureId, startDate: '2024-09-02' });
      expect(confirmation?.metadata.causationId).toBe(started.commandId);
    });

    it('refuses a start before the approval period even with an approved grant', async () => {
      const measureId = await approvedMeasure();
      const { grantId } = await submitGrant(measureId);
      await approveGrant(grantId);
      await refused('DOMAIN_RULE', START, { measureId, actualStartDate: '2024-08-25' });
    });

    it('allows an early start from the permitted date, before the approval', async () => {
      const measureId = await approvedMeasure();
      const { grantId } = await submitGrant(measureId, true);
      await ok(PERMIT_EARLY_START, 'permitEarlyStart', { grantId, permittedFrom: '2024-08-15' }, AS_BOB);
      await refused('DOMAIN_RULE', START, { measureId, actualStartDate: '2024-08-14' });
      const started = await ok(START, 'startMeasure', { measureId, actualStartDate: '2024-08-15' });
      expect(await measure(measureId, started.position)).toMatchObject({
        status: 'RUNNING',
        actualStartDate: '2024-08-15',
      });
    });

    it('never lets a start through on a grant revoked before it confirmed the start, under concurrency', async () => {
      const REVOKE = mutation('revokeGrant', 'RevokeGrantInput');
      const pairs = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const measureId = await approvedMeasure();
          const { grantId } = await submitGrant(measureId);
          await approveGrant(grantId);
          const startIt = () => t.gql(START, { input: { measureId, actualStartDate: '2024-09-02' } }, AS_ALICE);
          const revocation = { grantId, reason: 'Sponsor no longer eligible', revokedOn: '2024-08-30' };
          const revokeIt = () => ok(REVOKE, 'revokeGrant', revocation, AS_BOB);
          // Either request may go first, with a little jitter, so both orders of the two grant appends occur.
          const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          const [start] = await Promise.all([
            (i % 2 === 0 ? Promise.resolve() : jitter()).then(startIt),
            (i % 2 === 1 ? Promise.resolve() : jitter()).then(revokeIt),
          ]);
          return { measureId, grantId, started: !start.body.errors, codes: codesOf(start) };
        }),
      );
      for (const { measureId, grantId, started, codes } of pairs) {
        const grantTypes = (await streamEvents(`grant-${grantId}`)).map((e) => e.type);
        const measureTypes = (await streamEvents(`measure-${measureId}`)).map((e) => e.type);
        expect(measureTypes.includes('MeasureStarted')).toBe(started);
        if (started) {
          // The grant confirmed the start while it was still approved: the confirmation precedes the revocation.
          expect(grantTypes.indexOf('MeasureStartConfirmed')).toBeLessThan(grantTypes.indexOf('GrantRevoked'));
        } else {
          expect(codes).toEqual(['DOMAIN_RULE']);
          expect(grantTypes.filter((type) => type === 'MeasureStartConfirmed')).toHaveLength(
            grantTypes.filter((type) => type === 'MeasureStartConfirmationWithdrawn').length,
          );
        }
      }
    });

    it('withdraws the confirmations already made when another grant refuses the start', async () => {
      const measureId = await approvedMeasure();
      const approvedGrant = (await submitGrant(measureId)).grantId;
      await approveGrant(approvedGrant);
      const pendingGrant = (await submitGrant(measureId)).grantId;

      const commandId = randomUUID();
      const startVariables = { input: { measureId, actualStartDate: '2024-09-02' }, options: { commandId } };
      const response = await t.gql(START, startVariables, AS_ALICE);
      expect(codesOf(response)).toEqual(['DOMAIN_RULE']);

      const approvedGrantEvents = await streamEvents(`grant-${approvedGrant}`);
      expect(approvedGrantEvents.slice(-2).map((e) => [e.type, e.metadata.causationId])).toEqual([
        ['MeasureStartConfirmed', commandId],
        ['MeasureStartConfirmationWithdrawn', commandId],
      ]);
      expect((await streamEvents(`grant-${pendingGrant}`)).map((e) => e.type)).not.toContain('MeasureStartConfirmed');
      expect((await streamEvents(`measure-${measureId}`)).map((e) => e.type)).not.toContain('MeasureStarted');

      // The same command id again cannot lean on the withdrawn confirmation.
      const again = await t.gql(START, startVariables, AS_ALICE);
      expect(codesOf(again)).toEqual(['CONFLICT']);
    });
  });
});
