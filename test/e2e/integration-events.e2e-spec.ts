import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { type RecordedEvent } from '../../src/core/envelope';
import type { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { EventSubscriptions, SUBSCRIBER_TOO_SLOW } from '../../src/integration/event-subscriptions';
import type { IntegrationFilter } from '../../src/integration/integration-filter';
import { dataOf, newDataDir, startApp, type TestApp } from '../support/app';
import { EVENT_FIELDS, subscribeEvents, type EventSubscriber } from '../support/event-subscriber';
import { EVENT_CATEGORIES } from '../../src/event-registry';
import { testEvent, uniqueStreamId } from '../support/events';

/**
 * The integrators' feed and subscription over real graphql-ws clients: replay then live with writes going on,
 * dropped connections and a restart resumed from the last cursor, server-side filters, the slow-subscriber close
 * code, and subscriptions that release what they hold.
 */

jest.setTimeout(90_000);

const ENV = { DEV_ACTOR: 'dev-admin:admin' };

const REGISTER = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId position } }`;
const ESTABLISH = `
  mutation($input: EstablishBodyInput!) { establishBody(input: $input) { bodyId position } }`;
const RECORD_MEETING = `
  mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { position } }`;
const FEED = `
  query($after: String, $first: Int, $filter: EventFilter) {
    events(after: $after, first: $first, filter: $filter) {
      edges { cursor node { ${EVENT_FIELDS} } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

interface FeedPage {
  events: {
    edges: { cursor: string; node: { id: string; type: string; subject: string; cursor: string } }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

const storeOf = (t: TestApp): EventStore => t.app.get<EventStore>(EVENT_STORE);

async function registerDistrict(t: TestApp, name = `Quartier ${randomUUID().slice(0, 8)}`): Promise<string> {
  const input = {
    name,
    municipality: 'Halle (Saale)',
    municipalityKey: '15002000',
    programmes: ['Sozialer Zusammenhalt'],
    designation: { number: 'V/2020/123', date: '2020-05-27' },
    areaHectares: 940,
  };
  return dataOf(await t.gql<{ registerDistrict: { districtId: string } }>(REGISTER, { input })).registerDistrict
    .districtId;
}

async function establishForum(t: TestApp, districtId: string): Promise<string> {
  const input = { districtId, kind: 'RESIDENT_FORUM', name: 'Bewohnerforum', establishedOn: '2019-09-01' };
  return dataOf(await t.gql<{ establishBody: { bodyId: string } }>(ESTABLISH, { input })).establishBody.bodyId;
}

async function recordMeeting(t: TestApp, bodyId: string, heldOn: string): Promise<void> {
  const input = { bodyId, heldOn, attendance: 12, agendaItems: ['Spielplatz'] };
  dataOf(await t.gql(RECORD_MEETING, { input }));
}

/** Every event in the store that integrators receive (the domain's categories), in store order. */
async function storeSequence(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000, filter: { streamCategories: EVENT_CATEGORIES } });
    all.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return all;
  }
}

/** Writes `count` districts, `lanes` requests at a time (concurrent mutations); returns how many succeeded. */
async function writeDistricts(t: TestApp, count: number, lanes = 4): Promise<number> {
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) {
        next += 1;
        try {
          await registerDistrict(t);
          written += 1;
        } catch {
          // Refused or not answered while the service stops: the test compares with what the store holds.
        }
      }
    }),
  );
  return written;
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cursors = (events: readonly { cursor: string }[]) => events.map((e) => e.cursor);

/** The events of all subscribers in order equal the store's sequence: no gap, no duplicate, same ids. */
function expectExactlyTheStore(received: readonly EventSubscriber[], store: readonly RecordedEvent[]): void {
  const all = received.flatMap((s) => s.events);
  expect(cursors(all)).toEqual(store.map((e) => e.position));
  expect(all.map((e) => e.id)).toEqual(store.map((e) => e.eventId));
  expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
}

describe('integrator events over graphql-ws', () => {
  describe('on one running service', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp(ENV);
    });
    afterAll(() => t.cleanup());

    it('replays from the start while writes go on, survives a dropped connection, ends with the store', async () => {
      const first = subscribeEvents(t.url);
      const writing = writeDistricts(t, 60);
      await first.waitForCount(20);
      // A network failure: the socket goes away without a close handshake.
      first.socket()!.terminate();
      await first.ended;
      const resumed = subscribeEvents(t.url, { after: first.lastCursor() });
      expect(await writing).toBe(60);

      const store = await storeSequence(storeOf(t));
      await resumed.waitForCount(store.length - first.events.length);
      expectExactlyTheStore([first, resumed], store);
      // Nothing more arrives than the store holds.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(first.events.length + resumed.events.length).toBe(store.length);
      await resumed.dispose();
    });

    it('maps each event to CloudEvents with the cursor, the stream version and the public metadata', async () => {
      const subscriber = subscribeEvents(t.url);
      const districtId = await registerDistrict(t, 'Neustädter Feld');
      const [registered] = (await storeOf(t).readStream(`district-${districtId}`)).slice(0, 1);
      await eventually(() => subscriber.events.some((e) => e.id === registered.eventId), 'the event arrived');
      expect(subscriber.events.find((e) => e.id === registered.eventId)).toEqual({
        specversion: '1.0',
        id: registered.eventId,
        source: 'urn:stadtteil-ledger',
        type: 'stadtteil-ledger.DistrictRegistered',
        subject: `district-${districtId}`,
        time: registered.metadata.recordedAt,
        datacontenttype: 'application/json',
        data: registered.data,
        cursor: registered.position,
        streamversion: 0,
        actorid: 'dev-admin',
        actorrole: 'admin',
        effectivedate: '2020-05-27',
        reason: null,
        correlationid: registered.metadata.correlationId,
      });
      await subscriber.dispose();
    });

    it('filters by type, category and district on the server, for replay and live events alike', async () => {
      const d1 = await registerDistrict(t);
      const d2 = await registerDistrict(t);
      const forum1 = await establishForum(t, d1);
      const forum2 = await establishForum(t, d2);
      await recordMeeting(t, forum1, '2023-01-10');
      await recordMeeting(t, forum2, '2023-01-11');

      const filters: Record<string, IntegrationFilter> = {
        district: { districtId: d1 },
        bodies: { categories: ['body'] },
        meetings: { types: ['stadtteil-ledger.MeetingRecorded'] },
        meetingsOfD1: { types: ['stadtteil-ledger.MeetingRecorded'], districtId: d1 },
      };
      const subscribers = Object.fromEntries(
        Object.entries(filters).map(([name, filter]) => [name, subscribeEvents(t.url, { filter })]),
      );
      // Live events of the same kinds, while the subscribers replay.
      await recordMeeting(t, forum1, '2023-02-10');
      await recordMeeting(t, forum2, '2023-02-11');

      const store = await storeSequence(storeOf(t));
      const ofStreams = (...streams: string[]) => store.filter((e) => streams.includes(e.streamId));
      const expected: Record<string, RecordedEvent[]> = {
        district: ofStreams(`district-${d1}`, `body-${forum1}`),
        bodies: store.filter((e) => e.streamId.startsWith('body-')),
        meetings: store.filter((e) => e.type === 'MeetingRecorded'),
        meetingsOfD1: ofStreams(`body-${forum1}`).filter((e) => e.type === 'MeetingRecorded'),
      };
      for (const [name, subscriber] of Object.entries(subscribers)) {
        await subscriber.waitForCount(expected[name].length);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect({ name, cursors: cursors(subscriber.events) }).toEqual({
          name,
          cursors: expected[name].map((e) => e.position),
        });
        await subscriber.dispose();

        // The feed pages through the same sequence (two at a time, following endCursor).
        const paged: string[] = [];
        let after: string | null = null;
        for (let hasNextPage = true; hasNextPage; ) {
          const page: FeedPage = dataOf(await t.gql<FeedPage>(FEED, { after, first: 2, filter: filters[name] }));
          paged.push(...page.events.edges.map((edge) => edge.cursor));
          ({ endCursor: after, hasNextPage } = page.events.pageInfo);
        }
        expect({ name, cursors: paged }).toEqual({ name, cursors: expected[name].map((e) => e.position) });
      }
    });

    it('refuses a malformed cursor and unknown filter values (BAD_USER_INPUT) on feed and subscription', async () => {
      for (const variables of [{ after: 'not-a-cursor' }, { filter: { types: ['GrantApproved'] } }]) {
        const feed = await t.gql(FEED, variables);
        expect(feed.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        const subscriber = subscribeEvents(t.url, variables);
        const ended = await subscriber.ended;
        expect(ended.errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
        ]);
        await subscriber.dispose();
      }
      // A document the schema refuses is bad input too, with the same code as over HTTP.
      const client = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      const refused = await new Promise<unknown>((resolve) =>
        client.subscribe(
          { query: 'subscription { events { nope } }' },
          { next: resolve, error: resolve, complete: () => resolve(null) },
        ),
      );
      expect(refused).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
      await client.dispose();
    });

    it('releases what a subscription holds when its client completes it or its connection drops', async () => {
      const subscriptions = t.app.get(EventSubscriptions);
      const sqlite = storeOf(t) as SqliteEventStoreAdapter;
      const storeSubscriptions = () => sqlite['subscriptions'].size;
      await eventually(() => subscriptions.openCount === 0, 'earlier subscriptions are released');
      const before = storeSubscriptions();

      const live = Array.from({ length: 5 }, () => subscribeEvents(t.url, {}));
      await registerDistrict(t);
      const head = (await storeOf(t).headPosition())!;
      for (const s of live) await eventually(() => s.lastCursor() === head, 'each subscriber is live');
      expect(subscriptions.openCount).toBe(5);
      expect(storeSubscriptions()).toBe(before + 5);

      // Completed by the client, dropped without a close handshake, closed cleanly: all while waiting for events.
      await live[0].dispose();
      live[1].socket()!.terminate();
      for (const s of live.slice(2)) s.socket()!.close();
      await eventually(() => subscriptions.openCount === 0, 'every subscription is released');
      expect(storeSubscriptions()).toBe(before);
      for (const s of live) await s.dispose();
    });
  });

  it('leaves the service\'s own records out of the feed: API keys and webhook endpoints', async () => {
    const t = await startApp({ ...ENV, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    try {
      const issued = dataOf(
        await t.gql<{ issueApiKey: { keyId: string } }>('mutation { issueApiKey(input: { name: "Feed", role: integrator }) { keyId } }'),
      );
      const registered = dataOf(
        await t.gql<{ registerWebhook: { webhookId: string; position: string } }>(
          'mutation { registerWebhook(input: { url: "http://127.0.0.1:9/hook" }) { webhookId position } }',
        ),
      );
      // Both are in the log …
      const own = [`apikey-${issued.issueApiKey.keyId}`, `webhook-${registered.registerWebhook.webhookId}`];
      for (const stream of own) expect(await storeOf(t).readStream(stream)).toHaveLength(1);
      // … but not in the feed, filtered or not.
      const subjects: string[] = [];
      let after: string | null = null;
      do {
        const page: FeedPage = dataOf(await t.gql<FeedPage>(FEED, { after, first: 1000 }));
        subjects.push(...page.events.edges.map((edge) => edge.node.subject));
        after = page.events.pageInfo.hasNextPage ? page.events.pageInfo.endCursor : null;
      } while (after);
      expect(subjects.length).toBeGreaterThan(0);
      expect(subjects.filter((subject) => own.includes(subject))).toEqual([]);
      const asked = await t.gql(FEED, { filter: { categories: ['apikey'] } });
      expect(asked.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // Nor one by one, for an integrator; an auditor reads them (the audit trail shows them too).
      const STREAM = 'query($id: String!) { streamEvents(streamId: $id) { type } }';
      for (const stream of own) {
        const asIntegrator = await t.gql(STREAM, { id: stream }, { 'x-dev-actor': 'erp:integrator' });
        expect(asIntegrator.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(dataOf(await t.gql<{ streamEvents: unknown[] }>(STREAM, { id: stream }, { 'x-dev-actor': 'pruefer:auditor' })).streamEvents).toHaveLength(1);
      }
    } finally {
      await t.cleanup();
    }
  });

  it.each([
    ['events', { SUBSCRIPTION_BUFFER_EVENTS: '10' }],
    ['bytes', { SUBSCRIPTION_BUFFER_EVENTS: '100000', SUBSCRIPTION_BUFFER_BYTES: String(64 * 1024) }],
  ])('closes a subscriber that lets its live buffer fill (%s) with code 4503; it resumes from its last cursor', async (_, limits) => {
    const t = await startApp({ ...ENV, ...limits });
    try {
      const store = storeOf(t);
      const stream = uniqueStreamId('district');
      const slow = subscribeEvents(t.url, { after: (await store.headPosition()) ?? undefined });
      await store.append(stream, [testEvent()], 'any');
      await slow.waitForCount(1);

      // The client stops reading: the socket's buffers fill, the server cannot send, live events pile up.
      slow.socket()!.pause();
      const big = { note: 'x'.repeat(20_000) };
      for (let batch = 0; batch < 40; batch++) {
        await store.append(stream, Array.from({ length: 25 }, () => testEvent({ data: big })), 'any');
      }
      await eventually(() => t.app.get(EventSubscriptions).openCount === 0, 'the slow subscriber is closed', 30_000);
      slow.socket()!.resume();
      const ended = await slow.ended;
      expect(ended.closed).toEqual(SUBSCRIBER_TOO_SLOW);
      expect(slow.events.length).toBeLessThan(1001);

      const resumed = subscribeEvents(t.url, { after: slow.lastCursor() });
      const all = await storeSequence(store);
      const expected = all.slice(all.findIndex((e) => e.streamId === stream));
      await resumed.waitForCount(expected.length - slow.events.length, 30_000);
      expect([...cursors(slow.events), ...cursors(resumed.events)]).toEqual(expected.map((e) => e.position));
      await resumed.dispose();
    } finally {
      await t.cleanup();
    }
  });

  it('loses nothing across a restart: the subscriber resumes from its last cursor on the new instance', async () => {
    const dataDir = newDataDir();
    let t = await startApp({ ...ENV, DATA_DIR: dataDir });
    try {
      const before = subscribeEvents(t.url);
      const writing = writeDistricts(t, 200, 4);
      await before.waitForCount(30);
      await t.stop();
      await writing;
      const ended = await before.ended;
      expect(ended.closed?.code).toBe(1001);

      t = await startApp({ ...ENV, DATA_DIR: dataDir });
      const after = subscribeEvents(t.url, { after: before.lastCursor() });
      expect(await writeDistricts(t, 20)).toBe(20);
      const store = await storeSequence(storeOf(t));
      await after.waitForCount(store.length - before.events.length);
      expectExactlyTheStore([before, after], store);
      await after.dispose();
    } finally {
      await t.cleanup();
    }
  });
});
