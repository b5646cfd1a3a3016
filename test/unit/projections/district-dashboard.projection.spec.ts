import { actionFieldsProjection } from '../../../projections/action-fields/action-fields.projection';
import {
  DASHBOARD_DISTRICTS,
  DASHBOARD_GOALS,
  DASHBOARD_GRANTS,
  DASHBOARD_MEASURES,
  DASHBOARD_PROGRAMMES,
  districtDashboardProjection,
} from '../../../projections/district-dashboard/district-dashboard.projection';
import { DistrictDashboardHandler, DistrictDashboardQuery } from '../../../projections/district-dashboard/district-dashboard.query';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { type ProjectionSpecResult, runProjectionTwice, withoutPosition } from '../../support/projection-spec';

const amounts = (grantCount: number, requested: number, approved: number, disbursed: number, spent: number, repaid: number) => ({
  grantCount,
  requested,
  approved,
  disbursed,
  spent,
  repaid,
});
const none = amounts(0, 0, 0, 0, 0, 0);
const byStatus = (counts: Record<string, number>, statuses: readonly string[]) =>
  statuses.map((status) => ({ status, count: counts[status] ?? 0 }));
const goals = (counts: Record<string, number>) => byStatus(counts, ['ACTIVE', 'ACHIEVED', 'ABANDONED']);
const measures = (counts: Record<string, number>) =>
  byStatus(counts, ['planned', 'approved', 'running', 'suspended', 'completed', 'cancelled']);

describe('district dashboard projection (run twice through the runner)', () => {
  let run: ProjectionSpecResult;
  beforeAll(async () => {
    run = await runProjectionTwice(districtDashboardProjection, dashboardHistory, [actionFieldsProjection]);
  });
  afterAll(() => run.close());

  it('changes nothing when the same events are applied again', () => {
    expect(run.second).toEqual(run.first);
  });

  it('keeps one entry per district, goal, measure, grant and programme', () => {
    const docs = (collection: string) => withoutPosition(run.first[collection]);
    expect(docs(DASHBOARD_DISTRICTS)).toContainEqual({
      id: ids.district,
      name: 'Halle-Neustadt Süd',
      status: 'registered',
      latestSwotDate: '2023-03-01',
      latestSwotAnalysisNumber: 1,
      conceptVersion: { version: 2, title: 'ISEK 2024', adoptedOn: '2024-06-01' },
    });
    expect(docs(DASHBOARD_GOALS)).toContainEqual({
      id: ids.goals.revised,
      districtId: ids.district,
      status: 'ACTIVE',
      actionFieldIds: ['housing', 'participation'],
    });
    expect(docs(DASHBOARD_MEASURES)).toContainEqual({
      id: ids.measures.running,
      districtId: ids.district,
      code: 'HN-01',
      title: 'Maßnahme HN-01',
      status: 'running',
      actionFieldIds: ['participation', 'employment'],
      integrated: true,
      plannedEndDate: '2026-12-31',
    });
    expect(docs(DASHBOARD_GRANTS)).toContainEqual({
      id: ids.grants.approved,
      districtId: ids.district,
      programmeId: 'biwaq',
      programmeLevel: 'FEDERAL',
      fund: 'ESF Plus',
      status: 'approved',
      measureIds: [ids.measures.running],
      requested: 10_000_000,
      approved: 9_000_000,
      disbursed: 3_000_000,
      spent: 2_000_000,
      repaid: 100_000,
      approvalTerms: {
        maximumAmount: 9_000_000,
        eligibleExpenditure: 9_000_000,
        approvalPeriod: { from: '2024-01-01', to: '2025-12-31' },
        reportDeadlines: [],
      },
      proofDeadlines: [
        { kind: 'INTERIM', budgetYear: 2024, dueOn: '2025-04-30', source: 'STATUTORY' },
        { kind: 'FINAL', budgetYear: null, dueOn: '2026-06-30', source: 'STATUTORY' },
      ],
      submittedProofs: ['INTERIM/2024'],
    });
    expect(docs(DASHBOARD_PROGRAMMES)).toEqual([
      { id: 'biwaq', name: 'BIWAQ', level: 'FEDERAL', fund: 'ESF Plus' },
      { id: 'sozialer-zusammenhalt', name: 'Sozialer Zusammenhalt', level: 'STATE', fund: 'Städtebauförderung' },
    ]);
  });

  it('sums the district per action field, with funding per level and programme and the open deadlines', async () => {
    const dashboard = await new DistrictDashboardHandler(run.readStore).execute(
      new DistrictDashboardQuery(ids.district, '2026-07-15', 10),
    );
    const federal = amounts(1, 10_000_000, 9_000_000, 3_000_000, 2_000_000, 100_000);
    expect(dashboard).toMatchObject({
      districtId: ids.district,
      name: 'Halle-Neustadt Süd',
      latestSwotDate: '2023-03-01',
      conceptVersion: { version: 2 },
      today: '2026-07-15',
      totals: {
        goalCount: 3,
        goalsByStatus: goals({ ACTIVE: 1, ACHIEVED: 1, ABANDONED: 1 }),
        measureCount: 4,
        measuresByStatus: measures({ planned: 1, running: 1, completed: 1, cancelled: 1 }),
        integratedMeasureCount: 1,
        integratedSharePercent: 33.3,
        funding: {
          // The withdrawn application requests nothing; the revoked approval approves nothing.
          total: amounts(3, 14_000_000, 9_000_000, 3_000_000, 2_000_000, 100_000),
          byLevel: [
            { level: 'EU', ...none },
            { level: 'FEDERAL', ...federal },
            { level: 'STATE', ...amounts(2, 4_000_000, 0, 0, 0, 0) },
            { level: 'MUNICIPAL', ...none },
          ],
          byProgramme: [
            { programmeId: 'biwaq', name: 'BIWAQ', level: 'FEDERAL', fund: 'ESF Plus', ...federal },
            { programmeId: 'sozialer-zusammenhalt', name: 'Sozialer Zusammenhalt', level: 'STATE', ...amounts(2, 4_000_000, 0, 0, 0, 0) },
          ],
        },
      },
    });
    const fields = dashboard.actionFields.map((f) => ({
      id: f.actionFieldId,
      name: f.name,
      goals: f.goalCount,
      measures: f.measureCount,
      integrated: f.integratedMeasureCount,
      share: f.integratedSharePercent,
      requested: f.funding.total.requested,
    }));
    expect(fields).toEqual([
      { id: 'participation', name: 'Participation', goals: 2, measures: 2, integrated: 1, share: 100, requested: 10_000_000 },
      { id: 'housing', name: 'Housing', goals: 1, measures: 2, integrated: 0, share: 0, requested: 0 },
      { id: 'employment', name: 'Employment', goals: 2, measures: 2, integrated: 1, share: 50, requested: 14_000_000 },
    ]);
    expect(dashboard.nextDeadlines).toEqual([
      {
        kind: 'MEASURE_PLANNED_END',
        dueOn: '2026-03-31',
        overdue: true,
        grantId: null,
        budgetYear: null,
        measureId: ids.measures.planned,
        label: 'HN-02 Maßnahme HN-02',
      },
      {
        kind: 'FINAL_PROOF',
        dueOn: '2026-06-30',
        overdue: true,
        grantId: ids.grants.approved,
        budgetYear: null,
        measureId: null,
        label: 'BIWAQ',
      },
      {
        kind: 'MEASURE_PLANNED_END',
        dueOn: '2026-12-31',
        overdue: false,
        grantId: null,
        budgetYear: null,
        measureId: ids.measures.running,
        label: 'HN-01 Maßnahme HN-01',
      },
    ]);
    const earlier = await new DistrictDashboardHandler(run.readStore).execute(new DistrictDashboardQuery(ids.district, '2026-01-01', 1));
    expect(earlier.nextDeadlines).toEqual([expect.objectContaining({ dueOn: '2026-03-31', overdue: false })]);
  });

  it('refuses an unknown district', async () => {
    await expect(
      new DistrictDashboardHandler(run.readStore).execute(new DistrictDashboardQuery('00000000-0000-4000-8000-000000000000', '2026-01-01', 10)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
