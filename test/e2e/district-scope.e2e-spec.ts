import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { countEvents } from '../support/events';
import { authHeaders, DEV_IDENTITY, type TestUser } from '../support/auth';

/**
 * District scope over GraphQL and the exports: a district manager of Halle-Neustadt neither reads nor writes the
 * records of Magdeburg Neustädter Feld, and a refused write records nothing — not even on the reservation streams
 * (measure codes, receipts) that a write to another stream would touch first.
 */

jest.setTimeout(90_000);

const ADMIN: TestUser = { id: 'scope-admin', role: 'admin' };
const OFFICER: TestUser = { id: 'scope-officer', role: 'funding_officer' };
const PROGRAMME_ID = 'biwaq-scope';

const mutation = (name: string, inputType: string) => `
  mutation Run($input: ${inputType}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { position repeated }
  }`;
const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput');
const UPDATE_DISTRICT = mutation('updateDistrictProfile', 'UpdateDistrictProfileInput');
const ESTABLISH_BODY = mutation('establishBody', 'EstablishBodyInput');
const DEFINE_GOAL = mutation('defineGoal', 'DefineGoalInput');
const REVISE_GOAL = mutation('reviseGoal', 'ReviseGoalInput');
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput');
const APPROVE_MEASURE = mutation('approveMeasure', 'ApproveMeasureInput');
const REPORT_PROGRESS = mutation('reportMeasureProgress', 'ReportMeasureProgressInput');
const ADD_ACTION_FIELD = mutation('addActionField', 'ActionFieldInput');
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT_GRANT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput');
const SUPPLEMENT_GRANT = mutation('supplementGrantApplication', 'SupplementGrantApplicationInput');
const APPROVE_GRANT = mutation('approveGrant', 'ApproveGrantInput');
const RECORD_EXPENDITURE = mutation('recordExpenditure', 'RecordExpenditureInput');

interface DistrictRecords {
  districtId: string;
  bodyId: string;
  goalId: string;
  measureId: string;
  grantId: string;
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const districtInput = (districtId: string, name: string) => ({
  districtId,
  name,
  municipality: name,
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: `V/${name}`, date: '2019-06-26' },
});
const goalInput = (districtId: string, goalId: string = randomUUID()) => ({
  goalId,
  districtId,
  actionFieldIds: ['employment-local-economy'],
  title: 'More residents in work',
  description: 'Goal of the concept',
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
const measureInput = (districtId: string, measureId: string = randomUUID(), code = `SC-${measureId.slice(0, 8)}`) => ({
  measureId,
  code,
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
const grantInput = (districtId: string, measureId: string, grantId: string = randomUUID()) => ({
  grantId,
  programmeId: PROGRAMME_ID,
  districtId,
  measureIds: [measureId],
  requestedAmount: 80_000_00,
  plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
  period: { from: '2026-01-01', to: '2027-12-31' },
  earlyStartRequested: false,
});
const expenditureInput = (grantId: string) => {
  const receiptReference = `RE-${randomUUID()}`;
  return {
    grantId,
    date: '2026-05-10',
    payee: 'Druckerei am Markt GmbH',
    purpose: 'Flyers for the course',
    amount: 300_00,
    budgetLine: '3.2 Öffentlichkeitsarbeit',
    receiptReference,
    receiptFileHash: sha256(receiptReference),
    receiptTotal: 500_00,
  };
};

describe('district scope', () => {
  let t: TestApp;
  let store: EventStore;
  let lastPosition: string;
  let halle: DistrictRecords;
  let magdeburg: DistrictRecords;
  let halleManager: TestUser;
  const magdeburgRegistration = randomUUID();

  const send = (principal: TestUser, document: string, variables: Record<string, unknown> = {}) =>
    t.gql<Record<string, unknown>>(document, variables, authHeaders(principal));

  async function ok(principal: TestUser, document: string, input: object, options: object = {}): Promise<void> {
    const payload = Object.values(dataOf(await send(principal, document, { input, options })))[0] as { position: string };
    lastPosition = payload.position;
  }

  /** A write that must be refused with FORBIDDEN and leave the log exactly as it was. */
  async function forbiddenWrite(principal: TestUser, document: string, input: object, options: object = {}) {
    const before = await countEvents(store);
    const response = await send(principal, document, { input, options });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
    expect(await countEvents(store)).toBe(before);
  }

  async function recordsOf(name: string, code: string): Promise<DistrictRecords> {
    const districtId = randomUUID();
    const records = { districtId, bodyId: randomUUID(), goalId: randomUUID(), measureId: randomUUID(), grantId: randomUUID() };
    const registration = name === 'Magdeburg' ? { commandId: magdeburgRegistration } : {};
    await ok(ADMIN, REGISTER_DISTRICT, districtInput(districtId, name), registration);
    await ok(ADMIN, ESTABLISH_BODY, {
      bodyId: records.bodyId,
      districtId,
      kind: 'RESIDENT_FORUM',
      name: `Bewohnerforum ${name}`,
      establishedOn: '2020-01-15',
    });
    await ok(ADMIN, DEFINE_GOAL, goalInput(districtId, records.goalId));
    await ok(ADMIN, PLAN_MEASURE, measureInput(districtId, records.measureId, code));
    await ok(ADMIN, SUBMIT_GRANT, grantInput(districtId, records.measureId, records.grantId));
    await ok(OFFICER, APPROVE_GRANT, {
      grantId: records.grantId,
      referenceNumber: `BIWAQ-${code}`,
      authority: 'Bundesverwaltungsamt',
      approvedOn: '2026-03-15',
      purpose: 'Qualification of long-term unemployed residents',
      financingType: 'SHARE',
      maximumAmount: 60_000_00,
      eligibleExpenditure: 100_000_00,
      approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
      reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
    });
    return records;
  }

  beforeAll(async () => {
    t = await startApp(DEV_IDENTITY);
    store = t.app.get<EventStore>(EVENT_STORE);
    await ok(ADMIN, ADD_PROGRAMME, {
      programmeId: PROGRAMME_ID,
      name: 'BIWAQ',
      level: 'FEDERAL',
      fund: 'ESF Plus',
      legalBasis: 'Förderrichtlinie BIWAQ V',
      generalConditions: 'ANBest-P 2019',
      retentionYears: 10,
    });
    halle = await recordsOf('Halle-Neustadt', 'HN-1');
    magdeburg = await recordsOf('Magdeburg', 'MD-1');
    halleManager = { id: 'stm-halle', role: 'district_manager', districts: [halle.districtId] };
    // Reads below find every record in the read models.
    dataOf(await send(ADMIN, 'query($wait: String) { actionFields(waitForPosition: $wait) { id } }', { wait: lastPosition }));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  describe('reads', () => {
    /** Single-record reads of one district's records, each naming what it reads by `$id`. */
    const singleReads = (records: DistrictRecords, asOf: string): [string, Record<string, unknown>][] => [
      ['query($id: ID!) { district(id: $id) { id } }', { id: records.districtId }],
      ['query($id: ID!, $asOf: DateTime) { district(id: $id, asOf: $asOf) { id } }', { id: records.districtId, asOf }],
      ['query($id: ID!) { body(id: $id) { id } }', { id: records.bodyId }],
      ['query($id: ID!) { goal(id: $id) { id } }', { id: records.goalId }],
      ['query($id: ID!, $asOf: DateTime) { goal(id: $id, asOf: $asOf) { id } }', { id: records.goalId, asOf }],
      ['query($id: ID!) { measure(id: $id) { id } }', { id: records.measureId }],
      ['query($id: ID!, $asOf: DateTime) { measure(id: $id, asOf: $asOf) { id } }', { id: records.measureId, asOf }],
      ['query($id: ID!) { grant(id: $id) { id } }', { id: records.grantId }],
      ['query($id: ID!, $asOf: DateTime) { grant(id: $id, asOf: $asOf) { id } }', { id: records.grantId, asOf }],
      ['query($id: ID!) { districtDashboard(districtId: $id) { districtId } }', { id: records.districtId }],
      ['query($id: ID!) { actionFieldMatrix(districtId: $id) { districtId } }', { id: records.districtId }],
      ['query($id: ID!) { bodies(districtId: $id) { edges { node { id } } } }', { id: records.districtId }],
      ['query($id: ID) { goals(districtId: $id) { edges { node { id } } } }', { id: records.districtId }],
      ['query($id: ID) { measures(districtId: $id) { edges { node { id } } } }', { id: records.districtId }],
      ['query($id: ID) { grants(districtId: $id) { edges { node { id } } } }', { id: records.districtId }],
      ['query($id: ID) { auditTrail(filter: { districtId: $id }) { edges { node { id } } } }', { id: records.districtId }],
      ['query($id: String!) { streamEvents(streamId: $id) { eventId } }', { id: `district-${records.districtId}` }],
      ['query($id: String!) { streamEvents(streamId: $id) { eventId } }', { id: `grant-${records.grantId}` }],
      ['query($id: String) { verifyEventLog(streamId: $id) { ok } }', { id: `measure-${records.measureId}` }],
    ];

    it('refuses every single record of another district with FORBIDDEN, and serves the own district', async () => {
      const now = new Date().toISOString();
      for (const [document, variables] of singleReads(magdeburg, now)) {
        const response = await send(halleManager, document, variables);
        expect({ document, codes: codesOf(response) }).toEqual({ document, codes: ['FORBIDDEN'] });
      }
      for (const [document, variables] of singleReads(halle, now)) {
        const response = await send(halleManager, document, variables);
        expect({ document, errors: response.body.errors }).toEqual({ document, errors: undefined });
      }
    });

    it('refuses what spans every district or belongs to none: the whole-log check, catalogue streams', async () => {
      expect(codesOf(await send(halleManager, '{ verifyEventLog { ok } }'))).toEqual(['FORBIDDEN']);
      const catalogue = await send(halleManager, '{ streamEvents(streamId: "catalogue-action-fields") { eventId } }');
      expect(codesOf(catalogue)).toEqual(['FORBIDDEN']);
    });

    it('follows the event feed only for an own district, named in the filter', async () => {
      const FEED = 'query($filter: EventFilter) { events(first: 1000, filter: $filter) { edges { node { subject } } } }';
      expect(codesOf(await send(halleManager, FEED))).toEqual(['FORBIDDEN']);
      expect(codesOf(await send(halleManager, FEED, { filter: { districtId: magdeburg.districtId } }))).toEqual(['FORBIDDEN']);
      const own = dataOf(await send(halleManager, FEED, { filter: { districtId: halle.districtId } })) as unknown as {
        events: { edges: { node: { subject: string } }[] };
      };
      const subjects = new Set(own.events.edges.map((e) => e.node.subject));
      for (const stream of [`district-${halle.districtId}`, `goal-${halle.goalId}`, `measure-${halle.measureId}`, `grant-${halle.grantId}`]) {
        expect(subjects).toContain(stream);
      }
      for (const id of [magdeburg.districtId, magdeburg.goalId, magdeburg.measureId, magdeburg.grantId]) {
        expect([...subjects].filter((subject) => subject.endsWith(id))).toEqual([]);
      }
    });

    it('lists only the own district: districts, goals, measures, grants, audit trail', async () => {
      const lists = `{
        districts { edges { node { id } } }
        goals { edges { node { id districtId } } }
        measures { edges { node { id districtId } } }
        grants { edges { node { id districtId } } }
        auditTrail(first: 200) { edges { node { districtId entityType } } }
      }`;
      type Lists = {
        districts: { edges: { node: { id: string } }[] };
        goals: { edges: { node: { id: string } }[] };
        measures: { edges: { node: { id: string } }[] };
        grants: { edges: { node: { id: string } }[] };
        auditTrail: { edges: { node: { districtId: string | null; entityType: string } }[] };
      };
      const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);
      const own = dataOf(await send(halleManager, lists)) as unknown as Lists;
      expect(ids(own.districts)).toEqual([halle.districtId]);
      expect(ids(own.goals)).toEqual([halle.goalId]);
      expect(ids(own.measures)).toEqual([halle.measureId]);
      expect(ids(own.grants)).toEqual([halle.grantId]);
      const ownDistricts = new Set(own.auditTrail.edges.map((edge) => edge.node.districtId));
      expect([...ownDistricts]).toEqual([halle.districtId]);
      expect(new Set(own.auditTrail.edges.map((edge) => edge.node.entityType))).toEqual(
        new Set(['district', 'body', 'goal', 'measure', 'grant']),
      );

      // The admin, for every district, sees both (and the catalogue entries, which belong to no district).
      const all = dataOf(await send(ADMIN, lists)) as unknown as Lists;
      expect(ids(all.districts).sort()).toEqual([halle.districtId, magdeburg.districtId].sort());
      expect(new Set(all.auditTrail.edges.map((edge) => edge.node.districtId))).toEqual(
        new Set([halle.districtId, magdeburg.districtId, null]),
      );
    });

    it('holds the exports to the same scope: 403 for another district, own rows only in the lists', async () => {
      const download = (path: string) => fetch(`${t.baseUrl}${path}`, { headers: authHeaders(halleManager) });
      for (const path of [
        `/exports/audit-trail.csv?districtId=${magdeburg.districtId}`,
        `/exports/audit-trail.json?districtId=${magdeburg.districtId}`,
        `/exports/grants/${magdeburg.grantId}/audit-file.json`,
        `/exports/grants/${magdeburg.grantId}/transactions.csv`,
        `/exports/measures/${magdeburg.measureId}/iati.xml`,
      ]) {
        const response = await download(path);
        expect({ path, status: response.status, body: await response.json() }).toEqual({
          path,
          status: 403,
          body: { error: expect.any(String), code: 'FORBIDDEN' },
        });
      }
      for (const path of [`/exports/grants/${halle.grantId}/audit-file.json`, `/exports/measures/${halle.measureId}/iati.xml`]) {
        const response = await download(path);
        await response.text();
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }

      const trail = (await (await download('/exports/audit-trail.json')).json()) as { entries: { districtId: string | null }[] };
      expect(trail.entries.length).toBeGreaterThan(0);
      expect(new Set(trail.entries.map((entry) => entry.districtId))).toEqual(new Set([halle.districtId]));
      const trailCsv = await (await download('/exports/audit-trail.csv')).text();
      expect(trailCsv).toContain(halle.districtId);
      expect(trailCsv).not.toContain(magdeburg.districtId);
      const operations = await (await download('/exports/operations.csv')).text();
      expect(operations).toContain(halle.measureId);
      expect(operations).not.toContain(magdeburg.measureId);
    });
  });

  describe('writes', () => {
    it('refuses every write to another district with FORBIDDEN and records nothing', async () => {
      const m = magdeburg;
      await forbiddenWrite(halleManager, UPDATE_DISTRICT, { districtId: m.districtId, name: 'Taken over' });
      await forbiddenWrite(halleManager, ESTABLISH_BODY, {
        districtId: m.districtId,
        kind: 'WORKING_GROUP',
        name: 'AG Wohnen',
        establishedOn: '2021-01-01',
      });
      await forbiddenWrite(halleManager, DEFINE_GOAL, goalInput(m.districtId));
      await forbiddenWrite(halleManager, REVISE_GOAL, { goalId: m.goalId, title: 'Taken over' }, { reason: 'x' });
      // Neither a new plan in Magdeburg nor a plan under Magdeburg's measure id reserves its code first.
      await forbiddenWrite(halleManager, PLAN_MEASURE, measureInput(m.districtId));
      await forbiddenWrite(halleManager, PLAN_MEASURE, measureInput(halle.districtId, m.measureId, 'HN-TAKEOVER'));
      await forbiddenWrite(halleManager, APPROVE_MEASURE, { measureId: m.measureId, approvedOn: '2026-02-01' });
      await forbiddenWrite(halleManager, REPORT_PROGRESS, { measureId: m.measureId, reportedOn: '2026-05-01', progressPercent: 10 });
      await forbiddenWrite(halleManager, SUBMIT_GRANT, grantInput(m.districtId, m.measureId));
      await forbiddenWrite(halleManager, SUPPLEMENT_GRANT, { grantId: m.grantId, requestedAmount: 70_000_00, reason: 'x' });
      // Nor is a receipt share reserved for Magdeburg's grant.
      await forbiddenWrite(halleManager, RECORD_EXPENDITURE, expenditureInput(m.grantId));
      // A new district lies outside the scope too.
      await forbiddenWrite(halleManager, REGISTER_DISTRICT, districtInput(randomUUID(), 'Elsewhere'));
    });

    it('answers a repeated command id of another district with FORBIDDEN, not with its first outcome', async () => {
      await forbiddenWrite(halleManager, REGISTER_DISTRICT, districtInput(magdeburg.districtId, 'Magdeburg'), {
        commandId: magdeburgRegistration,
      });
    });

    it('refuses the streams of no district (catalogues) to an admin limited to one district', async () => {
      const halleAdmin: TestUser = { id: 'admin-halle', role: 'admin', districts: [halle.districtId] };
      await forbiddenWrite(halleAdmin, ADD_ACTION_FIELD, { actionFieldId: 'culture', name: 'Culture', nameDe: 'Kultur' });
      await forbiddenWrite(halleAdmin, ADD_PROGRAMME, {
        programmeId: 'another-programme',
        name: 'Another',
        level: 'STATE',
        fund: 'Landesmittel',
        legalBasis: 'Richtlinie',
        generalConditions: 'ANBest-P',
        retentionYears: 5,
      });
    });

    it('lets the manager work in the own district, reservations included', async () => {
      const before = await countEvents(store);
      await ok(halleManager, UPDATE_DISTRICT, { districtId: halle.districtId, name: 'Halle-Neustadt (Saale)' });
      await ok(halleManager, DEFINE_GOAL, goalInput(halle.districtId));
      await ok(halleManager, PLAN_MEASURE, measureInput(halle.districtId, randomUUID(), 'HN-2'));
      const expenditure = expenditureInput(halle.grantId);
      await ok(halleManager, RECORD_EXPENDITURE, expenditure);
      // profile, goal, code reservation + plan, receipt reservation + expenditure
      expect(await countEvents(store)).toBe(before + 6);
      const receipt = await store.readStream(`receipt-${expenditure.receiptFileHash}`);
      expect(receipt.map((event) => [event.type, event.metadata.actorId])).toEqual([['ReceiptShareReserved', halleManager.id]]);
    });
  });

  describe('receipt streams', () => {
    const receiptReads = (streamId: string): [string, Record<string, unknown>][] => [
      ['query($id: String!) { streamEvents(streamId: $id) { eventId } }', { id: streamId }],
      ['query($id: String) { verifyEventLog(streamId: $id) { ok } }', { id: streamId }],
    ];
    const receiptStream = ({ receiptFileHash }: { receiptFileHash: string }) => `receipt-${receiptFileHash}`;

    async function expectReads(principal: TestUser, streamId: string, codes: string[]): Promise<void> {
      for (const [document, variables] of receiptReads(streamId)) {
        const response = await send(principal, document, variables);
        expect({ principal: principal.id, streamId, document, codes: codesOf(response) }).toEqual({
          principal: principal.id,
          streamId,
          document,
          codes,
        });
      }
    }

    it('belong to the districts of the grants their shares were declared for, as in the audit trail and the feed', async () => {
      const own = expenditureInput(halle.grantId);
      const other = expenditureInput(magdeburg.grantId);
      const shared = { ...expenditureInput(halle.grantId), amount: 200_00 };
      for (const input of [own, other, shared, { ...shared, grantId: magdeburg.grantId }]) {
        await ok(ADMIN, RECORD_EXPENDITURE, input);
      }
      const bothManager: TestUser = {
        id: 'stm-both',
        role: 'district_manager',
        districts: [halle.districtId, magdeburg.districtId],
      };

      await expectReads(halleManager, receiptStream(own), []);
      const [[streamEvents]] = receiptReads(receiptStream(own));
      expect(dataOf(await send(halleManager, streamEvents, { id: receiptStream(own) })).streamEvents).toHaveLength(1);
      await expectReads(halleManager, receiptStream(other), ['FORBIDDEN']);
      // Declared to grants of two districts: for callers of both.
      await expectReads(halleManager, receiptStream(shared), ['FORBIDDEN']);
      await expectReads(bothManager, receiptStream(shared), []);
      // A receipt never declared belongs to no district.
      await expectReads(halleManager, `receipt-${sha256(randomUUID())}`, ['FORBIDDEN']);
    });
  });

  describe('district ids in upper case', () => {
    const DISTRICT = 'query($id: ID!) { district(id: $id) { id } }';

    it('holds a scope in lower case, whatever case the development header names it in', async () => {
      const shouting: TestUser = {
        id: 'stm-halle-upper',
        role: 'district_manager',
        districts: [halle.districtId.toUpperCase()],
      };
      const me = dataOf(await send(shouting, '{ me { districts } }')) as unknown as { me: { districts: string[] } };
      expect(me.me.districts).toEqual([halle.districtId]);
      expect(codesOf(await send(shouting, DISTRICT, { id: halle.districtId }))).toEqual([]);
      expect(codesOf(await send(shouting, DISTRICT, { id: magdeburg.districtId }))).toEqual(['FORBIDDEN']);
    });

    it('registers a district given in upper case under its lower-case id, so scopes find it', async () => {
      const districtId = randomUUID();
      const registered = dataOf(
        await send(ADMIN, 'mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId } }', {
          input: districtInput(districtId.toUpperCase(), 'Oberstadt'),
        }),
      ) as unknown as { registerDistrict: { districtId: string } };
      expect(registered.registerDistrict.districtId).toBe(districtId);
      expect(await store.readStream(`district-${districtId.toUpperCase()}`)).toEqual([]);
      expect((await store.readStream(`district-${districtId}`)).map((event) => event.type)).toEqual(['DistrictRegistered']);
      const manager: TestUser = { id: 'stm-oberstadt', role: 'district_manager', districts: [districtId] };
      const events = `query($id: String!) { streamEvents(streamId: $id) { type } }`;
      expect(codesOf(await send(manager, events, { id: `district-${districtId}` }))).toEqual([]);
    });
  });
});
