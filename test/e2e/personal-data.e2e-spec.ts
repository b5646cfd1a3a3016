import { runDemo } from '../../src/cli/demo';
import { ACTORS, DEMO_IDS, DEMO_SECTIONS } from '../../src/cli/demo/demo-data';
import { DEMO_PROFILES } from '../../src/cli/demo/demo-people';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { type RecordedEvent } from '../../src/core/envelope';
import { authHeaders, TEST_JWT_SECRET } from '../support/auth';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';

/**
 * Personal data stays out of the event log: after the demo data set is loaded (its people recorded in the user
 * directory), no event — data or metadata — holds any of their names or e-mail addresses. Erasing a person leaves
 * the log as it was: the audit trail still lists their events by user id, with no name.
 */

jest.setTimeout(120_000);

const AUDIT = `query($filter: AuditTrailFilterInput, $after: String) {
  auditTrail(filter: $filter, first: 200, after: $after) {
    edges { node { id actorId actorRole actorName } }
    pageInfo { endCursor hasNextPage }
  }
}`;
const GOAL_REVIEWS = 'query($id: ID!) { goal(id: $id) { reviews { reviewId recordedBy recordedByName } } }';

interface AuditNode {
  id: string;
  actorId: string;
  actorRole: string;
  actorName: string | null;
}
interface AuditPage {
  auditTrail: { edges: { node: AuditNode }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

describe('personal data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    await runDemo({ url: t.url, env: { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET }, startInProcess: false, write: () => undefined });
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  async function allEvents(): Promise<RecordedEvent[]> {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events: RecordedEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 500 });
      events.push(...page.events);
      if (page.isEnd || page.lastPosition === null) return events;
      after = page.lastPosition;
    }
  }

  async function auditTrailOf(actorId: string): Promise<AuditNode[]> {
    const nodes: AuditNode[] = [];
    let after: string | null = null;
    do {
      const response: GqlResponse<AuditPage> = await t.gql<AuditPage>(AUDIT, { filter: { actorId }, after });
      const { auditTrail } = dataOf(response);
      nodes.push(...auditTrail.edges.map((e) => e.node));
      after = auditTrail.pageInfo.hasNextPage ? auditTrail.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  const goalReviews = async () =>
    dataOf(
      await t.gql<{ goal: { reviews: { recordedBy: string; recordedByName: string | null }[] } }>(GOAL_REVIEWS, {
        id: DEMO_IDS.goals.halleWork,
      }),
    ).goal.reviews;

  it('has the demo\'s people in the user directory', async () => {
    const { userProfiles } = dataOf(
      await t.gql<{ userProfiles: { edges: { node: { userId: string; displayName: string; email: string } }[] } }>(
        '{ userProfiles(first: 50) { edges { node { userId displayName email } } } }',
      ),
    );
    expect(userProfiles.edges.map(({ node }) => node).sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      DEMO_PROFILES.map(({ userId, displayName, email }) => ({ userId, displayName, email })).sort((a, b) =>
        a.userId.localeCompare(b.userId),
      ),
    );
  });

  it('holds none of the directory\'s names or e-mail addresses in any event, data or metadata', async () => {
    const events = await allEvents();
    // Every event of the log: each step of the data set recorded at least one, and the last one is the head.
    expect(events.length).toBeGreaterThanOrEqual(DEMO_SECTIONS.reduce((sum, section) => sum + section.steps.length, 0));
    expect(events.at(-1)?.position).toBe(await t.app.get<EventStore>(EVENT_STORE).headPosition());
    const log = events.map((event) => JSON.stringify(event)).join('\n').toLowerCase();
    // The check would see them: the log is JSON text with the user ids in it.
    for (const { userId } of DEMO_PROFILES) expect(log).toContain(`"actorid":"${userId}"`);
    const found = DEMO_PROFILES.flatMap(({ displayName, email }) => [displayName, email]).filter((text) =>
      log.includes(text.toLowerCase()),
    );
    expect(found).toEqual([]);
  });

  it('shows names only to roles that may read the user directory', async () => {
    const reviewsAs = async (role: 'integrator' | 'auditor') =>
      dataOf(
        await t.gql<{ goal: { reviews: { recordedBy: string; recordedByName: string | null }[] } }>(
          GOAL_REVIEWS,
          { id: DEMO_IDS.goals.halleWork },
          authHeaders({ id: `${role}-1`, role }),
        ),
      ).goal.reviews;
    const asAuditor = await reviewsAs('auditor');
    expect(asAuditor.length).toBeGreaterThan(0);
    expect(asAuditor.every((r) => r.recordedByName !== null)).toBe(true);
    // An integrator reads the goal but not the directory: the same reviews, no names.
    expect(await reviewsAs('integrator')).toEqual(asAuditor.map((r) => ({ ...r, recordedByName: null })));
  });

  it('after erasing a person, lists their events by user id with no name and leaves the log as it was', async () => {
    const person = ACTORS.stmHalle.id;
    const profile = DEMO_PROFILES.find((p) => p.userId === person)!;
    const before = await auditTrailOf(person);
    expect(before.length).toBeGreaterThan(10);
    expect(new Set(before.map((e) => e.actorName))).toEqual(new Set([profile.displayName]));
    expect((await goalReviews()).every((r) => r.recordedBy === person && r.recordedByName === profile.displayName)).toBe(true);
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();

    const { eraseUserProfile } = dataOf(
      await t.gql<{ eraseUserProfile: { erased: boolean } }>('mutation($u: ID!) { eraseUserProfile(userId: $u) { erased } }', {
        u: person,
      }),
    );
    expect(eraseUserProfile.erased).toBe(true);

    const after = await auditTrailOf(person);
    expect(after).toEqual(before.map((entry) => ({ ...entry, actorName: null })));
    expect((await goalReviews()).every((r) => r.recordedBy === person && r.recordedByName === null)).toBe(true);
    // Everyone else keeps their name.
    const colleague = DEMO_PROFILES.find((p) => p.userId === ACTORS.fmHalle.id)!;
    expect(new Set((await auditTrailOf(colleague.userId)).map((e) => e.actorName))).toEqual(new Set([colleague.displayName]));

    expect(await t.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
    const { verifyEventLog } = dataOf(await t.gql<{ verifyEventLog: { ok: boolean } }>('{ verifyEventLog { ok } }'));
    expect(verifyEventLog.ok).toBe(true);
  });
});
