import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tableName } from '../../src/read-store/sqlite/sqlite-collections';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { moveStateFromReadStore } from '../../src/state-store/move-from-read-store';
import { SqliteStateStoreAdapter } from '../../src/state-store/sqlite/sqlite-state-store.adapter';
import { describeReadStoreContract } from './read-store.contract';

// The state store has the read store's document API: the same contract holds for its adapter.
describeReadStoreContract('state store on SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'state-store-'));
  const store = new SqliteStateStoreAdapter(join(dir, 'state.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('state store on SQLite: its own file, and the move out of the read store', () => {
  let dir: string;
  let readStore: SqliteReadStoreAdapter;
  let stateStore: SqliteStateStoreAdapter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-move-'));
    readStore = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models.db') });
    stateStore = new SqliteStateStoreAdapter(join(dir, 'state.db'));
  });

  afterEach(async () => {
    await stateStore.close();
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a private file of its own with WAL and synchronous FULL', () => {
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o600);
    expect(stateStore.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 2 });
    // The read models keep NORMAL: a rebuild can bring them back.
    expect(readStore.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 1 });
  });

  it('copies the old collections, drops them from the read store, leaves projections alone, and is idempotent', async () => {
    for (let i = 0; i < 1500; i++) await readStore.put('webhook_deliveries', { id: `d-${i}`, webhookId: 'w-1', sequence: i });
    await readStore.put('user_directory', { id: 'user-1', displayName: 'Anna Schmidt' });
    await readStore.put('districts', { id: 'd-1', name: 'Halle-Neustadt' });

    expect(await moveStateFromReadStore(readStore, stateStore)).toEqual({ webhook_deliveries: 1500, user_directory: 1 });

    expect(await stateStore.get('user_directory', 'user-1')).toEqual({ id: 'user-1', displayName: 'Anna Schmidt' });
    expect((await stateStore.find('webhook_deliveries', { limit: 1000 })).hasNextPage).toBe(true);
    expect(await readStore.get('user_directory', 'user-1')).toBeNull();
    expect((await readStore.find('webhook_deliveries')).items).toEqual([]);
    expect(await readStore.get('districts', 'd-1')).toEqual({ id: 'd-1', name: 'Halle-Neustadt' });
    expect(await stateStore.get('districts', 'd-1')).toBeNull();

    await stateStore.put('user_directory', { id: 'user-1', displayName: 'Anna Schmidt-Weber' });
    expect(await moveStateFromReadStore(readStore, stateStore)).toEqual({});
    expect(await stateStore.get('user_directory', 'user-1')).toEqual({ id: 'user-1', displayName: 'Anna Schmidt-Weber' });
  });

  it('after a crash between copy and drop: copies nothing again, keeps what the state store holds, then drops', async () => {
    await readStore.put('api_key_usage', { id: 'key-1', lastUsedAt: '2024-01-01T00:00:00.000Z' });
    // The copy committed before the crash, and the state store moved on since.
    await stateStore.put('api_key_usage', { id: 'key-1', lastUsedAt: '2024-02-01T00:00:00.000Z' });

    expect(await moveStateFromReadStore(readStore, stateStore)).toEqual({});

    expect(await stateStore.get('api_key_usage', 'key-1')).toEqual({ id: 'key-1', lastUsedAt: '2024-02-01T00:00:00.000Z' });
    expect(await readStore.get('api_key_usage', 'key-1')).toBeNull();
  });

  it('a copy that fails half-way commits nothing and drops nothing', async () => {
    await readStore.put('user_directory', { id: 'user-1', displayName: 'Anna Schmidt' });
    await readStore.put('webhook_secrets', { id: 's-1', webhookId: 'w-1', sealed: 'v1:x', createdAt: '2024-01-01' });
    // A damaged row of a later collection: the copy fails after the user directory went into the transaction.
    const db = new Database(join(dir, 'read-models.db'));
    db.prepare(`UPDATE "${tableName('webhook_secrets')}" SET doc = ?`).run('{damaged');
    db.close();

    await expect(moveStateFromReadStore(readStore, stateStore)).rejects.toThrow(SyntaxError);

    expect(await stateStore.get('user_directory', 'user-1')).toBeNull();
    expect(await readStore.get('user_directory', 'user-1')).toEqual({ id: 'user-1', displayName: 'Anna Schmidt' });
  });
});
