import type { StateStore } from '../state-store/state-store.port';

/**
 * When each API key was last used. Kept in the state store, not beside the projections: it is not derived from events,
 * so no rebuild could bring it back. Written at most once a minute per key, so busy integrations do not turn
 * every request into a write.
 */
export const API_KEY_USAGE_COLLECTION = 'api_key_usage';
const WRITE_INTERVAL_MS = 60_000;

export type ApiKeyUsageDoc = { id: string; lastUsedAt: string; [key: string]: unknown };

export class ApiKeyUsage {
  private readonly lastWritten = new Map<string, number>();

  constructor(private readonly stateStore: StateStore) {}

  ensureCollection(): Promise<void> {
    return this.stateStore.ensureCollection({ name: API_KEY_USAGE_COLLECTION });
  }

  /** Records a use unless one was written for the key within the last minute. */
  async record(keyId: string, at: Date): Promise<void> {
    const last = this.lastWritten.get(keyId);
    if (last !== undefined && at.getTime() - last < WRITE_INTERVAL_MS) return;
    this.lastWritten.set(keyId, at.getTime());
    const doc: ApiKeyUsageDoc = { id: keyId, lastUsedAt: at.toISOString() };
    await this.stateStore.put(API_KEY_USAGE_COLLECTION, doc);
  }
}
