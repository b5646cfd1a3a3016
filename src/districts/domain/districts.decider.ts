import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import type { DistrictCommand } from './districts.commands';
import type { DistrictEvent, DistrictProfile } from './districts.events';

export type DistrictState = { status: 'unregistered' } | { status: 'registered'; profile: DistrictProfile };

const PROFILE_FIELDS = [
  'name',
  'municipality',
  'municipalityKey',
  'programmes',
  'designation',
  'areaHectares',
  'startDate',
  'expectedEndDate',
] as const satisfies readonly (keyof DistrictProfile)[];

/** Part of every district's identity: can be changed, never cleared. */
const REQUIRED_FIELDS = new Set<keyof DistrictProfile>(['name', 'municipality', 'municipalityKey', 'programmes', 'designation']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const districtsDecider: Decider<DistrictState, DistrictCommand, DistrictEvent> = {
  category: 'district',
  schemaVersion: 1,

  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    switch (event.type) {
      case 'DistrictRegistered': {
        const { districtId: _id, ...profile } = event.data;
        return { status: 'registered', profile };
      }
      case 'DistrictProfileUpdated':
        if (state.status !== 'registered') return state;
        return { status: 'registered', profile: { ...state.profile, ...event.data.changes } };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterDistrict': {
        if (state.status === 'registered') {
          throw ruleViolated(`District ${command.data.districtId} is already registered`);
        }
        assertDates(command.data);
        return [{ type: 'DistrictRegistered', data: command.data }];
      }
      case 'UpdateDistrictProfile': {
        if (state.status !== 'registered') throw notFound('District', command.data.districtId);
        const changes: Partial<DistrictProfile> = {};
        const previous: Partial<DistrictProfile> = {};
        for (const field of PROFILE_FIELDS) {
          const next = command.data.changes[field];
          if (next === undefined || same(next, state.profile[field])) continue;
          if (next === null && REQUIRED_FIELDS.has(field)) throw badInput(`${field} cannot be cleared`, { field });
          Object.assign(changes, { [field]: next });
          Object.assign(previous, { [field]: state.profile[field] });
        }
        if (Object.keys(changes).length === 0) return [];
        assertDates({ ...state.profile, ...changes });
        return [{ type: 'DistrictProfileUpdated', data: { districtId: command.data.districtId, changes, previous } }];
      }
    }
  },
};

function assertDates(profile: Pick<DistrictProfile, 'startDate' | 'expectedEndDate'>): void {
  if (profile.startDate && profile.expectedEndDate && profile.expectedEndDate < profile.startDate) {
    throw ruleViolated('The expected end date lies before the start date', {
      startDate: profile.startDate,
      expectedEndDate: profile.expectedEndDate,
    });
  }
}
