import { apiKeysDecider } from '../../../src/api-keys/domain/api-keys.decider';
import type { ApiKeyEvent, ApiKeyIssued } from '../../../src/api-keys/domain/api-keys.events';
import { context, deciderSpec } from '../../support/decider-spec';

const KEY_ID = '0d5c7a4e-2b1f-4e8a-9c3d-6f7a8b9c0d1e';
const DISTRICT = '6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10';
const issuedData: ApiKeyIssued['data'] = {
  keyId: KEY_ID,
  name: 'Fördermittel-Dashboard',
  role: 'integrator',
  districts: null,
  expiresOn: '2026-12-31',
  secretHash: 'a'.repeat(64),
};
const issued: ApiKeyEvent = { type: 'ApiKeyIssued', data: issuedData };
const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { keyId: KEY_ID, reason: 'key leaked' } };
const spec = deciderSpec(apiKeysDecider);

// The spec context's time is 2026-03-01T10:00:00Z.
describe('API keys decider', () => {
  it('issues a key once; its districts are listed once each', () => {
    spec.given([]).when({ type: 'IssueApiKey', data: issuedData, context: context() }).then([issued]);
    spec.given([issued]).when({ type: 'IssueApiKey', data: issuedData, context: context() }).thenThrows('DOMAIN_RULE', /issued already/);
    const scoped = { ...issuedData, role: 'district_manager' as const, districts: [DISTRICT, DISTRICT] };
    spec
      .given([])
      .when({ type: 'IssueApiKey', data: scoped, context: context() })
      .then([{ type: 'ApiKeyIssued', data: { ...scoped, districts: [DISTRICT] } }]);
  });

  it('refuses a district manager’s key without districts', () => {
    for (const districts of [null, []]) {
      spec
        .given([])
        .when({ type: 'IssueApiKey', data: { ...issuedData, role: 'district_manager', districts }, context: context() })
        .thenThrows('BAD_USER_INPUT', /needs the districts/);
    }
  });

  it('refuses a last day before today on the German calendar, and takes today', () => {
    spec
      .given([])
      .when({ type: 'IssueApiKey', data: { ...issuedData, expiresOn: '2026-02-28' }, context: context() })
      .thenThrows('BAD_USER_INPUT', /in the past/);
    spec
      .given([])
      .when({ type: 'IssueApiKey', data: { ...issuedData, expiresOn: '2026-03-01' }, context: context() })
      .then([{ type: 'ApiKeyIssued', data: { ...issuedData, expiresOn: '2026-03-01' } }]);
    // 23:30 UTC on 28 February is already 1 March in Germany.
    spec
      .given([])
      .when({ type: 'IssueApiKey', data: { ...issuedData, expiresOn: '2026-02-28' }, context: context({ now: new Date('2026-02-28T23:30:00Z') }) })
      .thenThrows('BAD_USER_INPUT', /in the past/);
  });

  it('revokes an issued key once; an unknown key is not found', () => {
    spec.given([issued]).when({ type: 'RevokeApiKey', data: revoked.data, context: context() }).then([revoked]);
    spec.given([issued, revoked]).when({ type: 'RevokeApiKey', data: revoked.data, context: context() }).thenThrows('DOMAIN_RULE', /revoked already/);
    spec.given([]).when({ type: 'RevokeApiKey', data: revoked.data, context: context() }).thenThrows('NOT_FOUND');
  });
});
