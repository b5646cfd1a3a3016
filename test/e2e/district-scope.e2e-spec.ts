import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { countEvents } from '../support/events';
import { authHeaders, DEV_IDENTITY, type TestUser } from '../support/auth';
import { wsClient } from '../support/ws';

/**
 * District scope over GraphQL and the exports: a district manager of Halle-Neustadt neither reads nor writes the
 * records of Magdeburg Neustädter Feld, and a refused write records nothing — not even on the reservation streams
 * (measure codes, receipts) that a write to another stream would touch first. To the manager, Magdeburg's records
 * do not exist: every read and write of one answers exactly as the same read or write of an unknown id (same code,
 * same message but for the id), so ids cannot be probed.
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
const RECORD_MEETING = mutation('recordMeeting', 'RecordMeetingInput');
const RECORD_SWOT = mutation('recordSwotAnalysis', 'RecordSwotAnalysisInput');
const ADOPT_CONCEPT = mutation('adoptConceptVersion', 'AdoptConceptVersionInput');
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

/** Records of no district at all: the ids a probe of Magdeburg's records is compared with. */
const unknownRecords = (): DistrictRecords => ({
  districtId: randomUUID(),
  bodyId: randomUUID(),
  goalId: randomUUID(),
  measureId: randomUUID(),
  grantId: randomUUID(),
});
/** An answer with the ids of `records` (and `more`) masked, so answers about different ids can be compared. */
function masked(answer: unknown, records: DistrictRecords, ...more: string[]): unknown {
  let json = JSON.stringify(answer);
  for (const id of [...Object.values(records), ...more]) json = json.split(id).join('<id>');
  return JSON.parse(json) as unknown;
}
const DECISION = 'D-1';
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
    await ok(ADMIN, RECORD_MEETING, {
      bodyId: records.bodyId,
      heldOn: '2021-03-10',
      attendance: 30,
      agendaItems: ['Integriertes Entwicklungskonzept'],
      decisions: [{ decisionId: DECISION, subject: 'Concept', outcome: 'ADOPTED' }],
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
    /**
     * Reads of one district's records, each naming what it reads by `$id`, with what a read of records that do not
     * exist answers: NOT_FOUND for one record, nothing for a list or a stream's events.
     */
    const reads = (records: DistrictRecords, asOf: string): [string, Record<string, unknown>, 'NOT_FOUND' | unknown][] => [
      ['query($id: ID!) { district(id: $id) { id } }', { id: records.districtId }, 'NOT_FOUND'],
      ['query($id: ID!, $asOf: DateTime) { district(id: $id, asOf: $asOf) { id } }', { id: records.districtId, asOf }, 'NOT_FOUND'],
      ['query($id: ID!) { body(id: $id) { id } }', { id: records.bodyId }, 'NOT_FOUND'],
      ['query($id: ID!) { goal(id: $id) { id } }', { id: records.goalId }, 'NOT_FOUND'],
      ['query($id: ID!, $asOf: DateTime) { goal(id: $id, asOf: $asOf) { id } }', { id: records.goalId, asOf }, 'NOT_FOUND'],
      ['query($id: ID!) { measure(id: $id) { id } }', { id: records.measureId }, 'NOT_FOUND'],
      ['query($id: ID!, $asOf: DateTime) { measure(id: $id, asOf: $asOf) { id } }', { id: records.measureId, asOf }, 'NOT_FOUND'],
      ['query($id: ID!) { grant(id: $id) { id } }', { id: records.grantId }, 'NOT_FOUND'],
      ['query($id: ID!, $asOf: DateTime) { grant(id: $id, asOf: $asOf) { id } }', { id: records.grantId, asOf }, 'NOT_FOUND'],
      ['query($id: ID!) { districtDashboard(districtId: $id) { districtId } }', { id: records.districtId }, 'NOT_FOUND'],
      ['query($id: ID!) { actionFieldMatrix(districtId: $id) { districtId } }', { id: records.districtId }, 'NOT_FOUND'],
      ['query($id: String) { verifyEventLog(streamId: $id) { ok } }', { id: `measure-${records.measureId}` }, 'NOT_FOUND'],
      ['query($id: String) { verifyEventLog(streamId: $id) { ok } }', { id: `district-${records.districtId}` }, 'NOT_FOUND'],
      ['query($id: ID!) { bodies(districtId: $id) { edges { node { id } } } }', { id: records.districtId }, { bodies: { edges: [] } }],
      ['query($id: ID) { goals(districtId: $id) { edges { node { id } } } }', { id: records.districtId }, { goals: { edges: [] } }],
      ['query($id: ID) { measures(districtId: $id) { edges { node { id } } } }', { id: records.districtId }, { measures: { edges: [] } }],
      ['query($id: ID) { grants(districtId: $id) { edges { node { id } } } }', { id: records.districtId }, { grants: { edges: [] } }],
      [
        'query($id: ID) { auditTrail(filter: { districtId: $id }) { edges { node { id } } } }',
        { id: records.districtId },
        { auditTrail: { edges: [] } },
      ],
      [
        'query($id: ID) { auditTrail(filter: { entityId: $id }) { edges { node { id } } } }',
        { id: records.grantId },
        { auditTrail: { edges: [] } },
      ],
      ['query($id: String!) { streamEvents(streamId: $id) { eventId } }', { id: `district-${records.districtId}` }, { streamEvents: [] }],
      ['query($id: String!) { streamEvents(streamId: $id) { eventId } }', { id: `grant-${records.grantId}` }, { streamEvents: [] }],
    ];

    it('answers every read of another district exactly as the same read of an unknown id, and serves the own district', async () => {
      const now = new Date().toISOString();
      const unknown = unknownRecords();
      const probes = reads(magdeburg, now);
      const missing = reads(unknown, now);
      for (const [index, [document, variables, expected]] of probes.entries()) {
        const other = masked((await send(halleManager, document, variables)).body, magdeburg);
        const asUnknown = masked((await send(halleManager, document, missing[index][1])).body, unknown);
        // What anyone — the admin too — is told about an id that does not exist.
        const nowhere = masked((await send(ADMIN, document, missing[index][1])).body, unknown);
        expect({ document, other }).toEqual({ document, other: asUnknown });
        expect({ document, other }).toEqual({ document, other: nowhere });
        if (expected === 'NOT_FOUND') {
          expect({ document, other }).toEqual({
            document,
            other: { data: null, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })] },
          });
          expect((other as { errors: { message: string }[] }).errors[0].message).toMatch(/<id>/);
        } else {
          expect({ document, other }).toEqual({ document, other: { data: expected } });
        }
      }
      for (const [document, variables] of reads(halle, now)) {
        const response = await send(halleManager, document, variables);
        expect({ document, errors: response.body.errors }).toEqual({ document, errors: undefined });
      }
    });

    it('refuses what spans every district or belongs to none: the whole-log check, catalogue streams', async () => {
      expect(codesOf(await send(halleManager, '{ verifyEventLog { ok } }'))).toEqual(['FORBIDDEN']);
      const catalogue = await send(halleManager, '{ streamEvents(streamId: "catalogue-action-fields") { eventId } }');
      expect(codesOf(catalogue)).toEqual(['FORBIDDEN']);
    });

    it('follows the event feed only for an own district, named in the filter; another one is refused as an unknown one', async () => {
      const FEED = 'query($filter: EventFilter) { events(first: 1000, filter: $filter) { edges { node { subject } } } }';
      expect(codesOf(await send(halleManager, FEED))).toEqual(['FORBIDDEN']);
      const unknown = unknownRecords();
      const other = await send(halleManager, FEED, { filter: { districtId: magdeburg.districtId } });
      expect(codesOf(other)).toEqual(['FORBIDDEN']);
      const asUnknown = await send(halleManager, FEED, { filter: { districtId: unknown.districtId } });
      expect(masked(other.body, magdeburg)).toEqual(masked(asUnknown.body, unknown));

      // The subscription alike.
      const ws = wsClient(t.url, { devActor: authHeaders(halleManager)['x-dev-actor'] });
      try {
        const SUBSCRIBE = 'subscription($filter: EventFilter) { events(filter: $filter) { subject } }';
        const subscribedOther = await ws.run(SUBSCRIBE, { filter: { districtId: magdeburg.districtId } });
        const subscribedUnknown = await ws.run(SUBSCRIBE, { filter: { districtId: unknown.districtId } });
        expect(subscribedOther.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(masked(subscribedOther, magdeburg)).toEqual(masked(subscribedUnknown, unknown));
      } finally {
        await ws.close();
      }
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

    it('holds the exports to the same scope: another district answers as an unknown one, own rows only in the lists', async () => {
      const download = (path: string) => fetch(`${t.baseUrl}${path}`, { headers: authHeaders(halleManager) });
      const unknown = unknownRecords();
      const paths = (records: DistrictRecords) => [
        `/exports/grants/${records.grantId}/audit-file.json`,
        `/exports/grants/${records.grantId}/transactions.csv`,
        `/exports/measures/${records.measureId}/iati.xml`,
      ];
      for (const [index, path] of paths(magdeburg).entries()) {
        const response = await download(path);
        const other = { status: response.status, body: masked(await response.json(), magdeburg) };
        const missing = await download(paths(unknown)[index]);
        expect({ path, other }).toEqual({ path, other: { status: missing.status, body: masked(await missing.json(), unknown) } });
        expect({ path, other }).toEqual({ path, other: { status: 404, body: { error: expect.stringMatching(/<id>/), code: 'NOT_FOUND' } } });
      }
      // The audit trail of another district is empty, as that of an unknown district.
      const entries = async (districtId: string) =>
        ((await (await download(`/exports/audit-trail.json?districtId=${districtId}`)).json()) as { entries: unknown[] }).entries;
      expect(await entries(magdeburg.districtId)).toEqual([]);
      expect(await entries(unknown.districtId)).toEqual([]);
      const rows = async (districtId: string) => (await (await download(`/exports/audit-trail.csv?districtId=${districtId}`)).text()).trim();
      const otherCsv = await rows(magdeburg.districtId);
      expect(otherCsv.split('\n')).toHaveLength(1);
      expect(otherCsv).toBe(await rows(unknown.districtId));
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
    /** Sends the probe for Magdeburg's records and for unknown ones: the same refusal but for the ids, nothing recorded. */
    async function refusedAsUnknown(
      code: string,
      document: string,
      build: (records: DistrictRecords) => { input: object; options?: object },
    ): Promise<void> {
      const unknown = unknownRecords();
      const before = await countEvents(store);
      const other = await send(halleManager, document, build(magdeburg));
      const asUnknown = await send(halleManager, document, build(unknown));
      expect({ document, codes: codesOf(other) }).toEqual({ document, codes: [code] });
      expect({ document, other: masked(other.body, magdeburg) }).toEqual({ document, other: masked(asUnknown.body, unknown) });
      expect(await countEvents(store)).toBe(before);
    }

    it('answers a write to a record of another district as a write to an unknown record (NOT_FOUND), and records nothing', async () => {
      await refusedAsUnknown('NOT_FOUND', UPDATE_DISTRICT, (r) => ({ input: { districtId: r.districtId, name: 'Taken over' } }));
      await refusedAsUnknown('NOT_FOUND', REVISE_GOAL, (r) => ({ input: { goalId: r.goalId, title: 'Taken over' }, options: { reason: 'x' } }));
      await refusedAsUnknown('NOT_FOUND', APPROVE_MEASURE, (r) => ({ input: { measureId: r.measureId, approvedOn: '2026-02-01' } }));
      await refusedAsUnknown('NOT_FOUND', REPORT_PROGRESS, (r) => ({
        input: { measureId: r.measureId, reportedOn: '2026-05-01', progressPercent: 10 },
      }));
      await refusedAsUnknown('NOT_FOUND', SUPPLEMENT_GRANT, (r) => ({ input: { grantId: r.grantId, requestedAmount: 70_000_00, reason: 'x' } }));
      // Nor is a receipt share reserved for Magdeburg's grant.
      await refusedAsUnknown('NOT_FOUND', RECORD_EXPENDITURE, (r) => ({ input: expenditureInput(r.grantId) }));
    });

    it('refuses a new record in another district as in an unknown district (FORBIDDEN), and records nothing', async () => {
      await refusedAsUnknown('FORBIDDEN', ESTABLISH_BODY, (r) => ({
        input: { districtId: r.districtId, kind: 'WORKING_GROUP', name: 'AG Wohnen', establishedOn: '2021-01-01' },
      }));
      await refusedAsUnknown('FORBIDDEN', DEFINE_GOAL, (r) => ({ input: goalInput(r.districtId) }));
      // Neither reserves the measure code first.
      await refusedAsUnknown('FORBIDDEN', PLAN_MEASURE, (r) => ({ input: measureInput(r.districtId) }));
      await refusedAsUnknown('FORBIDDEN', SUBMIT_GRANT, (r) => ({ input: grantInput(r.districtId, r.measureId) }));
      await refusedAsUnknown('FORBIDDEN', REGISTER_DISTRICT, (r) => ({ input: districtInput(r.districtId, 'Elsewhere') }));
    });

    it('treats records of another district that an own command names as unknown ones', async () => {
      const own = halle.districtId;
      await refusedAsUnknown('DOMAIN_RULE', SUBMIT_GRANT, (r) => ({ input: grantInput(own, r.measureId) }));
      await refusedAsUnknown('DOMAIN_RULE', PLAN_MEASURE, (r) => ({
        input: { ...measureInput(own), goalContributions: [{ goalId: r.goalId, weight: 50 }] },
      }));
      await refusedAsUnknown('DOMAIN_RULE', UPDATE_DISTRICT, (r) => ({
        input: { districtId: own, name: 'Halle-Neustadt' },
        options: { decisionRef: `${r.bodyId}/${DECISION}` },
      }));
      await refusedAsUnknown('DOMAIN_RULE', ADOPT_CONCEPT, (r) => ({
        input: { districtId: own, title: 'ISEK 2030', adoptedOn: '2021-04-01', decisionRef: `${r.bodyId}/${DECISION}`, summary: 'x' },
      }));
      await refusedAsUnknown('DOMAIN_RULE', RECORD_SWOT, (r) => ({
        input: {
          districtId: own,
          conductedOn: '2024-01-15',
          items: [{ kind: 'STRENGTH', actionFieldId: 'employment-local-economy', statement: 'Active associations' }],
          participatingBodyIds: [r.bodyId],
        },
      }));
    });

    it('refuses a new own record under an id another district uses with CONFLICT, naming neither that district nor reserving', async () => {
      const before = await countEvents(store);
      const taken = await send(halleManager, PLAN_MEASURE, { input: measureInput(halle.districtId, magdeburg.measureId, 'HN-TAKEOVER') });
      expect(codesOf(taken)).toEqual(['CONFLICT']);
      expect(JSON.stringify(taken.body)).not.toContain(magdeburg.districtId);
      expect(await countEvents(store)).toBe(before);
    });

    it('refuses a measure code another district uses without naming the measure that holds it', async () => {
      const before = await countEvents(store);
      const taken = await send(halleManager, PLAN_MEASURE, { input: measureInput(halle.districtId, randomUUID(), 'MD-1') });
      expect(codesOf(taken)).toEqual(['DOMAIN_RULE']);
      expect(JSON.stringify(taken.body)).not.toContain(magdeburg.measureId);
      expect(await countEvents(store)).toBe(before);
    });

    it('answers a repeated command id of another district as a new command there (FORBIDDEN), not with its first outcome', async () => {
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

    /** `codes` of the tamper check; the events are read without error. */
    async function expectReads(principal: TestUser, streamId: string, codes: string[]): Promise<void> {
      for (const [document, variables] of receiptReads(streamId)) {
        const response = await send(principal, document, variables);
        const expected = document.includes('verifyEventLog') ? codes : [];
        expect({ principal: principal.id, streamId, document, codes: codesOf(response) }).toEqual({
          principal: principal.id,
          streamId,
          document,
          codes: expected,
        });
      }
    }

    it('belong to the districts of the grants their shares were declared for; others read as unknown receipts', async () => {
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
      // Of another district, or declared to grants of two districts (for callers of both): as a receipt never declared.
      const never = `receipt-${sha256(randomUUID())}`;
      for (const streamId of [receiptStream(other), receiptStream(shared)]) {
        for (const [document] of receiptReads(streamId)) {
          const answer = masked((await send(halleManager, document, { id: streamId })).body, halle, streamId);
          expect({ streamId, document, answer }).toEqual({
            streamId,
            document,
            answer: masked((await send(halleManager, document, { id: never })).body, halle, never),
          });
        }
      }
      await expectReads(halleManager, never, ['NOT_FOUND']);
      expect(dataOf(await send(halleManager, streamEvents, { id: never })).streamEvents).toEqual([]);
      await expectReads(bothManager, receiptStream(shared), []);
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
      expect(codesOf(await send(shouting, DISTRICT, { id: magdeburg.districtId }))).toEqual(['NOT_FOUND']);
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
