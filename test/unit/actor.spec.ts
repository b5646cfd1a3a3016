import { resolveActor } from '../../src/auth/actor';
import { loadConfig } from '../../src/config/config';

describe('actor of a request', () => {
  const dev = loadConfig({ API_TOKENS: 'abcdefghijklmnop=alice:funding_officer' });
  const prod = loadConfig({ NODE_ENV: 'production', API_TOKENS: 'abcdefghijklmnop=alice:funding_officer' });

  it('maps a configured bearer token to its actor, and refuses unknown or malformed ones', () => {
    expect(resolveActor(dev, 'Bearer abcdefghijklmnop')).toMatchObject({ id: 'alice', role: 'funding_officer' });
    expect(resolveActor(dev, 'Bearer abcdefghijklmnoX')).toBeNull();
    expect(resolveActor(dev, 'Basic abcdefghijklmnop')).toBeNull();
  });

  it('outside production, no token means the development identity, which x-dev-actor may replace', () => {
    expect(resolveActor(dev, undefined)).toMatchObject({ id: 'dev-admin', role: 'admin' });
    expect(resolveActor(dev, undefined, 'bob:funding_officer')).toMatchObject({ id: 'bob', role: 'funding_officer' });
    expect(resolveActor(dev, undefined, 'not a valid actor')).toMatchObject({ id: 'dev-admin', role: 'admin' });
  });

  it('x-dev-actor may limit the development identity to districts; without them it has every district', () => {
    expect(resolveActor(dev, undefined, 'stm-halle:district_manager:d-halle,d-magdeburg')).toEqual({
      id: 'stm-halle',
      role: 'district_manager',
      districts: ['d-halle', 'd-magdeburg'],
      via: 'dev',
    });
    expect(resolveActor(dev, undefined, 'bob:funding_officer')).toMatchObject({ districts: null });
    expect(resolveActor(dev, undefined, 'stm-halle:district_manager:')).toMatchObject({ id: 'dev-admin', districts: null });
  });

  it('in production there is no development identity and x-dev-actor is ignored', () => {
    expect(resolveActor(prod, undefined)).toBeNull();
    expect(resolveActor(prod, undefined, 'bob:admin')).toBeNull();
    expect(resolveActor(prod, 'Bearer abcdefghijklmnop')).toMatchObject({ id: 'alice', role: 'funding_officer' });
  });
});
