import { Inject, Injectable } from '@nestjs/common';
import { apiKeyLapse } from '../../src/auth/api-key-holder';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import type { ApiKeyLapse, ApiKeyStatusLookup } from '../../src/webhooks/ports/api-key-status.port';
import { API_KEYS_COLLECTION, type ApiKeyDoc } from './api-keys.projection';

/** The webhooks' API-key port, answered from this read model. */
@Injectable()
export class ApiKeyStatusFromReadModel implements ApiKeyStatusLookup {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async lapseOf(keyId: string, now: Date): Promise<ApiKeyLapse | null> {
    const key = await this.readStore.get<ApiKeyDoc>(API_KEYS_COLLECTION, keyId);
    if (!key) return { lapse: 'unknown', expiresOn: null };
    const lapse = apiKeyLapse(key, now);
    return lapse === null ? null : { lapse, expiresOn: key.expiresOn };
  }
}
