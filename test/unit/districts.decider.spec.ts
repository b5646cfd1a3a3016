import { districtsDecider } from '../../src/districts/domain/districts.decider';
import type { DistrictEvent, DistrictProfile } from '../../src/districts/domain/districts.events';
import { context, deciderSpec } from '../support/decider-spec';

const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const profile: DistrictProfile = {
  name: 'Halle-Neustadt',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: 'V/2020/123', date: '2020-05-27' },
  areaHectares: 940,
  startDate: '2020-06-01',
  expectedEndDate: '2030-12-31',
};
const registered: DistrictEvent = { type: 'DistrictRegistered', data: { districtId, ...profile } };
const spec = deciderSpec(districtsDecider);

describe('districts decider', () => {
  it('registers a new district', () => {
    spec
      .given([])
      .when({ type: 'RegisterDistrict', data: { districtId, ...profile }, context: context() })
      .then([registered]);
  });

  it('refuses to register the same district twice', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterDistrict', data: { districtId, ...profile }, context: context() })
      .thenThrows('DOMAIN_RULE', /already registered/);
  });

  it('refuses an expected end before the start', () => {
    spec
      .given([])
      .when({
        type: 'RegisterDistrict',
        data: { districtId, ...profile, expectedEndDate: '2019-01-01' },
        context: context(),
      })
      .thenThrows('DOMAIN_RULE', /before the start/);
  });

  it('records only the fields that changed, with their previous values', () => {
    spec
      .given([registered])
      .when({
        type: 'UpdateDistrictProfile',
        data: { districtId, changes: { name: 'Halle-Neustadt', areaHectares: 950, programmes: ['Sozialer Zusammenhalt', 'BIWAQ'] } },
        context: context(),
      })
      .then([
        {
          type: 'DistrictProfileUpdated',
          data: {
            districtId,
            changes: { areaHectares: 950, programmes: ['Sozialer Zusammenhalt', 'BIWAQ'] },
            previous: { areaHectares: 940, programmes: ['Sozialer Zusammenhalt'] },
          },
        },
      ]);
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([registered])
      .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { name: profile.name } }, context: context() })
      .then([]);
  });

  it('checks dates against the stored profile on update', () => {
    spec
      .given([registered])
      .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { startDate: '2031-01-01' } }, context: context() })
      .thenThrows('DOMAIN_RULE');
  });

  it('refuses to clear a required field but may clear an optional one', () => {
    spec
      .given([registered])
      .when({
        type: 'UpdateDistrictProfile',
        data: { districtId, changes: { name: null as unknown as string } },
        context: context(),
      })
      .thenThrows('BAD_USER_INPUT', /name cannot be cleared/);
    spec
      .given([registered])
      .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { areaHectares: null } }, context: context() })
      .then([
        {
          type: 'DistrictProfileUpdated',
          data: { districtId, changes: { areaHectares: null }, previous: { areaHectares: 940 } },
        },
      ]);
  });

  it('cannot update a district that was never registered', () => {
    spec
      .given([])
      .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { name: 'X' } }, context: context() })
      .thenThrows('NOT_FOUND');
  });

  it('folds updates into the state', () => {
    const state = [
      registered,
      {
        type: 'DistrictProfileUpdated',
        data: { districtId, changes: { name: 'Neustadt' }, previous: { name: 'Halle-Neustadt' } },
      } as DistrictEvent,
    ].reduce(districtsDecider.evolve, districtsDecider.initialState());
    expect(state).toEqual({ status: 'registered', profile: { ...profile, name: 'Neustadt' } });
  });
});
