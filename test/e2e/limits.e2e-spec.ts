import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getIntrospectionQuery } from 'graphql';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { dataOf, type GraphQLBody, type GqlResponse, startApp, type TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { wsClient, type WsClient } from '../support/ws';
import { EventSubscriptions } from '../../src/integration/event-subscriptions';
import { connectEvents, type EventConnection, type EventSubscriber } from '../support/event-subscriber';

/**
 * Limits on every path: query depth and complexity on HTTP and WebSocket (refused before anything runs), rate limit
 * per identity, CORS allow-list, security headers, body limit, and what production hides (introspection, GraphiQL,
 * internal error details). GraphiQL's page outside production: graphiql.e2e-spec.
 */

jest.setTimeout(90_000);

const ALLOWED_ORIGIN = 'https://dashboard.example.org';

const codesOf = (body: GraphQLBody<unknown>) => (body.errors ?? []).map((e) => e.extensions?.code);
const codes = (response: GqlResponse<unknown>) => codesOf(response.body);

/**
 * A valid document `depth` fields deep. The schema's own types have no cycle; introspection has one that graphql's
 * rules leave open (`__Type.ofType`, which GraphiQL's schema query follows several levels down).
 */
function deepIntrospection(depth: number): string {
  const path = ['__schema', 'queryType', ...Array<string>(Math.max(0, depth - 3)).fill('ofType')];
  return `{ ${path.map((field) => `${field} { `).join('')}name${' }'.repeat(path.length)} }`;
}

/** 50 levels of fields that do not exist: invalid anyway, but the depth rule must still name its own refusal. */
const FIFTY_DEEP = `{ ${'a { '.repeat(49)}b${' }'.repeat(49)} }`;

const REGISTER = `
  mutation Register($input: RegisterDistrictInput!) {
    registerDistrict(input: $input) { districtId position }
  }`;

const districtInput = () => ({
  districtId: randomUUID(),
  name: 'Halle-Neustadt',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: 'V/2020/123', date: '2020-05-27' },
});

/** The mutation plus, in the same document, a 50-deep query: validation covers the whole document. */
const REGISTER_WITH_DEEP_QUERY = `${REGISTER}\n query Deep ${deepIntrospection(50)}`;

const EVENT_FIELDS = `eventId type streamId streamVersion position data
  metadata { actorId actorRole recordedAt effectiveAt commandId correlationId causationId reason decisionRef schemaVersion prevHash hash }`;
const STREAM_PAGE = `
  query Stream($streamId: String!, $first: Int!) { streamEvents(streamId: $streamId, first: $first) { ${EVENT_FIELDS} } }`;
/** Two full pages of a stream in one operation: twice what one page costs. */
const TWO_STREAM_PAGES = `
  query TwoPages($streamId: String!, $first: Int!) {
    a: streamEvents(streamId: $streamId, first: $first) { ${EVENT_FIELDS} }
    b: streamEvents(streamId: $streamId, first: $first, fromVersion: 1000) { ${EVENT_FIELDS} }
  }`;

const AUDIT_TRAIL_PAGE = `
  query Audit($first: Int) {
    auditTrail(first: $first, order: DESC) {
      edges {
        cursor
        node {
          id position recordedAt effectiveAt effectiveDate effectiveDateSource actorId actorRole eventType action
          entityType entityId streamId streamVersion districtId reason decisionRef commandId correlationId causationId
          summary changes { field from to truncated } changesTruncated
        }
      }
      pageInfo { endCursor hasNextPage }
    }
  }`;

const AMOUNTS = 'grantCount requested approved disbursed spent repaid';
const SECTION = `
  goalCount goalsByStatus { status count } measureCount measuresByStatus { status count }
  integratedMeasureCount integratedSharePercent
  funding { total { ${AMOUNTS} } byLevel { level ${AMOUNTS} } byProgramme { programmeId name level fund ${AMOUNTS} } }`;
const DASHBOARD = `
  query Dashboard($districtId: ID!, $wait: String) {
    districtDashboard(districtId: $districtId, waitForPosition: $wait, deadlineLimit: 100) {
      districtId name status latestSwotDate conceptVersion { version } today
      totals { ${SECTION} }
      actionFields { actionFieldId name number ${SECTION} }
      nextDeadlines { kind dueOn overdue grantId budgetYear measureId label }
    }
  }`;

/** Pages inside pages: 200 bodies × 200 meetings. If it ran, the bad arguments would be reported instead. */
const NESTED_PAGES = `{
  bodies(districtId: "not-a-district", first: 200, waitForPosition: "not-a-position") {
    edges { node { name meetings(first: 200) { edges { node { heldOn attendance agendaItems } } } } }
  }
}`;

describe('limits', () => {
  describe('depth, complexity, headers, CORS and body size (development)', () => {
    let t: TestApp;
    let ws: WsClient;
    let districtId: string;
    let position: string;

    beforeAll(async () => {
      t = await startApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN},http://localhost:5173`, BODY_LIMIT: '64kb' });
      ws = wsClient(t.url);
      const input = districtInput();
      ({ districtId, position } = dataOf(
        await t.gql<{ registerDistrict: { districtId: string; position: string } }>(REGISTER, { input }),
      ).registerDistrict);
    });

    afterAll(async () => {
      await ws?.close();
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

    describe('query depth', () => {
      it('refuses a 50-deep document with QUERY_TOO_DEEP on HTTP (400) and WebSocket', async () => {
        const http = await t.gql(FIFTY_DEEP);
        expect(http.status).toBe(400);
        expect(codes(http)).toContain('QUERY_TOO_DEEP');
        const deep = http.body.errors!.find((e) => e.extensions?.code === 'QUERY_TOO_DEEP')!;
        expect(deep.extensions).toEqual({ code: 'QUERY_TOO_DEEP', maxDepth: 15 });
        expect(deep.message).toMatch(/more than 15/);
        expect(codesOf(await ws.run(FIFTY_DEEP))).toContain('QUERY_TOO_DEEP');
      });

      it('stops parsing a document of more than 10,000 tokens, on both transports', async () => {
        const huge = `{ ${'health { ready } '.repeat(3000)}}`;
        const http = await t.gql(huge);
        expect(http.status).toBe(400);
        expect(codes(http)).toEqual(['BAD_USER_INPUT']);
        expect(http.body.errors![0].message).toMatch(/10000 tokens/);
        const overWs = await ws.run(huge);
        expect(codesOf(overWs)).toEqual(['BAD_USER_INPUT']);
        expect(overWs.errors![0].message).toMatch(/10000 tokens/);
      });

      it('refuses a valid document one level over the limit and runs one at the limit, on both transports', async () => {
        for (const run of [(q: string) => t.gql(q).then((r) => r.body), (q: string) => ws.run(q)]) {
          const atLimit = await run(deepIntrospection(15));
          expect(atLimit.errors).toBeUndefined();
          expect(atLimit.data).toEqual({ __schema: { queryType: { ofType: null } } });
          for (const depth of [16, 50]) {
            const refused = await run(deepIntrospection(depth));
            expect(codesOf(refused)).toEqual(['QUERY_TOO_DEEP']);
            expect(refused.data).toBeUndefined();
          }
        }
      });

      it('follows fragments (their depth counts where they are spread)', async () => {
        const viaFragments = `
          query { __schema { queryType { ...Fields } } }
          fragment Fields on __Type { fields { type { ...Wrapped ofType { ...Wrapped } } } }
          fragment Wrapped on __Type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} }`;
        expect(codesOf((await t.gql(viaFragments)).body)).toEqual(['QUERY_TOO_DEEP']);
        expect(codesOf(await ws.run(viaFragments))).toEqual(['QUERY_TOO_DEEP']);
        // Without the deeper of the two spreads it is 15 deep, and runs.
        const shallower = viaFragments.replace('ofType { ...Wrapped }', '');
        expect((await t.gql(shallower)).body.errors).toBeUndefined();
      });

      it('lets GraphiQL load the schema (the standard introspection query fits the default depth)', async () => {
        const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true });
        const http = await t.gql<{ __schema: { types: unknown[] } }>(query);
        expect(dataOf(http).__schema.types.length).toBeGreaterThan(50);
        expect((await ws.run(query)).errors).toBeUndefined();
      });

      it('refuses before anything runs: a mutation sent with a too-deep query records nothing', async () => {
        const before = eventCount();
        const http = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: REGISTER_WITH_DEEP_QUERY, variables: { input: districtInput() }, operationName: 'Register' }),
        });
        expect(http.status).toBe(400);
        expect(codesOf((await http.json()) as GraphQLBody<unknown>)).toEqual(['QUERY_TOO_DEEP']);
        const overWs = await ws.run(REGISTER_WITH_DEEP_QUERY, { input: districtInput() }, 'Register');
        expect(codesOf(overWs)).toEqual(['QUERY_TOO_DEEP']);
        expect(eventCount()).toBe(before);

        // The same mutation alone is recorded, over either transport.
        dataOf(await t.gql(REGISTER, { input: districtInput() }));
        expect((await ws.run(REGISTER, { input: districtInput() })).errors).toBeUndefined();
        expect(eventCount()).toBe(before + 2);
      });
    });

    describe('query complexity', () => {
      it('refuses pages inside pages with QUERY_TOO_COMPLEX before the resolvers see the arguments', async () => {
        const http = await t.gql(NESTED_PAGES);
        expect(http.status).toBe(400);
        expect(http.body.data).toBeUndefined();
        expect(http.body.errors).toEqual([
          {
            message: expect.stringMatching(/complexity \d+ is over the budget of 25000/),
            locations: expect.any(Array),
            extensions: { code: 'QUERY_TOO_COMPLEX', complexity: expect.any(Number), maxComplexity: 25_000 },
          },
        ]);
        expect(http.body.errors![0].extensions!.complexity).toBeGreaterThan(200 * 200);
        const overWs = await ws.run(NESTED_PAGES);
        expect(overWs.errors).toEqual([
          expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', complexity: expect.any(Number), maxComplexity: 25_000 } }),
        ]);
      });

      it('counts page sizes given in variables', async () => {
        const variables = { streamId: `district-${districtId}`, first: 1000 };
        expect(codes(await t.gql(TWO_STREAM_PAGES, variables))).toEqual(['QUERY_TOO_COMPLEX']);
        expect(codesOf(await ws.run(TWO_STREAM_PAGES, variables))).toEqual(['QUERY_TOO_COMPLEX']);
        const smallPages = await t.gql(TWO_STREAM_PAGES, { ...variables, first: 100 });
        expect(smallPages.body.errors).toBeUndefined();
      });

      it('runs the real read queries at their largest pages on both transports', async () => {
        const reads: [string, Record<string, unknown>][] = [
          [STREAM_PAGE, { streamId: `district-${districtId}`, first: 1000 }],
          [AUDIT_TRAIL_PAGE, { first: 200 }],
          [DASHBOARD, { districtId, wait: position }],
        ];
        for (const [query, variables] of reads) {
          const http = await t.gql(query, variables);
          expect(http.body.errors).toBeUndefined();
          expect(http.body.data).toBeTruthy();
          const overWs = await ws.run(query, variables);
          expect(overWs.errors).toBeUndefined();
          expect(overWs.data).toEqual(http.body.data);
        }
      });

      it('answers other bad documents over WebSocket with typed codes, as over HTTP', async () => {
        expect(codesOf(await ws.run('{ districts { edges { node { noSuchField } } } }'))).toEqual(['BAD_USER_INPUT']);
        expect(codesOf(await ws.run('{ districts { '))).toEqual(['BAD_USER_INPUT']);
        expect(codes(await t.gql('{ districts { edges { node { noSuchField } } } }'))).toEqual(['BAD_USER_INPUT']);
      });
    });

    describe('HTTP', () => {
      it('sends security headers with a strict content security policy, and no X-Powered-By', async () => {
        const response = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ health { ready } }' }),
        });
        expect(response.status).toBe(200);
        const csp = response.headers.get('content-security-policy');
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('x-powered-by')).toBeNull();
        const health = await fetch(`${t.baseUrl}/health`);
        expect(health.headers.get('content-security-policy')).toContain("default-src 'none'");
      });

      it('answers CORS preflights of allowed origins only', async () => {
        const preflight = (origin: string) =>
          fetch(t.url, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type,authorization',
            },
          });
        const allowed = await preflight(ALLOWED_ORIGIN);
        expect(allowed.status).toBe(204);
        expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,POST');
        expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type,authorization');
        expect(allowed.headers.get('vary')).toMatch(/origin/i);

        for (const origin of ['https://evil.example.org', 'https://dashboard.example.org.evil.example', 'null']) {
          const refused = await preflight(origin);
          expect(refused.headers.get('access-control-allow-origin')).toBeNull();
          expect(refused.headers.get('access-control-allow-methods')).toBeNull();
          expect(refused.headers.get('access-control-allow-headers')).toBeNull();
        }
      });

      it('marks actual cross-origin responses for allowed origins only', async () => {
        const post = (origin: string) =>
          fetch(t.url, {
            method: 'POST',
            headers: { origin, 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ health { ready } }' }),
          });
        const allowed = await post('http://localhost:5173');
        expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
        expect(allowed.headers.get('access-control-expose-headers')).toBe('Retry-After');
        expect((await post('http://localhost:8080')).headers.get('access-control-allow-origin')).toBeNull();
      });

      it('still refuses a body over BODY_LIMIT with 413 BAD_USER_INPUT', async () => {
        const response = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ health { ready } }', variables: { padding: 'x'.repeat(100 * 1024) } }),
        });
        expect(response.status).toBe(413);
        expect(await response.json()).toEqual({
          errors: [{ message: 'Request body exceeds the limit of 64kb', extensions: { code: 'BAD_USER_INPUT' } }],
        });
      });
    });
  });

  describe('rate limit per identity', () => {
    let t: TestApp;
    const as = (actor: string) => ({ 'x-dev-actor': actor });
    const HEALTH = '{ health { ready } }';

    beforeAll(async () => {
      // One token a minute after a burst of three: the test never waits for a refill.
      t = await startApp({ DEV_ACTOR: 'dev-admin:admin', RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '3' });
    });

    afterAll(async () => {
      await t?.cleanup();
    });

    it('answers 429 RATE_LIMITED with Retry-After once an identity spent its burst; others are unaffected', async () => {
      for (let i = 0; i < 3; i++) expect((await t.gql(HEALTH, {}, as('alice:viewer'))).status).toBe(200);
      const refused = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as('alice:viewer') },
        body: JSON.stringify({ query: HEALTH }),
      });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        errors: [
          { message: `Too many requests; try again in ${retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } },
        ],
      });
      // Every path counts, not only GraphQL.
      expect((await fetch(`${t.baseUrl}/exports/operations.csv`, { headers: as('alice:viewer') })).status).toBe(429);

      for (let i = 0; i < 3; i++) expect((await t.gql(HEALTH, {}, as('bob:viewer'))).status).toBe(200);
      expect((await t.gql(HEALTH, {}, as('bob:viewer'))).status).toBe(429);
    });

    it('counts anonymous requests by client address and never throttles the health probes', async () => {
      const anonymous = { authorization: 'Bearer not-a-configured-token' };
      for (let i = 0; i < 3; i++) expect(codes(await t.gql(HEALTH, {}, anonymous))).not.toContain('RATE_LIMITED');
      const refused = await t.gql(HEALTH, {}, { authorization: 'Bearer another-unknown-token' });
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);

      for (let i = 0; i < 10; i++) {
        expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
        expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
      }
    });

    it('counts every WebSocket operation against the same budget as HTTP', async () => {
      const carol = wsClient(t.url, { devActor: 'carol:viewer' });
      try {
        expect((await t.gql(HEALTH, {}, as('carol:viewer'))).status).toBe(200);
        for (let i = 0; i < 2; i++) expect(await carol.run(HEALTH)).toEqual({ data: { health: { ready: true } } });
        const refused = await carol.run(HEALTH);
        expect(refused.errors).toEqual([
          {
            message: expect.stringMatching(/^Too many requests; try again in \d+ s$/),
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
          },
        ]);
        // The refusal is per operation: the socket stays open (and refuses again); HTTP shares the spent budget.
        expect(codesOf(await carol.run(HEALTH))).toEqual(['RATE_LIMITED']);
        expect((await t.gql(HEALTH, {}, as('carol:viewer'))).status).toBe(429);
        const dave = wsClient(t.url, { devActor: 'dave:viewer' });
        expect(await dave.run(HEALTH)).toEqual({ data: { health: { ready: true } } });
        await dave.close();
      } finally {
        await carol.close();
      }
    });
  });

  describe('subscriptions per connection, per identity and for the service', () => {
    let t: TestApp;
    const connections: EventConnection[] = [];
    const connect = (devActor: string) => {
      const connection = connectEvents(t.url, { connectionParams: { devActor } });
      connections.push(connection);
      return connection;
    };
    const live = async (subscriber: EventSubscriber) => {
      await subscriber.waitForCount(1);
      return subscriber;
    };
    const refusal = async (subscriber: EventSubscriber) => (await subscriber.ended).errors;
    const refused = (cap: string, limit: number, message: string | RegExp) => [
      expect.objectContaining({
        message: expect.stringMatching(message),
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', cap, limit },
      }),
    ];

    beforeAll(async () => {
      t = await startApp({
        DEV_ACTOR: 'dev-admin:admin',
        SUBSCRIPTIONS_PER_CONNECTION: '3',
        SUBSCRIPTIONS_PER_IDENTITY: '5',
        // Room for 8 subscriptions of 256 KiB each.
        SUBSCRIPTION_BUFFER_BYTES: String(256 * 1024),
        SUBSCRIPTIONS_TOTAL_BUFFER_BYTES: String(2 * 1024 * 1024),
      });
      dataOf(await t.gql(REGISTER, { input: districtInput() }));
    });

    afterAll(async () => {
      await Promise.all(connections.map((connection) => connection.dispose()));
      await t?.cleanup();
    });

    it('refuses a subscription over a cap with TOO_MANY_SUBSCRIPTIONS, logs no error, and frees a place when one ends', async () => {
      const openCount = () => t.app.get(EventSubscriptions).openCount;
      // The service learns of a completed subscription or a closed connection a moment after the client.
      const released = async (open: number) => {
        for (let waited = 0; openCount() > open; waited += 20) {
          if (waited > 10_000) throw new Error(`Still ${openCount()} subscriptions open, not ${open}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const logged: string[] = [];
      const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        logged.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof process.stdout.write);
      try {
        const alice1 = connect('alice:integrator');
        const first = await Promise.all([0, 1, 2].map(() => live(alice1.subscribe())));
        expect(await refusal(alice1.subscribe())).toEqual(refused('connection', 3, /^This connection has 3 open subscriptions/));

        const alice2 = connect('alice:integrator');
        const second = await Promise.all([0, 1].map(() => live(alice2.subscribe())));
        expect(await refusal(alice2.subscribe())).toEqual(refused('identity', 5, /^You have 5 open subscriptions/));
        // Completing one (its connection stays open) frees the place for another of the same identity.
        first[0].complete();
        await released(4);
        second.push(await live(alice2.subscribe()));
        expect(openCount()).toBe(5);

        // Bob fills the service's budget: 8 × 256 KiB of 2 MiB; Carol is refused until a place is free.
        const bob = connect('bob:integrator');
        await Promise.all([0, 1, 2].map(() => live(bob.subscribe())));
        const carol = connect('carol:integrator');
        expect(await refusal(carol.subscribe())).toEqual(refused('service', 8, /^The service has 8 open subscriptions/));
        expect(openCount()).toBe(8);
        await bob.dispose();
        await released(5);
        const carols = [await live(carol.subscribe())];

        // The refusals ended nothing else: every subscription still open receives the next event.
        const stillOpen = [...first.slice(1), ...second, ...carols];
        const counts = stillOpen.map((subscriber) => subscriber.received());
        dataOf(await t.gql(REGISTER, { input: districtInput() }));
        await Promise.all(stillOpen.map((subscriber, i) => subscriber.waitForCount(counts[i] + 1)));
        expect(openCount()).toBe(6);
      } finally {
        spy.mockRestore();
      }
      expect(logged.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    });
  });

  describe('production', () => {
    let AUTH: { authorization: string };
    let t: TestApp;
    let ws: WsClient;

    beforeAll(async () => {
      t = await startApp({ NODE_ENV: 'production' });
      AUTH = await bearer({ id: 'auditor-1', role: 'auditor' });
      ws = wsClient(t.url, AUTH);
    });

    afterAll(async () => {
      await ws?.close();
      await t?.cleanup();
    });

    it('refuses introspection on HTTP and WebSocket', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
        const http = await t.gql(query, {}, AUTH);
        expect(http.status).toBe(400);
        expect(codes(http)).toEqual(['BAD_USER_INPUT']);
        expect(http.body.errors![0].message).toMatch(/introspection/i);
        const overWs = await ws.run(query);
        expect(new Set(codesOf(overWs))).toEqual(new Set(['BAD_USER_INPUT']));
        expect(overWs.errors![0].message).toMatch(/introspection/i);
        expect(overWs.data).toBeUndefined();
      }
      expect(dataOf(await t.gql('{ health { ready } }', {}, AUTH))).toEqual({ health: { ready: true } });
    });

    it('serves no GraphiQL page, and the strict policy everywhere', async () => {
      const response = await fetch(t.url, { headers: { accept: 'text/html' } });
      const text = await response.text();
      expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
      expect(text.toLowerCase()).not.toContain('graphiql');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect((await fetch(`${t.baseUrl}/graphiql/graphiql.min.js`)).status).toBe(404);
    });

    it('answers an unexpected failure with a generic message and nothing internal (runs last: closes the read store)', async () => {
      await t.app.get<ReadStore>(READ_STORE).close();
      const query = '{ districts(first: 5) { edges { node { id name } } } }';
      for (const body of [(await t.gql(query, {}, AUTH)).body, await ws.run(query)]) {
        expect(body.errors).toEqual([
          { message: 'Internal server error', path: ['districts'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ]);
        expect(JSON.stringify(body)).not.toMatch(/sqlite|closed|stack|\.ts:/i);
      }
    });
  });
});
