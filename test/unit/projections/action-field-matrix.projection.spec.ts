import { actionFieldsProjection } from '../../../projections/action-fields/action-fields.projection';
import {
  actionFieldMatrixProjection,
  MATRIX_MEASURES_COLLECTION,
} from '../../../projections/action-field-matrix/action-field-matrix.projection';
import { ActionFieldMatrixHandler, ActionFieldMatrixQuery } from '../../../projections/action-field-matrix/action-field-matrix.query';
import { districtsProjection } from '../../../projections/districts/districts.projection';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { type ProjectionSpecResult, runProjectionTwice, withoutPosition } from '../../support/projection-spec';

describe('action-field matrix projection (run twice through the runner)', () => {
  let run: ProjectionSpecResult;
  beforeAll(async () => {
    run = await runProjectionTwice(actionFieldMatrixProjection, dashboardHistory, [actionFieldsProjection, districtsProjection]);
  });
  afterAll(() => run.close());

  it('changes nothing when the same events are applied again', () => {
    expect(run.second).toEqual(run.first);
  });

  it('keeps one row per measure with its action fields, integrated flag and status', () => {
    const rows = withoutPosition(run.first[MATRIX_MEASURES_COLLECTION]).sort((a, b) => String(a.code).localeCompare(String(b.code)));
    expect(rows).toEqual([
      { id: ids.measures.running, districtId: ids.district, code: 'HN-01', title: 'Maßnahme HN-01', status: 'running', actionFieldIds: ['participation', 'employment'], integrated: true },
      { id: ids.measures.planned, districtId: ids.district, code: 'HN-02', title: 'Maßnahme HN-02', status: 'planned', actionFieldIds: ['housing'], integrated: false },
      { id: ids.measures.cancelled, districtId: ids.district, code: 'HN-03', title: 'Maßnahme HN-03', status: 'cancelled', actionFieldIds: ['participation', 'housing'], integrated: true },
      { id: ids.measures.completed, districtId: ids.district, code: 'HN-04', title: 'Maßnahme HN-04', status: 'completed', actionFieldIds: ['employment'], integrated: false },
    ]);
  });

  it('answers measures × action fields for a district, without cancelled measures unless asked', async () => {
    const handler = new ActionFieldMatrixHandler(run.readStore);
    const matrix = await handler.execute(new ActionFieldMatrixQuery(ids.district, false));
    expect(matrix.columns.map((c) => [c.actionFieldId, c.number, c.measureCount, c.integratedCount])).toEqual([
      ['participation', 1, 1, 1],
      ['housing', 3, 1, 0],
      ['employment', 5, 2, 1],
    ]);
    expect(matrix.rows.map((r) => [r.code, r.serves])).toEqual([
      ['HN-01', [true, false, true]],
      ['HN-02', [false, true, false]],
      ['HN-04', [false, false, true]],
    ]);
    expect(matrix.integratedCount).toBe(1);

    const all = await handler.execute(new ActionFieldMatrixQuery(ids.district, true));
    expect(all.rows.map((r) => r.code)).toEqual(['HN-01', 'HN-02', 'HN-03', 'HN-04']);
    expect(all.integratedCount).toBe(2);

    const other = await handler.execute(new ActionFieldMatrixQuery(ids.otherDistrict, true));
    expect(other.rows).toEqual([]);
    await expect(handler.execute(new ActionFieldMatrixQuery('00000000-0000-4000-8000-000000000000', false))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
