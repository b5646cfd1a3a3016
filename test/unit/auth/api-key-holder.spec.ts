import { apiKeyLapse } from '../../../src/auth/api-key-holder';

describe('API key holder', () => {
  it('lets a key speak until revoked or until its last day ends on the German calendar', () => {
    const lateEvening = new Date('2026-03-01T22:30:00Z'); // 23:30 in Berlin, still 1 March
    const afterMidnight = new Date('2026-03-01T23:30:00Z'); // 00:30 in Berlin, 2 March
    expect(apiKeyLapse({ status: 'active', expiresOn: null }, afterMidnight)).toBeNull();
    expect(apiKeyLapse({ status: 'active', expiresOn: '2026-03-01' }, lateEvening)).toBeNull();
    expect(apiKeyLapse({ status: 'active', expiresOn: '2026-03-01' }, afterMidnight)).toBe('expired');
    expect(apiKeyLapse({ status: 'revoked', expiresOn: '2026-03-01' }, afterMidnight)).toBe('revoked');
  });
});
