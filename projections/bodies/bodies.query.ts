import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import { type FieldCondition, READ_STORE, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import {
  BODIES_COLLECTION,
  BODY_DECISIONS_COLLECTION,
  BODY_MEETINGS_COLLECTION,
  type BodyDecisionDoc,
  type BodyDoc,
  type BodyMeetingDoc,
} from './bodies.projection';

type PageOptions = { first: number; after?: string };

export class GetBodyQuery extends Query<BodyDoc> {
  constructor(readonly bodyId: string) {
    super();
  }
}

export class ListBodiesQuery extends Query<Page<BodyDoc>> {
  constructor(readonly options: PageOptions & { districtId: FieldCondition }) {
    super();
  }
}

export class ListBodyMeetingsQuery extends Query<Page<BodyMeetingDoc>> {
  constructor(readonly options: PageOptions & { bodyId: string }) {
    super();
  }
}

export class ListBodyDecisionsQuery extends Query<Page<BodyDecisionDoc>> {
  constructor(readonly options: PageOptions & { bodyId: string }) {
    super();
  }
}

@QueryHandler(GetBodyQuery)
export class GetBodyHandler implements IQueryHandler<GetBodyQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ bodyId }: GetBodyQuery): Promise<BodyDoc> {
    const doc = await this.readStore.get<BodyDoc>(BODIES_COLLECTION, bodyId);
    if (!doc) throw notFound('Body', bodyId);
    return doc;
  }
}

/** The bodies of a district by name. */
@QueryHandler(ListBodiesQuery)
export class ListBodiesHandler implements IQueryHandler<ListBodiesQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListBodiesQuery): Promise<Page<BodyDoc>> {
    return this.readStore.find<BodyDoc>(BODIES_COLLECTION, {
      filter: { districtId: options.districtId },
      sort: [{ field: 'name', direction: 'asc' }],
      limit: options.first,
      after: options.after,
    });
  }
}

/** A body's meetings, the most recent first. */
@QueryHandler(ListBodyMeetingsQuery)
export class ListBodyMeetingsHandler implements IQueryHandler<ListBodyMeetingsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListBodyMeetingsQuery): Promise<Page<BodyMeetingDoc>> {
    return this.readStore.find<BodyMeetingDoc>(BODY_MEETINGS_COLLECTION, {
      filter: { bodyId: options.bodyId },
      sort: [{ field: 'heldOn', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
  }
}

/** A body's decisions, the most recent meeting first. */
@QueryHandler(ListBodyDecisionsQuery)
export class ListBodyDecisionsHandler implements IQueryHandler<ListBodyDecisionsQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ options }: ListBodyDecisionsQuery): Promise<Page<BodyDecisionDoc>> {
    return this.readStore.find<BodyDecisionDoc>(BODY_DECISIONS_COLLECTION, {
      filter: { bodyId: options.bodyId },
      sort: [{ field: 'heldOn', direction: 'desc' }],
      limit: options.first,
      after: options.after,
    });
  }
}
