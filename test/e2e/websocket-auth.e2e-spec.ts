import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { mintToken } from '../../src/auth/jwt';
import { loadConfig } from '../../src/config/config';
import { bearer, TEST_JWT_SECRET } from '../support/auth';
import { dataOf, startApp, type TestApp } from '../support/app';

/**
 * The graphql-ws transport checks the credentials in the connection parameters when the connection opens: without
 * a token, or with an invalid, expired or revoked one, the server closes it with 4403 before any operation runs.
 * With a valid token (or API key) operations run as that caller.
 */

jest.setTimeout(60_000);

const QUERY = '{ actionFields { id } }';

type Outcome = { closedWith: number } | { data: unknown; errors?: unknown };

describe('WebSocket authentication', () => {
  let t: TestApp;
  let wsUrl: string;

  beforeAll(async () => {
    t = await startApp({ DEV_ACTOR: '' });
    wsUrl = t.url.replace(/^http/, 'ws');
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  /** Opens a connection with the given parameters and runs one operation over it. */
  function runOverWebSocket(
    connectionParams: Record<string, unknown>,
    operation: { query: string; variables?: Record<string, unknown> } = { query: QUERY },
    url = wsUrl,
  ): Promise<Outcome> {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    return new Promise<Outcome>((resolve) => {
      let result: Outcome | null = null;
      client.subscribe(
        operation,
        {
          next: (value) => {
            result = { data: value.data, ...(value.errors ? { errors: value.errors } : {}) };
          },
          error: (error) => resolve({ closedWith: (error as { code?: number }).code ?? -1 }),
          complete: () => resolve(result ?? { data: null }),
        },
      );
    }).finally(() => client.dispose());
  }

  it('refuses a connection without a token with 4403', async () => {
    expect(await runOverWebSocket({})).toEqual({ closedWith: 4403 });
  });

  it('refuses a connection with an invalid or expired token, or a header that is not a bearer token', async () => {
    expect(await runOverWebSocket({ authorization: 'Bearer not-a-token' })).toEqual({ closedWith: 4403 });
    const auth = loadConfig({ JWT_SECRET: TEST_JWT_SECRET }).auth;
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    const expired = await mintToken(auth, TEST_JWT_SECRET, { subject: 'late', role: 'viewer', districts: null }, 3600, yesterday);
    expect(await runOverWebSocket({ authorization: `Bearer ${expired}` })).toEqual({ closedWith: 4403 });
    // A valid token with its signature cut off.
    const { authorization } = await bearer({ id: 'cut', role: 'viewer' });
    expect(await runOverWebSocket({ authorization: authorization.slice(0, authorization.lastIndexOf('.') + 1) })).toEqual({
      closedWith: 4403,
    });
    const foreign = await bearer({ id: 'mallory', role: 'admin' }, { JWT_SECRET: 'a-secret-the-service-does-not-know-0123456789' });
    expect(await runOverWebSocket(foreign)).toEqual({ closedWith: 4403 });
    expect(await runOverWebSocket({ authorization: 'Basic YWRtaW46YWRtaW4=' })).toEqual({ closedWith: 4403 });
  });

  it('accepts a connection with a valid token and runs operations as its caller', async () => {
    const officer = await bearer({ id: 'ws-officer', role: 'funding_officer' });
    const outcome = await runOverWebSocket(officer);
    expect(outcome).toMatchObject({ data: { actionFields: expect.any(Array) } });
    expect((outcome as { data: { actionFields: unknown[] } }).data.actionFields.length).toBeGreaterThanOrEqual(8);

    const added = await runOverWebSocket(officer, {
      query: `mutation ($input: AddFundingProgrammeInput!) { addFundingProgramme(input: $input) { streamId streamVersion } }`,
      variables: {
        input: {
          programmeId: 'ws-programme',
          name: 'Programme added over WebSocket',
          level: 'STATE',
          fund: 'Landesprogramm',
          legalBasis: 'Richtlinie',
          generalConditions: 'ANBest-P 2019',
          retentionYears: 5,
        },
      },
    });
    const { streamId, streamVersion } = (added as { data: { addFundingProgramme: { streamId: string; streamVersion: number } } }).data
      .addFundingProgramme;
    const { streamEvents } = dataOf(
      await t.gql<{ streamEvents: { metadata: { actorId: string; actorRole: string } }[] }>(
        'query ($s: String!, $v: Int!) { streamEvents(streamId: $s, fromVersion: $v, first: 1) { metadata { actorId actorRole } } }',
        { s: streamId, v: streamVersion },
        officer,
      ),
    );
    expect(streamEvents[0].metadata).toEqual({ actorId: 'ws-officer', actorRole: 'funding_officer' });
  });

  it('accepts an API key and refuses it at connection time once revoked', async () => {
    const admin = await bearer({ id: 'ws-admin', role: 'admin' });
    const { issueApiKey } = dataOf(
      await t.gql<{ issueApiKey: { keyId: string; apiKey: string } }>(
        'mutation { issueApiKey(input: { name: "Live feed", role: integrator }) { keyId apiKey } }',
        {},
        admin,
      ),
    );
    const key = { authorization: `Bearer ${issueApiKey.apiKey}` };
    expect(await runOverWebSocket(key)).toMatchObject({ data: { actionFields: expect.any(Array) } });
    dataOf(
      await t.gql(
        'mutation ($keyId: ID!) { revokeApiKey(input: { keyId: $keyId, reason: "feed switched off" }) { eventCount } }',
        { keyId: issueApiKey.keyId },
        admin,
      ),
    );
    expect(await runOverWebSocket(key)).toEqual({ closedWith: 4403 });
  });

  it('closes a streaming connection with 4403 once its API key is revoked', async () => {
    const checked = await startApp({ DEV_ACTOR: '', WS_CREDENTIAL_CHECK_MS: '200' });
    try {
      const admin = await bearer({ id: 'ws-admin', role: 'admin' });
      const { issueApiKey } = dataOf(
        await checked.gql<{ issueApiKey: { keyId: string; apiKey: string } }>(
          'mutation { issueApiKey(input: { name: "Streaming feed", role: integrator }) { keyId apiKey } }',
          {},
          admin,
        ),
      );
      const client = createClient({
        url: checked.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${issueApiKey.apiKey}` },
        retryAttempts: 0,
        lazy: true,
      });
      let received = 0;
      const ended = new Promise<number>((resolve) => {
        client.subscribe(
          { query: 'subscription { events { id } }' },
          {
            next: () => void (received += 1),
            error: (error) => resolve((error as { code?: number }).code ?? -1),
            complete: () => resolve(0),
          },
        );
      });
      // Streaming: the catalogue seeding and the key's own issuance are in the log, the feed replays the former.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(received).toBeGreaterThan(0);
      dataOf(
        await checked.gql(
          'mutation ($keyId: ID!) { revokeApiKey(input: { keyId: $keyId, reason: "leaked" }) { eventCount } }',
          { keyId: issueApiKey.keyId },
          admin,
        ),
      );
      expect(await ended).toBe(4403);
      await client.dispose();
    } finally {
      await checked.cleanup();
    }
  });

  it('with a development identity configured, a connection without a token acts as it', async () => {
    const dev = await startApp({ DEV_ACTOR: 'dev-admin:admin' });
    try {
      const outcome = await runOverWebSocket({ devActor: 'bob:funding_officer' }, { query: QUERY }, dev.url.replace(/^http/, 'ws'));
      expect(outcome).toMatchObject({ data: { actionFields: expect.any(Array) } });
    } finally {
      await dev.cleanup();
    }
  });
});
