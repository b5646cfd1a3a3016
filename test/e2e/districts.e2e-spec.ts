import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';

/**
 * A district's lifecycle over GraphQL/HTTP on the embedded SQLite stores: register → concept versions adopted by a
 * body's decisions → SWOT analysis → action-field plans → context indicators and their corrections → closure,
 * after which the district can only be read. Every refusal is checked to write nothing.
 */

jest.setTimeout(60_000);

const PAYLOAD = 'commandId streamId streamVersion position eventCount repeated';

const mutation = (name: string, inputType: string) => `
  mutation($input: ${inputType}!, $options: CommandOptionsInput) { ${name}(input: $input, options: $options) { ${PAYLOAD} } }`;

const REGISTER = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId ${PAYLOAD} } }`;
const UPDATE = mutation('updateDistrictProfile', 'UpdateDistrictProfileInput');
const ADOPT = mutation('adoptConceptVersion', 'AdoptConceptVersionInput');
const SWOT = mutation('recordSwotAnalysis', 'RecordSwotAnalysisInput');
const PLAN = mutation('recordActionFieldPlan', 'RecordActionFieldPlanInput');
const RECORD_VALUE = mutation('recordContextIndicatorValue', 'RecordContextIndicatorValueInput');
const CORRECT_VALUE = mutation('correctContextIndicatorValue', 'CorrectContextIndicatorValueInput');
const CLOSE = mutation('closeDistrictProgramme', 'CloseDistrictProgrammeInput');
const ESTABLISH = `
  mutation($input: EstablishBodyInput!) { establishBody(input: $input) { bodyId ${PAYLOAD} } }`;
const RECORD_MEETING = mutation('recordMeeting', 'RecordMeetingInput');

const CONCEPT = 'version title adoptedOn adoptedByBodyId decisionRef summary recordedAt';
const DISTRICT = `
  query($id: ID!, $wait: String, $on: String!) {
    district(id: $id, waitForPosition: $wait) {
      id name status version closedOn closureReason closedAt
      conceptVersions { ${CONCEPT} }
      currentConceptVersion
      conceptVersionInForce(on: $on) { version title }
      swotAnalysisCount
      latestSwotAnalysis { analysisNumber conductedOn participatingBodyIds items { kind actionFieldId statement evidence } }
      actionFieldPlans {
        actionFieldId revision situation potentials obstacles recordedAt
        history { revision situation potentials obstacles recordedAt }
      }
      contextIndicators {
        indicatorKey unit
        latest { referenceDate value source }
        values { referenceDate value source corrections { previousValue previousSource reason correctedAt } }
      }
    }
  }`;
const DISTRICTS_BY_STATUS = `
  query($status: DistrictStatus, $municipality: String) {
    districts(status: $status, municipality: $municipality, first: 50) { edges { node { id status } } }
  }`;
const STREAM_EVENTS = `
  query($streamId: String!) { streamEvents(streamId: $streamId) { type data metadata { decisionRef } } }`;

interface Payload {
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}
type Concept = { version: number; title: string; adoptedOn: string; adoptedByBodyId: string; decisionRef: string; summary: string };
type IndicatorValue = {
  referenceDate: string;
  value: number;
  source: string;
  corrections: { previousValue: number; previousSource: string; reason: string; correctedAt: string }[];
};
interface DistrictView {
  id: string;
  name: string;
  status: string;
  version: number;
  closedOn: string | null;
  closureReason: string | null;
  closedAt: string | null;
  conceptVersions: Concept[];
  currentConceptVersion: number | null;
  conceptVersionInForce: { version: number; title: string } | null;
  swotAnalysisCount: number;
  latestSwotAnalysis: {
    analysisNumber: number;
    conductedOn: string;
    participatingBodyIds: string[];
    items: { kind: string; actionFieldId: string; statement: string; evidence: string | null }[];
  } | null;
  actionFieldPlans: {
    actionFieldId: string;
    revision: number;
    situation: string;
    potentials: string;
    obstacles: string;
    history: { revision: number; situation: string }[];
  }[];
  contextIndicators: {
    indicatorKey: string;
    unit: string;
    latest: { referenceDate: string; value: number; source: string };
    values: IndicatorValue[];
  }[];
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('district lifecycle over GraphQL', () => {
  let t: TestApp;
  const municipality = `Halle (Saale) ${randomUUID().slice(0, 8)}`;
  let districtId: string;
  let forumId: string;
  let steeringId: string;
  let lastPosition: string | null = null;

  beforeAll(async () => {
    t = await startApp();
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

  async function run<T = Payload>(document: string, input: Record<string, unknown>, options: Record<string, unknown> = {}) {
    const response = await t.gql<Record<string, T & Payload>>(document, { input, options: { commandId: randomUUID(), ...options } });
    const payload = Object.values(dataOf(response))[0];
    lastPosition = payload.position;
    return payload;
  }

  async function read(on = '2025-01-01'): Promise<DistrictView> {
    return dataOf(await t.gql<{ district: DistrictView }>(DISTRICT, { id: districtId, wait: lastPosition, on })).district;
  }

  /** Sends a command that must be refused with `code`; nothing may be written. */
  async function refused(code: string, document: string, input: unknown, options: Record<string, unknown> = {}) {
    const before = eventCount();
    const response = await t.gql(document, { input, options });
    expect(codesOf(response)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return response;
  }

  const concept = (overrides: Record<string, unknown> = {}) => ({
    districtId,
    title: 'ISEK Halle-Neustadt 2030',
    adoptedOn: '2021-04-22',
    decisionRef: `${steeringId}/SR-2021-04`,
    summary: 'Goals and measures for 2021–2030, prepared with the resident forum',
    ...overrides,
  });

  it('registers the district, and the bodies whose decisions it will cite', async () => {
    const registered = await run<{ districtId: string }>(REGISTER, {
      name: 'Halle-Neustadt',
      municipality,
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'VII/2019/01234', date: '2019-06-26' },
      startDate: '2020-01-01',
      expectedEndDate: '2030-12-31',
    });
    districtId = registered.districtId;
    const establish = async (kind: string, name: string) =>
      (await run<{ bodyId: string }>(ESTABLISH, { districtId, kind, name, establishedOn: '2020-02-01' })).bodyId;
    forumId = await establish('RESIDENT_FORUM', 'Bewohnerforum Neustadt');
    steeringId = await establish('STEERING_ROUND', 'Steuerungsrunde Neustadt');
    const meeting = (meetingId: string, heldOn: string, decisions: Record<string, unknown>[]) =>
      run(RECORD_MEETING, { bodyId: steeringId, meetingId, heldOn, attendance: 12, agendaItems: ['ISEK'], decisions });
    await meeting('sr-2021-04', '2021-04-21', [
      { decisionId: 'SR-2021-04', subject: 'Adopt the ISEK 2030', outcome: 'ADOPTED', votes: { for: 11, against: 0, abstentions: 1 } },
      { decisionId: 'SR-2021-05', subject: 'Adopt the alternative draft', outcome: 'REJECTED' },
    ]);
    await meeting('sr-2024-02', '2024-02-14', [{ decisionId: 'SR-2024-02', subject: 'Adopt the ISEK update', outcome: 'ADOPTED' }]);

    const district = await read();
    expect(district).toMatchObject({
      status: 'REGISTERED',
      conceptVersions: [],
      currentConceptVersion: null,
      conceptVersionInForce: null,
      swotAnalysisCount: 0,
      latestSwotAnalysis: null,
      actionFieldPlans: [],
      contextIndicators: [],
      closedOn: null,
    });
  });

  describe('concept versions', () => {
    it('adopts version 1 by a decision; the decision is also cited in the event metadata', async () => {
      const adopted = await run(ADOPT, concept());
      expect(adopted).toMatchObject({ eventCount: 1, repeated: false });
      const events = dataOf(await t.gql<{ streamEvents: { type: string; metadata: { decisionRef: string } }[] }>(STREAM_EVENTS, {
        streamId: `district-${districtId}`,
      })).streamEvents;
      expect(events.at(-1)).toMatchObject({
        type: 'ConceptVersionAdopted',
        metadata: { decisionRef: `${steeringId}/SR-2021-04` },
      });

      const district = await read();
      expect(district.conceptVersions).toEqual([
        expect.objectContaining({
          version: 1,
          title: 'ISEK Halle-Neustadt 2030',
          adoptedOn: '2021-04-22',
          adoptedByBodyId: steeringId,
          decisionRef: `${steeringId}/SR-2021-04`,
        }),
      ]);
      expect(district.currentConceptVersion).toBe(1);
    });

    it('refuses adoptions the rules forbid, writing nothing', async () => {
      // No body recorded this decision.
      await refused('DOMAIN_RULE', ADOPT, concept({ decisionRef: `${steeringId}/SR-1999-01`, adoptedOn: '2024-03-01' }));
      await refused('DOMAIN_RULE', ADOPT, concept({ decisionRef: `${randomUUID()}/SR-2024-02`, adoptedOn: '2024-03-01' }));
      // A rejected decision adopted nothing.
      await refused('DOMAIN_RULE', ADOPT, concept({ decisionRef: `${steeringId}/SR-2021-05`, adoptedOn: '2024-03-01' }));
      // Adopted before the meeting that decided it.
      await refused('DOMAIN_RULE', ADOPT, concept({ decisionRef: `${steeringId}/SR-2024-02`, adoptedOn: '2024-02-13' }));
      // The same decision cannot adopt two versions.
      await refused('DOMAIN_RULE', ADOPT, concept({ adoptedOn: '2024-03-01' }));
      await refused('DOMAIN_RULE', ADOPT, concept({ decisionRef: `${steeringId}/SR-2024-02`, adoptedOn: '2999-01-01' }));
      await refused('NOT_FOUND', ADOPT, { ...concept(), districtId: randomUUID() });
    });

    it('refuses malformed adoptions (BAD_USER_INPUT), writing nothing', async () => {
      await refused('BAD_USER_INPUT', ADOPT, concept({ decisionRef: 'SR-2024-02' }));
      await refused('BAD_USER_INPUT', ADOPT, concept({ adoptedOn: '2024-02-30' }));
      await refused('BAD_USER_INPUT', ADOPT, concept({ title: '' }));
      await refused('BAD_USER_INPUT', ADOPT, concept({ summary: 'x'.repeat(10_001) }));
    });

    it('adopts version 2, which supersedes version 1 from its adoption date', async () => {
      await run(ADOPT, concept({ title: 'ISEK update 2024', adoptedOn: '2024-02-15', decisionRef: `${steeringId}/SR-2024-02` }));
      const district = await read('2024-02-14');
      expect(district.conceptVersions.map((v) => [v.version, v.adoptedOn])).toEqual([
        [1, '2021-04-22'],
        [2, '2024-02-15'],
      ]);
      expect(district.currentConceptVersion).toBe(2);
      expect(district.conceptVersionInForce).toEqual({ version: 1, title: 'ISEK Halle-Neustadt 2030' });
      expect((await read('2024-02-15')).conceptVersionInForce).toEqual({ version: 2, title: 'ISEK update 2024' });
      expect((await read('2021-04-21')).conceptVersionInForce).toBeNull();
      expect(codesOf(await t.gql(DISTRICT, { id: districtId, on: '2024-13-01' }))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('SWOT analysis', () => {
    const analysis = (overrides: Record<string, unknown> = {}) => ({
      districtId,
      conductedOn: '2023-10-05',
      items: [
        { kind: 'STRENGTH', actionFieldId: 'housing-environment', statement: 'Affordable flats', evidence: 'Housing report 2023' },
        { kind: 'THREAT', actionFieldId: 'employment-local-economy', statement: 'Shops closing' },
      ],
      participatingBodyIds: [forumId, steeringId],
      ...overrides,
    });

    it('records a dated analysis with the bodies that took part; the latest by date is shown', async () => {
      await run(SWOT, analysis());
      // An older analysis recorded later does not displace the latest one.
      await run(SWOT, analysis({ conductedOn: '2021-03-01', participatingBodyIds: [forumId] }));
      const district = await read();
      expect(district.swotAnalysisCount).toBe(2);
      expect(district.latestSwotAnalysis).toEqual({
        analysisNumber: 1,
        conductedOn: '2023-10-05',
        participatingBodyIds: [forumId, steeringId],
        items: [
          { kind: 'STRENGTH', actionFieldId: 'housing-environment', statement: 'Affordable flats', evidence: 'Housing report 2023' },
          { kind: 'THREAT', actionFieldId: 'employment-local-economy', statement: 'Shops closing', evidence: null },
        ],
      });
    });

    it('refuses unknown action fields and bodies, and bodies that did not exist then (DOMAIN_RULE)', async () => {
      const unknownField = analysis({ items: [{ kind: 'WEAKNESS', actionFieldId: 'culture-arts', statement: 'No venue' }] });
      const response = await refused('DOMAIN_RULE', SWOT, unknownField);
      expect(response.body.errors![0].extensions).toMatchObject({ actionFieldIds: ['culture-arts'] });
      await refused('DOMAIN_RULE', SWOT, analysis({ participatingBodyIds: [randomUUID()] }));
      await refused('DOMAIN_RULE', SWOT, analysis({ conductedOn: '2020-01-15' }));
      await refused('DOMAIN_RULE', SWOT, analysis({ conductedOn: '2999-01-01' }));
    });

    it('refuses malformed analyses (BAD_USER_INPUT)', async () => {
      await refused('BAD_USER_INPUT', SWOT, analysis({ items: [] }));
      await refused('BAD_USER_INPUT', SWOT, analysis({ items: [{ kind: 'RISK', actionFieldId: 'housing-environment', statement: 'S' }] }));
      await refused('BAD_USER_INPUT', SWOT, analysis({ items: [{ kind: 'THREAT', actionFieldId: 'Housing!', statement: 'S' }] }));
      await refused('BAD_USER_INPUT', SWOT, analysis({ participatingBodyIds: [forumId, forumId] }));
      await refused('BAD_USER_INPUT', SWOT, analysis({ participatingBodyIds: ['body-1'] }));
    });
  });

  describe('action-field plans', () => {
    const plan = (situation: string, actionFieldId = 'employment-local-economy') => ({
      districtId,
      actionFieldId,
      situation,
      potentials: 'Cheap rents for start-ups',
      obstacles: 'Low purchasing power',
    });

    it('a later plan for the same field supersedes the earlier one, which stays in the history', async () => {
      await run(PLAN, plan('Many vacant shops'));
      await run(PLAN, plan('Children lack places', 'social-infrastructure-youth'));
      const second = await run(PLAN, plan('Fewer vacant shops'));
      expect(second.eventCount).toBe(1);
      const same = await run(PLAN, plan('Fewer vacant shops'));
      expect(same.eventCount).toBe(0);

      const { actionFieldPlans } = await read();
      expect(actionFieldPlans.map((p) => [p.actionFieldId, p.revision, p.situation])).toEqual([
        ['employment-local-economy', 2, 'Fewer vacant shops'],
        ['social-infrastructure-youth', 1, 'Children lack places'],
      ]);
      expect(actionFieldPlans[0].history).toEqual([
        expect.objectContaining({ revision: 1, situation: 'Many vacant shops' }),
      ]);
    });

    it('refuses an action field outside the catalogue (DOMAIN_RULE) and empty texts (BAD_USER_INPUT)', async () => {
      await refused('DOMAIN_RULE', PLAN, plan('Situation', 'culture-arts'));
      await refused('BAD_USER_INPUT', PLAN, { ...plan('Situation'), obstacles: '' });
    });
  });

  describe('context indicators', () => {
    const value = (overrides: Record<string, unknown> = {}) => ({
      districtId,
      indicatorKey: 'population',
      value: 44_500,
      unit: 'persons',
      referenceDate: '2023-12-31',
      source: 'Population register',
      ...overrides,
    });

    it('records values over time; a correction is a new value with a reason, the old one stays visible', async () => {
      await run(RECORD_VALUE, value());
      await run(RECORD_VALUE, value({ value: 44_000, referenceDate: '2024-12-31' }));
      await run(RECORD_VALUE, value({ indicatorKey: 'benefit_share_percent', value: 31.4, unit: '%', source: 'Jobcenter' }));
      await run(CORRECT_VALUE, {
        districtId,
        indicatorKey: 'population',
        referenceDate: '2023-12-31',
        value: 44_350,
        source: 'Population register, revised',
        reason: 'Double count of a student dormitory',
      });

      const { contextIndicators } = await read();
      const [population, share] = contextIndicators;
      expect(population).toMatchObject({
        indicatorKey: 'population',
        unit: 'persons',
        latest: { referenceDate: '2024-12-31', value: 44_000 },
      });
      expect(population.values).toEqual([
        {
          referenceDate: '2023-12-31',
          value: 44_350,
          source: 'Population register, revised',
          corrections: [
            {
              previousValue: 44_500,
              previousSource: 'Population register',
              reason: 'Double count of a student dormitory',
              correctedAt: expect.any(String),
            },
          ],
        },
        { referenceDate: '2024-12-31', value: 44_000, source: 'Population register', corrections: [] },
      ]);
      expect(share).toMatchObject({ indicatorKey: 'benefit_share_percent', unit: '%', latest: { value: 31.4 } });

      const events = dataOf(
        await t.gql<{ streamEvents: { type: string; data: Record<string, unknown> }[] }>(STREAM_EVENTS, {
          streamId: `district-${districtId}`,
        }),
      ).streamEvents;
      expect(events.filter((e) => e.type.startsWith('ContextIndicatorValue')).map((e) => e.type)).toEqual([
        'ContextIndicatorValueRecorded',
        'ContextIndicatorValueRecorded',
        'ContextIndicatorValueRecorded',
        'ContextIndicatorValueCorrected',
      ]);
    });

    it('refuses a second value for a date, another unit, a share over 100 % and a correction of nothing', async () => {
      await refused('DOMAIN_RULE', RECORD_VALUE, value({ value: 1 }));
      await refused('DOMAIN_RULE', RECORD_VALUE, value({ unit: 'households', referenceDate: '2022-12-31' }));
      await refused('DOMAIN_RULE', RECORD_VALUE, value({ indicatorKey: 'unemployment_percent', unit: '%', value: 101 }));
      await refused('DOMAIN_RULE', RECORD_VALUE, value({ referenceDate: '2999-12-31' }));
      await refused('DOMAIN_RULE', CORRECT_VALUE, {
        districtId,
        indicatorKey: 'population',
        referenceDate: '2020-12-31',
        value: 1,
        source: 'S',
        reason: 'R',
      });
    });

    it('refuses malformed values (BAD_USER_INPUT)', async () => {
      await refused('BAD_USER_INPUT', RECORD_VALUE, value({ indicatorKey: 'Population' }));
      await refused('BAD_USER_INPUT', RECORD_VALUE, value({ value: 'many' }));
      await refused('BAD_USER_INPUT', RECORD_VALUE, value({ unit: '' }));
      await refused('BAD_USER_INPUT', CORRECT_VALUE, {
        districtId,
        indicatorKey: 'population',
        referenceDate: '2023-12-31',
        value: 1,
        source: 'S',
      });
    });
  });

  describe('closing the programme', () => {
    it('refuses a closing date before the programme began', async () => {
      await refused('DOMAIN_RULE', CLOSE, { districtId, closedOn: '2019-12-31', reason: 'Too early' });
      await refused('BAD_USER_INPUT', CLOSE, { districtId, closedOn: '2024-12-31' });
    });

    it('closes; afterwards every command on the district is refused, and reading still works', async () => {
      const closed = await run(CLOSE, { districtId, closedOn: '2024-12-31', reason: 'Funding period ended' });
      expect(closed.eventCount).toBe(1);
      const district = await read();
      expect(district).toMatchObject({
        status: 'CLOSED',
        closedOn: '2024-12-31',
        closureReason: 'Funding period ended',
        closedAt: expect.any(String),
        currentConceptVersion: 2,
      });

      const refusedAll: [string, Record<string, unknown>][] = [
        [UPDATE, { districtId, name: 'Neustadt' }],
        [ADOPT, concept({ decisionRef: `${steeringId}/SR-2021-05`, adoptedOn: '2024-12-01' })],
        [SWOT, { districtId, conductedOn: '2024-01-01', items: [{ kind: 'STRENGTH', actionFieldId: 'housing-environment', statement: 'S' }] }],
        [PLAN, { districtId, actionFieldId: 'housing-environment', situation: 'S', potentials: 'P', obstacles: 'O' }],
        [RECORD_VALUE, { districtId, indicatorKey: 'population', value: 1, unit: 'persons', referenceDate: '2024-06-30', source: 'S' }],
        [CORRECT_VALUE, { districtId, indicatorKey: 'population', referenceDate: '2024-12-31', value: 1, source: 'S', reason: 'R' }],
        [CLOSE, { districtId, closedOn: '2024-12-31', reason: 'Again' }],
      ];
      for (const [document, input] of refusedAll) {
        const response = await refused('DOMAIN_RULE', document, input);
        expect(response.body.errors![0].message).toMatch(/read-only/);
      }

      const byStatus = async (status: string) =>
        dataOf(
          await t.gql<{ districts: { edges: { node: { id: string; status: string } }[] } }>(DISTRICTS_BY_STATUS, {
            status,
            municipality,
          }),
        ).districts.edges.map((e) => e.node.id);
      expect(await byStatus('CLOSED')).toEqual([districtId]);
      expect(await byStatus('REGISTERED')).toEqual([]);
    });
  });
});
