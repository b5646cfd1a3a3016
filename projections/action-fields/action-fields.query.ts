import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { ACTION_FIELDS_COLLECTION, type ActionFieldDoc } from './action-fields.projection';

export class ListActionFieldsQuery extends Query<ActionFieldDoc[]> {}

@QueryHandler(ListActionFieldsQuery)
export class ListActionFieldsHandler implements IQueryHandler<ListActionFieldsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute(): Promise<ActionFieldDoc[]> {
    // The catalogue is small (tens of entries): one page holds it all.
    const page = await this.readStore.find<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, {
      sort: [{ field: 'number', direction: 'asc' }],
      limit: 1000,
    });
    return page.items;
  }
}
