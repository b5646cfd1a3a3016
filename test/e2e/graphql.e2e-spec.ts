import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyChain, type HashableEvent } from '../../src/core/hash-chain';
import type { JsonObject } from '../../src/core/envelope';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { bearer, credentialsFor, type TestUser } from '../support/auth';

/**
 * GraphQL over HTTP against the whole application in this process, on the embedded SQLite stores.
 * The tests of one file share one app and run in order; each test creates the data it looks at.
 */

jest.setTimeout(60_000);

const ACTOR: TestUser = { id: 'e2e-alice', role: 'district_manager' };
const AUTH: Record<string, string> = {};

const REGISTER = `
  mutation Register($input: RegisterDistrictInput!, $options: CommandOptionsInput) {
    registerDistrict(input: $input, options: $options) {
      commandId districtId streamId streamVersion position eventCount repeated
    }
  }`;

const UPDATE = `
  mutation Update($input: UpdateDistrictProfileInput!, $options: CommandOptionsInput) {
    updateDistrictProfile(input: $input, options: $options) {
      commandId streamId streamVersion position eventCount repeated
    }
  }`;

const DISTRICT_FIELDS = `
  id name municipality municipalityKey programmes designation { number date }
  areaHectares startDate expectedEndDate registeredAt updatedAt version`;

const DISTRICT = `
  query District($id: ID!, $wait: String) { district(id: $id, waitForPosition: $wait) { ${DISTRICT_FIELDS} } }`;

const DISTRICTS = `
  query Districts($first: Int, $after: String, $municipality: String, $wait: String) {
    districts(first: $first, after: $after, municipality: $municipality, waitForPosition: $wait) {
      edges { cursor node { ${DISTRICT_FIELDS} } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

const STREAM_EVENTS = `
  query Stream($streamId: String!) {
    streamEvents(streamId: $streamId) {
      eventId type streamId streamVersion position data
      metadata {
        actorId actorRole recordedAt effectiveAt commandId correlationId causationId reason decisionRef
        requestHash schemaVersion prevHash hash
      }
    }
  }`;

const ACTION_FIELDS = `
  query ActionFields($wait: String) { actionFields(waitForPosition: $wait) { id number name nameDe addedAt renamedAt } }`;

const ADD_ACTION_FIELD = `
  mutation Add($input: ActionFieldInput!, $options: CommandOptionsInput) {
    addActionField(input: $input, options: $options) { commandId streamId position eventCount repeated }
  }`;

const RENAME_ACTION_FIELD = `
  mutation Rename($input: ActionFieldInput!, $options: CommandOptionsInput) {
    renameActionField(input: $input, options: $options) { commandId streamId position eventCount repeated }
  }`;

const PROJECTION_STATUS = `{ projectionStatus { name version state checkpoint head lag error { message } rebuildCheckpoint } }`;

const HEALTH = `{ health { ready eventStore readStore failedProjections } }`;

interface CommandResult {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}
type RegisterResult = CommandResult & { districtId: string };

interface DistrictNode {
  id: string;
  name: string;
  municipality: string;
  municipalityKey: string;
  programmes: string[];
  designation: { number: string; date: string };
  areaHectares: number | null;
  startDate: string | null;
  expectedEndDate: string | null;
  registeredAt: string;
  updatedAt: string;
  version: number;
}

interface DistrictsPage {
  districts: {
    edges: { cursor: string; node: DistrictNode }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

interface StoredEventView {
  eventId: string;
  type: string;
  streamId: string;
  streamVersion: number;
  position: string;
  data: JsonObject;
  metadata: {
    actorId: string;
    actorRole: string;
    recordedAt: string;
    effectiveAt: string | null;
    commandId: string;
    correlationId: string;
    causationId: string;
    reason: string | null;
    decisionRef: string | null;
    schemaVersion: number;
    prevHash: string;
    hash: string;
  };
}

interface ActionFieldView {
  id: string;
  number: number;
  name: string;
  nameDe: string;
  addedAt: string;
  renamedAt: string | null;
}

interface ProjectionStatusView {
  name: string;
  version: number;
  state: string;
  checkpoint: string | null;
  head: string | null;
  lag: number | null;
  error: { message: string } | null;
  rebuildCheckpoint: string | null;
}

type RegisterInput = {
  districtId?: string;
  name: string;
  municipality: string;
  municipalityKey: string;
  programmes: string[];
  designation: { number: string; date: string };
  areaHectares?: number;
  startDate?: string;
  expectedEndDate?: string;
};

function districtInput(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    name: 'Halle-Neustadt',
    municipality: 'Halle (Saale)',
    municipalityKey: '15002000',
    programmes: ['Sozialer Zusammenhalt'],
    designation: { number: 'VII/2019/01234', date: '2019-06-26' },
    areaHectares: 1200.5,
    startDate: '2020-01-01',
    expectedEndDate: '2030-12-31',
    ...overrides,
  };
}

/** The codes of all errors of a response. */
const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

/** GraphQL returns absent optional metadata as null; the stored (hashed) metadata omits those keys. */
function asHashable(event: StoredEventView): HashableEvent {
  const metadata = Object.fromEntries(Object.entries(event.metadata).filter(([, v]) => v !== null));
  return { ...event, metadata: metadata as unknown as HashableEvent['metadata'] };
}

describe('GraphQL API (in-process, embedded SQLite)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AUTH, await credentialsFor(ACTOR));
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  async function register(input: RegisterInput, options: Record<string, unknown> = {}): Promise<RegisterResult> {
    const response = await t.gql<{ registerDistrict: RegisterResult }>(
      REGISTER,
      { input, options: { commandId: randomUUID(), ...options } },
      AUTH,
    );
    return dataOf(response).registerDistrict;
  }

  async function streamEvents(streamId: string): Promise<StoredEventView[]> {
    return dataOf(await t.gql<{ streamEvents: StoredEventView[] }>(STREAM_EVENTS, { streamId }, AUTH)).streamEvents;
  }

  async function projectionStatus(): Promise<ProjectionStatusView[]> {
    return dataOf(await t.gql<{ projectionStatus: ProjectionStatusView[] }>(PROJECTION_STATUS)).projectionStatus;
  }

  /** All districts (optionally of one municipality), walking the connection page by page. */
  async function allDistricts(pageSize: number, municipality?: string, wait?: string | null) {
    const pages: DistrictsPage['districts'][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const variables: Record<string, unknown> = { first: pageSize, after, municipality, wait };
      const page: DistrictsPage['districts'] = dataOf(await t.gql<DistrictsPage>(DISTRICTS, variables)).districts;
      pages.push(page);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toEqual(expect.any(String));
      after = page.pageInfo.endCursor;
    }
    return { pages, nodes: pages.flatMap((p) => p.edges.map((e) => e.node)) };
  }

  function eventCount(): number {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  describe('commands and their audit metadata', () => {
    it('registers a district, reads it back at the returned position, and records who, why and under which command', async () => {
      const commandId = randomUUID();
      const correlationId = `e2e-corr-${randomUUID()}`;
      const input = districtInput({ districtId: randomUUID() });
      const response = await t.gql<{ registerDistrict: RegisterResult }>(
        REGISTER,
        { input, options: { commandId, reason: 'Council resolution of 26 June 2019', effectiveAt: '2019-07-01' } },
        { ...AUTH, 'x-correlation-id': correlationId },
      );
      expect(response.status).toBe(200);
      const registered = dataOf(response).registerDistrict;
      expect(registered).toEqual({
        commandId,
        districtId: input.districtId,
        streamId: `district-${input.districtId}`,
        streamVersion: 0,
        position: expect.any(String),
        eventCount: 1,
        repeated: false,
      });

      const read = await t.gql<{ district: DistrictNode }>(DISTRICT, { id: input.districtId, wait: registered.position }, AUTH);
      const { districtId: _id, ...profile } = input;
      expect(dataOf(read).district).toMatchObject({ ...profile, id: input.districtId, version: 0 });

      const events = await streamEvents(registered.streamId);
      expect(events).toHaveLength(1);
      const [first] = events;
      expect(first.type).toBe('DistrictRegistered');
      expect(first.streamVersion).toBe(0);
      expect(first.position).toBe(registered.position);
      expect(first.data).toMatchObject({ districtId: input.districtId, name: input.name });
      expect(first.metadata).toMatchObject({
        actorId: ACTOR.id,
        actorRole: ACTOR.role,
        commandId,
        correlationId,
        causationId: commandId,
        reason: 'Council resolution of 26 June 2019',
        effectiveAt: '2019-07-01',
        schemaVersion: 1,
        prevHash: '',
      });
      expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(first.metadata.recordedAt))).toBe(false);

      // A second command on the same stream links to the first event's hash.
      const updateId = randomUUID();
      const updated = dataOf(
        await t.gql<{ updateDistrictProfile: CommandResult }>(
          UPDATE,
          { input: { districtId: input.districtId, name: 'Halle-Neustadt (Nord)', areaHectares: 1200.5 }, options: { commandId: updateId } },
          AUTH,
        ),
      ).updateDistrictProfile;
      expect(updated).toMatchObject({ commandId: updateId, streamVersion: 1, eventCount: 1, repeated: false });
      expect(updated.position! > registered.position!).toBe(true);

      const chain = await streamEvents(registered.streamId);
      expect(chain).toHaveLength(2);
      expect(chain[1].type).toBe('DistrictProfileUpdated');
      // Only the field that really changed is recorded, with its previous value.
      expect(chain[1].data).toEqual({
        districtId: input.districtId,
        changes: { name: 'Halle-Neustadt (Nord)' },
        previous: { name: 'Halle-Neustadt' },
      });
      expect(chain[1].metadata.commandId).toBe(updateId);
      expect(chain[1].metadata.correlationId).not.toBe(correlationId); // no header: a fresh one
      expect(chain[1].metadata.prevHash).toBe(chain[0].metadata.hash);
      expect(chain[1].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(chain[1].metadata.hash).not.toBe(chain[0].metadata.hash);
      // The hashes are really the chain over the stored content, not just plausible strings.
      expect(verifyChain(chain.map(asHashable))).toBeNull();

      const after = await t.gql<{ district: DistrictNode }>(DISTRICT, { id: input.districtId, wait: updated.position }, AUTH);
      expect(dataOf(after).district).toMatchObject({ name: 'Halle-Neustadt (Nord)', version: 1 });
    });

    it('answers a repeated command id with the first outcome and appends nothing', async () => {
      const commandId = randomUUID();
      // Without districtId the id derives from the command id, so the retry targets the same stream.
      const input = districtInput({ name: 'Magdeburg Neustädter Feld', municipality: 'Magdeburg', municipalityKey: '15003000' });
      const first = await register(input, { commandId });
      expect(first.repeated).toBe(false);
      const before = eventCount();
      const lengthBefore = (await streamEvents(first.streamId)).length;

      const again = await register(input, { commandId });
      expect(again).toEqual({ ...first, repeated: true });
      expect(await streamEvents(first.streamId)).toHaveLength(lengthBefore);
      expect(eventCount()).toBe(before);

      // Same for a command on an existing stream; the id sent with different changes is another request, refused.
      const updateId = randomUUID();
      const change = (name: string) =>
        t.gql<{ updateDistrictProfile: CommandResult }>(
          UPDATE,
          { input: { districtId: first.districtId, name }, options: { commandId: updateId } },
          AUTH,
        );
      const updated = dataOf(await change('Neustädter Feld')).updateDistrictProfile;
      const repeated = dataOf(await change('Neustädter Feld')).updateDistrictProfile;
      expect(repeated).toEqual({ ...updated, repeated: true });
      const other = await change('Something else entirely');
      expect(other.body.errors?.map((e) => [e.extensions?.code, e.extensions?.conflict])).toEqual([['CONFLICT', 'COMMAND_ID_REUSED']]);
      expect(eventCount()).toBe(before + 1);
      const read = await t.gql<{ district: DistrictNode }>(DISTRICT, { id: first.districtId, wait: repeated.position }, AUTH);
      expect(dataOf(read).district.name).toBe('Neustädter Feld');
    });

    it('refuses to register the same district twice (DOMAIN_RULE) and an end date before the start (DOMAIN_RULE)', async () => {
      const districtId = randomUUID();
      await register(districtInput({ districtId }));
      const before = eventCount();
      const twice = await t.gql(REGISTER, { input: districtInput({ districtId }), options: { commandId: randomUUID() } }, AUTH);
      expect(codesOf(twice)).toEqual(['DOMAIN_RULE']);
      const backwards = await t.gql(
        REGISTER,
        { input: districtInput({ startDate: '2025-01-01', expectedEndDate: '2024-12-31' }) },
        AUTH,
      );
      expect(codesOf(backwards)).toEqual(['DOMAIN_RULE']);
      expect(eventCount()).toBe(before);
    });
  });

  describe('action-field catalogue', () => {
    it('seeds the eight defaults once, across restarts, and supports add and rename', async () => {
      const first = await startApp();
      let second: TestApp | null = null;
      try {
        const seeded = async (app: TestApp) =>
          dataOf(await app.gql<{ streamEvents: StoredEventView[] }>(STREAM_EVENTS, { streamId: 'catalogue-action-fields' }))
            .streamEvents;
        const initial = await seeded(first);
        expect(initial.map((e) => e.type)).toEqual(Array(8).fill('ActionFieldAdded'));
        expect(initial.map((e) => e.data.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(initial.every((e) => e.metadata.actorId === 'system')).toBe(true);
        expect(verifyChain(initial.map(asHashable))).toBeNull();
        await first.stop();

        second = await startApp({ DATA_DIR: first.dataDir });
        const afterRestart = await seeded(second);
        expect(afterRestart.filter((e) => e.type === 'ActionFieldAdded')).toHaveLength(8);
        expect(afterRestart.map((e) => e.eventId)).toEqual(initial.map((e) => e.eventId));

        const app = second;
        const list = async (wait?: string | null) =>
          dataOf(await app.gql<{ actionFields: ActionFieldView[] }>(ACTION_FIELDS, { wait })).actionFields;
        const defaults = await list(initial[7].position);
        expect(defaults.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(defaults[1]).toMatchObject({ id: 'public-space-safety', name: 'Public space / safety' });

        const added = dataOf(
          await app.gql<{ addActionField: CommandResult }>(ADD_ACTION_FIELD, {
            input: { actionFieldId: 'culture-arts', name: 'Culture / arts', nameDe: 'Kultur / Kunst' },
            options: { reason: 'Resident forum asked for it' },
          }),
        ).addActionField;
        expect(added).toMatchObject({ streamId: 'catalogue-action-fields', eventCount: 1, repeated: false });
        const withNew = await list(added.position);
        expect(withNew).toHaveLength(9);
        expect(withNew[8]).toMatchObject({ id: 'culture-arts', number: 9, name: 'Culture / arts', renamedAt: null });

        const renameInput = { actionFieldId: 'culture-arts', name: 'Culture / arts / creativity', nameDe: 'Kultur / Kunst / Kreativität' };
        const renamed = dataOf(
          await app.gql<{ renameActionField: CommandResult }>(RENAME_ACTION_FIELD, { input: renameInput }),
        ).renameActionField;
        expect(renamed).toMatchObject({ eventCount: 1, repeated: false });
        const afterRename = await list(renamed.position);
        expect(afterRename[8]).toMatchObject({ id: 'culture-arts', number: 9, name: renameInput.name, nameDe: renameInput.nameDe });
        expect(afterRename[8].renamedAt).toEqual(expect.any(String));
        const events = await seeded(app);
        expect(events.at(-1)).toMatchObject({
          type: 'ActionFieldRenamed',
          data: { previousName: 'Culture / arts', previousNameDe: 'Kultur / Kunst', name: renameInput.name },
        });
        const length = events.length;

        // Renaming to the name it already has records nothing.
        const same = dataOf(
          await app.gql<{ renameActionField: CommandResult }>(RENAME_ACTION_FIELD, { input: renameInput }),
        ).renameActionField;
        expect(same).toMatchObject({ eventCount: 0, repeated: false });
        expect(await seeded(app)).toHaveLength(length);

        // A duplicate id, or a name another field already has, breaks a rule; an unknown id is not found.
        const duplicate = await app.gql(ADD_ACTION_FIELD, {
          input: { actionFieldId: 'public-space-safety', name: 'Streets', nameDe: 'Straßen' },
        });
        expect(codesOf(duplicate)).toEqual(['DOMAIN_RULE']);
        const sameName = await app.gql(ADD_ACTION_FIELD, {
          input: { actionFieldId: 'streets', name: 'PUBLIC SPACE / SAFETY', nameDe: 'Straßen' },
        });
        expect(codesOf(sameName)).toEqual(['DOMAIN_RULE']);
        const unknown = await app.gql(RENAME_ACTION_FIELD, {
          input: { actionFieldId: 'no-such-field', name: 'X', nameDe: 'X' },
        });
        expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
        const badId = await app.gql(ADD_ACTION_FIELD, { input: { actionFieldId: 'Not A Key', name: 'X', nameDe: 'X' } });
        expect(codesOf(badId)).toEqual(['BAD_USER_INPUT']);
        expect(await seeded(app)).toHaveLength(length);
      } finally {
        await first.stop();
        if (second) await second.cleanup();
        else await first.cleanup();
      }
    });
  });

  describe('districts connection', () => {
    it('walks 25 districts in pages of 10 and sees each exactly once, in order', async () => {
      const municipality = `Paging ${randomUUID().slice(0, 8)}`;
      // Five names occur twice, so the cursor must also break ties between equal sort keys.
      const inputs = Array.from({ length: 25 }, (_, i) =>
        districtInput({ municipality, name: `Quartier ${String(i % 20).padStart(2, '0')}` }),
      );
      const results = await Promise.all(inputs.map((input) => register(input)));
      const ids = results.map((r) => r.districtId);
      expect(new Set(ids).size).toBe(25);
      const highest = results.map((r) => r.position!).sort().at(-1)!;

      const { pages, nodes } = await allDistricts(10, municipality, highest);
      expect(pages.map((p) => p.edges.length)).toEqual([10, 10, 5]);
      expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
      expect(nodes.map((n) => n.id).sort()).toEqual([...ids].sort());
      const names = nodes.map((n) => n.name);
      expect(names).toEqual([...names].sort());

      // The unfiltered walk also sees each of them exactly once.
      const everything = (await allDistricts(10)).nodes.map((n) => n.id);
      expect(new Set(everything).size).toBe(everything.length);
      for (const id of ids) expect(everything.filter((x) => x === id)).toHaveLength(1);
    });
  });

  describe('bad input', () => {
    const big = (n: number) => 'x'.repeat(n);

    /** Sends a request that must be refused, then checks the code, that nothing was recorded and that the app still serves. */
    async function refused(
      expectedCode: string,
      send: () => Promise<GqlResponse<unknown>>,
      expectedStatus?: number,
    ): Promise<void> {
      const before = eventCount();
      const response = await send();
      expect(response.body.errors?.length ?? 0).toBeGreaterThan(0);
      expect(codesOf(response)).toEqual(response.body.errors!.map(() => expectedCode));
      if (expectedStatus !== undefined) expect(response.status).toBe(expectedStatus);
      expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack traces
      expect(eventCount()).toBe(before);
      const health = await t.gql<{ health: { ready: boolean } }>(HEALTH);
      expect(dataOf(health).health.ready).toBe(true);
    }

    const registerWith = (input: Record<string, unknown>, options: Record<string, unknown> = {}) => () =>
      t.gql(REGISTER, { input, options }, AUTH);

    async function rawPost(body: string | Buffer, contentType = 'application/json'): Promise<GqlResponse<unknown>> {
      const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': contentType }, body });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text) as GqlResponse<unknown>['body'] };
    }

    it('missing required fields → BAD_USER_INPUT', async () => {
      const { name: _name, ...withoutName } = districtInput();
      await refused('BAD_USER_INPUT', registerWith(withoutName));
      const { designation: _d, ...withoutDesignation } = districtInput();
      await refused('BAD_USER_INPUT', registerWith(withoutDesignation));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), designation: { number: 'X/1' } }));
      // Inline literal without the required argument at all.
      await refused('BAD_USER_INPUT', () => t.gql('mutation { registerDistrict { districtId } }', undefined, AUTH));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), programmes: [] }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), name: '' }));
    });

    it('wrong-typed fields → BAD_USER_INPUT', async () => {
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), areaHectares: 'large' }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), municipalityKey: 15002000 }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), programmes: [{ name: 'x' }] }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), designation: 'VII/2019/01234' }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), areaHectares: -5 }));
      await refused('BAD_USER_INPUT', registerWith(districtInput(), { commandId: 'not-a-uuid' }));
      await refused('BAD_USER_INPUT', () =>
        t.gql(`mutation { registerDistrict(input: { name: 1, municipality: "M", municipalityKey: "15002000",
          programmes: ["P"], designation: { number: "1", date: "2020-01-01" } }) { districtId } }`, undefined, AUTH),
      );
    });

    it('strings over their limits → BAD_USER_INPUT (and exactly at the limit is accepted)', async () => {
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), name: big(201) }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), municipality: big(201) }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), programmes: [big(201)] }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), programmes: Array(21).fill('P') }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), designation: { number: big(101), date: '2020-01-01' } }));
      await refused('BAD_USER_INPUT', registerWith(districtInput(), { reason: big(2001) }));

      const before = eventCount();
      const atLimit = await register(districtInput({ name: big(200) }), { reason: big(2000) });
      expect(atLimit.eventCount).toBe(1);
      expect(eventCount()).toBe(before + 1);
      const events = await streamEvents(atLimit.streamId);
      expect(events[0].metadata.reason).toHaveLength(2000);
    });

    it('invalid AGS (municipality key) → BAD_USER_INPUT', async () => {
      for (const key of ['1500200', '150020000', '1500200a', ' 15002000', '']) {
        await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), municipalityKey: key }));
      }
    });

    it('impossible or malformed dates → BAD_USER_INPUT', async () => {
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), designation: { number: '1', date: '2021-02-30' } }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), startDate: '2021-02-30' }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), expectedEndDate: '2023-02-29' }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), startDate: '2021-13-01' }));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), startDate: '2021-01-01T00:00:00Z' }));
      await refused('BAD_USER_INPUT', registerWith(districtInput(), { effectiveAt: '2021-02-30' }));
    });

    it('unknown district → NOT_FOUND; malformed id → BAD_USER_INPUT', async () => {
      await refused('NOT_FOUND', () =>
        t.gql(UPDATE, { input: { districtId: randomUUID(), name: 'Nowhere' } }, AUTH),
      );
      await refused('NOT_FOUND', () => t.gql(DISTRICT, { id: randomUUID() }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(UPDATE, { input: { districtId: 'district-1', name: 'X' } }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICT, { id: 'not-a-uuid' }, AUTH));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), districtId: '12345' }));
      await refused('BAD_USER_INPUT', () => t.gql(STREAM_EVENTS, { streamId: 'no category' }, AUTH));
    });

    // Update inputs are all optional, so GraphQL lets an explicit null through; clearing a required field must be
    // refused (a null name would break every read of the district). Own app: a regression would poison the log.
    it('explicit null for a required profile field on update → BAD_USER_INPUT, nothing recorded', async () => {
      const own = await startApp();
      try {
        const registered = dataOf(
          await own.gql<{ registerDistrict: RegisterResult }>(REGISTER, { input: districtInput() }),
        ).registerDistrict;
        for (const field of ['name', 'municipality', 'municipalityKey']) {
          const response = await own.gql(UPDATE, { input: { districtId: registered.districtId, [field]: null } });
          expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
        }
        const events = dataOf(await own.gql<{ streamEvents: StoredEventView[] }>(STREAM_EVENTS, { streamId: registered.streamId }));
        expect(events.streamEvents).toHaveLength(1);
        const page = await own.gql<DistrictsPage>(DISTRICTS, { first: 10 });
        expect(dataOf(page).districts.edges).toHaveLength(1);
      } finally {
        await own.cleanup();
      }
    });

    it('a 5 MB body → 413 BAD_USER_INPUT; malformed JSON → 400 BAD_USER_INPUT', async () => {
      const huge = JSON.stringify({ query: REGISTER, variables: { input: { ...districtInput(), name: big(5 * 1024 * 1024) } } });
      await refused('BAD_USER_INPUT', () => rawPost(huge), 413);
      await refused('BAD_USER_INPUT', () => rawPost('{"query": "{ health { ready } }"'), 400);
      await refused('BAD_USER_INPUT', () => rawPost('not json at all'), 400);
    });

    it('invalid waitForPosition → BAD_USER_INPUT', async () => {
      const { districtId, position } = await register(districtInput());
      expect(position).toEqual(expect.any(String));
      for (const wait of ['abc', '', '-1', '12', 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', "1' OR 1=1"]) {
        await refused('BAD_USER_INPUT', () => t.gql(DISTRICT, { id: districtId, wait }, AUTH));
      }
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 5, wait: 'not-a-position' }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(ACTION_FIELDS, { wait: 'nope' }, AUTH));
    });

    it('unknown field in the query, or a query that does not parse → BAD_USER_INPUT', async () => {
      await refused('BAD_USER_INPUT', () => t.gql('{ health { ready noSuchField } }'));
      await refused('BAD_USER_INPUT', () => t.gql('{ noSuchQuery }'));
      await refused('BAD_USER_INPUT', () => t.gql('{ health { ready '));
      await refused('BAD_USER_INPUT', registerWith({ ...districtInput(), unknownInputField: 1 }));
    });

    it('paging arguments out of range → BAD_USER_INPUT', async () => {
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 0 }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 201 }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 5, after: big(2001) }, AUTH));
    });

    it('a cursor that is not one of ours → BAD_USER_INPUT', async () => {
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 5, after: 'garbage-cursor' }, AUTH));
      await refused('BAD_USER_INPUT', () => t.gql(DISTRICTS, { first: 5, after: 'WzEsIngiXQ' }, AUTH));
    });

    it('a bearer token that is not valid → UNAUTHENTICATED; health needs none', async () => {
      const wrong = { authorization: 'Bearer not-a-valid-token-123456' };
      await refused('UNAUTHENTICATED', () => t.gql(REGISTER, { input: districtInput() }, wrong));
      await refused('UNAUTHENTICATED', () => t.gql(DISTRICTS, { first: 1 }, wrong));
      await refused('UNAUTHENTICATED', () => t.gql(REGISTER, { input: districtInput() }, { authorization: 'Basic abc' }));
      const health = await t.gql<{ health: { ready: boolean } }>(HEALTH, undefined, wrong);
      expect(dataOf(health).health.ready).toBe(true);
    });

    it('in production, no token → UNAUTHENTICATED, a valid token works, health is open', async () => {
      const prod = await startApp({ NODE_ENV: 'production' });
      try {
        const anonymous = await prod.gql(REGISTER, { input: districtInput() });
        expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
        expect(codesOf(await prod.gql(DISTRICTS, { first: 1 }))).toEqual(['UNAUTHENTICATED']);
        const health = await prod.gql<{ health: { ready: boolean } }>(HEALTH);
        expect(dataOf(health).health.ready).toBe(true);
        const live = await fetch(`${prod.baseUrl}/health`);
        expect(live.status).toBe(200);
        const ready = await fetch(`${prod.baseUrl}/health/ready`);
        expect(ready.status).toBe(200);
        // In production only a signed token counts: one for a district manager of the district being registered.
        const input = districtInput({ districtId: randomUUID() });
        const token = await bearer({ ...ACTOR, districts: [input.districtId!] });
        const allowed = await prod.gql<{ registerDistrict: RegisterResult }>(REGISTER, { input }, token);
        expect(dataOf(allowed).registerDistrict.eventCount).toBe(1);
      } finally {
        await prod.cleanup();
      }
    });
  });

  describe('projections', () => {
    it('are live with lag 0 after writes, and a rebuild of districts reads the same as before', async () => {
      const written = await Promise.all(Array.from({ length: 5 }, (_, i) => register(districtInput({ name: `Rebuild ${i}` }))));
      const highest = written.map((r) => r.position!).sort().at(-1)!;
      const before = (await allDistricts(50, undefined, highest)).nodes;
      expect(before.length).toBeGreaterThanOrEqual(30);

      const status = await projectionStatus();
      expect(status.map((s) => s.name)).toEqual(expect.arrayContaining(['action-fields', 'districts']));
      for (const s of status) {
        expect(s).toMatchObject({ state: 'live', lag: 0, error: null, rebuildCheckpoint: null });
        expect(s.head! >= highest).toBe(true);
        expect(s.checkpoint).toBe(s.head);
      }

      const rebuilt = await t.gql<{ rebuildProjection: boolean }>(`mutation { rebuildProjection(name: "districts") }`);
      expect(dataOf(rebuilt).rebuildProjection).toBe(true);
      const after = (await allDistricts(50)).nodes;
      const byId = (nodes: DistrictNode[]) => [...nodes].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(after)).toEqual(byId(before));
      expect(after.map((n) => n.id)).toEqual(before.map((n) => n.id)); // same order, too

      const afterStatus = await projectionStatus();
      for (const s of afterStatus) expect(s).toMatchObject({ state: 'live', lag: 0, error: null });

      // The rebuilt projection keeps following new events.
      const later = await register(districtInput({ name: 'After the rebuild' }));
      const read = await t.gql<{ district: DistrictNode }>(DISTRICT, { id: later.districtId, wait: later.position }, AUTH);
      expect(dataOf(read).district.name).toBe('After the rebuild');

      const actionFields = dataOf(await t.gql<{ actionFields: ActionFieldView[] }>(ACTION_FIELDS)).actionFields;
      expect(dataOf(await t.gql<{ rebuildProjection: boolean }>(`mutation { rebuildProjection(name: "action-fields") }`)).rebuildProjection).toBe(true);
      expect(dataOf(await t.gql<{ actionFields: ActionFieldView[] }>(ACTION_FIELDS)).actionFields).toEqual(actionFields);

      expect(codesOf(await t.gql(`mutation { rebuildProjection(name: "no-such-projection") }`))).toEqual(['NOT_FOUND']);
      // Only an admin may rebuild.
      expect(codesOf(await t.gql(`mutation { rebuildProjection(name: "districts") }`, undefined, AUTH))).toEqual(['FORBIDDEN']);
    });
  });
});
