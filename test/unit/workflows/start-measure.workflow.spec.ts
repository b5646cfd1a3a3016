import { grantsDecider } from '../../../src/funding/domain/grants.decider';
import { measuresDecider } from '../../../src/measures/domain/measures.decider';
import { startMeasureWorkflow } from '../../../src/workflows/start-measure.workflow';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { context, stateOf, workflowSpec } from '../../support/decider-spec';

const measureId = ids.measures.running;
const grantId = ids.grants.approved;
// The measure as it stood before it started: planned, approved and linked to its grant.
const beforeStart = [
  ...dashboardHistory.filter((event) => event.streamId === `measure-${measureId}` && event.type !== 'MeasureStarted'),
  { streamId: `measure-${measureId}`, type: 'GrantLinkedToMeasure', data: { measureId, grantId } },
];
const states = {
  measure: stateOf(measuresDecider, measureId, beforeStart),
  grants: new Map([[grantId, stateOf(grantsDecider, grantId, dashboardHistory)]]),
};
const command = (actualStartDate: string) => ({ data: { measureId, actualStartDate }, context: context() });
const spec = workflowSpec(startMeasureWorkflow);

describe('starting a measure with its grants (workflow)', () => {
  it('has every linked grant confirm the start, then records the start naming them', () => {
    spec
      .given(states)
      .when(command('2024-02-01'))
      .then({
        [`grant-${grantId}`]: [
          expect.objectContaining({ data: expect.objectContaining({ grantId, measureId, startDate: '2024-02-01' }) }),
        ],
        [`measure-${measureId}`]: [
          expect.objectContaining({
            type: 'MeasureStarted',
            data: expect.objectContaining({ measureId, actualStartDate: '2024-02-01', grantIds: [grantId] }),
          }),
        ],
      });
  });

  it('refuses a start that neither the approval period nor a permitted early start covers: nothing is recorded', () => {
    spec.given(states).when(command('2023-12-01')).thenViolates('GRANT_MEASURE_START_NOT_COVERED');
  });

  it('refuses to start a measure that has not been approved', () => {
    const planned = { ...states, measure: stateOf(measuresDecider, measureId, beforeStart.filter((e) => e.type !== 'MeasureApproved')) };
    spec.given(planned).when(command('2024-02-01')).thenViolates('MEASURE_WRONG_STATUS');
  });
});
