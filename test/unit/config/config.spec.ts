import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, usesDataDir } from '../../../src/config/config';

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
    // An id only the service hands out: the development identity would pass for an API key or the service itself.
    expect(() => loadConfig({ DEV_ACTOR: 'apikey-7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00:admin' })).toThrow(/DEV_ACTOR.*apikey/);
    expect(() => loadConfig({ DEV_ACTOR: 'System:admin' })).toThrow(/DEV_ACTOR.*system/);
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

  it('reads BODY_LIMIT as Express does, 1mb unless configured, and refuses what is no size', () => {
    expect(loadConfig({})).toMatchObject({ bodyLimit: '1mb', bodyLimitBytes: 1024 * 1024 });
    expect(loadConfig({ BODY_LIMIT: '64kb' })).toMatchObject({ bodyLimit: '64kb', bodyLimitBytes: 65_536 });
    expect(loadConfig({ BODY_LIMIT: '5000' }).bodyLimitBytes).toBe(5000);
    // Express's body parser reads the first as no limit at all, the others as a limit no body fits.
    for (const size of ['lots', '0', '-1kb']) {
      expect(() => loadConfig({ BODY_LIMIT: size })).toThrow(/BODY_LIMIT must be a size/);
    }
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
      secretKey: { source: 'data-dir' },
    });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhooks.allowPrivateNetworks).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '10' })).toThrow(/WEBHOOK_RETRY_MAX_MS/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '5' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });

  it('signs log checkpoints hourly with a key outside DATA_DIR: ./secrets/log-signing-key.pem, created on the embedded default', () => {
    expect(loadConfig({}).logSigning).toEqual({
      keyPem: null,
      keyFile: resolve('secrets/log-signing-key.pem'),
      createKeyFile: true,
      previousKeysFile: resolve('secrets/log-signing-previous-keys.pem'),
      checkpointIntervalMs: 3_600_000,
    });
    const eventStoreDb = { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(eventStoreDb).logSigning.createKeyFile).toBe(false);
    expect(loadConfig({ LOG_SIGNING_KEY_FILE: '/etc/ledger/key.pem', LOG_CHECKPOINT_INTERVAL_MS: '0' }).logSigning).toEqual({
      keyPem: null,
      keyFile: '/etc/ledger/key.pem',
      createKeyFile: true,
      previousKeysFile: '/etc/ledger/log-signing-previous-keys.pem',
      checkpointIntervalMs: 0,
    });
  });

  it('takes the key as PEM from LOG_SIGNING_KEY (line breaks may be written \\n) and refuses keys that cannot sign', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadConfig({ LOG_SIGNING_KEY: pem }).logSigning).toMatchObject({ keyPem: pem.trim(), keyFile: null, previousKeysFile: null });
    expect(loadConfig({ LOG_SIGNING_KEY: pem.replace(/\n/g, '\\n') }).logSigning.keyPem).toBe(pem.trim());
    expect(loadConfig({ LOG_SIGNING_KEY: pem, LOG_SIGNING_PREVIOUS_KEYS_FILE: '/etc/ledger/old.pem' }).logSigning.previousKeysFile).toBe('/etc/ledger/old.pem');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ LOG_SIGNING_KEY: rsa })).toThrow(/LOG_SIGNING_KEY must be an Ed25519 private key/);
    expect(() => loadConfig({ LOG_SIGNING_KEY: 'secret' })).toThrow(/LOG_SIGNING_KEY must be an Ed25519 private key/);
    expect(() => loadConfig({ LOG_SIGNING_KEY: pem, LOG_SIGNING_KEY_FILE: '/etc/ledger/key.pem' })).toThrow(/not both/);
  });

  it('refuses key files inside DATA_DIR and checkpoint intervals out of range', () => {
    expect(() => loadConfig({ DATA_DIR: '/srv/ledger', LOG_SIGNING_KEY_FILE: '/srv/ledger/keys/key.pem' })).toThrow(
      /LOG_SIGNING_KEY_FILE \(\/srv\/ledger\/keys\/key.pem\) must lie outside DATA_DIR/,
    );
    expect(() => loadConfig({ DATA_DIR: '.' })).toThrow(/LOG_SIGNING_KEY_FILE .* must lie outside DATA_DIR/);
    expect(() => loadConfig({ DATA_DIR: '/srv/ledger', LOG_SIGNING_PREVIOUS_KEYS_FILE: '/srv/ledger/old.pem' })).toThrow(
      /LOG_SIGNING_PREVIOUS_KEYS_FILE/,
    );
    expect(loadConfig({ DATA_DIR: '/srv/ledger', LOG_SIGNING_KEY_FILE: '/srv/ledger-keys/key.pem' }).logSigning.keyFile).toBe(
      '/srv/ledger-keys/key.pem',
    );
    expect(() => loadConfig({ LOG_CHECKPOINT_INTERVAL_MS: '500' })).toThrow(/LOG_CHECKPOINT_INTERVAL_MS/);
    expect(() => loadConfig({ LOG_CHECKPOINT_INTERVAL_MS: '604800001' })).toThrow(/LOG_CHECKPOINT_INTERVAL_MS/);
    expect(() => loadConfig({ LOG_CHECKPOINT_INTERVAL_MS: 'hourly' })).toThrow(/LOG_CHECKPOINT_INTERVAL_MS/);
  });

  it('takes the webhook secret key from the environment or a key file; production with MongoDB must name one', () => {
    const current = randomBytes(32);
    const previous = randomBytes(32);
    expect(loadConfig({ WEBHOOK_SECRET_KEY: current.toString('base64') }).webhooks.secretKey).toEqual({
      source: 'env',
      keys: [current],
    });
    // Rotation: the current key first, earlier ones after it (commas, spaces or line breaks; base64url too).
    expect(
      loadConfig({ WEBHOOK_SECRET_KEY: `${current.toString('base64url')}, ${previous.toString('base64')}` }).webhooks.secretKey,
    ).toEqual({ source: 'env', keys: [current, previous] });
    expect(loadConfig({ WEBHOOK_SECRET_KEY_FILE: 'secrets/webhook.key' }).webhooks.secretKey).toEqual({
      source: 'file',
      path: resolve('secrets/webhook.key'),
    });
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow(
      /WEBHOOK_SECRET_KEY: key 1 is not the base64 of 32 bytes/,
    );
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: `${current.toString('base64')},not-a-key!` })).toThrow(/key 2/);
    expect(() =>
      loadConfig({ WEBHOOK_SECRET_KEY: current.toString('base64'), WEBHOOK_SECRET_KEY_FILE: '/etc/ledger/webhook.key' }),
    ).toThrow(/not both/);

    const mongo = { READ_STORE: 'mongodb', MONGODB_URL: 'mongodb://db:27017/?replicaSet=rs0', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(mongo).webhooks.secretKey).toEqual({ source: 'data-dir' });
    expect(() => loadConfig({ ...mongo, NODE_ENV: 'production' })).toThrow(/needs WEBHOOK_SECRET_KEY or WEBHOOK_SECRET_KEY_FILE/);
    expect(loadConfig({ ...mongo, NODE_ENV: 'production', WEBHOOK_SECRET_KEY_FILE: '/run/secrets/webhook-key' }).webhooks.secretKey).toEqual({
      source: 'file',
      path: '/run/secrets/webhook-key',
    });
  });

  it('says when the service keeps something in DATA_DIR', () => {
    const external = {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://es:2113',
      READ_STORE: 'mongodb',
      MONGODB_URL: 'mongodb://db:27017/?replicaSet=rs0',
      JWT_SECRET: 'x'.repeat(32),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    };
    expect(usesDataDir(loadConfig({}))).toBe(true);
    expect(usesDataDir(loadConfig(external))).toBe(false);
    expect(usesDataDir(loadConfig({ ...external, WEBHOOK_SECRET_KEY: '' }))).toBe(true); // the key file
    expect(usesDataDir(loadConfig({ ...external, READ_STORE: 'sqlite' }))).toBe(true);
  });
});
