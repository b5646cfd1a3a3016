import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import { READ_STORE, type FieldCondition, type Filter, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import { GRANTS_COLLECTION, type GrantDoc } from './grants.projection';

export class GetGrantQuery extends Query<GrantDoc> {
  constructor(readonly grantId: string) {
    super();
  }
}

export class ListGrantsQuery extends Query<Page<GrantDoc>> {
  constructor(
    readonly options: {
      /** One district, or the caller's district scope. */
      districtId?: FieldCondition;
      programmeId?: string;
      status?: GrantStatus;
      first: number;
      after?: string;
    },
  ) {
    super();
  }
}

@QueryHandler(GetGrantQuery)
export class GetGrantHandler implements IQueryHandler<GetGrantQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ grantId }: GetGrantQuery): Promise<GrantDoc> {
    const doc = await this.readStore.get<GrantDoc>(GRANTS_COLLECTION, grantId);
    if (!doc) throw notFound('Grant', grantId);
    return doc;
  }
}

@QueryHandler(ListGrantsQuery)
export class ListGrantsHandler implements IQueryHandler<ListGrantsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListGrantsQuery): Promise<Page<GrantDoc>> {
    const filter: Filter = {
      ...(options.districtId !== undefined ? { districtId: options.districtId } : {}),
      ...(options.programmeId ? { programmeId: options.programmeId } : {}),
      ...(options.status ? { status: options.status } : {}),
    };
    return this.readStore.find<GrantDoc>(GRANTS_COLLECTION, {
      filter,
      // Newest applications first.
      sort: [{ field: 'submittedAt', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
  }
}

/** The grants with these ids that exist, in the order asked (e.g. the grants of a measure). */
export class GetGrantsByIdsQuery extends Query<GrantDoc[]> {
  constructor(readonly grantIds: readonly string[]) {
    super();
  }
}

@QueryHandler(GetGrantsByIdsQuery)
export class GetGrantsByIdsHandler implements IQueryHandler<GetGrantsByIdsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ grantIds }: GetGrantsByIdsQuery): Promise<GrantDoc[]> {
    const found = new Map((await this.readStore.getMany<GrantDoc>(GRANTS_COLLECTION, grantIds)).map((g) => [g.id, g]));
    return grantIds.flatMap((id) => found.get(id) ?? []);
  }
}
