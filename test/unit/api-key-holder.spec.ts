import { apiKeyActorId, apiKeyIdOf, apiKeyLapse } from '../../src/auth/api-keys/api-key-holder';

describe('API key holder', () => {
  it('tells the key behind an actor id, and none behind a token subject', () => {
    expect(apiKeyIdOf(apiKeyActorId('7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00'))).toBe('7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00');
    expect(apiKeyIdOf('alice')).toBeNull();
  });

  it('lets a key speak until revoked or until its last day ends on the German calendar', () => {
    const lateEvening = new Date('2026-03-01T22:30:00Z'); // 23:30 in Berlin, still 1 March
    const afterMidnight = new Date('2026-03-01T23:30:00Z'); // 00:30 in Berlin, 2 March
    expect(apiKeyLapse({ status: 'active', expiresOn: null }, afterMidnight)).toBeNull();
    expect(apiKeyLapse({ status: 'active', expiresOn: '2026-03-01' }, lateEvening)).toBeNull();
    expect(apiKeyLapse({ status: 'active', expiresOn: '2026-03-01' }, afterMidnight)).toBe('expired');
    expect(apiKeyLapse({ status: 'revoked', expiresOn: '2026-03-01' }, afterMidnight)).toBe('revoked');
  });
});
