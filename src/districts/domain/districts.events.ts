import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

/** Council resolution that designated the district (Fördergebiet) as a funding area. */
export type DesignationResolution = {
  number: string;
  /** ISO date. */
  date: string;
};

export type DistrictProfile = {
  name: string;
  municipality: string;
  /** Official municipality key (Amtlicher Gemeindeschlüssel, 8 digits). */
  municipalityKey: string;
  /** Funding programmes the district is designated under, e.g. "Sozialer Zusammenhalt". */
  programmes: string[];
  designation: DesignationResolution;
  /** Area in hectares; null when not recorded. */
  areaHectares: number | null;
  /** ISO dates. */
  startDate: string | null;
  expectedEndDate: string | null;
};

export type DistrictRegistered = DomainEvent<'DistrictRegistered', { districtId: string } & DistrictProfile>;

/** Only the fields that changed, with their previous values, so the audit trail can show old → new. */
export type DistrictProfileUpdated = DomainEvent<
  'DistrictProfileUpdated',
  { districtId: string; changes: Partial<DistrictProfile>; previous: Partial<DistrictProfile> }
>;

export type DistrictEvent = DistrictRegistered | DistrictProfileUpdated;

export const DISTRICT_EVENT_TYPES = ['DistrictRegistered', 'DistrictProfileUpdated'] as const;
