import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { ACTION_FIELDS_COLLECTION, type ActionFieldDoc } from '../action-fields/action-fields.projection';
import { DISTRICTS_COLLECTION } from '../districts/districts.projection';
import { MATRIX_MEASURES_COLLECTION, type MatrixMeasureDoc } from './action-field-matrix.projection';

export type MatrixColumn = {
  actionFieldId: string;
  number: number;
  name: string;
  nameDe: string;
  /** Rows that serve this field. */
  measureCount: number;
  /** Of those, the integrated ones. */
  integratedCount: number;
};

export type MatrixRow = MatrixMeasureDoc & {
  /** One flag per column, in column order: does the measure serve that action field? */
  serves: boolean[];
};

export type ActionFieldMatrix = {
  districtId: string;
  /** Every action field of the catalogue, by number. */
  columns: MatrixColumn[];
  /** The district's measures by code. */
  rows: MatrixRow[];
  integratedCount: number;
};

export class ActionFieldMatrixQuery extends Query<ActionFieldMatrix> {
  constructor(
    readonly districtId: string,
    readonly includeCancelled: boolean,
  ) {
    super();
  }
}

const PAGE = 1000;

@QueryHandler(ActionFieldMatrixQuery)
export class ActionFieldMatrixHandler implements IQueryHandler<ActionFieldMatrixQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ districtId, includeCancelled }: ActionFieldMatrixQuery): Promise<ActionFieldMatrix> {
    if (!(await this.readStore.get(DISTRICTS_COLLECTION, districtId))) throw notFound('District', districtId);
    const measures: MatrixMeasureDoc[] = [];
    for (let after: string | undefined, more = true; more; ) {
      const page = await this.readStore.find<MatrixMeasureDoc>(MATRIX_MEASURES_COLLECTION, {
        filter: { districtId, ...(includeCancelled ? {} : { status: { $ne: 'cancelled' } }) },
        sort: [{ field: 'code', direction: 'asc' }],
        limit: PAGE,
        after,
      });
      measures.push(...page.items);
      more = page.hasNextPage && page.endCursor !== null;
      after = page.endCursor ?? undefined;
    }
    const fields: ActionFieldDoc[] = [];
    for (let after: string | undefined, more = true; more; ) {
      const page = await this.readStore.find<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, {
        sort: [{ field: 'number', direction: 'asc' }],
        limit: PAGE,
        after,
      });
      fields.push(...page.items);
      more = page.hasNextPage && page.endCursor !== null;
      after = page.endCursor ?? undefined;
    }
    const columns = fields.map((field) => {
      const serving = measures.filter((m) => m.actionFieldIds.includes(field.id));
      return {
        actionFieldId: field.id,
        number: field.number,
        name: field.name,
        nameDe: field.nameDe,
        measureCount: serving.length,
        integratedCount: serving.filter((m) => m.integrated).length,
      };
    });
    const rows = measures.map((m) => ({ ...m, serves: fields.map((f) => m.actionFieldIds.includes(f.id)) }));
    return { districtId, columns, rows, integratedCount: measures.filter((m) => m.integrated).length };
  }
}
