import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import { READ_STORE, type FieldCondition, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import { DISTRICTS_COLLECTION, type DistrictDoc } from './districts.projection';

export class GetDistrictQuery extends Query<DistrictDoc> {
  constructor(readonly districtId: string) {
    super();
  }
}

export class ListDistrictsQuery extends Query<Page<DistrictDoc>> {
  constructor(
    readonly options: {
      municipality?: string;
      status?: DistrictDoc['status'];
      /** The caller's district scope. */
      ids?: FieldCondition;
      first: number;
      after?: string;
    },
  ) {
    super();
  }
}

@QueryHandler(GetDistrictQuery)
export class GetDistrictHandler implements IQueryHandler<GetDistrictQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ districtId }: GetDistrictQuery): Promise<DistrictDoc> {
    const doc = await this.readStore.get<DistrictDoc>(DISTRICTS_COLLECTION, districtId);
    if (!doc) throw notFound('District', districtId);
    return doc;
  }
}

@QueryHandler(ListDistrictsQuery)
export class ListDistrictsHandler implements IQueryHandler<ListDistrictsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListDistrictsQuery): Promise<Page<DistrictDoc>> {
    return this.readStore.find<DistrictDoc>(DISTRICTS_COLLECTION, {
      filter: {
        ...(options.municipality ? { municipality: options.municipality } : {}),
        ...(options.status ? { status: options.status } : {}),
        ...(options.ids !== undefined ? { id: options.ids } : {}),
      },
      sort: [
        { field: 'municipality', direction: 'asc' },
        { field: 'name', direction: 'asc' },
      ],
      limit: options.first,
      after: options.after,
    });
  }
}
