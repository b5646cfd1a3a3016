import type { RecordedEvent } from '../../src/core/envelope';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent, type ApiKeyScope } from '../../src/api-keys/domain/api-keys.events';
import { apiKeyIdOf, personOf } from '../../src/core/persons';
import type { DocRef, Projection, ProjectionDocs } from '../runner/projection';

export const API_KEYS_COLLECTION = 'api_keys';

/** What is known of an API key besides its secret. */
export type ApiKeyRecord = ApiKeyScope & {
  id: string;
  name: string;
  expiresOn: string | null;
  status: 'active' | 'revoked';
  issuedAt: string;
  issuedBy: string;
  /**
   * The person the key acts for: whoever issued it, or for a key issued with a key the person that key acts for.
   * Resolved once here, so authentication never walks a chain. Null only when a key issued with a key recorded before
   * events named the person cannot be traced (its issuer key is unknown): authentication then refuses it.
   */
  personId: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revocationReason: string | null;
};

/** An API key as authentication reads it: with the hash of its secret. */
export type ApiKeyDoc = ApiKeyRecord & { secretHash: string; [key: string]: unknown };

const asEvent = (event: RecordedEvent) => event as unknown as ApiKeyEvent & RecordedEvent;

export const apiKeysProjection: Projection = {
  name: 'api-keys',
  // 2: the person each key acts for.
  version: 2,
  eventTypes: API_KEY_EVENT_TYPES,
  collections: [{ name: API_KEYS_COLLECTION, indexes: [['issuedAt']] }],

  documentsFor(event) {
    const refs: DocRef[] = [{ collection: API_KEYS_COLLECTION, id: asEvent(event).data.keyId }];
    const issuerKeyId = issuerKeyToTrace(event);
    if (issuerKeyId !== null) refs.push({ collection: API_KEYS_COLLECTION, id: issuerKeyId });
    return refs;
  },

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const { actorId, recordedAt } = recorded.metadata;
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId, ...issued } = event.data;
        const doc: ApiKeyDoc = {
          ...issued,
          id: keyId,
          status: 'active',
          issuedAt: recordedAt,
          issuedBy: actorId,
          personId: personOf(recorded.metadata) ?? tracedPerson(recorded, docs),
          revokedAt: null,
          revokedBy: null,
          revocationReason: null,
        };
        return [{ collection: API_KEYS_COLLECTION, doc }];
      }
      case 'ApiKeyRevoked': {
        const current = docs.get<ApiKeyDoc>(API_KEYS_COLLECTION, event.data.keyId);
        if (!current) return [];
        const doc: ApiKeyDoc = {
          ...current,
          status: 'revoked',
          revokedAt: recordedAt,
          revokedBy: actorId,
          revocationReason: event.data.reason,
        };
        return [{ collection: API_KEYS_COLLECTION, doc }];
      }
    }
  },
};

/**
 * A key issued with a key before events named the person behind the issuing key: the key whose person it inherits.
 * Null for every other event.
 */
function issuerKeyToTrace(event: RecordedEvent): string | null {
  if (event.type !== 'ApiKeyIssued' || personOf(event.metadata) !== null) return null;
  return apiKeyIdOf(event.metadata.actorId);
}

function tracedPerson(event: RecordedEvent, docs: ProjectionDocs): string | null {
  const issuerKeyId = issuerKeyToTrace(event);
  return issuerKeyId === null ? null : (docs.get<ApiKeyDoc>(API_KEYS_COLLECTION, issuerKeyId)?.personId ?? null);
}
