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
});
