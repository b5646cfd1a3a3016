import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { describeReadStoreContract } from './read-store.contract';

/** A database file in a directory that does not exist yet (the adapter creates it). */
function tempDatabase(): { dir: string; filename: string } {
  const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
  return { dir, filename: join(dir, 'nested', 'deeper', 'read.db') };
}

describeReadStoreContract('SQLite', async () => {
  const { dir, filename } = tempDatabase();
  const store = new SqliteReadStoreAdapter({ filename });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteReadStoreAdapter (SQLite specifics)', () => {
  let dir: string;
  let filename: string;
  let store: SqliteReadStoreAdapter;

  /** Inspects the file through its own connection, as an operator would. */
  const inspect = <T>(query: (db: Database.Database) => T): T => {
    const db = new Database(filename, { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    ({ dir, filename } = tempDatabase());
    store = new SqliteReadStoreAdapter({ filename });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent directory and uses WAL', async () => {
    expect(existsSync(filename)).toBe(true);
    expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('refuses :memory: (readers need their own connection to the same database)', () => {
    expect(() => new SqliteReadStoreAdapter({ filename: ':memory:' })).toThrow(/database file path/);
  });

  it('keeps one table per collection with expression indexes over the declared fields, id appended', async () => {
    await store.ensureCollection({ name: 'measures', indexes: [['status'], ['totals.approved', 'status'], ['id']] });
    const objects = inspect(
      (db) =>
        db
          .prepare(
            `SELECT type, name, sql FROM sqlite_master
             WHERE tbl_name = 'rm_measures' AND sql IS NOT NULL ORDER BY name`,
          )
          .all() as { type: string; name: string; sql: string }[],
    );
    expect(objects.map(({ type, name }) => [type, name])).toEqual([
      ['index', 'ix:rm_measures(status)'],
      ['index', 'ix:rm_measures(totals.approved,status)'],
      ['table', 'rm_measures'],
    ]);
    expect(objects[0].sql).toContain(`(json_extract(doc, '$."status"'), id)`);
    expect(objects[1].sql).toContain(
      `(json_extract(doc, '$."totals"."approved"'), json_extract(doc, '$."status"'), id)`,
    );
  });

  it('answers filtered, sorted and paged queries from the declared index', async () => {
    await store.ensureCollection({ name: 'goals', indexes: [['status', 'createdAt'], ['rank']] });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.put('goals', {
          id: `g${i}`,
          status: i % 2 ? 'open' : 'done',
          createdAt: `2024-01-${10 + (i % 20)}`,
          rank: i % 5,
        }),
      ),
    );
    const byStatus = store.explainFind('goals', {
      filter: { status: 'open' },
      sort: [{ field: 'createdAt', direction: 'asc' }],
    });
    expect(byStatus.join('\n')).toContain('USING INDEX ix:rm_goals(status,createdAt)');
    expect(byStatus.join('\n')).not.toContain('TEMP B-TREE');

    const first = await store.find('goals', { sort: [{ field: 'rank', direction: 'asc' }], limit: 10 });
    const next = store.explainFind('goals', {
      sort: [{ field: 'rank', direction: 'asc' }],
      limit: 10,
      after: first.endCursor ?? undefined,
    });
    expect(next.join('\n')).toMatch(/SEARCH rm_goals USING INDEX ix:rm_goals\(rank\) \(<expr>>\?\)/);
    expect(next.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('renames indexes with the table on replaceCollection and leaves nothing of the source behind', async () => {
    const spec = { name: 'ranking', indexes: [['score']] };
    await store.ensureCollection(spec);
    await store.ensureCollection({ name: 'ranking_rebuild', indexes: [['score'], ['obsolete']] });
    await store.put('ranking_rebuild', { id: 'a', score: 1 });
    await store.replaceCollection('ranking_rebuild', 'ranking', spec);
    await store.ensureCollection(spec);
    const schema = `SELECT name FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`;
    const rows = inspect((db) => db.prepare(schema).all() as { name: string }[]);
    const names = rows.map((row) => row.name);
    expect(names).toEqual(['ix:rm_ranking(score)', 'rm_ranking']);
  });

  it('keeps data across reopening the file', async () => {
    await store.put('districts', { id: 'd1', name: 'Nordstadt' });
    await store.close();
    store = new SqliteReadStoreAdapter({ filename });
    expect(await store.get('districts', 'd1')).toEqual({ id: 'd1', name: 'Nordstadt' });
  });

  it('queues writes behind an open transaction while reads go ahead', async () => {
    await store.put('c', { id: 'before' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let committed = false;
    const tx = store.transaction(async (session) => {
      await session.put('c', { id: 'inside' });
      await released;
      committed = true;
    });
    await Promise.resolve();
    const outside = store.put('c', { id: 'outside' }).then(() => committed);
    // Reads are not queued: they answer from committed data while the transaction is still open.
    expect(await store.get('c', 'before')).toEqual({ id: 'before' });
    expect(await store.get('c', 'inside')).toBeNull();
    release();
    await tx;
    expect(await outside).toBe(true); // the outside write ran only after the commit
    expect((await store.find('c')).items.map((doc) => doc.id)).toEqual(['before', 'inside', 'outside']);
  });

  it('close waits for queued writes, and the store refuses work afterwards', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => store.put('c', { id: `d${i}` }));
    await store.close();
    await Promise.all(writes);
    expect(inspect((db) => db.prepare(`SELECT count(*) AS n FROM rm_c`).get())).toEqual({ n: 20 });
    await expect(store.get('c', 'd1')).rejects.toThrow(/closed/);
    await expect(store.put('c', { id: 'late' })).rejects.toThrow(/closed/);
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('gathers planner statistics on open: a narrow time range is read through its own index, a wide one in order', async () => {
    await store.ensureCollection({ name: 'entries', indexes: [['position'], ['recordedAt']] });
    const start = Date.parse('2024-01-01T00:00:00Z');
    await store.transaction(async (session) => {
      for (let i = 0; i < 20_000; i++) {
        const recordedAt = new Date(start + i * 600_000).toISOString();
        await session.put('entries', { id: `e-${i}`, position: String(i + 1).padStart(20, '0'), recordedAt });
      }
    });
    await store.close();
    // As after an unclean stop or a rebuild: no statistics for the table.
    const db = new Database(filename);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").all() as { name: string }[]) {
      db.exec(`DELETE FROM ${name}`);
    }
    db.close();

    store = new SqliteReadStoreAdapter({ filename });
    const plan = (recordedFrom: string) =>
      store
        .explainFind('entries', { filter: { recordedAt: { $gte: recordedFrom } }, sort: [{ field: 'position', direction: 'asc' }], limit: 20 })
        .filter((line) => /\b(SCAN|SEARCH)\b/.test(line));
    // The last day of ~139 days: through the recorded-time index, not a walk over every entry.
    expect(plan('2024-05-18T00:00:00.000Z')).toEqual([expect.stringMatching(/^SEARCH rm_entries USING INDEX ix:rm_entries\(recordedAt\)/)]);
    // Everything: in position order, the first 20 entries already match.
    expect(plan('2024-01-01T00:00:00.000Z')).toEqual([expect.stringMatching(/^SCAN rm_entries USING INDEX ix:rm_entries\(position\)/)]);
  });
});
