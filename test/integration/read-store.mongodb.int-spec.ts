import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  DEFAULT_DATABASE,
  databaseName,
  findFilter,
  findSort,
  indexKeys,
} from '../../src/read-store/mongodb/mongodb-query';
import { MongoReadStoreAdapter } from '../../src/read-store/mongodb/mongodb-read-store.adapter';
import { encodeCursor } from '../../src/read-store/read-store.cursor';
import { planFind } from '../../src/read-store/read-store.query';
import { describeReadStoreContract } from './read-store.contract';
import { announceSkip } from '../support/skip-notice';

const url = process.env.MONGODB_URL;

if (url === undefined || url === '') {
  announceSkip(
    'MongoDB read-store contract suite SKIPPED: MONGODB_URL is not set ' +
      "(start docker/docker-compose.yml and set MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' to run it)",
  );
  describe.skip('ReadStore contract: MongoDB — SKIPPED because MONGODB_URL is not set', () => {
    it('needs a MongoDB replica set at MONGODB_URL', () => undefined);
  });
} else {
  // One throw-away database per run, dropped afterwards: never touches the application's data.
  const dbName = `stadtteil_ledger_test_${randomBytes(4).toString('hex')}`;

  describeReadStoreContract('MongoDB', async () => {
    const store = await MongoReadStoreAdapter.connect({ url, dbName });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const client = await MongoClient.connect(url);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });

  describe('MongoReadStoreAdapter (MongoDB specifics)', () => {
    let store: MongoReadStoreAdapter;
    let client: MongoClient;

    beforeAll(async () => {
      store = await MongoReadStoreAdapter.connect({ url, dbName });
      client = await MongoClient.connect(url);
    });

    afterAll(async () => {
      await store.close();
      await client.db(dbName).dropDatabase();
      await client.close();
    });

    it('stores the id as _id and creates the declared indexes with _id appended', async () => {
      const name = `c_${randomBytes(6).toString('hex')}`;
      await store.ensureCollection({ name, indexes: [['status'], ['totals.approved', 'status']] });
      await store.put(name, { id: 'a', status: 'open' });
      const raw = await client.db(dbName).collection(name).findOne({});
      expect(raw).toEqual({ _id: 'a', status: 'open' });
      const keys = (await client.db(dbName).collection(name).indexes()).map((index) => index.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          { status: 1, _id: 1 },
          { 'totals.approved': 1, status: 1, _id: 1 },
        ]),
      );
    });
  });
}

/** Pure translation checks: they need no server, so they always run. */
describe('MongoDB read-store query translation', () => {
  it('resolves the database name from the option, then the URL path, then the default', () => {
    expect(databaseName('mongodb://localhost:27017/?replicaSet=rs0', 'explicit')).toBe('explicit');
    expect(databaseName('mongodb://localhost:27017/ledger?replicaSet=rs0')).toBe('ledger');
    expect(databaseName('mongodb://u:p%2Fw@a:1,b:2/my%20db')).toBe('my db');
    expect(databaseName('mongodb+srv://cluster.example.net/app')).toBe('app');
    expect(databaseName('mongodb://localhost:27017/?replicaSet=rs0')).toBe(DEFAULT_DATABASE);
    expect(databaseName('mongodb://localhost:27017')).toBe(DEFAULT_DATABASE);
  });

  it('translates filters to operator documents, mapping id to _id', () => {
    const plan = planFind({
      filter: { id: 'x', 'meta.score': { $gte: 1, $lt: 5 }, tag: { $in: [null, 'a'] }, v: null },
    });
    expect(findFilter(plan)).toEqual({
      $and: [
        { _id: { $eq: 'x' } },
        { 'meta.score': { $gte: 1 } },
        { 'meta.score': { $lt: 5 } },
        { tag: { $in: [null, 'a'] } },
        { v: { $eq: null } },
      ],
    });
    expect(findFilter(planFind())).toEqual({});
  });

  it('sorts with _id as the final tie-breaker', () => {
    expect(findSort(planFind({ sort: [{ field: 'g', direction: 'desc' }] }))).toEqual([
      ['g', -1],
      ['_id', 1],
    ]);
  });

  it('translates a cursor into a leading bound and an $or over the sort keys', () => {
    const sort = [
      { field: 'g', direction: 'asc' as const },
      { field: 'n', direction: 'desc' as const },
    ];
    const normalised = planFind({ sort }).sort;
    const after = encodeCursor(normalised, { values: [3, 7], id: 'k' });
    expect(findFilter(planFind({ sort, after }))).toEqual({
      $and: [
        { g: { $gte: 3 } },
        {
          $or: [
            { g: { $gt: 3 } },
            { $and: [{ g: { $eq: 3 } }, { $or: [{ n: { $lt: 7 } }, { n: { $eq: null } }] }] },
            { $and: [{ g: { $eq: 3 } }, { n: { $eq: 7 } }, { _id: { $gt: 'k' } }] },
          ],
        },
      ],
    });
    const afterNull = encodeCursor(normalised, { values: [null, null], id: 'k' });
    expect(findFilter(planFind({ sort, after: afterNull }))).toEqual({
      $or: [
        { g: { $ne: null } },
        { $and: [{ g: { $eq: null } }, { n: { $eq: null } }, { _id: { $gt: 'k' } }] },
      ],
    });
  });

  it('declares one index per spec entry with _id appended', () => {
    const keys = indexKeys({ name: 'c', indexes: [['a'], ['b.c', 'a'], ['id']] });
    expect(keys.map((key) => [...key.entries()])).toEqual([
      [
        ['a', 1],
        ['_id', 1],
      ],
      [
        ['b.c', 1],
        ['a', 1],
        ['_id', 1],
      ],
    ]);
  });
});
