import { API_KEYS_COLLECTION, apiKeysProjection } from '../../../projections/api-keys/api-keys.projection';
import { type GivenEvent, runProjectionTwice, withoutPosition } from '../../support/projection-spec';

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
          personId: 'admin-1',
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

describe('api-keys projection: the person a key acts for', () => {
  const ROOT = '1a000000-0000-4000-8000-000000000001';
  const CHILD = '1a000000-0000-4000-8000-000000000002';
  const GRANDCHILD = '1a000000-0000-4000-8000-000000000003';
  const issue = (keyId: string, metadata: GivenEvent['metadata']): GivenEvent => ({
    streamId: `apikey-${keyId}`,
    type: 'ApiKeyIssued',
    metadata: { actorRole: 'admin', recordedAt: '2026-03-01T10:00:00.000Z', ...metadata },
    data: { keyId, name: keyId, role: 'admin', districts: null, expiresOn: null, secretHash: 'b'.repeat(64) },
  });
  const personsOf = async (events: GivenEvent[]) => {
    const run = await runProjectionTwice(apiKeysProjection, events);
    try {
      expect(run.second).toEqual(run.first);
      return Object.fromEntries(run.first[API_KEYS_COLLECTION].map((doc) => [doc.id, [doc.issuedBy, doc.personId]]));
    } finally {
      await run.close();
    }
  };

  it('is the issuer, and for a key issued with a key the person recorded with that issue (the chain’s root)', async () => {
    expect(
      await personsOf([
        issue(ROOT, { actorId: 'Alice' }),
        issue(CHILD, { actorId: `apikey-${ROOT}`, onBehalfOf: 'Alice' }),
        issue(GRANDCHILD, { actorId: `apikey-${CHILD}`, onBehalfOf: 'Alice' }),
      ]),
    ).toEqual({
      [ROOT]: ['Alice', 'Alice'],
      [CHILD]: [`apikey-${ROOT}`, 'Alice'],
      [GRANDCHILD]: [`apikey-${CHILD}`, 'Alice'],
    });
  });

  it('traces keys issued with keys before events named the person through the issuing key', async () => {
    expect(
      await personsOf([
        issue(ROOT, { actorId: 'alice' }),
        issue(CHILD, { actorId: `apikey-${ROOT}` }),
        issue(GRANDCHILD, { actorId: `apikey-${CHILD}` }),
      ]),
    ).toEqual({
      [ROOT]: ['alice', 'alice'],
      [CHILD]: [`apikey-${ROOT}`, 'alice'],
      [GRANDCHILD]: [`apikey-${CHILD}`, 'alice'],
    });
  });

  it('knows no person for a key issued with a key it never saw: authentication refuses such a key', async () => {
    expect(await personsOf([issue(CHILD, { actorId: `apikey-${ROOT}` })])).toEqual({ [CHILD]: [`apikey-${ROOT}`, null] });
  });
});
