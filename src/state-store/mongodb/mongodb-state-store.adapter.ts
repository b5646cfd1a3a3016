import { MongoReadStoreAdapter, type MongoReadStoreOptions } from '../../read-store/mongodb/mongodb-read-store.adapter';
import { PrefixedCollections } from './prefixed-collections';

/** Collections of the state store in the configured MongoDB database: apart from the read models by their name. */
export const MONGODB_STATE_PREFIX = 'state_';

/** The state store on MongoDB (official driver, through the read store's adapter): own client, own collections. */
export async function connectMongoStateStore(options: MongoReadStoreOptions): Promise<PrefixedCollections> {
  return new PrefixedCollections(await MongoReadStoreAdapter.connect(options), MONGODB_STATE_PREFIX);
}
