import { Inject, Injectable } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ApiKeyLookup } from '../../src/auth/api-key-lookup.port';
import { API_KEY_USAGE_COLLECTION, type ApiKeyUsageDoc } from '../../src/auth/api-key-usage';
import { READ_STORE, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import { STATE_STORE, type StateStore } from '../../src/state-store/state-store.port';
import { API_KEYS_COLLECTION, type ApiKeyDoc, type ApiKeyRecord } from './api-keys.projection';

/** An API key as listed: never with the secret's hash; with its last use, which the state store keeps apart from the read model. */
export type ApiKeyListing = ApiKeyRecord & { lastUsedAt: string | null; [key: string]: unknown };

export class ListApiKeysQuery extends Query<Page<ApiKeyListing>> {
  constructor(readonly options: { first: number; after?: string }) {
    super();
  }
}

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(STATE_STORE) private readonly stateStore: StateStore,
  ) {}

  async execute({ options }: ListApiKeysQuery): Promise<Page<ApiKeyListing>> {
    const page = await this.readStore.find<ApiKeyDoc>(API_KEYS_COLLECTION, {
      sort: [{ field: 'issuedAt', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
    const usage = await this.stateStore.getMany<ApiKeyUsageDoc>(
      API_KEY_USAGE_COLLECTION,
      page.items.map((key) => key.id),
    );
    const lastUsed = new Map(usage.map((doc) => [doc.id, doc.lastUsedAt]));
    const items = page.items.map(({ secretHash: _secretHash, ...key }): ApiKeyListing => ({
      ...key,
      lastUsedAt: lastUsed.get(key.id) ?? null,
    }));
    return { ...page, items };
  }
}

/** Authentication's look-up of a presented key (API_KEY_LOOKUP): the read model's document, hash of the secret included. */
@Injectable()
export class ApiKeyLookupFromReadModel implements ApiKeyLookup {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  find(keyId: string): Promise<ApiKeyDoc | null> {
    return this.readStore.get<ApiKeyDoc>(API_KEYS_COLLECTION, keyId);
  }
}
