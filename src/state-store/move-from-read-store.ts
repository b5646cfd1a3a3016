import type { Doc, ReadStore } from '../read-store/read-store.port';
import type { StateStore } from './state-store.port';

/**
 * The collections that versions before the state store kept in the read store. A fixed list on purpose: it
 * describes data written by earlier versions, not today's code (the names stayed the same in the state store).
 */
export const COLLECTIONS_MOVED_FROM_READ_STORE = [
  'user_directory',
  'webhook_secrets',
  'webhook_checkpoints',
  'webhook_deliveries',
  'api_key_usage',
] as const;

const PAGE = 1000;

/**
 * At start, before anything reads the state store: moves what earlier versions kept in the read store into it.
 * Copy first, drop after, so a crash at any point loses nothing:
 * - a collection is copied only when the read store holds documents of it and the state store none, and all copies
 *   commit in one state-store transaction (a crash during it copies again at the next start);
 * - the read store's collections are dropped only after that commit (a crash before the drop finds the state
 *   store filled at the next start, copies nothing and drops them then).
 * Idempotent: once moved, every start finds nothing to copy, and dropping a missing collection does nothing.
 * Returns the number of documents copied per collection.
 */
export async function moveStateFromReadStore(readStore: ReadStore, stateStore: StateStore): Promise<Record<string, number>> {
  const toCopy: string[] = [];
  for (const name of COLLECTIONS_MOVED_FROM_READ_STORE) {
    const [old, present] = await Promise.all([readStore.find(name, { limit: 1 }), stateStore.find(name, { limit: 1 })]);
    if (old.items.length > 0 && present.items.length === 0) toCopy.push(name);
  }
  const copied: Record<string, number> = {};
  if (toCopy.length > 0) {
    await stateStore.transaction(async (session) => {
      for (const name of toCopy) {
        copied[name] = 0;
        for (let after: string | undefined; ; ) {
          const page = await readStore.find<Doc>(name, { limit: PAGE, after });
          for (const doc of page.items) await session.put(name, doc);
          copied[name] += page.items.length;
          if (!page.hasNextPage || page.endCursor === null) break;
          after = page.endCursor;
        }
      }
    });
  }
  for (const name of COLLECTIONS_MOVED_FROM_READ_STORE) await readStore.dropCollection(name);
  // Webhook secrets were among them: leave as little of them as the read store can in its files.
  if (toCopy.length > 0) await readStore.purgeOverwritten();
  return copied;
}
