import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { STATE_STORE, type StateStore } from '../../src/state-store/state-store.port';
import { USER_DIRECTORY_COLLECTION } from '../../src/user-directory/user-directory.service';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { captureLogs, type LogCapture } from '../support/logs';

/**
 * The user directory over GraphQL: profiles are recorded, updated, listed and erased outside the event log;
 * invalid input is refused with BAD_USER_INPUT; the whole list only for callers for every district; rebuilding every projection leaves the directory alone; the audit
 * trail shows the actor's name read from the directory, one read per page, and null once erased; an erased name
 * is gone from the database file.
 */

jest.setTimeout(60_000);

const PROFILE_FIELDS = 'userId displayName email organisation recordedAt updatedAt';
const RECORD = `mutation($input: RecordUserProfileInput!) { recordUserProfile(input: $input) { ${PROFILE_FIELDS} } }`;
const ERASE = 'mutation($userId: ID!) { eraseUserProfile(userId: $userId) { userId erased } }';
const PROFILE = `query($id: ID!) { userProfile(id: $id) { ${PROFILE_FIELDS} } }`;
const PROFILES = `query($first: Int, $after: String) {
  userProfiles(first: $first, after: $after) { edges { cursor node { userId displayName } } pageInfo { endCursor hasNextPage } }
}`;
const REGISTER = `mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { position } }`;
const AUDIT = `query($filter: AuditTrailFilterInput, $wait: String) {
  auditTrail(filter: $filter, first: 50, waitForPosition: $wait) { edges { node { actorId actorName eventType } } }
}`;

interface Profile {
  userId: string;
  displayName: string;
  email: string | null;
  organisation: string | null;
  recordedAt: string;
  updatedAt: string;
}

interface ProfilePage {
  userProfiles: { edges: { node: { userId: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('user directory', () => {
  let t: TestApp;
  let logs: LogCapture;

  beforeAll(async () => {
    logs = captureLogs();
    t = await startApp({ LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    logs?.restore();
    await t?.cleanup();
  });

  const record = async (input: Record<string, unknown>, headers?: Record<string, string>) =>
    dataOf(await t.gql<{ recordUserProfile: Profile }>(RECORD, { input }, headers)).recordUserProfile;
  const profile = async (id: string) => dataOf(await t.gql<{ userProfile: Profile | null }>(PROFILE, { id })).userProfile;
  const erase = async (userId: string, headers?: Record<string, string>) =>
    dataOf(await t.gql<{ eraseUserProfile: { userId: string; erased: boolean } }>(ERASE, { userId }, headers)).eraseUserProfile;
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

  it('records a profile, updates it in place and appends nothing to the event log', async () => {
    const before = await head();
    const created = await record({
      userId: 'ud-anna-1',
      displayName: '  Anna Schmidt ',
      email: 'anna.schmidt@example.org',
      organisation: 'Quartiersmanagement',
    });
    expect(created).toMatchObject({
      userId: 'ud-anna-1',
      displayName: 'Anna Schmidt',
      email: 'anna.schmidt@example.org',
      organisation: 'Quartiersmanagement',
    });
    expect(created.updatedAt).toBe(created.recordedAt);
    expect(await profile('ud-anna-1')).toEqual(created);

    // Recording again replaces the fields: what is left out is no longer kept.
    const updated = await record({ userId: 'ud-anna-1', displayName: 'Anna Schmidt-Krause' });
    expect(updated).toMatchObject({ displayName: 'Anna Schmidt-Krause', email: null, organisation: null, recordedAt: created.recordedAt });
    expect(updated.updatedAt >= created.updatedAt).toBe(true);
    expect(await profile('ud-anna-1')).toEqual(updated);
    expect(await profile('ud-nobody')).toBeNull();
    expect(await head()).toBe(before);
  });

  it('refuses invalid input with BAD_USER_INPUT and records nothing', async () => {
    const valid = { userId: 'ud-refused-1', displayName: 'Rita Refused' };
    const bad: Record<string, unknown>[] = [
      { ...valid, userId: 'rita refused' },
      { ...valid, userId: '' },
      { ...valid, userId: 'x'.repeat(101) },
      { ...valid, displayName: '' },
      { ...valid, displayName: '   ' },
      { ...valid, displayName: 'x'.repeat(201) },
      { ...valid, email: 'not-an-address' },
      { ...valid, email: `${'x'.repeat(250)}@example.org` },
      { ...valid, organisation: '' },
      { ...valid, organisation: 'x'.repeat(201) },
      { ...valid, phone: '0345 123456' },
    ];
    for (const input of bad) {
      const response = await t.gql(RECORD, { input });
      expect({ input, codes: codesOf(response) }).toEqual({ input, codes: ['BAD_USER_INPUT'] });
    }
    expect(await profile('ud-refused-1')).toBeNull();
    for (const [document, variables] of [
      [PROFILE, { id: 'rita refused' }],
      [ERASE, { userId: 'rita@example org' }],
      [PROFILES, { first: 0 }],
      [PROFILES, { first: 10, after: 'not-a-cursor' }],
    ] as const) {
      expect(codesOf(await t.gql(document, variables))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses callers without an identity', async () => {
    const anonymous = { authorization: 'Bearer not-a-known-token-000000' };
    expect(codesOf(await t.gql(RECORD, { input: { userId: 'ud-x-1', displayName: 'X' } }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await t.gql(ERASE, { userId: 'ud-anna-1' }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await t.gql(PROFILE, { id: 'ud-anna-1' }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await t.gql(PROFILES, {}, anonymous))).toEqual(['UNAUTHENTICATED']);
  });

  it('lists profiles by user id, page by page', async () => {
    for (const key of ['c', 'a', 'e', 'b', 'd']) await record({ userId: `ud-list-${key}`, displayName: `Person ${key.toUpperCase()}` });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response: GqlResponse<ProfilePage> = await t.gql<ProfilePage>(PROFILES, { first: 2, after });
      const { userProfiles } = dataOf(response);
      expect(userProfiles.edges.length).toBeLessThanOrEqual(2);
      seen.push(...userProfiles.edges.map((e) => e.node.userId));
      after = userProfiles.pageInfo.hasNextPage ? userProfiles.pageInfo.endCursor : null;
    } while (after);
    expect(seen.filter((id) => id.startsWith('ud-list-'))).toEqual(['a', 'b', 'c', 'd', 'e'].map((k) => `ud-list-${k}`));
    expect(seen).toEqual([...seen].sort());
  });

  it('lists the directory only to callers for every district; one profile to every audit reader', async () => {
    await record({ userId: 'ud-scope-1', displayName: 'Sina Scope', email: 'sina.scope@example.org' });
    const limited = { 'x-dev-actor': `ud-stm-limited:district_manager:${randomUUID()}` };
    expect(codesOf(await t.gql(PROFILES, {}, limited))).toEqual(['FORBIDDEN']);
    const single = dataOf(await t.gql<{ userProfile: Profile | null }>(PROFILE, { id: 'ud-scope-1' }, limited)).userProfile;
    expect(single).toMatchObject({ displayName: 'Sina Scope' });

    const everywhere = { 'x-dev-actor': 'ud-stm-everywhere:district_manager' };
    const { userProfiles } = dataOf(await t.gql<ProfilePage>(PROFILES, { first: 100 }, everywhere));
    expect(userProfiles.edges.map((e) => e.node.userId)).toContain('ud-scope-1');
  });

  it('erases a profile for good, says whether there was one, and logs ids only', async () => {
    await record({ userId: 'ud-erase-1', displayName: 'Erwin Erasmus', email: 'erwin.erasmus@example.org', organisation: 'Verein X' });
    const before = await head();
    const byAdmin = { 'x-dev-actor': 'ud-admin-1:admin', 'x-correlation-id': 'erase-check-1' };
    expect(await erase('ud-erase-1', byAdmin)).toEqual({ userId: 'ud-erase-1', erased: true });
    expect(await profile('ud-erase-1')).toBeNull();
    expect(await erase('ud-erase-1', byAdmin)).toEqual({ userId: 'ud-erase-1', erased: false });
    expect(await erase('ud-never-recorded', byAdmin)).toEqual({ userId: 'ud-never-recorded', erased: false });
    expect(await head()).toBe(before);

    const entries = logs.entries().filter((entry) => entry.component === 'user-directory');
    expect(entries.filter((e) => e.userId === 'ud-erase-1')).toEqual([
      expect.objectContaining({ message: 'user profile created', by: 'dev-admin', byRole: 'admin' }),
      expect.objectContaining({ message: 'user profile erased', by: 'ud-admin-1', byRole: 'admin', correlationId: 'erase-check-1' }),
      expect.objectContaining({ message: 'user profile erasure: no profile recorded', by: 'ud-admin-1' }),
    ]);
    const everyLine = logs.chunks.join('');
    for (const personal of ['Erwin', 'Erasmus', 'erwin.erasmus@example.org', 'Anna Schmidt', 'anna.schmidt@example.org']) {
      expect(everyLine).not.toContain(personal);
    }
  });

  it('is no projection: no projection names its collection and rebuilding every one leaves it as it was', async () => {
    for (const projection of ALL_PROJECTIONS) {
      expect(projection.collections.map((c) => c.name)).not.toContain(USER_DIRECTORY_COLLECTION);
    }
    const kept = await record({ userId: 'ud-rebuild-1', displayName: 'Rosa Rebuild', email: 'rosa@example.org' });
    for (const { name } of ALL_PROJECTIONS) {
      dataOf(await t.gql('mutation($name: String!) { rebuildProjection(name: $name) }', { name }));
    }
    expect(await profile('ud-rebuild-1')).toEqual(kept);
  });

  it('shows the actor\'s name in the audit trail, read once per page, and null once the profile is erased', async () => {
    const actors = ['ud-alice-1', 'ud-bob-1', 'ud-carla-1'];
    await record({ userId: 'ud-alice-1', displayName: 'Alice Arnold' });
    await record({ userId: 'ud-bob-1', displayName: 'Bob Berger' });
    let position: string | null = null;
    for (const [i, actor] of [...actors, ...actors].entries()) {
      const input = {
        name: `Testviertel ${i}`,
        municipality: 'Teststadt',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: `T/${i}`, date: '2024-01-01' },
        areaHectares: 10,
      };
      ({ position } = dataOf(
        await t.gql<{ registerDistrict: { position: string } }>(REGISTER, { input }, { 'x-dev-actor': `${actor}:admin` }),
      ).registerDistrict);
    }

    const store = t.app.get<StateStore>(STATE_STORE);
    const getMany = jest.spyOn(store, 'getMany');
    try {
      const trail = async () =>
        dataOf(await t.gql<{ auditTrail: { edges: { node: { actorId: string; actorName: string | null } }[] } }>(AUDIT, {
          filter: { eventTypes: ['DistrictRegistered'] },
          wait: position,
        })).auditTrail.edges.map(({ node }) => node);

      const entries = (await trail()).filter((e) => actors.includes(e.actorId));
      expect(entries).toHaveLength(6);
      const names = { 'ud-alice-1': 'Alice Arnold', 'ud-bob-1': 'Bob Berger', 'ud-carla-1': null } as Record<string, string | null>;
      for (const entry of entries) expect(entry.actorName).toBe(names[entry.actorId]);
      // Six entries, three actors: one read of the directory for the whole page.
      expect(getMany.mock.calls.filter(([collection]) => collection === USER_DIRECTORY_COLLECTION)).toHaveLength(1);

      await erase('ud-alice-1');
      const afterErasure = (await trail()).filter((e) => e.actorId === 'ud-alice-1');
      expect(afterErasure).toHaveLength(2);
      for (const entry of afterErasure) expect(entry.actorName).toBeNull();
    } finally {
      getMany.mockRestore();
    }
  });

  it('leaves no trace of an erased profile in the database files', async () => {
    const name = `Zacharias Quendel ${randomUUID().slice(0, 8)}`;
    const email = 'zacharias.quendel@example.org';
    await record({ userId: 'ud-forensic-1', displayName: name, email, organisation: 'Quendel & Söhne' });
    await erase('ud-forensic-1');
    await t.stop();
    const files = readdirSync(t.dataDir).map((file) => join(t.dataDir, file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const text of [name, email, 'Quendel & Söhne']) expect({ file, found: bytes.includes(Buffer.from(text)) }).toEqual({ file, found: false });
    }
  });
});
