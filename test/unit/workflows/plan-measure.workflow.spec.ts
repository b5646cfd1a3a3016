import { ACTION_FIELD_CATALOGUE_ID, actionFieldsDecider } from '../../../src/catalogue/domain/action-fields.decider';
import { districtsDecider } from '../../../src/districts/domain/districts.decider';
import { goalsDecider } from '../../../src/goals/domain/goals.decider';
import { measureCodeDecider, measureCodeKey } from '../../../src/measures/domain/measure-code.decider';
import { measuresDecider } from '../../../src/measures/domain/measures.decider';
import { planMeasureWorkflow } from '../../../src/workflows/plan-measure.workflow';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { context, stateOf, workflowSpec } from '../../support/decider-spec';

const measureId = 'd0000000-0000-4000-8000-00000000000d';
const otherMeasureId = 'e0000000-0000-4000-8000-00000000000e';
const code = 'HN-2026-01';
const codeStream = `measurecode-${measureCodeKey(code)}`;
const states = {
  district: stateOf(districtsDecider, ids.district, dashboardHistory),
  knownActionFieldIds: [...stateOf(actionFieldsDecider, ACTION_FIELD_CATALOGUE_ID, dashboardHistory).fields.keys()],
  goals: new Map([[ids.goals.revised, stateOf(goalsDecider, ids.goals.revised, dashboardHistory)]]),
  measure: measuresDecider.initialState(),
  code: measureCodeDecider.initialState(),
};
const command = () => ({
  data: {
    measureId,
    code,
    title: 'Mieterberatung',
    description: null,
    districtId: ids.district,
    actionFieldIds: ['housing'],
    goalContributions: [{ goalId: ids.goals.revised, weight: 100 }],
    sponsor: { name: 'Mieterverein e. V.', type: 'ASSOCIATION' as const },
    location: 'Stadtteilbüro',
    plannedStartDate: '2026-04-01',
    plannedEndDate: '2026-12-31',
    resources: [],
    targetGroups: [],
    budgetCents: 1_000_000,
  },
  context: context(),
});
const spec = workflowSpec(planMeasureWorkflow);

describe('planning a measure (workflow)', () => {
  it('reserves the code on its own stream, then records the plan', () => {
    spec
      .given(states)
      .when(command())
      .then({
        [codeStream]: [{ type: 'MeasureCodeReserved', data: { code, measureId } }],
        [`measure-${measureId}`]: [
          expect.objectContaining({ type: 'MeasurePlanned', data: expect.objectContaining({ measureId, code }) }),
        ],
      });
  });

  it('refuses a code another measure holds', () => {
    const held = measureCodeDecider.evolve(states.code, { type: 'MeasureCodeReserved', data: { code, measureId: otherMeasureId } });
    spec.given({ ...states, code: held }).when(command()).thenViolates('MEASURE_CODE_TAKEN');
  });

  it('refuses a plan naming a goal outside the actor scope before any code is reserved', () => {
    spec.given({ ...states, goals: new Map() }).when(command()).thenViolates('GOAL_UNKNOWN');
  });
});
