import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { FundingLevel } from '../../src/funding/domain/funding-programmes.events';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { FUNDING_PROGRAMMES_COLLECTION, type FundingProgrammeDoc } from './funding-programmes.projection';

export class ListFundingProgrammesQuery extends Query<FundingProgrammeDoc[]> {
  constructor(readonly level?: FundingLevel) {
    super();
  }
}

@QueryHandler(ListFundingProgrammesQuery)
export class ListFundingProgrammesHandler implements IQueryHandler<ListFundingProgrammesQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ level }: ListFundingProgrammesQuery): Promise<FundingProgrammeDoc[]> {
    // A catalogue of tens of programmes: one page holds it all.
    const page = await this.readStore.find<FundingProgrammeDoc>(FUNDING_PROGRAMMES_COLLECTION, {
      filter: level ? { level } : undefined,
      sort: [{ field: 'name', direction: 'asc' }],
      limit: 1000,
    });
    return page.items;
  }
}
