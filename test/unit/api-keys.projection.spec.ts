import { API_KEYS_COLLECTION, apiKeysProjection } from '../../projections/api-keys/api-keys.projection';
import { type GivenEvent, runProjectionTwice, withoutPosition } from '../support/projection-spec';

const KEY_ID = '0d5c7a4e-2b1f-4e8a-9c3d-6f7a8b9c0d1e';
const DISTRICT = '6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10';

const issued: GivenEvent = {
  streamId: `apikey-${KEY_ID}`,
  type: 'ApiKeyIssued',
  metadata: { actorId: 'admin-1', actorRole: 'admin', recordedAt: '2026-03-01T10:00:00.000Z' },
  data: {
    keyId: KEY_ID,
    name: 'Stadtteilbüro Neustadt',
    role: 'district_manager',
    districts: [DISTRICT],
    expiresOn: null,
    secretHash: 'b'.repeat(64),
  },
};
const revoked: GivenEvent = {
  streamId: `apikey-${KEY_ID}`,
  type: 'ApiKeyRevoked',
  metadata: { actorId: 'admin-2', actorRole: 'admin', recordedAt: '2026-04-01T08:00:00.000Z' },
  data: { keyId: KEY_ID, reason: 'office moved to another district' },
};

describe('api-keys projection', () => {
  it('keeps each key with its scope and hash, then its revocation; running twice changes nothing', async () => {
    const run = await runProjectionTwice(apiKeysProjection, [issued, revoked]);
    try {
      expect(run.second).toEqual(run.first);
      expect(withoutPosition(run.first[API_KEYS_COLLECTION])).toEqual([
        {
          id: KEY_ID,
          name: 'Stadtteilbüro Neustadt',
          role: 'district_manager',
          districts: [DISTRICT],
          expiresOn: null,
          secretHash: 'b'.repeat(64),
          status: 'revoked',
          issuedAt: '2026-03-01T10:00:00.000Z',
          issuedBy: 'admin-1',
          revokedAt: '2026-04-01T08:00:00.000Z',
          revokedBy: 'admin-2',
          revocationReason: 'office moved to another district',
        },
      ]);
    } finally {
      await run.close();
    }
  });
});
