import { districtsDecider } from '../../../src/districts/domain/districts.decider';
import { FUNDING_PROGRAMME_CATALOGUE_ID, fundingProgrammesDecider } from '../../../src/funding/domain/funding-programmes.decider';
import { grantsDecider } from '../../../src/funding/domain/grants.decider';
import { measuresDecider } from '../../../src/measures/domain/measures.decider';
import { submitGrantApplicationWorkflow } from '../../../src/workflows/submit-grant-application.workflow';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { context, stateOf, workflowSpec } from '../../support/decider-spec';

const grantId = 'c0000000-0000-4000-8000-00000000000c';
const states = {
  programmes: stateOf(fundingProgrammesDecider, FUNDING_PROGRAMME_CATALOGUE_ID, dashboardHistory),
  district: stateOf(districtsDecider, ids.district, dashboardHistory),
  measures: new Map([[ids.measures.planned, stateOf(measuresDecider, ids.measures.planned, dashboardHistory)]]),
  grant: grantsDecider.initialState(),
};
const command = (actor = context().actor) => ({
  data: {
    grantId,
    programmeId: 'biwaq',
    districtId: ids.district,
    measureIds: [ids.measures.planned],
    requestedAmount: 50_000_00,
    plan: { totalEligibleCost: 60_000_00, ownShare: 10_000_00, thirdPartyFunds: 0 },
    period: { from: '2026-01-01', to: '2026-12-31' },
    earlyStartRequested: false,
  },
  context: context({ actor }),
});
const spec = workflowSpec(submitGrantApplicationWorkflow);

describe('submitting a grant application (workflow)', () => {
  it('records the application on the grant stream, then links the grant to each named measure', () => {
    spec
      .given(states)
      .when(command())
      .then({
        [`grant-${grantId}`]: [
          expect.objectContaining({
            type: 'GrantApplicationSubmitted',
            data: expect.objectContaining({ grantId, measureIds: [ids.measures.planned], programmeLevel: 'FEDERAL' }),
          }),
        ],
        [`measure-${ids.measures.planned}`]: [
          { type: 'GrantLinkedToMeasure', data: { measureId: ids.measures.planned, grantId } },
        ],
      });
  });

  it('treats a measure of a district outside the actor scope as never planned: nothing is recorded or linked', () => {
    const outsider = { id: 'user-2', role: 'district_manager', districts: [ids.otherDistrict] };
    spec.given(states).when(command(outsider)).thenViolates('MEASURE_UNKNOWN');
  });

  it('refuses an application for a measure never planned', () => {
    spec
      .given({ ...states, measures: new Map() })
      .when(command())
      .thenViolates('MEASURE_UNKNOWN');
  });
});
