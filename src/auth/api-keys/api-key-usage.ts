import type { ReadStore } from '../../read-store/read-store.port';

/**
 * When each API key was last used. A collection of its own, not a projection: it is not derived from events, so a
 * rebuild of the read models keeps it. Written at most once a minute per key, so busy integrations do not turn
 * every request into a write.
 */
export const API_KEY_USAGE_COLLECTION = 'api_key_usage';
const WRITE_INTERVAL_MS = 60_000;

export type ApiKeyUsageDoc = { id: string; lastUsedAt: string; [key: string]: unknown };

export class ApiKeyUsage {
  private readonly lastWritten = new Map<string, number>();

  constructor(private readonly readStore: ReadStore) {}

  ensureCollection(): Promise<void> {
    return this.readStore.ensureCollection({ name: API_KEY_USAGE_COLLECTION });
  }

  /** Records a use unless one was written for the key within the last minute. */
  async record(keyId: string, at: Date): Promise<void> {
    const last = this.lastWritten.get(keyId);
    if (last !== undefined && at.getTime() - last < WRITE_INTERVAL_MS) return;
    this.lastWritten.set(keyId, at.getTime());
    const doc: ApiKeyUsageDoc = { id: keyId, lastUsedAt: at.toISOString() };
    await this.readStore.put(API_KEY_USAGE_COLLECTION, doc);
  }
}
