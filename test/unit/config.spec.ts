import { ConfigError, loadConfig } from '../../src/config/config';

describe('configuration', () => {
  it('defaults to the embedded stores under ./data on port 3000, its own tokens and no development identity', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      eventStore: { kind: 'sqlite' },
      readStore: { kind: 'sqlite' },
      devActor: null,
      maxReadWaitMs: 2000,
      auth: {
        jwtSecret: null,
        jwksUrl: null,
        issuer: 'stadtteil-ledger',
        audience: 'stadtteil-ledger',
        roleClaim: 'role',
        districtsClaim: 'districts',
      },
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('takes a development identity only when asked, and never in production', () => {
    expect(loadConfig({ DEV_ACTOR: 'dev-admin:admin' }).devActor).toEqual({ id: 'dev-admin', role: 'admin' });
    expect(() => loadConfig({ DEV_ACTOR: 'dev-admin:superuser' })).toThrow(/DEV_ACTOR/);
    expect(loadConfig({ NODE_ENV: 'production' }).devActor).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_ACTOR: 'x:admin' })).toThrow(ConfigError);
  });

  it('checks how tokens are verified: a long enough secret or an identity provider with its issuer, not both', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    const keycloak = {
      JWKS_URL: 'https://sso.example.org/realms/ledger/protocol/openid-connect/certs',
      JWT_ISSUER: 'https://sso.example.org/realms/ledger',
      JWT_AUDIENCE: 'ledger-api',
      JWT_ROLE_CLAIM: 'realm_access.roles',
    };
    expect(loadConfig(keycloak).auth).toEqual({
      jwtSecret: null,
      jwksUrl: keycloak.JWKS_URL,
      issuer: keycloak.JWT_ISSUER,
      audience: 'ledger-api',
      roleClaim: 'realm_access.roles',
      districtsClaim: 'districts',
    });
    expect(() => loadConfig({ ...keycloak, JWT_SECRET: secret })).toThrow(/not both/);
    expect(() => loadConfig({ ...keycloak, JWT_ISSUER: '' })).toThrow(/JWT_ISSUER/);
    expect(() => loadConfig({ ...keycloak, JWKS_URL: 'sso.example.org/certs' })).toThrow(/JWKS_URL/);
    expect(() => loadConfig({ ...keycloak, JWKS_URL: 'ftp://sso.example.org/certs' })).toThrow(/JWKS_URL/);
    // Plain http only outside production (a local identity provider in development).
    expect(loadConfig({ ...keycloak, JWKS_URL: 'http://localhost:8080/certs' }).auth.jwksUrl).toBe('http://localhost:8080/certs');
    expect(() => loadConfig({ ...keycloak, NODE_ENV: 'production', JWKS_URL: 'http://sso.example.org/certs' })).toThrow(/https/);
    expect(() => loadConfig({ JWT_ROLE_CLAIM: 'realm_access..roles' })).toThrow(/JWT_ROLE_CLAIM/);
    expect(() => loadConfig({ JWT_DISTRICTS_CLAIM: 'has space' })).toThrow(/JWT_DISTRICTS_CLAIM/);
  });

  it('needs the server URLs when the production stores are chosen, and configured authentication with EventStoreDB', () => {
    const eventStoreDb = { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' };
    expect(() => loadConfig(eventStoreDb)).toThrow(/JWT_SECRET or JWKS_URL/);
    expect(loadConfig({ ...eventStoreDb, JWT_SECRET: 'x'.repeat(32) }).eventStore.kind).toBe('eventstoredb');
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_URL/);
    expect(() => loadConfig({ READ_STORE: 'mongodb' })).toThrow(/MONGODB_URL/);
    expect(loadConfig({ READ_STORE: 'mongodb', MONGODB_URL: 'mongodb://m/?replicaSet=rs0' }).readStore).toEqual({
      kind: 'mongodb',
      url: 'mongodb://m/?replicaSet=rs0',
      dbName: undefined,
    });
  });

  it('rejects bad values with the variable named', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ MAX_READ_WAIT_MS: '5000' })).toThrow(/MAX_READ_WAIT_MS/);
    expect(() => loadConfig({ SUBSCRIPTION_BUFFER_EVENTS: '5' })).toThrow(/SUBSCRIPTION_BUFFER_EVENTS/);
  });

  it('bounds subscriptions: 1000 events or 1 MiB each, 128 MiB together, 20 per connection, 50 per identity', () => {
    expect(loadConfig({}).subscriptions).toEqual({
      bufferEvents: 1000,
      bufferBytes: 1_048_576,
      totalBufferBytes: 134_217_728,
      perConnection: 20,
      perIdentity: 50,
    });
    const tuned = loadConfig({
      SUBSCRIPTION_BUFFER_EVENTS: '50',
      SUBSCRIPTION_BUFFER_BYTES: '262144',
      SUBSCRIPTIONS_TOTAL_BUFFER_BYTES: '1048576',
      SUBSCRIPTIONS_PER_CONNECTION: '3',
      SUBSCRIPTIONS_PER_IDENTITY: '5',
    });
    expect(tuned.subscriptions).toEqual({
      bufferEvents: 50,
      bufferBytes: 262_144,
      totalBufferBytes: 1_048_576,
      perConnection: 3,
      perIdentity: 5,
    });
    expect(() => loadConfig({ SUBSCRIPTION_BUFFER_BYTES: '1000' })).toThrow(/SUBSCRIPTION_BUFFER_BYTES/);
    expect(() => loadConfig({ SUBSCRIPTIONS_PER_CONNECTION: '0' })).toThrow(/SUBSCRIPTIONS_PER_CONNECTION/);
    expect(() => loadConfig({ SUBSCRIPTIONS_PER_IDENTITY: 'many' })).toThrow(/SUBSCRIPTIONS_PER_IDENTITY/);
    expect(() => loadConfig({ SUBSCRIPTION_BUFFER_BYTES: '4194304', SUBSCRIPTIONS_TOTAL_BUFFER_BYTES: '2097152' })).toThrow(
      /SUBSCRIPTIONS_TOTAL_BUFFER_BYTES .* must not be below SUBSCRIPTION_BUFFER_BYTES/,
    );
  });

  it('caps WebSocket messages at 1 MiB unless configured, far below the 100 MiB of the library', () => {
    expect(loadConfig({}).webSocketMaxPayloadBytes).toBe(1_048_576);
    expect(loadConfig({ WS_MAX_PAYLOAD_BYTES: '65536' }).webSocketMaxPayloadBytes).toBe(65_536);
    expect(() => loadConfig({ WS_MAX_PAYLOAD_BYTES: '1024' })).toThrow(/WS_MAX_PAYLOAD_BYTES/);
    expect(() => loadConfig({ WS_MAX_PAYLOAD_BYTES: String(200 * 1024 * 1024) })).toThrow(/WS_MAX_PAYLOAD_BYTES/);
  });

  it('sets the limits: depth 15, complexity 25,000, 600 requests a minute with the same burst, no CORS origins', () => {
    expect(loadConfig({})).toMatchObject({
      maxQueryDepth: 15,
      maxQueryComplexity: 25_000,
      rateLimit: { perMinute: 600, burst: 600 },
      corsOrigins: [],
    });
    const tuned = loadConfig({
      MAX_QUERY_DEPTH: '8',
      MAX_QUERY_COMPLEXITY: '5000',
      RATE_LIMIT_PER_MINUTE: '120',
      RATE_LIMIT_BURST: '20',
      CORS_ORIGINS: 'https://dashboard.example.org, http://localhost:5173',
    });
    expect(tuned).toMatchObject({
      maxQueryDepth: 8,
      maxQueryComplexity: 5000,
      rateLimit: { perMinute: 120, burst: 20 },
      corsOrigins: ['https://dashboard.example.org', 'http://localhost:5173'],
    });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_BURST: '5' }).rateLimit).toBeNull();
  });

  it('refuses limits out of range and origins that are not exact origins', () => {
    expect(() => loadConfig({ MAX_QUERY_DEPTH: '1' })).toThrow(/MAX_QUERY_DEPTH/);
    expect(() => loadConfig({ MAX_QUERY_COMPLEXITY: 'lots' })).toThrow(/MAX_QUERY_COMPLEXITY/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ RATE_LIMIT_BURST: '0' })).toThrow(/RATE_LIMIT_BURST/);
    for (const origin of ['*', 'dashboard.example.org', 'https://dashboard.example.org/', 'https://Dashboard.example.org', 'https://a.example/app', 'ftp://a.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(ConfigError);
    }
  });

  it('delivers webhooks with safe defaults and validates their settings', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivateNetworks: false,
      timeoutMs: 15_000,
      retryBaseMs: 5000,
      retryMaxMs: 3_600_000,
      maxAttempts: 50,
      failureWindowMs: 259_200_000,
      pollIntervalMs: 1000,
      deliveryLogRetentionDays: 30,
    });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhooks.allowPrivateNetworks).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '10' })).toThrow(/WEBHOOK_RETRY_MAX_MS/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '5' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });
});
