import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';

/**
 * Bodies over GraphQL/HTTP on the embedded SQLite stores: establish → meetings with decisions → dissolve, the
 * refusals of each step, and decisions cited as the reason of other commands (`options.decisionRef`).
 */

jest.setTimeout(60_000);

const PAYLOAD = 'commandId streamId streamVersion position eventCount repeated';

const REGISTER_DISTRICT = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId position } }`;
const UPDATE_DISTRICT = `
  mutation($input: UpdateDistrictProfileInput!, $options: CommandOptionsInput) {
    updateDistrictProfile(input: $input, options: $options) { ${PAYLOAD} }
  }`;
const CLOSE_DISTRICT = `
  mutation($input: CloseDistrictProgrammeInput!) { closeDistrictProgramme(input: $input) { ${PAYLOAD} } }`;
const ESTABLISH = `
  mutation($input: EstablishBodyInput!, $options: CommandOptionsInput) {
    establishBody(input: $input, options: $options) { bodyId ${PAYLOAD} }
  }`;
const RECORD_MEETING = `
  mutation($input: RecordMeetingInput!, $options: CommandOptionsInput) {
    recordMeeting(input: $input, options: $options) { meetingId ${PAYLOAD} }
  }`;
const DISSOLVE = `
  mutation($input: DissolveBodyInput!, $options: CommandOptionsInput) {
    dissolveBody(input: $input, options: $options) { ${PAYLOAD} }
  }`;

const VOTES = 'votes { for against abstentions }';
const BODY = `
  query($id: ID!, $wait: String, $first: Int, $after: String) {
    body(id: $id, waitForPosition: $wait) {
      id districtId kind name description establishedOn status dissolvedOn dissolutionReason
      meetingCount decisionCount lastMeetingOn establishedAt updatedAt version
      meetings(first: $first, after: $after) {
        edges { cursor node {
          meetingId bodyId heldOn attendance agendaItems recordedAt
          decisions { decisionId subject outcome ${VOTES} rationale }
          conflictsOfInterest { decisionId count memberIds }
        } }
        pageInfo { endCursor hasNextPage }
      }
      decisions(first: 50) {
        edges { node { id decisionId bodyId districtId meetingId heldOn subject outcome ${VOTES} rationale recordedAt } }
        pageInfo { hasNextPage }
      }
    }
  }`;
const BODIES = `
  query($districtId: ID!, $first: Int, $after: String, $wait: String) {
    bodies(districtId: $districtId, first: $first, after: $after, waitForPosition: $wait) {
      edges { cursor node { id name kind status } }
      pageInfo { endCursor hasNextPage }
    }
  }`;
const STREAM_EVENTS = `
  query($streamId: String!) { streamEvents(streamId: $streamId) { type data metadata { commandId reason decisionRef } } }`;

interface Payload {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}
type Votes = { for: number; against: number; abstentions: number };
interface BodyView {
  id: string;
  districtId: string;
  kind: string;
  name: string;
  description: string | null;
  establishedOn: string;
  status: string;
  dissolvedOn: string | null;
  dissolutionReason: string | null;
  meetingCount: number;
  decisionCount: number;
  lastMeetingOn: string | null;
  version: number;
  meetings: {
    edges: {
      cursor: string;
      node: {
        meetingId: string;
        heldOn: string;
        attendance: number;
        agendaItems: string[];
        decisions: { decisionId: string; outcome: string; votes: Votes | null; rationale: string | null }[];
        conflictsOfInterest: { decisionId: string | null; count: number; memberIds: string[] }[];
      };
    }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
  decisions: {
    edges: { node: { id: string; decisionId: string; meetingId: string; heldOn: string; outcome: string; districtId: string } }[];
  };
}
interface StoredEventView {
  type: string;
  data: Record<string, unknown>;
  metadata: { commandId: string; reason: string | null; decisionRef: string | null };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('bodies over GraphQL', () => {
  let t: TestApp;
  let districtId: string;

  beforeAll(async () => {
    t = await startApp();
    districtId = await registerDistrict('Magdeburg Neustädter Feld');
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

  async function registerDistrict(name: string): Promise<string> {
    const input = {
      name,
      municipality: 'Magdeburg',
      municipalityKey: '15003000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'DS0123/19', date: '2019-05-20' },
      startDate: '2019-06-01',
    };
    return dataOf(await t.gql<{ registerDistrict: { districtId: string } }>(REGISTER_DISTRICT, { input })).registerDistrict
      .districtId;
  }

  async function run<K extends string, T = Payload>(
    mutation: string,
    field: K,
    input: Record<string, unknown>,
    options: Record<string, unknown> = {},
  ): Promise<T> {
    const response = await t.gql<Record<K, T>>(mutation, { input, options: { commandId: randomUUID(), ...options } });
    return dataOf(response)[field];
  }

  const establish = (input: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    run<'establishBody', Payload & { bodyId: string }>(ESTABLISH, 'establishBody', input, options);
  const recordMeeting = (input: Record<string, unknown>) =>
    run<'recordMeeting', Payload & { meetingId: string }>(RECORD_MEETING, 'recordMeeting', input);

  async function readBody(id: string, wait: string | null, first = 20, after?: string): Promise<BodyView> {
    return dataOf(await t.gql<{ body: BodyView }>(BODY, { id, wait, first, after })).body;
  }

  async function streamEvents(streamId: string): Promise<StoredEventView[]> {
    return dataOf(await t.gql<{ streamEvents: StoredEventView[] }>(STREAM_EVENTS, { streamId })).streamEvents;
  }

  /** Sends a command that must be refused with `code`; nothing may be written. */
  async function refused(code: string, mutation: string, input: unknown, options: Record<string, unknown> = {}) {
    const before = eventCount();
    const response = await t.gql(mutation, { input, options });
    expect(codesOf(response)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return response;
  }

  const forum = () => ({
    districtId,
    kind: 'RESIDENT_FORUM',
    name: 'Bewohnerforum Neustädter Feld',
    description: 'Open to every resident',
    establishedOn: '2019-09-01',
  });

  describe('lifecycle', () => {
    let bodyId: string;

    it('establishes a body; a retried command lands on the same stream and records nothing new', async () => {
      const commandId = randomUUID();
      const established = await establish(forum(), { commandId });
      bodyId = established.bodyId;
      expect(established).toMatchObject({ streamId: `body-${bodyId}`, streamVersion: 0, eventCount: 1, repeated: false });
      const again = await establish(forum(), { commandId });
      expect(again).toEqual({ ...established, repeated: true });

      const body = await readBody(bodyId, established.position);
      expect(body).toMatchObject({
        id: bodyId,
        districtId,
        kind: 'RESIDENT_FORUM',
        name: 'Bewohnerforum Neustädter Feld',
        description: 'Open to every resident',
        establishedOn: '2019-09-01',
        status: 'ESTABLISHED',
        dissolvedOn: null,
        meetingCount: 0,
        decisionCount: 0,
        lastMeetingOn: null,
        version: 0,
      });
      expect(body.meetings.edges).toEqual([]);
    });

    it('records meetings with attendance, agenda, decisions, votes and conflict-of-interest declarations', async () => {
      const first = await recordMeeting({
        bodyId,
        meetingId: 'forum-2021-03',
        heldOn: '2021-03-10',
        attendance: 42,
        agendaItems: ['ISEK 2030', 'Playground Olvenstedter Straße'],
        decisions: [
          {
            decisionId: 'FF-2021-01',
            subject: 'Recommend the ISEK 2030 to the council',
            outcome: 'ADOPTED',
            votes: { for: 35, against: 4, abstentions: 3 },
            rationale: 'Broad support after two readings',
          },
          { decisionId: 'FF-2021-02', subject: 'Close the playground in winter', outcome: 'REJECTED' },
        ],
        conflictsOfInterest: [
          { decisionId: 'FF-2021-01', memberIds: ['user-17', 'user-42'] },
          { count: 3 },
        ],
      });
      expect(first).toMatchObject({ meetingId: 'forum-2021-03', streamVersion: 1, eventCount: 1 });
      // Without a meeting id, one is derived from the command id.
      const second = await recordMeeting({ bodyId, heldOn: '2022-05-04', attendance: 18, agendaItems: ['Local fund'] });
      expect(second.meetingId).toMatch(/^[0-9a-f-]{36}$/);

      const body = await readBody(bodyId, second.position);
      expect(body).toMatchObject({ meetingCount: 2, decisionCount: 2, lastMeetingOn: '2022-05-04', version: 2 });
      expect(body.meetings.edges.map((e) => e.node.heldOn)).toEqual(['2022-05-04', '2021-03-10']);
      const recorded = body.meetings.edges[1].node;
      expect(recorded).toMatchObject({
        meetingId: 'forum-2021-03',
        attendance: 42,
        agendaItems: ['ISEK 2030', 'Playground Olvenstedter Straße'],
        conflictsOfInterest: [
          { decisionId: 'FF-2021-01', count: 2, memberIds: ['user-17', 'user-42'] },
          { decisionId: null, count: 3, memberIds: [] },
        ],
      });
      expect(recorded.decisions).toEqual([
        {
          decisionId: 'FF-2021-01',
          subject: 'Recommend the ISEK 2030 to the council',
          outcome: 'ADOPTED',
          votes: { for: 35, against: 4, abstentions: 3 },
          rationale: 'Broad support after two readings',
        },
        { decisionId: 'FF-2021-02', subject: 'Close the playground in winter', outcome: 'REJECTED', votes: null, rationale: null },
      ]);
      expect(body.decisions.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ id: `${bodyId}/FF-2021-01`, meetingId: 'forum-2021-03', heldOn: '2021-03-10', districtId }),
        expect.objectContaining({ id: `${bodyId}/FF-2021-02`, outcome: 'REJECTED' }),
      ]);

      // Meetings page by page.
      const page1 = await readBody(bodyId, null, 1);
      expect(page1.meetings.pageInfo.hasNextPage).toBe(true);
      const page2 = await readBody(bodyId, null, 1, page1.meetings.pageInfo.endCursor!);
      expect(page2.meetings.edges.map((e) => e.node.meetingId)).toEqual(['forum-2021-03']);
      expect(page2.meetings.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses what the rules forbid (DOMAIN_RULE) and writes nothing', async () => {
      const meeting = { bodyId, meetingId: 'forum-x', heldOn: '2023-01-01', attendance: 10, agendaItems: ['X'] };
      await refused('DOMAIN_RULE', RECORD_MEETING, { ...meeting, heldOn: '2019-08-31' });
      await refused('DOMAIN_RULE', RECORD_MEETING, { ...meeting, heldOn: '2999-01-01' });
      await refused('DOMAIN_RULE', RECORD_MEETING, { ...meeting, meetingId: 'forum-2021-03' });
      await refused('DOMAIN_RULE', RECORD_MEETING, {
        ...meeting,
        decisions: [{ decisionId: 'FF-2021-01', subject: 'Again', outcome: 'ADOPTED' }],
      });
      await refused('DOMAIN_RULE', RECORD_MEETING, {
        ...meeting,
        decisions: [{ decisionId: 'FF-2023-01', subject: 'S', outcome: 'ADOPTED', votes: { for: 8, against: 2, abstentions: 1 } }],
      });
      await refused('DOMAIN_RULE', RECORD_MEETING, { ...meeting, conflictsOfInterest: [{ count: 11 }] });
      await refused('NOT_FOUND', RECORD_MEETING, { ...meeting, bodyId: randomUUID() });
      await refused('DOMAIN_RULE', ESTABLISH, { ...forum(), bodyId });
      await refused('DOMAIN_RULE', ESTABLISH, { ...forum(), districtId: randomUUID() });
      await refused('DOMAIN_RULE', ESTABLISH, { ...forum(), establishedOn: '2999-01-01' });
      await refused('DOMAIN_RULE', DISSOLVE, { bodyId, dissolvedOn: '2022-05-03', reason: 'Before its last meeting' });
    });

    it('refuses invalid input (BAD_USER_INPUT) and writes nothing', async () => {
      const meeting = { bodyId, heldOn: '2023-01-01', attendance: 10, agendaItems: ['X'] };
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, attendance: 0 });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, attendance: 2.5 });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, heldOn: '2023-02-30' });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, agendaItems: [''] });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, meetingId: 'with space' });
      await refused('BAD_USER_INPUT', RECORD_MEETING, {
        ...meeting,
        decisions: [{ decisionId: 'has/slash', subject: 'S', outcome: 'ADOPTED' }],
      });
      await refused('BAD_USER_INPUT', RECORD_MEETING, {
        ...meeting,
        decisions: [{ decisionId: 'D1', subject: 'S', outcome: 'MAYBE' }],
      });
      await refused('BAD_USER_INPUT', RECORD_MEETING, {
        ...meeting,
        decisions: [{ decisionId: 'D1', subject: 'S', outcome: 'ADOPTED', votes: { for: -1, against: 0, abstentions: 0 } }],
      });
      // Residents are counted, never named: a member reference is a user id, not a name or an e-mail address.
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, conflictsOfInterest: [{ memberIds: ['Erika Mustermann'] }] });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, conflictsOfInterest: [{ memberIds: ['erika@example.org'] }] });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, conflictsOfInterest: [{}] });
      await refused('BAD_USER_INPUT', RECORD_MEETING, { ...meeting, conflictsOfInterest: [{ decisionId: 'NOT-IN-MEETING', count: 1 }] });
      await refused('BAD_USER_INPUT', ESTABLISH, { ...forum(), kind: 'CITY_COUNCIL' });
      await refused('BAD_USER_INPUT', ESTABLISH, { ...forum(), name: '' });
      await refused('BAD_USER_INPUT', ESTABLISH, { ...forum(), districtId: 'district-1' });
      await refused('BAD_USER_INPUT', DISSOLVE, { bodyId, dissolvedOn: '2024-01-01' });
      await refused('BAD_USER_INPUT', UPDATE_DISTRICT, { districtId, name: 'X' }, { decisionRef: 'not-a-ref' });
    });

    it('a cited decision must exist: otherwise DOMAIN_RULE and nothing is written', async () => {
      for (const decisionRef of [`${bodyId}/FF-1999-99`, `${randomUUID()}/FF-2021-01`]) {
        const response = await refused('DOMAIN_RULE', UPDATE_DISTRICT, { districtId, name: 'Neustädter Feld' }, { decisionRef });
        expect(response.body.errors![0].extensions).toMatchObject({ decisionRef });
      }
      const events = await streamEvents(`district-${districtId}`);
      expect(events.map((e) => e.type)).toEqual(['DistrictRegistered']);
    });

    it('a cited decision lands in the event metadata — a REJECTED one may be cited, too', async () => {
      const adopted = `${bodyId}/FF-2021-01`;
      const rejected = `${bodyId}/FF-2021-02`;
      const first = await run(UPDATE_DISTRICT, 'updateDistrictProfile', { districtId, name: 'Neustädter Feld' }, { decisionRef: adopted });
      expect(first.eventCount).toBe(1);
      await run(UPDATE_DISTRICT, 'updateDistrictProfile', { districtId, areaHectares: 120 }, {
        decisionRef: rejected,
        reason: 'The forum rejected closing the playground; the area stays as designated',
      });
      const events = await streamEvents(`district-${districtId}`);
      expect(events.map((e) => [e.type, e.metadata.decisionRef])).toEqual([
        ['DistrictRegistered', null],
        ['DistrictProfileUpdated', adopted],
        ['DistrictProfileUpdated', rejected],
      ]);
    });

    it('dissolves the body; it then holds no meetings, but its decisions stay citable', async () => {
      const dissolved = await run(DISSOLVE, 'dissolveBody', {
        bodyId,
        dissolvedOn: '2024-06-30',
        reason: 'Merged into the district council',
      });
      expect(dissolved.eventCount).toBe(1);
      const body = await readBody(bodyId, dissolved.position);
      expect(body).toMatchObject({
        status: 'DISSOLVED',
        dissolvedOn: '2024-06-30',
        dissolutionReason: 'Merged into the district council',
        meetingCount: 2,
      });

      await refused('DOMAIN_RULE', RECORD_MEETING, { bodyId, heldOn: '2024-05-01', attendance: 5, agendaItems: ['Late'] });
      await refused('DOMAIN_RULE', DISSOLVE, { bodyId, dissolvedOn: '2024-07-01', reason: 'Again' });

      const cited = await run(UPDATE_DISTRICT, 'updateDistrictProfile', { districtId, areaHectares: 121 }, {
        decisionRef: `${bodyId}/FF-2021-01`,
      });
      expect(cited.eventCount).toBe(1);
    });
  });

  describe('reading', () => {
    it('lists the bodies of a district by name, page by page; other districts are not mixed in', async () => {
      const own = await registerDistrict('Paging district');
      const names = ['Steuerungsrunde', 'AG Wohnumfeld', 'Jury Verfügungsfonds'];
      const kinds = ['STEERING_ROUND', 'WORKING_GROUP', 'LOCAL_FUND_JURY'];
      const created = await Promise.all(
        names.map((name, i) => establish({ districtId: own, kind: kinds[i], name, establishedOn: '2020-01-15' })),
      );
      const highest = created.map((c) => c.position!).sort().at(-1)!;

      type Page = { bodies: { edges: { node: { id: string; name: string; kind: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
      const first = dataOf(await t.gql<Page>(BODIES, { districtId: own, first: 2, wait: highest })).bodies;
      expect(first.edges.map((e) => e.node.name)).toEqual(['AG Wohnumfeld', 'Jury Verfügungsfonds']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = dataOf(await t.gql<Page>(BODIES, { districtId: own, first: 2, after: first.pageInfo.endCursor })).bodies;
      expect(second.edges.map((e) => e.node)).toEqual([
        { id: created[0].bodyId, name: 'Steuerungsrunde', kind: 'STEERING_ROUND', status: 'ESTABLISHED' },
      ]);
      expect(second.pageInfo.hasNextPage).toBe(false);

      expect(codesOf(await t.gql(BODIES, { districtId: 'nope' }))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await t.gql(BODY, { id: randomUUID() }))).toEqual(['NOT_FOUND']);
    });

    it('a closed district takes no new bodies', async () => {
      const own = await registerDistrict('Closing district');
      await run(CLOSE_DISTRICT, 'closeDistrictProgramme', { districtId: own, closedOn: '2024-12-31', reason: 'Programme ended' });
      await refused('DOMAIN_RULE', ESTABLISH, { ...forum(), districtId: own });
    });
  });
});
