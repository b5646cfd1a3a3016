import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLFieldResolver } from 'graphql';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { HealthService } from '../../src/health/health.service';
import { type GraphQLBody, startApp, type TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { testEvents } from '../support/events';
import { captureLogs, type LogCapture } from '../support/logs';
import { openRawSocket, wsClient, type WsClient } from '../support/ws';

/**
 * Whatever a caller sends, anonymous or not, the answer is a typed error code and the service's log gets no
 * error-level line: malformed requests over HTTP and over the graphql-ws WebSocket, broken frames, and clients that
 * vanish mid-request or mid-response. A genuine internal error is still logged at error level with its stack and
 * answered without details.
 */

jest.setTimeout(90_000);

const HEALTH = '{ health { ready } }';
const SUBSCRIPTION = 'subscription { events { id type } }';
const UNKNOWN_HASH = 'a'.repeat(64);
const persistedQuery = (sha256Hash: string, version = 1) => ({ persistedQuery: { version, sha256Hash } });
const BODY_LIMIT = '64kb';

interface HttpCase {
  name: string;
  method?: string;
  /** Path and query string under the GraphQL endpoint's origin. */
  path?: string;
  headers?: Record<string, string>;
  /** A JSON body, or the exact text to send with `raw`. */
  json?: unknown;
  raw?: string;
  status: number;
  code: string;
}

const get = (params: Record<string, unknown>) =>
  `/graphql?${new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  )}`;
// Apollo's CSRF prevention wants a header a browser form cannot set on a GET (or a JSON content type on a POST).
const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const JSON_TYPE = { 'content-type': 'application/json' };

const HTTP_CASES: HttpCase[] = [
  { name: 'two operations and no operationName', json: { query: 'query A { health { ready } } query B { health { ready } }' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an unknown operationName', json: { query: 'query A { health { ready } }', operationName: 'Z' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a subscription over HTTP POST', json: { query: SUBSCRIPTION }, status: 400, code: 'BAD_USER_INPUT' },
  {
    name: 'a subscription picked by operationName over HTTP POST',
    json: { query: `query A { health { ready } } subscription S { events { id } }`, operationName: 'S' },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a subscription over HTTP GET', method: 'GET', path: get({ query: SUBSCRIPTION }), headers: PREFLIGHT, status: 405, code: 'BAD_USER_INPUT' },
  {
    name: 'a mutation over HTTP GET',
    method: 'GET',
    path: get({ query: 'mutation { rebuildProjection(name: "districts") }' }),
    headers: PREFLIGHT,
    status: 405,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a GET without a CSRF preflight header', method: 'GET', path: get({ query: HEALTH }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an unknown persisted-query hash (POST)', json: { extensions: persistedQuery(UNKNOWN_HASH) }, status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' },
  {
    name: 'an unknown persisted-query hash (GET)',
    method: 'GET',
    path: get({ extensions: persistedQuery(UNKNOWN_HASH) }),
    headers: PREFLIGHT,
    status: 200,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  { name: 'a persisted query of an unsupported version', json: { extensions: persistedQuery(UNKNOWN_HASH, 2) }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a persisted query whose hash does not match it', json: { query: HEALTH, extensions: persistedQuery(UNKNOWN_HASH) }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a persistedQuery extension that is no object', json: { query: HEALTH, extensions: { persistedQuery: 'x' } }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a text/plain body', raw: JSON.stringify({ query: HEALTH }), headers: { 'content-type': 'text/plain' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a form body', raw: 'query=%7B+health+%7B+ready+%7D+%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an XML body', raw: '<query/>', headers: { 'content-type': 'application/xml' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a body without a content type', raw: JSON.stringify({ query: HEALTH }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an application/graphql body', raw: HEALTH, headers: { 'content-type': 'application/graphql' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an unknown charset', raw: '{}', headers: { 'content-type': 'application/json; charset=klingon' }, status: 415, code: 'BAD_USER_INPUT' },
  { name: 'an unknown content encoding', raw: '{}', headers: { ...JSON_TYPE, 'content-encoding': 'zip9' }, status: 415, code: 'BAD_USER_INPUT' },
  { name: 'a gzip body that is not gzip', raw: 'plain text', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'malformed JSON', raw: '{"query": ', headers: JSON_TYPE, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a JSON string', raw: '"{ health { ready } }"', headers: JSON_TYPE, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'JSON null', raw: 'null', headers: JSON_TYPE, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an empty body', raw: '', headers: JSON_TYPE, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a body over BODY_LIMIT', json: { query: HEALTH, variables: { padding: 'x'.repeat(100 * 1024) } }, status: 413, code: 'BAD_USER_INPUT' },
  { name: 'a batch of operations', json: [{ query: HEALTH }, { query: HEALTH }], status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an empty batch', json: [], status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a query that is no string', json: { query: 42 }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'variables as a string', json: { query: HEALTH, variables: '{}' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'variables as a list', json: { query: HEALTH, variables: [1] }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'extensions as a string', json: { query: HEALTH, extensions: '{}' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'extensions as a list', json: { query: HEALTH, extensions: [1] }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an operationName that is no string', json: { query: HEALTH, operationName: 5 }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'no query', json: {}, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an empty query', json: { query: '' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a syntax error', json: { query: '{ health {' }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an unknown field', json: { query: '{ noSuchField }' }, status: 400, code: 'BAD_USER_INPUT' },
  {
    name: 'a variable of the wrong type',
    json: { query: 'query Q($first: Int) { events(first: $first) { pageInfo { hasNextPage } } }', variables: { first: 'ten' } },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a required variable left out',
    json: { query: 'query Q($id: ID!) { district(id: $id) { id } }' },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'an unsupported method (PUT)', method: 'PUT', json: { query: HEALTH }, status: 405, code: 'BAD_USER_INPUT' },
  { name: 'an unsupported method (DELETE)', method: 'DELETE', json: { query: HEALTH }, status: 405, code: 'BAD_USER_INPUT' },
];

/** Sends exactly what the case says (fetch would add a content type of its own). */
function send(baseUrl: string, testCase: HttpCase, caller: Record<string, string>): Promise<{ status: number; body: GraphQLBody<unknown> }> {
  const body = testCase.raw ?? (testCase.json === undefined ? undefined : JSON.stringify(testCase.json));
  const headers = { ...(testCase.json === undefined ? {} : JSON_TYPE), ...testCase.headers, ...caller };
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${baseUrl}${testCase.path ?? '/graphql'}`,
      { method: testCase.method ?? 'POST', headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode!, body: JSON.parse(text) as GraphQLBody<unknown> });
          } catch {
            reject(new Error(`Response ${response.statusCode} is not JSON: ${text.slice(0, 300)}`));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const codesOf = (body: GraphQLBody<unknown>) => (body.errors ?? []).map((error) => error.extensions?.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('malformed requests', () => {
  let t: TestApp;
  let logs: LogCapture;
  const callers: Record<'anonymous' | 'authenticated', Record<string, string>> = { anonymous: {}, authenticated: {} };
  /** Calls of the `events` subscription field's resolver functions, on any transport. */
  const subscriptionCalls = { subscribe: 0, resolve: 0 };

  beforeAll(async () => {
    logs = captureLogs();
    // No development identity: a request without a token is anonymous. Debug level: every line the service writes.
    t = await startApp({ DEV_ACTOR: '', LOG_LEVEL: 'debug', BODY_LIMIT, RATE_LIMIT_PER_MINUTE: '0' });
    callers.authenticated = await bearer({ id: 'malformed-admin', role: 'admin' });
    const field = t.app.get(GraphQLSchemaHost).schema.getSubscriptionType()!.getFields().events;
    const count = (name: keyof typeof subscriptionCalls, resolver: GraphQLFieldResolver<unknown, unknown> | undefined) =>
      resolver &&
      ((...args: Parameters<GraphQLFieldResolver<unknown, unknown>>) => {
        subscriptionCalls[name] += 1;
        return resolver(...args);
      });
    field.subscribe = count('subscribe', field.subscribe);
    field.resolve = count('resolve', field.resolve);
    logs.clear();
  });

  afterAll(async () => {
    await t?.cleanup();
    logs?.restore();
  });

  /** Nothing at error level since the last check; nothing logged with a stack trace either. */
  function expectNoErrorLogged(): void {
    const errors = logs.errors();
    const withStack = logs.entries().filter((entry) => 'stack' in entry || 'trace' in entry);
    // Forgotten either way, so one failing case does not fail the next.
    logs.clear();
    expect(errors).toEqual([]);
    expect(withStack).toEqual([]);
  }

  beforeEach(() => {
    subscriptionCalls.subscribe = 0;
    subscriptionCalls.resolve = 0;
  });
  afterEach(() => expectNoErrorLogged());

  describe.each(['anonymous', 'authenticated'] as const)('over HTTP, %s', (caller) => {
    it.each(HTTP_CASES)('answers $name with $code (HTTP $status)', async (testCase) => {
      const { status, body } = await send(t.baseUrl, testCase, callers[caller]);
      expect({ status, codes: codesOf(body) }).toEqual({ status: testCase.status, codes: [testCase.code] });
      expect(body.data).toBeUndefined();
      expect(subscriptionCalls).toEqual({ subscribe: 0, resolve: 0 });
    });
  });

  it('logs a refused request below error level, with its code and without a stack', async () => {
    for (const name of ['an unknown operationName', 'an unknown persisted-query hash (POST)']) {
      await send(t.baseUrl, HTTP_CASES.find((testCase) => testCase.name === name)!, {});
    }
    const refusals = logs.entries().filter((entry) => entry.message === 'GraphQL request refused');
    expect(refusals).toEqual([
      expect.objectContaining({ level: 'debug', code: 'BAD_USER_INPUT', reason: 'Unknown operation named "Z".' }),
      expect.objectContaining({ level: 'debug', code: 'PERSISTED_QUERY_NOT_FOUND', reason: 'PersistedQueryNotFound' }),
    ]);
  });

  it('runs a persisted query once registered: the hash stands for the query from then on', async () => {
    const hash = createHash('sha256').update(HEALTH).digest('hex');
    const registered = await send(t.baseUrl, { name: 'register', json: { query: HEALTH, extensions: persistedQuery(hash) }, status: 200, code: '' }, {});
    expect(registered.body).toEqual({ data: { health: { ready: true } } });
    const byHash = await send(
      t.baseUrl,
      { name: 'by hash', method: 'GET', path: get({ extensions: persistedQuery(hash) }), headers: PREFLIGHT, status: 200, code: '' },
      {},
    );
    expect(byHash.body).toEqual({ data: { health: { ready: true } } });
  });

  it('answers a subscription only over WebSocket, where its resolver does run', async () => {
    const socket = await openRawSocket(t.url);
    socket.socket.send(JSON.stringify({ type: 'connection_init', payload: callers.authenticated }));
    expect(await socket.nextMessage()).toEqual({ type: 'connection_ack' });
    socket.socket.send(JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
    expect(await socket.nextMessage()).toMatchObject({ id: 's1', type: 'next', payload: { data: { events: { id: expect.any(String) } } } });
    socket.socket.close(1000);
    await socket.closed;
    expect(subscriptionCalls.subscribe).toBe(1);
    expect(subscriptionCalls.resolve).toBeGreaterThanOrEqual(1);
  });

  describe('over WebSocket, anonymous', () => {
    it.each([
      ['invalid JSON', '{"type":', 4400],
      ['an unknown message type', JSON.stringify({ type: 'hello' }), 4400],
      ['a message that is a JSON list', '[1, 2]', 4400],
      ['a subscribe before connection_init', JSON.stringify({ id: '1', type: 'subscribe', payload: { query: HEALTH } }), 4401],
      ['connection_init without credentials', JSON.stringify({ type: 'connection_init' }), 4403],
      ['connection_init with a payload that is no object', JSON.stringify({ type: 'connection_init', payload: 'x' }), 4400],
    ])('closes the connection on %s (%d)', async (_name, message, code) => {
      const socket = await openRawSocket(t.url);
      socket.socket.send(message);
      expect((await socket.closed).code).toBe(code);
    });

    it('closes the connection on a frame that breaks the WebSocket protocol (1002)', async () => {
      const socket = await openRawSocket(t.url);
      // A text frame from a client must be masked.
      (socket.socket as unknown as { _socket: NodeJS.WritableStream })._socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
      expect((await socket.closed).code).toBe(1002);
    });

    it('closes the connection on a message over BODY_LIMIT (1009)', async () => {
      const socket = await openRawSocket(t.url);
      socket.socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(100 * 1024) } }));
      expect((await socket.closed).code).toBe(1009);
    });

    it('answers an upgrade on any other path with 404 and closes it', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(t.baseUrl).port), '127.0.0.1', () =>
          socket.write(
            'GET /not-graphql HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
          ),
        );
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          reject(new Error(`The connection was left open; received: ${JSON.stringify(text)}`));
        }, 3_000).unref();
      });
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    });
  });

  describe('over WebSocket, authenticated', () => {
    let ws: WsClient;

    beforeAll(() => {
      ws = wsClient(t.url, callers.authenticated);
    });

    afterAll(async () => {
      await ws?.close();
    });

    it.each([
      ['two operations and no operationName', 'query A { health { ready } } query B { health { ready } }', undefined, undefined],
      ['an unknown operationName', 'query A { health { ready } }', undefined, 'Z'],
      ['a variable of the wrong type', 'query Q($first: Int) { events(first: $first) { pageInfo { hasNextPage } } }', { first: 'ten' }, undefined],
      ['a required variable left out', 'query Q($id: ID!) { district(id: $id) { id } }', {}, undefined],
      ['a subscription variable of the wrong type', 'subscription S($after: String) { events(after: $after) { id } }', { after: 5 }, undefined],
      ['a syntax error', '{ health {', undefined, undefined],
      ['an unknown field', '{ noSuchField }', undefined, undefined],
    ])('refuses %s with BAD_USER_INPUT before it runs', async (_name, query, variables, operationName) => {
      const result = await ws.run(query, variables as Record<string, unknown> | undefined, operationName);
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.data).toBeUndefined();
      expect(subscriptionCalls).toEqual({ subscribe: 0, resolve: 0 });
    });

    /** A socket past connection_init, as the authenticated caller. */
    async function initialised() {
      const socket = await openRawSocket(t.url);
      socket.socket.send(JSON.stringify({ type: 'connection_init', payload: callers.authenticated }));
      expect(await socket.nextMessage()).toEqual({ type: 'connection_ack' });
      return socket;
    }

    it.each([
      ['a second connection_init', { type: 'connection_init' }, 4429],
      ['variables that are a string', { id: '1', type: 'subscribe', payload: { query: HEALTH, variables: '{}' } }, 4400],
      ['extensions that are a list', { id: '1', type: 'subscribe', payload: { query: HEALTH, extensions: [1] } }, 4400],
      ['a subscribe without a payload', { id: '1', type: 'subscribe' }, 4400],
      ['a subscribe with a numeric id', { id: 1, type: 'subscribe', payload: { query: HEALTH } }, 4400],
    ])('closes the connection on %s (%d)', async (_name, message, code) => {
      const socket = await initialised();
      socket.socket.send(JSON.stringify(message));
      expect((await socket.closed).code).toBe(code);
    });

    it.each([
      ['a short id', 'same'],
      // Quoted in the close reason, which the WebSocket protocol limits to 123 bytes.
      ['a long id', 'ü'.repeat(500)],
    ])('closes the connection on a second subscription under an id in use, %s (4409)', async (_name, id) => {
      const socket = await initialised();
      const subscribe = JSON.stringify({ id, type: 'subscribe', payload: { query: SUBSCRIPTION } });
      socket.socket.send(subscribe);
      await socket.nextMessage();
      socket.socket.send(subscribe);
      const closed = await socket.closed;
      expect(closed.code).toBe(4409);
      expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    });

    it('closes the connection on a broken frame (1002) and on a message over BODY_LIMIT (1009)', async () => {
      const broken = await initialised();
      (broken.socket as unknown as { _socket: NodeJS.WritableStream })._socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));
      expect((await broken.closed).code).toBe(1002);
      const big = await initialised();
      big.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: HEALTH, variables: { padding: 'x'.repeat(100 * 1024) } } }));
      expect((await big.closed).code).toBe(1009);
    });

    it('logs nothing at error level when clients vanish mid-subscription or mid-response', async () => {
      const introspection = '{ __schema { types { name fields { name args { name } type { name } } } } }';
      for (let round = 0; round < 10; round++) {
        const socket = await initialised();
        socket.socket.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        socket.socket.send(JSON.stringify({ id: 'big', type: 'subscribe', payload: { query: introspection } }));
        await sleep(round);
        // An abrupt reset (ECONNRESET on the server's side), not a closing handshake.
        (socket.socket as unknown as { _socket: { resetAndDestroy(): void } })._socket.resetAndDestroy();
      }
      await sleep(300);
    });
  });

  describe('over HTTP, clients that vanish', () => {
    it('logs nothing at error level when a client resets the connection in the middle of its request body', async () => {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(new URL(t.baseUrl).port), '127.0.0.1', () => {
          socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"query":');
          setTimeout(() => socket.resetAndDestroy(), 50);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
      await sleep(200);
    });

    it('logs an export the client cut off mid-stream below error level', async () => {
      // A grant stream long enough that the download is still being written when the client goes away.
      const grantId = randomUUID();
      await t.app.get<EventStore>(EVENT_STORE).append(`grant-${grantId}`, testEvents(3000, { metadata: { reason: 'x'.repeat(1000) } }), 'no_stream');
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest(`${t.baseUrl}/exports/grants/${grantId}/audit-file.json`, { headers: callers.authenticated }, (response) => {
          expect(response.statusCode).toBe(200);
          response.once('data', () => {
            request.socket?.resetAndDestroy();
            resolve();
          });
        });
        request.on('error', () => undefined);
        request.on('close', () => resolve());
        request.end();
        setTimeout(() => reject(new Error('No response')), 10_000).unref();
      });
      // The service notices on its next write.
      for (let waited = 0; waited < 5_000 && !logs.entries().some((entry) => entry.message === 'export cut off: the client closed the connection'); waited += 50) {
        await sleep(50);
      }
      expect(logs.entries()).toContainEqual(expect.objectContaining({ level: 'debug', message: 'export cut off: the client closed the connection' }));
    });
  });

  describe('a genuine internal error', () => {
    it('is still logged at error level with its stack, and answered without details, on both transports', async () => {
      const readiness = jest.spyOn(t.app.get(HealthService), 'readiness');
      readiness.mockRejectedValue(new Error('read store unreachable: disk on fire'));
      const overHttp = await send(t.baseUrl, { name: 'health', json: { query: HEALTH }, status: 200, code: '' }, {});
      const ws = wsClient(t.url, callers.authenticated);
      const overWs = await ws.run(HEALTH).finally(() => ws.close());
      readiness.mockRestore();
      for (const body of [overHttp.body, overWs]) {
        expect(body.errors).toEqual([{ message: 'Internal server error', path: ['health'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      }
      const errors = logs.entries().filter((entry) => entry.level === 'error');
      expect(errors).toHaveLength(2);
      for (const entry of errors) {
        expect(entry).toMatchObject({ message: 'unexpected error in a GraphQL operation', error: 'read store unreachable: disk on fire' });
        expect(entry.stack).toMatch(/disk on fire\n\s+at /);
      }
      logs.clear();
    });
  });
});
