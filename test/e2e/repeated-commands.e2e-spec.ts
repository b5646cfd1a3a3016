import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { authHeaders, DEV_IDENTITY, type TestUser } from '../support/auth';
import { countEvents } from '../support/events';

/**
 * A repeated command id answers the first outcome exactly — after other commands advanced the stream too, and for
 * commands that span several streams — and records nothing; the same id sent with another request is refused.
 */

jest.setTimeout(90_000);

const MANAGER: TestUser = { id: 'repeat-manager', role: 'district_manager' };
const OFFICER: TestUser = { id: 'repeat-officer', role: 'funding_officer' };
const PROGRAMME_ID = 'biwaq-repeats';
const OUTCOME = 'commandId streamId streamVersion position eventCount repeated';

/** Each mutation with every field its payload has. */
const MUTATIONS = {
  registerDistrict: ['RegisterDistrictInput', `${OUTCOME} districtId`],
  updateDistrictProfile: ['UpdateDistrictProfileInput', OUTCOME],
  recordContextIndicatorValue: ['RecordContextIndicatorValueInput', OUTCOME],
  establishBody: ['EstablishBodyInput', `${OUTCOME} bodyId`],
  recordMeeting: ['RecordMeetingInput', `${OUTCOME} meetingId`],
  defineGoal: ['DefineGoalInput', `${OUTCOME} goalId indicatorIds`],
  addGoalIndicator: ['AddGoalIndicatorInput', `${OUTCOME} indicatorId`],
  planMeasure: ['PlanMeasureInput', `${OUTCOME} measureId`],
  approveMeasure: ['ApproveMeasureInput', OUTCOME],
  startMeasure: ['StartMeasureInput', OUTCOME],
  reportMeasureProgress: ['ReportMeasureProgressInput', OUTCOME],
  addFundingProgramme: ['AddFundingProgrammeInput', OUTCOME],
  submitGrantApplication: ['SubmitGrantApplicationInput', `${OUTCOME} grantId`],
  approveGrant: ['ApproveGrantInput', OUTCOME],
  disburseGrantFunds: ['DisburseGrantFundsInput', `${OUTCOME} disbursementId`],
  recordExpenditure: ['RecordExpenditureInput', `${OUTCOME} expenditureId`],
} as const;
type MutationName = keyof typeof MUTATIONS;

const documentOf = (name: MutationName) => {
  const [inputType, fields] = MUTATIONS[name];
  return `mutation Run($input: ${inputType}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${fields} }
  }`;
};

type Payload = Record<string, unknown> & { streamId: string; streamVersion: number; position: string; repeated: boolean };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const districtInput = (districtId: string) => ({
  districtId,
  name: 'Silberhöhe',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: 'V/2019/0815', date: '2019-06-26' },
});
const indicator = (code: string) => ({
  code,
  name: 'Long-term unemployed residents',
  unit: 'persons',
  measureType: 'UNIT',
  direction: 'DESCENDING',
  baseline: { value: 400, date: '2023-12-31', source: 'Jobcenter statistics' },
  target: { value: 300, date: '2027-12-31' },
});
const measureInput = (districtId: string, measureId: string, code: string, title = 'Qualification workshop') => ({
  measureId,
  code,
  title,
  districtId,
  actionFieldIds: ['employment-local-economy'],
  sponsor: { name: 'Bildungswerk Silberhöhe e.V.', type: 'ASSOCIATION' },
  location: 'Stadtteilzentrum',
  plannedStartDate: '2026-04-01',
  plannedEndDate: '2027-12-31',
  resources: [],
  targetGroups: ['long-term unemployed'],
});
const grantInput = (districtId: string, measureIds: string[], grantId: string) => ({
  grantId,
  programmeId: PROGRAMME_ID,
  districtId,
  measureIds,
  requestedAmount: 80_000_00,
  plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
  period: { from: '2026-01-01', to: '2027-12-31' },
  earlyStartRequested: false,
});
const approval = (grantId: string) => ({
  grantId,
  referenceNumber: `BIWAQ-${grantId.slice(0, 8)}`,
  authority: 'Bundesverwaltungsamt',
  approvedOn: '2026-03-15',
  purpose: 'Qualification of long-term unemployed residents',
  financingType: 'SHARE',
  maximumAmount: 60_000_00,
  eligibleExpenditure: 100_000_00,
  approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
  reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
});
const expenditureInput = (grantId: string, receipt: string, amount = 300_00) => ({
  grantId,
  date: '2026-05-10',
  payee: 'Druckerei am Markt GmbH',
  purpose: 'Flyers for the course',
  amount,
  budgetLine: '3.2 Öffentlichkeitsarbeit',
  receiptReference: receipt,
  receiptFileHash: sha256(receipt),
  receiptTotal: 1_000_00,
});

describe('repeated command ids', () => {
  let t: TestApp;
  let store: EventStore;

  const run = (principal: TestUser, name: MutationName, input: object, options: object = {}) =>
    t.gql<Record<string, Payload>>(documentOf(name), { input, options }, authHeaders(principal));
  async function ok(principal: TestUser, name: MutationName, input: object, options: object = {}): Promise<Payload> {
    return dataOf(await run(principal, name, input, options))[name];
  }
  const errorOf = (response: GqlResponse<unknown>) => {
    const [error] = response.body.errors ?? [];
    return { code: error?.extensions?.code, conflict: error?.extensions?.conflict };
  };

  /** Sends `name` under `commandId`, lets `advance` change the streams it wrote, repeats it: the same answer. */
  async function expectFirstOutcomeAfter(
    principal: TestUser,
    name: MutationName,
    input: object,
    advance: (first: Payload) => Promise<unknown>,
  ): Promise<Payload> {
    const options = { commandId: randomUUID(), reason: 'repeated-command test' };
    const first = await ok(principal, name, input, options);
    expect(first.repeated).toBe(false);
    await advance(first);
    const before = await countEvents(store);
    const again = await ok(principal, name, input, options);
    expect({ name, payload: again }).toEqual({ name, payload: { ...first, repeated: true } });
    expect(await countEvents(store)).toBe(before);
    return first;
  }

  let districtId: string;

  beforeAll(async () => {
    t = await startApp(DEV_IDENTITY);
    store = t.app.get<EventStore>(EVENT_STORE);
    await ok({ id: 'repeat-admin', role: 'admin' }, 'addFundingProgramme', {
      programmeId: PROGRAMME_ID,
      name: 'BIWAQ',
      level: 'FEDERAL',
      fund: 'ESF Plus',
      legalBasis: 'Förderrichtlinie BIWAQ V',
      generalConditions: 'ANBest-P 2019',
      retentionYears: 10,
    });
    districtId = randomUUID();
    await ok(MANAGER, 'registerDistrict', districtInput(districtId));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  describe('answer the first outcome after the stream moved on', () => {
    it('for commands on one stream: a registration, a goal with derived ids, a meeting', async () => {
      const otherDistrict = randomUUID();
      const registered = await expectFirstOutcomeAfter(MANAGER, 'registerDistrict', districtInput(otherDistrict), () =>
        ok(MANAGER, 'updateDistrictProfile', { districtId: otherDistrict, name: 'Silberhöhe-Süd' }),
      );
      expect(registered).toMatchObject({ districtId: otherDistrict, streamVersion: 0, eventCount: 1 });

      // No ids in the input: the goal's and its indicators' ids are derived from the command id.
      const goal = await expectFirstOutcomeAfter(
        MANAGER,
        'defineGoal',
        {
          districtId,
          actionFieldIds: ['employment-local-economy'],
          title: 'More residents in work',
          description: 'Goal of the concept',
          indicators: [indicator('L-01'), indicator('L-02')],
        },
        async ({ goalId }) => {
          await ok(MANAGER, 'addGoalIndicator', { goalId, indicator: indicator('L-03') });
          await ok(MANAGER, 'addGoalIndicator', { goalId, indicator: indicator('L-04') });
        },
      );
      expect(goal).toMatchObject({ streamVersion: 0, eventCount: 1, indicatorIds: [expect.any(String), expect.any(String)] });

      const bodyId = randomUUID();
      await ok(MANAGER, 'establishBody', {
        bodyId,
        districtId,
        kind: 'RESIDENT_FORUM',
        name: 'Bewohnerforum Silberhöhe',
        establishedOn: '2020-01-15',
      });
      const meeting = (heldOn: string) => ({ bodyId, heldOn, attendance: 23, agendaItems: ['Wohnumfeld'] });
      const met = await expectFirstOutcomeAfter(MANAGER, 'recordMeeting', meeting('2026-01-20'), () =>
        ok(MANAGER, 'recordMeeting', meeting('2026-02-17')),
      );
      expect(met).toMatchObject({ streamId: `body-${bodyId}`, streamVersion: 1 });
    });

    it('for commands that span streams: a plan with its code, an application with its links, a start, an expenditure with its receipt', async () => {
      const measureId = randomUUID();
      const plan = await expectFirstOutcomeAfter(MANAGER, 'planMeasure', measureInput(districtId, measureId, 'SH-1'), () =>
        ok(OFFICER, 'approveMeasure', { measureId, approvedOn: '2026-02-01' }),
      );
      expect(plan).toMatchObject({ measureId, streamId: `measure-${measureId}`, streamVersion: 0, eventCount: 1 });

      const grantId = randomUUID();
      const application = await expectFirstOutcomeAfter(
        MANAGER,
        'submitGrantApplication',
        grantInput(districtId, [measureId], grantId),
        () => ok(OFFICER, 'approveGrant', approval(grantId)),
      );
      expect(application).toMatchObject({ grantId, streamId: `grant-${grantId}`, streamVersion: 0, eventCount: 1 });

      // The start confirms it on the grant first, then starts the measure; both streams move on afterwards.
      const started = await expectFirstOutcomeAfter(
        MANAGER,
        'startMeasure',
        { measureId, actualStartDate: '2026-04-02' },
        async () => {
          await ok(MANAGER, 'reportMeasureProgress', { measureId, reportedOn: '2026-05-01', progressPercent: 10 });
          await ok(OFFICER, 'disburseGrantFunds', { grantId, amount: 10_000_00, neededBy: '2026-05-01', paidOn: '2026-04-20' });
        },
      );
      expect(started).toMatchObject({ streamId: `measure-${measureId}`, eventCount: 1 });

      const receipt = `RE-${randomUUID()}`;
      const expenditure = await expectFirstOutcomeAfter(MANAGER, 'recordExpenditure', expenditureInput(grantId, receipt), () =>
        ok(MANAGER, 'recordExpenditure', expenditureInput(grantId, receipt, 200_00)),
      );
      expect(expenditure).toMatchObject({ streamId: `grant-${grantId}`, eventCount: 1, expenditureId: expect.any(String) });

      await expectFirstOutcomeAfter(
        OFFICER,
        'disburseGrantFunds',
        { grantId, amount: 5_000_00, neededBy: '2026-06-01', paidOn: '2026-05-20' },
        () => ok(OFFICER, 'disburseGrantFunds', { grantId, amount: 5_000_00, neededBy: '2026-07-01', paidOn: '2026-06-20' }),
      );
    });
  });

  describe('refuse a command id sent again with another request', () => {
    it('refuses other input, another mutation on the same stream, and other options with CONFLICT COMMAND_ID_REUSED; records nothing', async () => {
      const commandId = randomUUID();
      await ok(MANAGER, 'updateDistrictProfile', { districtId, name: 'Silberhöhe (Halle)' }, { commandId });
      const before = await countEvents(store);

      const otherInput = await run(MANAGER, 'updateDistrictProfile', { districtId, name: 'Silberhöhe-Nord' }, { commandId });
      expect(errorOf(otherInput)).toEqual({ code: 'CONFLICT', conflict: 'COMMAND_ID_REUSED' });
      const otherReason = await run(MANAGER, 'updateDistrictProfile', { districtId, name: 'Silberhöhe (Halle)' }, { commandId, reason: 'x' });
      expect(errorOf(otherReason)).toEqual({ code: 'CONFLICT', conflict: 'COMMAND_ID_REUSED' });
      const otherMutation = await run(
        MANAGER,
        'recordContextIndicatorValue',
        { districtId, indicatorKey: 'unemployment_rate', value: 12.5, unit: 'percent', referenceDate: '2025-12-31', source: 'Statistik' },
        { commandId },
      );
      expect(errorOf(otherMutation)).toEqual({ code: 'CONFLICT', conflict: 'COMMAND_ID_REUSED' });
      expect(await countEvents(store)).toBe(before);

      // The same request is still answered with its first outcome.
      expect((await ok(MANAGER, 'updateDistrictProfile', { districtId, name: 'Silberhöhe (Halle)' }, { commandId })).repeated).toBe(true);
    });

    it('refuses other input of a command that spans streams before any stream is touched', async () => {
      const commandId = randomUUID();
      const measureId = randomUUID();
      await ok(MANAGER, 'planMeasure', measureInput(districtId, measureId, 'SH-2'), { commandId });
      const before = await countEvents(store);
      const renamed = await run(MANAGER, 'planMeasure', measureInput(districtId, measureId, 'SH-2', 'Another title'), { commandId });
      expect(errorOf(renamed)).toEqual({ code: 'CONFLICT', conflict: 'COMMAND_ID_REUSED' });

      const grantId = randomUUID();
      await ok(MANAGER, 'submitGrantApplication', grantInput(districtId, [measureId], grantId));
      await ok(OFFICER, 'approveGrant', approval(grantId));
      const expenditure = { commandId: randomUUID() };
      const receipt = `RE-${randomUUID()}`;
      await ok(MANAGER, 'recordExpenditure', expenditureInput(grantId, receipt), expenditure);
      const middle = await countEvents(store);
      const more = await run(MANAGER, 'recordExpenditure', expenditureInput(grantId, receipt, 400_00), expenditure);
      expect(errorOf(more)).toEqual({ code: 'CONFLICT', conflict: 'COMMAND_ID_REUSED' });
      expect(await countEvents(store)).toBe(middle);
      expect((await store.readStream(`receipt-${sha256(receipt)}`)).map((event) => event.data.amount)).toEqual([300_00]);
      expect(middle).toBeGreaterThan(before);
    });

    it('runs a command again whose first attempt was refused and recorded nothing', async () => {
      const measureId = randomUUID();
      await ok(MANAGER, 'planMeasure', measureInput(districtId, measureId, 'SH-3'));
      const grantId = randomUUID();
      await ok(MANAGER, 'submitGrantApplication', grantInput(districtId, [measureId], grantId));
      const disbursement = { grantId, amount: 1_000_00, neededBy: '2026-05-01', paidOn: '2026-04-20' };
      const options = { commandId: randomUUID() };
      expect(errorOf(await run(OFFICER, 'disburseGrantFunds', disbursement, options)).code).toBe('DOMAIN_RULE');
      await ok(OFFICER, 'approveGrant', approval(grantId));
      expect(await ok(OFFICER, 'disburseGrantFunds', disbursement, options)).toMatchObject({ repeated: false, eventCount: 1 });
    });
  });
});
