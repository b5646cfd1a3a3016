import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent, type ApiKeyScope } from '../../src/auth/api-keys/domain/api-keys.events';
import type { Projection } from '../runner/projection';

export const API_KEYS_COLLECTION = 'api_keys';

/** What is known of an API key besides its secret. */
export type ApiKeyRecord = ApiKeyScope & {
  id: string;
  name: string;
  expiresOn: string | null;
  status: 'active' | 'revoked';
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revocationReason: string | null;
};

/** An API key as authentication reads it: with the hash of its secret. */
export type ApiKeyDoc = ApiKeyRecord & { secretHash: string; [key: string]: unknown };

const asEvent = (event: RecordedEvent) => event as unknown as ApiKeyEvent & RecordedEvent;

export const apiKeysProjection: Projection = {
  name: 'api-keys',
  version: 1,
  eventTypes: API_KEY_EVENT_TYPES,
  collections: [{ name: API_KEYS_COLLECTION, indexes: [['issuedAt']] }],

  documentsFor: (event) => [{ collection: API_KEYS_COLLECTION, id: asEvent(event).data.keyId }],

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
