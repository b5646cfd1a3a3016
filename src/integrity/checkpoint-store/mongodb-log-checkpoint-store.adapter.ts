import { type Collection, MongoClient } from 'mongodb';
import { databaseName } from '../../read-store/mongodb/mongodb-query';
import type { SignedLogCheckpoint } from '../log-checkpoint';
import { KEPT_CHECKPOINTS, type LogCheckpointStore } from './log-checkpoint-store.port';

/** Checkpoints of an EventStoreDB log in the read store's MongoDB database, collection `log_checkpoints`. */
export const CHECKPOINTS_COLLECTION = 'log_checkpoints';

interface StoredCheckpoint {
  position: string;
  createdAt: string;
  keyId: string;
  /** The signed checkpoint as JSON text: kept byte for byte, whatever the driver does to documents. */
  document: string;
}

const NEWEST_FIRST = { position: -1, createdAt: -1, _id: -1 } as const;

export class MongoLogCheckpointStore implements LogCheckpointStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly checkpoints: Collection<StoredCheckpoint>,
  ) {}

  static async connect(options: { url: string; dbName?: string }): Promise<MongoLogCheckpointStore> {
    const client = new MongoClient(options.url);
    await client.connect();
    try {
      const checkpoints = client.db(databaseName(options.url, options.dbName)).collection<StoredCheckpoint>(CHECKPOINTS_COLLECTION);
      await checkpoints.createIndex(NEWEST_FIRST);
      return new MongoLogCheckpointStore(client, checkpoints);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async add(signed: SignedLogCheckpoint): Promise<void> {
    const { position, createdAt, keyId } = signed.checkpoint;
    await this.checkpoints.insertOne({ position, createdAt, keyId, document: JSON.stringify(signed) }, { writeConcern: { w: 'majority' } });
    const oldestKept = await this.checkpoints.find({}, { sort: NEWEST_FIRST, skip: KEPT_CHECKPOINTS - 1, limit: 1 }).next();
    if (oldestKept) {
      await this.checkpoints.deleteMany({
        $or: [
          { position: { $lt: oldestKept.position } },
          { position: oldestKept.position, createdAt: { $lt: oldestKept.createdAt } },
        ],
      });
    }
  }

  async latest(): Promise<SignedLogCheckpoint | null> {
    const newest = await this.checkpoints.find({}, { sort: NEWEST_FIRST, limit: 1 }).next();
    return newest ? (JSON.parse(newest.document) as SignedLogCheckpoint) : null;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
