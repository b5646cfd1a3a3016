import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import { READ_STORE, type FieldCondition, type Filter, type Page, type ReadStore } from '../../src/read-store/read-store.port';
import {
  MEASURES_COLLECTION,
  MEASURE_ACTION_FIELDS_COLLECTION,
  type MeasureActionFieldDoc,
  type MeasureDoc,
} from './measures.projection';

export class GetMeasureQuery extends Query<MeasureDoc> {
  constructor(readonly measureId: string) {
    super();
  }
}

export class ListMeasuresQuery extends Query<Page<MeasureDoc>> {
  constructor(
    readonly options: {
      /** One district, or the caller's district scope. */
      districtId?: FieldCondition;
      actionFieldId?: string;
      status?: MeasureDoc['status'];
      first: number;
      after?: string;
    },
  ) {
    super();
  }
}

@QueryHandler(GetMeasureQuery)
export class GetMeasureHandler implements IQueryHandler<GetMeasureQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ measureId }: GetMeasureQuery): Promise<MeasureDoc> {
    const doc = await this.readStore.get<MeasureDoc>(MEASURES_COLLECTION, measureId);
    if (!doc) throw notFound('Measure', measureId);
    return doc;
  }
}

/** Measures by code; filtered by action field through the per-action-field entries. */
@QueryHandler(ListMeasuresQuery)
export class ListMeasuresHandler implements IQueryHandler<ListMeasuresQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ options }: ListMeasuresQuery): Promise<Page<MeasureDoc>> {
    const filter: Filter = {
      ...(options.districtId !== undefined ? { districtId: options.districtId } : {}),
      ...(options.status ? { status: options.status } : {}),
    };
    const page = { sort: [{ field: 'code', direction: 'asc' as const }], limit: options.first, after: options.after };
    if (!options.actionFieldId) return this.readStore.find<MeasureDoc>(MEASURES_COLLECTION, { filter, ...page });

    const entries = await this.readStore.find<MeasureActionFieldDoc>(MEASURE_ACTION_FIELDS_COLLECTION, {
      filter: { ...filter, actionFieldId: options.actionFieldId },
      ...page,
    });
    const measures = await this.readStore.getMany<MeasureDoc>(
      MEASURES_COLLECTION,
      entries.items.map((entry) => entry.measureId),
    );
    const byId = new Map(measures.map((measure) => [measure.id, measure]));
    // Entries and measures are written in the same transaction, so every entry finds its measure.
    const found = entries.items.flatMap((entry, i) => {
      const measure = byId.get(entry.measureId);
      return measure ? [{ measure, cursor: entries.cursors[i] }] : [];
    });
    return {
      items: found.map((f) => f.measure),
      cursors: found.map((f) => f.cursor),
      endCursor: entries.endCursor,
      hasNextPage: entries.hasNextPage,
    };
  }
}
