import type { Command } from '../../core/decider';
import type { DistrictProfile } from './districts.events';

export type RegisterDistrict = Command<'RegisterDistrict', { districtId: string } & DistrictProfile>;
export type UpdateDistrictProfile = Command<
  'UpdateDistrictProfile',
  { districtId: string; changes: Partial<DistrictProfile> }
>;

export type DistrictCommand = RegisterDistrict | UpdateDistrictProfile;
