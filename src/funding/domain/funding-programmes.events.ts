import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

export const FUNDING_LEVELS = ['EU', 'FEDERAL', 'STATE', 'MUNICIPAL'] as const;
export type FundingLevel = (typeof FUNDING_LEVELS)[number];

/** Records of a grant are kept 5 years after the last payment or proof of use, 10 for some state-aid cases. */
export const RETENTION_YEARS = [5, 10] as const;
export type RetentionYears = (typeof RETENTION_YEARS)[number];

/** A funding programme (Förderprogramm) as the catalogue records it. */
export type FundingProgrammeTerms = {
  name: string;
  level: FundingLevel;
  /** e.g. "ESF Plus", "EFRE", "Städtebauförderung Sozialer Zusammenhalt", "BIWAQ". */
  fund: string;
  /** The guideline (Förderrichtlinie) the programme rests on. */
  legalBasis: string;
  /** Version of the general conditions attached to every approval, e.g. "ANBest-P 2019". */
  generalConditions: string;
  retentionYears: RetentionYears;
};

/** A programme's stable key: lower-case words joined by hyphens, e.g. "esf-plus-biwaq". */
export const PROGRAMME_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export type FundingProgrammeAdded = DomainEvent<'FundingProgrammeAdded', { programmeId: string } & FundingProgrammeTerms>;

/** Only the fields that changed, with their previous values, so the audit trail can show old → new. */
export type FundingProgrammeUpdated = DomainEvent<
  'FundingProgrammeUpdated',
  { programmeId: string; changes: Partial<FundingProgrammeTerms>; previous: Partial<FundingProgrammeTerms> }
>;

export type FundingProgrammeEvent = FundingProgrammeAdded | FundingProgrammeUpdated;

export const FUNDING_PROGRAMME_EVENT_TYPES = ['FundingProgrammeAdded', 'FundingProgrammeUpdated'] as const;
