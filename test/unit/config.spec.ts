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
  });
});
