import { ConfigError, loadConfig } from '../../src/config/config';

describe('configuration', () => {
  it('defaults to the embedded stores under ./data on port 3000 with a development identity', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      eventStore: { kind: 'sqlite' },
      readStore: { kind: 'sqlite' },
      devActor: { id: 'dev-admin', role: 'admin' },
      maxReadWaitMs: 2000,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('has no development identity in production and refuses to be given one', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).devActor).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_ACTOR: 'x:admin' })).toThrow(ConfigError);
  });

  it('needs the server URLs when the production stores are chosen', () => {
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
    expect(() => loadConfig({ API_TOKENS: 'short=a:admin' })).toThrow(/16 characters/);
    expect(() => loadConfig({ SUBSCRIPTION_BUFFER_EVENTS: '5' })).toThrow(/SUBSCRIPTION_BUFFER_EVENTS/);
  });

  it('bounds what a subscriber may fall behind by, 1000 events unless configured', () => {
    expect(loadConfig({}).subscriptionBufferEvents).toBe(1000);
    expect(loadConfig({ SUBSCRIPTION_BUFFER_EVENTS: '50' }).subscriptionBufferEvents).toBe(50);
  });

  it('parses API tokens into actors', () => {
    const config = loadConfig({ API_TOKENS: 'abcdefghijklmnop=alice:funding_officer' });
    expect(config.apiTokens.get('abcdefghijklmnop')).toEqual({ id: 'alice', role: 'funding_officer' });
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
