import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventHash } from '../../src/core/hash-chain';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { formatPosition } from '../../src/event-store/sqlite/sqlite-position';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';
import { testEvent } from '../support/events';

/**
 * The tamper check over GraphQL: events written through the API verify; then, with the app stopped, the guard
 * triggers of events.db are dropped and rows are altered behind the application's back. After a restart
 * `verifyEventLog` names exactly the altered event as the first broken link.
 */

jest.setTimeout(60_000);

const AUDITOR: TestUser = { id: 'auditor-1', role: 'district_manager' };
const AUTH: Record<string, string> = {};

const RESULT = 'streamId streamVersion position';
const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) { ${name}(input: $input, options: $options) { ${payload} } }`;
const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const UPDATE_DISTRICT = mutation('updateDistrictProfile', 'UpdateDistrictProfileInput');
const DEFINE_GOAL = mutation('defineGoal', 'DefineGoalInput', `${RESULT} goalId`);
const REVISE_GOAL = mutation('reviseGoal', 'ReviseGoalInput');

const VERIFY = `query($streamId: String) {
  verifyEventLog(streamId: $streamId) {
    checkedEvents checkedStreams ok firstBreak { streamId streamVersion eventId position problem }
  }
}`;

interface Verification {
  checkedEvents: number;
  checkedStreams: number;
  ok: boolean;
  firstBreak: { streamId: string; streamVersion: number; eventId: string; position: string; problem: string } | null;
}
type Payload = { streamId: string; streamVersion: number; position: string };

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('tamper check (verifyEventLog)', () => {
  let t: TestApp;

  // A fresh log per test: a log altered by one test stays broken from there on.
  beforeAll(async () => {
    Object.assign(AUTH, await credentialsFor(AUDITOR));
  });
  beforeEach(async () => {
    t = await startApp();
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  async function ok<T = object>(document: string, input: Record<string, unknown>, options = {}): Promise<Payload & T> {
    return Object.values(dataOf(await t.gql<Record<string, Payload & T>>(document, { input, options }, AUTH)))[0];
  }
  const verify = async (streamId?: string) =>
    dataOf(await t.gql<{ verifyEventLog: Verification }>(VERIFY, { streamId }, AUTH)).verifyEventLog;

  /** Opens the app's events.db directly (the app must be stopped to alter it). */
  function withEventsDb<T>(work: (db: Database.Database) => T): T {
    const db = new Database(join(t.dataDir, 'events.db'), { fileMustExist: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
  const rowOf = (db: Database.Database, streamId: string, version: number) =>
    db.prepare('SELECT position, event_id AS eventId FROM events WHERE stream_id = ? AND stream_version = ?').get(streamId, version) as {
      position: number;
      eventId: string;
    };

  it('verifies an untouched log, then reports the altered event as the first broken link', async () => {
    const district = await ok<{ districtId: string }>(REGISTER_DISTRICT, {
      name: 'Halle-Neustadt',
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'VII/2019/01234', date: '2019-06-26' },
    });
    const { districtId } = district;
    await ok(UPDATE_DISTRICT, { districtId, name: 'Neustadt' });
    const goal = await ok<{ goalId: string }>(DEFINE_GOAL, {
      districtId,
      actionFieldIds: ['employment-local-economy'],
      title: 'More residents in work',
      description: 'Goal 2.1 of the ISEK',
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
    for (const title of ['More residents in lasting work', 'More residents in fair work']) {
      await ok(REVISE_GOAL, { goalId: goal.goalId, title }, { reason: 'Steering round decision' });
    }

    const [eventCount, streamCount] = withEventsDb((db) => [
      (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
      (db.prepare('SELECT count(DISTINCT stream_id) AS n FROM events').get() as { n: number }).n,
    ]);
    expect(await verify()).toEqual({ checkedEvents: eventCount, checkedStreams: streamCount, ok: true, firstBreak: null });
    expect(await verify(district.streamId)).toEqual({ checkedEvents: 2, checkedStreams: 1, ok: true, firstBreak: null });

    // Behind the application's back: drop the guards, edit the registration, remove the goal's first revision.
    await t.stop();
    const [edited, removed, gapAt] = withEventsDb((db) => {
      const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as { name: string }[];
      expect(triggers.map((r) => r.name).sort()).toEqual(['events_no_delete', 'events_no_overwrite', 'events_no_update']);
      db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
      const registration = rowOf(db, district.streamId, 0);
      const revision = rowOf(db, goal.streamId, 1);
      const laterRevision = rowOf(db, goal.streamId, 2);
      db.prepare("UPDATE events SET data = json_set(data, '$.name', 'Altstadt') WHERE position = ?").run(registration.position);
      db.prepare('DELETE FROM events WHERE position = ?').run(revision.position);
      return [registration, revision, laterRevision];
    });
    expect(formatPosition(edited.position)).toBe(district.position);

    t = await startApp({ DATA_DIR: t.dataDir });

    // The whole log: the check stops at the first broken link in log order, the edited registration.
    const editedBreak = {
      streamId: district.streamId,
      streamVersion: 0,
      eventId: edited.eventId,
      position: formatPosition(edited.position),
      problem: 'HASH_MISMATCH',
    };
    const whole = await verify();
    expect(whole).toEqual({ checkedEvents: edited.position, checkedStreams: expect.any(Number), ok: false, firstBreak: editedBreak });

    // One stream at a time: each names its own first broken link.
    expect(await verify(district.streamId)).toEqual({ checkedEvents: 1, checkedStreams: 1, ok: false, firstBreak: editedBreak });
    expect(await verify(goal.streamId)).toEqual({
      checkedEvents: 2,
      checkedStreams: 1,
      ok: false,
      firstBreak: {
        streamId: goal.streamId,
        streamVersion: 2,
        eventId: gapAt.eventId,
        position: formatPosition(gapAt.position),
        problem: 'VERSION_GAP',
      },
    });
    expect(removed.position).toBeLessThan(gapAt.position);

    // The restart put the guards back.
    withEventsDb((db) => {
      expect(() => db.prepare("UPDATE events SET type = 'X' WHERE position = ?").run(gapAt.position)).toThrow(/append-only/);
    });
  });

  it('checks a log of several pages with interleaved streams, and names a forged link past the first page', async () => {
    // Valid chains written straight to the store (faster than 1,500 mutations), interleaved across 25 streams.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const streams = Array.from({ length: 25 }, () => `bulk-${randomUUID()}`);
    const tips = new Map<string, { version: number; hash: string }>();
    const appendTo = async (streamId: string, prevHash: string) => {
      const tip = tips.get(streamId) ?? { version: -1, hash: '' };
      const event = testEvent({ type: 'BulkNoted', data: { n: tip.version + 1 }, metadata: { prevHash } });
      event.metadata.hash = eventHash({ ...event, streamId, streamVersion: tip.version + 1 });
      const { position } = await store.append(streamId, [event], tip.version < 0 ? 'no_stream' : tip.version);
      tips.set(streamId, { version: tip.version + 1, hash: event.metadata.hash });
      return { position, eventId: event.eventId, streamVersion: tip.version + 1 };
    };
    for (let i = 0; i < 1500; i++) {
      const streamId = streams[i % streams.length];
      await appendTo(streamId, tips.get(streamId)?.hash ?? '');
    }
    const before = await verify();
    expect(before.checkedEvents).toBeGreaterThan(1500);

    // A link whose own hash is right but which points at the wrong predecessor.
    const forged = await appendTo(streams[7], 'f'.repeat(64));
    const after = await verify();
    expect(after).toMatchObject({
      checkedEvents: before.checkedEvents + 1,
      ok: false,
      firstBreak: { streamId: streams[7], streamVersion: forged.streamVersion, eventId: forged.eventId, position: forged.position, problem: 'PREV_HASH_MISMATCH' },
    });
  });

  it('answers NOT_FOUND for a stream without events and BAD_USER_INPUT for a malformed stream id', async () => {
    expect(codesOf(await t.gql(VERIFY, { streamId: 'district-00000000-0000-4000-8000-000000000000' }, AUTH))).toEqual(['NOT_FOUND']);
    expect(codesOf(await t.gql(VERIFY, { streamId: 'no stream id' }, AUTH))).toEqual(['BAD_USER_INPUT']);
  });
});
