import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * Goals, indicators and reviews (success control) over GraphQL/HTTP on the embedded SQLite stores: the whole
 * lifecycle of a goal, the read model it feeds, and the refusals, each of which must leave the store unchanged.
 */

jest.setTimeout(60_000);

const MANAGER: TestUser = { id: 'e2e-goals-manager', role: 'district_manager' };
const AUTH: Record<string, string> = {};

const COMMAND_FIELDS = 'commandId streamId streamVersion position eventCount repeated';

const REGISTER_DISTRICT = `
  mutation ($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId position } }`;
const CLOSE_DISTRICT = `
  mutation ($input: CloseDistrictProgrammeInput!) { closeDistrictProgramme(input: $input) { eventCount } }`;
const DEFINE = `
  mutation ($input: DefineGoalInput!, $options: CommandOptionsInput) {
    defineGoal(input: $input, options: $options) { ${COMMAND_FIELDS} goalId indicatorIds }
  }`;
const REVISE = `
  mutation ($input: ReviseGoalInput!, $options: CommandOptionsInput) {
    reviseGoal(input: $input, options: $options) { ${COMMAND_FIELDS} }
  }`;
const ADD_INDICATOR = `
  mutation ($input: AddGoalIndicatorInput!, $options: CommandOptionsInput) {
    addGoalIndicator(input: $input, options: $options) { ${COMMAND_FIELDS} indicatorId }
  }`;
const RETIRE_INDICATOR = `
  mutation ($input: RetireGoalIndicatorInput!, $options: CommandOptionsInput) {
    retireGoalIndicator(input: $input, options: $options) { ${COMMAND_FIELDS} }
  }`;
const REVIEW = `
  mutation ($input: RecordGoalReviewInput!, $options: CommandOptionsInput) {
    recordGoalReview(input: $input, options: $options) { ${COMMAND_FIELDS} reviewId }
  }`;
const MARK_ACHIEVED = `
  mutation ($input: MarkGoalAchievedInput!, $options: CommandOptionsInput) {
    markGoalAchieved(input: $input, options: $options) { ${COMMAND_FIELDS} }
  }`;
const ABANDON = `
  mutation ($input: AbandonGoalInput!, $options: CommandOptionsInput) {
    abandonGoal(input: $input, options: $options) { ${COMMAND_FIELDS} }
  }`;

const VALUE = 'value text';
const GOAL_FIELDS = `
  id districtId actionFieldIds title description conceptVersion status assessment reviewingClosed
  achievedReviewId abandonReason closedAt definedAt updatedAt version
  indicators {
    indicatorId code name unit measureType direction addedAt retired retiredAt retirementReason progressPercent
    baseline { ${VALUE} date source } target { ${VALUE} date }
    latestActual { reviewId reviewedOn ${VALUE} measuredOn source progressPercent }
    actuals { reviewId reviewedOn ${VALUE} measuredOn source progressPercent }
  }
  reviews {
    reviewId reviewedOn period { from to } kind conceptVersion assessment recommendations recordedAt recordedBy
    successControl { goalAchievement effect costEffectiveness }
    measurements {
      indicatorId ${VALUE} measuredOn source direction measureType progressPercent
      baseline { ${VALUE} date source } target { ${VALUE} date }
    }
  }
  revisions { revisedAt revisedBy reason changes previous }`;
const GOAL = `query ($id: ID!, $wait: String) { goal(id: $id, waitForPosition: $wait) { ${GOAL_FIELDS} } }`;
const GOALS = `
  query ($districtId: ID, $actionFieldId: ID, $status: GoalStatus, $first: Int, $after: String, $wait: String) {
    goals(districtId: $districtId, actionFieldId: $actionFieldId, status: $status, first: $first, after: $after,
          waitForPosition: $wait) {
      edges { cursor node { id title status actionFieldIds } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

interface CommandResult {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}
type Value = { value: number | null; text: string | null };
interface ActualView extends Value {
  reviewId: string;
  reviewedOn: string;
  measuredOn: string;
  source: string;
  progressPercent: number | null;
}
interface IndicatorView {
  indicatorId: string;
  code: string;
  measureType: string;
  direction: string;
  retired: boolean;
  retirementReason: string | null;
  progressPercent: number | null;
  baseline: Value & { date: string; source: string };
  target: Value & { date: string };
  latestActual: ActualView | null;
  actuals: ActualView[];
}
interface GoalView {
  id: string;
  districtId: string;
  actionFieldIds: string[];
  title: string;
  description: string;
  conceptVersion: number | null;
  status: string;
  assessment: string | null;
  reviewingClosed: boolean;
  achievedReviewId: string | null;
  abandonReason: string | null;
  closedAt: string | null;
  version: number;
  indicators: IndicatorView[];
  reviews: {
    reviewId: string;
    kind: string;
    assessment: string;
    recordedBy: string;
    measurements: (Value & { indicatorId: string; progressPercent: number | null; target: Value })[];
    successControl: { goalAchievement: string; effect: string; costEffectiveness: string };
  }[];
  revisions: { revisedBy: string; reason: string | null; changes: Record<string, unknown>; previous: Record<string, unknown> }[];
}
interface GoalsPage {
  goals: {
    edges: { cursor: string; node: { id: string; title: string; status: string; actionFieldIds: string[] } }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

const successControl = {
  goalAchievement: 'Long-term unemployment fell by a quarter of the planned reduction',
  effect: 'Job coaching (measure M-3) placed 40 residents; the regional trend explains the rest',
  costEffectiveness: 'Cost per placement below the state average',
};

function indicatorInputs() {
  return [
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
    {
      // No id: the server derives one from the command id.
      code: 'RCO 74',
      name: 'Share of children under 3 in day care',
      unit: '%',
      measureType: 'PERCENTAGE',
      direction: 'ASCENDING',
      baseline: { value: 60, date: '2023-09-01', source: 'Youth office' },
      target: { value: 80, date: '2027-09-01' },
    },
    {
      indicatorId: 'actor-network',
      code: 'L-07',
      name: 'Network of local actors',
      unit: '',
      measureType: 'QUALITATIVE',
      direction: 'ASCENDING',
      baseline: { text: 'No regular exchange', date: '2023-06-01', source: 'Forum minutes' },
      target: { text: 'Monthly round table', date: '2026-06-01' },
    },
  ];
}

describe('goals, indicators and reviews (GraphQL, embedded SQLite)', () => {
  let t: TestApp;
  let districtId: string;

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AUTH, await credentialsFor(MANAGER));
    const registered = dataOf(
      await t.gql<{ registerDistrict: { districtId: string } }>(
        REGISTER_DISTRICT,
        {
          input: {
            name: 'Halle-Neustadt',
            municipality: 'Halle (Saale)',
            municipalityKey: '15002000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: 'VII/2019/01234', date: '2019-06-26' },
          },
        },
        AUTH,
      ),
    );
    districtId = registered.registerDistrict.districtId;
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  function eventCount(): number {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  async function run<K extends string, R extends CommandResult>(
    mutation: string,
    name: K,
    input: Record<string, unknown>,
    options: Record<string, unknown> = {},
  ): Promise<R> {
    const response = await t.gql<Record<K, R>>(mutation, { input, options: { commandId: randomUUID(), ...options } }, AUTH);
    return dataOf(response)[name];
  }

  /** The operation is refused with exactly this code and appends nothing. */
  async function refused(code: string, mutation: string, input: Record<string, unknown>, options: Record<string, unknown> = {}) {
    const before = eventCount();
    const response = await t.gql(mutation, { input, options }, AUTH);
    expect({ codes: codesOf(response), body: response.body.data ?? null }).toEqual({ codes: [code], body: null });
    expect(eventCount()).toBe(before);
    return response;
  }

  async function goal(id: string, wait: string | null): Promise<GoalView> {
    return dataOf(await t.gql<{ goal: GoalView }>(GOAL, { id, wait }, AUTH)).goal;
  }

  const defineInput = (overrides: Record<string, unknown> = {}) => ({
    districtId,
    actionFieldIds: ['employment-local-economy', 'social-infrastructure-youth'],
    title: 'More residents in work, more children in day care',
    description: 'Goal 2.1 of the ISEK',
    indicators: indicatorInputs(),
    ...overrides,
  });

  const reviewInput = (goalId: string, overrides: Record<string, unknown> = {}) => ({
    goalId,
    reviewedOn: '2025-02-15',
    period: { from: '2024-01-01', to: '2024-12-31' },
    kind: 'ONGOING',
    measurements: [
      { indicatorId: 'long-term-unemployed', value: 375, measuredOn: '2024-12-31', source: 'Jobcenter 2024' },
    ],
    assessment: 'ON_TRACK',
    successControl,
    recommendations: ['Extend job coaching to young adults'],
    ...overrides,
  });

  it('walks a goal through definition, revision, indicators, reviews and achievement', async () => {
    // Define.
    const defineCommandId = randomUUID();
    const defined = await run<'defineGoal', CommandResult & { goalId: string; indicatorIds: string[] }>(
      DEFINE,
      'defineGoal',
      defineInput(),
      { commandId: defineCommandId },
    );
    expect(defined).toMatchObject({ streamId: `goal-${defined.goalId}`, streamVersion: 0, eventCount: 1, repeated: false });
    const [unemployedId, dayCareId, networkId] = defined.indicatorIds;
    expect(unemployedId).toBe('long-term-unemployed');
    expect(dayCareId).toMatch(/^[0-9a-f-]{36}$/);
    const goalId = defined.goalId;

    // The same command id again: the first outcome, nothing appended.
    const before = eventCount();
    const again = await run<'defineGoal', CommandResult & { goalId: string }>(DEFINE, 'defineGoal', defineInput(), {
      commandId: defineCommandId,
    });
    expect(again).toMatchObject({ goalId, repeated: true, eventCount: 1 });
    expect(eventCount()).toBe(before);

    let view = await goal(goalId, defined.position);
    expect(view).toMatchObject({
      id: goalId,
      districtId,
      actionFieldIds: ['employment-local-economy', 'social-infrastructure-youth'],
      status: 'ACTIVE',
      assessment: null,
      reviewingClosed: false,
        version: 0,
      reviews: [],
      revisions: [],
    });
    expect(view.indicators.map((i) => i.indicatorId)).toEqual(defined.indicatorIds);
    expect(view.indicators[0]).toMatchObject({
      code: 'L-01',
      measureType: 'UNIT',
      direction: 'DESCENDING',
      baseline: { value: 400, text: null, date: '2023-12-31', source: 'Jobcenter statistics' },
      target: { value: 300, text: null, date: '2027-12-31' },
      latestActual: null,
      progressPercent: null,
      actuals: [],
      retired: false,
    });
    expect(view.indicators[2]).toMatchObject({ baseline: { value: null, text: 'No regular exchange' } });

    // Revise: a reason is required; the history keeps old and new values.
    await refused('BAD_USER_INPUT', REVISE, { goalId, title: 'More residents in work' });
    const revised = await run(
      REVISE,
      'reviseGoal',
      {
        goalId,
        title: 'More residents in work',
        actionFieldIds: ['employment-local-economy'],
        targets: [{ indicatorId: dayCareId, target: { value: 90, date: '2028-09-01' } }],
      },
      { reason: 'Steering round decision of 12 May 2024' },
    );
    expect(revised.eventCount).toBe(1);
    view = await goal(goalId, revised.position);
    expect(view.title).toBe('More residents in work');
    expect(view.actionFieldIds).toEqual(['employment-local-economy']);
    expect(view.indicators[1].target).toEqual({ value: 90, text: null, date: '2028-09-01' });
    expect(view.revisions).toEqual([
      {
        revisedAt: expect.any(String),
        revisedBy: 'e2e-goals-manager',
        reason: 'Steering round decision of 12 May 2024',
        changes: {
          title: 'More residents in work',
          actionFieldIds: ['employment-local-economy'],
          targets: [{ indicatorId: dayCareId, target: { value: 90, date: '2028-09-01' } }],
        },
        previous: {
          title: 'More residents in work, more children in day care',
          actionFieldIds: ['employment-local-economy', 'social-infrastructure-youth'],
          targets: [{ indicatorId: dayCareId, target: { value: 80, date: '2027-09-01' } }],
        },
      },
    ]);

    // Add and retire indicators.
    const added = await run<'addGoalIndicator', CommandResult & { indicatorId: string }>(ADD_INDICATOR, 'addGoalIndicator', {
      goalId,
      indicator: {
        indicatorId: 'youth-centre-visits',
        code: 'L-09',
        name: 'Visits to the youth centre per month',
        unit: 'visits',
        measureType: 'UNIT',
        direction: 'ASCENDING',
        baseline: { value: 200, date: '2024-01-31', source: 'Youth centre log' },
        target: { value: 300, date: '2026-12-31' },
      },
    });
    expect(added.indicatorId).toBe('youth-centre-visits');
    await refused('BAD_USER_INPUT', RETIRE_INDICATOR, { goalId, indicatorId: networkId });
    const retired = await run(RETIRE_INDICATOR, 'retireGoalIndicator', { goalId, indicatorId: networkId }, {
      reason: 'The round table is run by the city now',
    });
    view = await goal(goalId, retired.position);
    expect(view.indicators.map((i) => [i.indicatorId, i.retired])).toEqual([
      [unemployedId, false],
      [dayCareId, false],
      [networkId, true],
      ['youth-centre-visits', false],
    ]);
    expect(view.indicators[2].retirementReason).toBe('The round table is run by the city now');

    // A review naming an unknown or a retired indicator breaks a rule and records nothing.
    const unknownIndicator = [{ indicatorId: 'no-such-indicator', value: 1, measuredOn: '2024-12-31', source: 'x' }];
    const unknown = await refused('DOMAIN_RULE', REVIEW, reviewInput(goalId, { measurements: unknownIndicator }));
    expect(unknown.body.errors?.[0].message).toMatch(/has no indicator no-such-indicator/);
    const retiredIndicator = [{ indicatorId: networkId, text: 'Meets monthly', measuredOn: '2024-12-31', source: 'x' }];
    await refused('DOMAIN_RULE', REVIEW, reviewInput(goalId, { measurements: retiredIndicator }));

    // An ongoing review.
    const first = await run<'recordGoalReview', CommandResult & { reviewId: string }>(
      REVIEW,
      'recordGoalReview',
      reviewInput(goalId, {
        measurements: [
          { indicatorId: unemployedId, value: 375, measuredOn: '2024-12-31', source: 'Jobcenter 2024' },
          { indicatorId: dayCareId, value: 75, measuredOn: '2024-09-01', source: 'Youth office 2024' },
        ],
      }),
    );
    view = await goal(goalId, first.position);
    expect(view.assessment).toBe('ON_TRACK');
    expect(view.indicators[0]).toMatchObject({
      progressPercent: 25,
      latestActual: { reviewId: first.reviewId, value: 375, progressPercent: 25, source: 'Jobcenter 2024' },
    });
    expect(view.indicators[1]).toMatchObject({ progressPercent: 50, latestActual: { value: 75, progressPercent: 50 } });
    expect(view.indicators[3]).toMatchObject({ latestActual: null, progressPercent: null });
    expect(view.reviews).toHaveLength(1);
    expect(view.reviews[0]).toMatchObject({
      reviewId: first.reviewId,
      kind: 'ONGOING',
      recordedBy: 'e2e-goals-manager',
      successControl,
      measurements: [
        { indicatorId: unemployedId, value: 375, progressPercent: 25, target: { value: 300 } },
        { indicatorId: dayCareId, value: 75, progressPercent: 50, target: { value: 90 } },
      ],
    });

    // A revised target changes the current progress, not what the review froze.
    const retargeted = await run(
      REVISE,
      'reviseGoal',
      { goalId, targets: [{ indicatorId: unemployedId, target: { value: 350, date: '2027-12-31' } }] },
      { reason: 'Target adjusted to the labour market forecast' },
    );
    view = await goal(goalId, retargeted.position);
    expect(view.indicators[0].progressPercent).toBe(50);
    expect(view.indicators[0].latestActual?.progressPercent).toBe(25);
    expect(view.reviews[0].measurements[0]).toMatchObject({ progressPercent: 25, target: { value: 300 } });

    // Reviews are dated in order; the goal is not achieved by an ON_TRACK review.
    await refused('DOMAIN_RULE', REVIEW, reviewInput(goalId, { reviewedOn: '2025-02-14' }));
    await refused('DOMAIN_RULE', MARK_ACHIEVED, { goalId, reviewId: first.reviewId });

    // The final review measures every active indicator, closes reviewing and lets the goal be marked achieved.
    const finalMeasurements = [
      { indicatorId: unemployedId, value: 340, measuredOn: '2025-12-31', source: 'Jobcenter 2025' },
      { indicatorId: dayCareId, value: 91, measuredOn: '2025-09-01', source: 'Youth office 2025' },
      { indicatorId: 'youth-centre-visits', value: 310, measuredOn: '2025-12-31', source: 'Youth centre log' },
    ];
    await refused('DOMAIN_RULE', REVIEW, reviewInput(goalId, {
      reviewedOn: '2026-02-01',
      period: { from: '2025-01-01', to: '2025-12-31' },
      kind: 'FINAL',
      assessment: 'ACHIEVED',
      measurements: finalMeasurements.slice(0, 2),
    }));
    const final = await run<'recordGoalReview', CommandResult & { reviewId: string }>(
      REVIEW,
      'recordGoalReview',
      reviewInput(goalId, {
        reviewedOn: '2026-02-01',
        period: { from: '2025-01-01', to: '2025-12-31' },
        kind: 'FINAL',
        assessment: 'ACHIEVED',
        measurements: finalMeasurements,
        recommendations: [],
      }),
    );
    view = await goal(goalId, final.position);
    expect(view).toMatchObject({ assessment: 'ACHIEVED', reviewingClosed: true, status: 'ACTIVE' });
    expect(view.indicators[0].actuals.map((a) => [a.value, a.progressPercent])).toEqual([
      [375, 25],
      [340, 100],
    ]);
    await refused('DOMAIN_RULE', REVIEW, reviewInput(goalId, { reviewedOn: '2026-03-01' }));
    await refused('DOMAIN_RULE', REVISE, { goalId, title: 'Late change' }, { reason: 'Too late' });

    const achieved = await run(MARK_ACHIEVED, 'markGoalAchieved', { goalId, reviewId: final.reviewId });
    view = await goal(goalId, achieved.position);
    expect(view).toMatchObject({ status: 'ACHIEVED', achievedReviewId: final.reviewId, closedAt: expect.any(String) });

    // Nothing changes after achievement.
    await refused('DOMAIN_RULE', ABANDON, { goalId }, { reason: 'Changed our mind' });
    await refused('DOMAIN_RULE', ADD_INDICATOR, {
      goalId,
      indicator: { ...indicatorInputs()[0], indicatorId: 'late-indicator' },
    });
  });

  it('abandons a goal only with a reason', async () => {
    const defined = await run<'defineGoal', CommandResult & { goalId: string }>(DEFINE, 'defineGoal', defineInput({ title: 'A goal to abandon' }));
    await refused('BAD_USER_INPUT', ABANDON, { goalId: defined.goalId });
    const abandoned = await run(ABANDON, 'abandonGoal', { goalId: defined.goalId }, { reason: 'Funding ended' });
    const view = await goal(defined.goalId, abandoned.position);
    expect(view).toMatchObject({ status: 'ABANDONED', abandonReason: 'Funding ended', closedAt: expect.any(String) });
    await refused('DOMAIN_RULE', REVIEW, reviewInput(defined.goalId));
  });

  it('refuses definitions that break a rule (DOMAIN_RULE) and commands on unknown goals (NOT_FOUND)', async () => {
    await refused('DOMAIN_RULE', DEFINE, defineInput({ districtId: randomUUID() }));
    await refused('DOMAIN_RULE', DEFINE, defineInput({ actionFieldIds: ['no-such-field'] }));
    const [unemployed, ...rest] = indicatorInputs();
    await refused('DOMAIN_RULE', DEFINE, defineInput({ indicators: [{ ...unemployed, target: { value: 450, date: '2027-12-31' } }, ...rest] }));
    await refused('DOMAIN_RULE', DEFINE, defineInput({ indicators: [{ ...unemployed, target: { value: 300, date: '2020-01-01' } }] }));
    // The district has adopted no concept version: none can be cited, for the goal or the review.
    await refused('DOMAIN_RULE', DEFINE, defineInput({ conceptVersion: 1 }));
    const defined = await run<'defineGoal', CommandResult & { goalId: string }>(DEFINE, 'defineGoal', defineInput({ title: 'Concept checks' }));
    const notInForce = await refused('DOMAIN_RULE', REVIEW, reviewInput(defined.goalId, { conceptVersion: 1 }));
    expect(notInForce.body.errors?.[0].message).toMatch(/not in force/);
    // No new goals in a district whose programme was closed.
    const closing = dataOf(
      await t.gql<{ registerDistrict: { districtId: string } }>(
        REGISTER_DISTRICT,
        {
          input: {
            name: 'Silberhöhe',
            municipality: 'Halle (Saale)',
            municipalityKey: '15002000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: 'III/2001/00042', date: '2001-03-14' },
          },
        },
        AUTH,
      ),
    ).registerDistrict.districtId;
    dataOf(
      await t.gql(
        CLOSE_DISTRICT,
        { input: { districtId: closing, closedOn: '2024-12-31', reason: 'Programme completed' } },
        AUTH,
      ),
    );
    await refused('DOMAIN_RULE', DEFINE, defineInput({ districtId: closing }));
    await refused('NOT_FOUND', REVIEW, reviewInput(randomUUID()));
    await refused('NOT_FOUND', ABANDON, { goalId: randomUUID() }, { reason: 'x' });
    const missing = await t.gql(GOAL, { id: randomUUID() }, AUTH);
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
  });

  it('refuses invalid input (BAD_USER_INPUT) and records nothing', async () => {
    const [unemployed, dayCare] = indicatorInputs();
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ districtId: 'not-a-uuid' }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ title: '' }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ actionFieldIds: [] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ conceptVersion: 0 }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...unemployed, code: 'RCO 74; DROP' }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...unemployed, measureType: 'VIBES' }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...unemployed, baseline: { ...unemployed.baseline, date: '2023-02-30' } }] }));
    // A value and a text at once; a text for a number indicator; a share above 100.
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...unemployed, target: { value: 300, text: 'less', date: '2027-12-31' } }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...unemployed, target: { text: 'less', date: '2027-12-31' } }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [{ ...dayCare, target: { value: 120, date: '2027-09-01' } }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ indicators: [unemployed, { ...dayCare, indicatorId: unemployed.indicatorId }] }));
    await refused('BAD_USER_INPUT', DEFINE, defineInput({ unknownField: true }));

    const defined = await run<'defineGoal', CommandResult & { goalId: string }>(DEFINE, 'defineGoal', defineInput({ title: 'Input checks' }));
    const goalId = defined.goalId;
    await refused('BAD_USER_INPUT', REVIEW, reviewInput(goalId, { reviewedOn: '15.02.2025' }));
    await refused('BAD_USER_INPUT', REVIEW, reviewInput(goalId, { kind: 'MIDTERM' }));
    await refused('BAD_USER_INPUT', REVIEW, reviewInput(goalId, { measurements: [] }));
    await refused('BAD_USER_INPUT', REVIEW, reviewInput(goalId, { successControl: { ...successControl, effect: '' } }));
    await refused('BAD_USER_INPUT', REVIEW, reviewInput(goalId, {
      measurements: [{ indicatorId: 'long-term-unemployed', measuredOn: '2024-12-31', source: 'x' }],
    }));
    await refused('BAD_USER_INPUT', MARK_ACHIEVED, { goalId, reviewId: 'not-a-uuid' });
    await refused('BAD_USER_INPUT', RETIRE_INDICATOR, { goalId, indicatorId: 'bad id with spaces' }, { reason: 'x' });
    expect(codesOf(await t.gql(GOALS, { status: 'FINISHED' }, AUTH))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(GOALS, { first: 0 }, AUTH))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists goals by district, action field and status, page by page', async () => {
    const otherDistrict = dataOf(
      await t.gql<{ registerDistrict: { districtId: string } }>(
        REGISTER_DISTRICT,
        {
          input: {
            name: 'Neustädter Feld',
            municipality: 'Magdeburg',
            municipalityKey: '15003000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: 'DS0123/20', date: '2020-03-05' },
          },
        },
        AUTH,
      ),
    ).registerDistrict.districtId;
    const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta'];
    const results: (CommandResult & { goalId: string })[] = [];
    for (const [i, title] of titles.entries()) {
      results.push(
        await run<'defineGoal', CommandResult & { goalId: string }>(
          DEFINE,
          'defineGoal',
          defineInput({
            districtId: otherDistrict,
            title,
            actionFieldIds: i % 2 === 0 ? ['housing-environment'] : ['housing-environment', 'public-space-safety'],
          }),
        ),
      );
    }
    const abandoned = await run(ABANDON, 'abandonGoal', { goalId: results[3].goalId }, { reason: 'Merged into Bravo' });
    const wait = abandoned.position;
    const list = async (variables: Record<string, unknown>) => {
      const titlesSeen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: GoalsPage['goals'] = dataOf(await t.gql<GoalsPage>(GOALS, { ...variables, first: 2, after, wait }, AUTH)).goals;
        titlesSeen.push(...page.edges.map((e) => e.node.title));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return titlesSeen;
    };
    expect(await list({ districtId: otherDistrict })).toEqual(titles);
    expect(await list({ districtId: otherDistrict, status: 'ACTIVE' })).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await list({ districtId: otherDistrict, status: 'ABANDONED' })).toEqual(['Delta']);
    expect(await list({ districtId: otherDistrict, actionFieldId: 'housing-environment' })).toEqual(titles);
    expect(await list({ districtId: otherDistrict, actionFieldId: 'public-space-safety' })).toEqual(['Bravo', 'Delta']);
    expect(await list({ actionFieldId: 'public-space-safety', status: 'ACTIVE' })).toEqual(['Bravo']);

    // Moving a goal to other action fields moves it between the lists.
    const moved = await run(
      REVISE,
      'reviseGoal',
      { goalId: results[1].goalId, actionFieldIds: ['coordination-networking'], title: 'Bravo (networking)' },
      { reason: 'Re-assigned by the steering round' },
    );
    const afterMove = async (variables: Record<string, unknown>) =>
      dataOf(await t.gql<GoalsPage>(GOALS, { ...variables, wait: moved.position }, AUTH)).goals.edges.map((e) => e.node.title);
    expect(await afterMove({ districtId: otherDistrict, actionFieldId: 'public-space-safety' })).toEqual(['Delta']);
    expect(await afterMove({ districtId: otherDistrict, actionFieldId: 'coordination-networking' })).toEqual(['Bravo (networking)']);
    expect(await afterMove({ districtId: otherDistrict, actionFieldId: 'housing-environment' })).toEqual(['Alpha', 'Charlie', 'Delta']);

    // A rebuild from the log reads the same, links included.
    const snapshot = async () => ({
      goals: await Promise.all(results.map((r) => goal(r.goalId, null))),
      byField: await afterMove({ districtId: otherDistrict, actionFieldId: 'housing-environment' }),
      moved: await afterMove({ actionFieldId: 'coordination-networking', status: 'ACTIVE' }),
    });
    const beforeRebuild = await snapshot();
    const rebuilt = await t.gql<{ rebuildProjection: boolean }>(`mutation { rebuildProjection(name: "goals") }`);
    expect(dataOf(rebuilt).rebuildProjection).toBe(true);
    expect(await snapshot()).toEqual(beforeRebuild);
  });
});
