import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadStoreAdapter } from '../../src/read-store/mongodb/mongodb-read-store.adapter';
import { moveStateFromReadStore } from '../../src/state-store/move-from-read-store';
import { connectMongoStateStore } from '../../src/state-store/mongodb/mongodb-state-store.adapter';
import { announceSkip } from '../support/skip-notice';
import { describeReadStoreContract } from './read-store.contract';

const url = process.env.MONGODB_URL;

if (url === undefined || url === '') {
  announceSkip(
    'MongoDB state-store contract suite SKIPPED: MONGODB_URL is not set ' +
      "(start docker/docker-compose.yml and set MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' to run it)",
  );
  describe.skip('state store contract: MongoDB — SKIPPED because MONGODB_URL is not set', () => {
    it('needs a MongoDB replica set at MONGODB_URL', () => undefined);
  });
} else {
  // One throw-away database per run, dropped afterwards: never touches the application's data.
  const dbName = `stadtteil_ledger_test_${randomBytes(4).toString('hex')}`;
  const dropDatabase = async (): Promise<void> => {
    const client = await MongoClient.connect(url);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  };

  describeReadStoreContract('state store on MongoDB', async () => {
    const store = await connectMongoStateStore({ url, dbName });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropDatabase();
      },
    };
  });

  describe('state store on MongoDB: own collections, and the move out of the read store', () => {
    it('keeps its collections apart (state_*) and moves the old ones over', async () => {
      const readStore = await MongoReadStoreAdapter.connect({ url, dbName });
      const stateStore = await connectMongoStateStore({ url, dbName });
      const client = await MongoClient.connect(url);
      try {
        await readStore.put('user_directory', { id: 'user-1', displayName: 'Anna Schmidt' });
        await readStore.put('districts', { id: 'd-1', name: 'Halle-Neustadt' });

        expect(await moveStateFromReadStore(readStore, stateStore)).toEqual({ user_directory: 1 });

        const names = (await client.db(dbName).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
        expect(names).toContain('state_user_directory');
        expect(names).not.toContain('user_directory');
        expect(await stateStore.get('user_directory', 'user-1')).toEqual({ id: 'user-1', displayName: 'Anna Schmidt' });
        expect(await readStore.get('districts', 'd-1')).toEqual({ id: 'd-1', name: 'Halle-Neustadt' });
        expect(await moveStateFromReadStore(readStore, stateStore)).toEqual({});
      } finally {
        await stateStore.close();
        await readStore.close();
        await client.close();
        await dropDatabase();
      }
    });
  });
}
