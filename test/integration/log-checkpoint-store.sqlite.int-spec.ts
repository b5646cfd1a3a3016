import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { KEPT_CHECKPOINTS } from '../../src/integrity/checkpoint-store/log-checkpoint-store.port';
import { SqliteLogCheckpointStore } from '../../src/integrity/checkpoint-store/sqlite-log-checkpoint-store.adapter';
import { signCheckpoint } from '../../src/integrity/log-checkpoint';
import { publicSigningKey } from '../../src/integrity/log-signing-keys';
import { appendChained } from '../support/events';
import { describeLogCheckpointStoreContract } from './log-checkpoint-store.contract';

describe('SqliteLogCheckpointStore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-store-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describeLogCheckpointStoreContract('SQLite', async () => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    const store = new SqliteLogCheckpointStore(file);
    return { store, cleanup: () => store.close() };
  });

  it('keeps its table in events.db beside the log, never in the events table, and prunes to the kept number', async () => {
    const file = join(dir, 'events.db');
    const events = new SqliteEventStoreAdapter({ filename: file });
    const checkpoints = new SqliteLogCheckpointStore(file);
    try {
      const [event] = await appendChained(events, 'district-a', 1);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const key = { ...publicSigningKey(publicKey), privateKey };
      const fields = { position: event.position, eventCount: 1, headHash: 'a'.repeat(64), streams: [] };
      for (let i = 0; i < KEPT_CHECKPOINTS + 3; i++) {
        await checkpoints.add(signCheckpoint({ ...fields, createdAt: new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString() }, key));
      }
      const db = new Database(file, { readonly: true });
      try {
        const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
        expect(tables).toEqual(expect.arrayContaining(['events', 'log_checkpoints']));
        expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
        expect(db.prepare('SELECT count(*) AS n, min(created_at) AS oldest FROM log_checkpoints').get()).toEqual({
          n: KEPT_CHECKPOINTS,
          oldest: '2026-03-01T00:03:00.000Z',
        });
      } finally {
        db.close();
      }
    } finally {
      await checkpoints.close();
      await events.close();
    }
  });
});
