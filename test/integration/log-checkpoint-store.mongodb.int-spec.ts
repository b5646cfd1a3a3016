import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoLogCheckpointStore } from '../../src/integrity/checkpoint-store/mongodb-log-checkpoint-store.adapter';
import { announceSkip } from '../support/skip-notice';
import { describeLogCheckpointStoreContract } from './log-checkpoint-store.contract';

const url = process.env.MONGODB_URL;

if (url === undefined || url === '') {
  announceSkip(
    'MongoDB log-checkpoint store contract suite SKIPPED: MONGODB_URL is not set ' +
      "(start docker/docker-compose.yml and set MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' to run it)",
  );
  describe.skip('LogCheckpointStore contract: MongoDB — SKIPPED because MONGODB_URL is not set', () => {
    it('needs a MongoDB server at MONGODB_URL', () => undefined);
  });
} else {
  // One throw-away database per test, dropped afterwards: never touches the application's data.
  describeLogCheckpointStoreContract('MongoDB', async () => {
    const dbName = `stadtteil_ledger_test_${randomBytes(4).toString('hex')}`;
    const store = await MongoLogCheckpointStore.connect({ url, dbName });
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
}
