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

/**
 * A version of the integrated development concept (ISEK/IEK). Versions are numbered 1, 2, 3… in the order they
 * were adopted and never edited: a new version supersedes the previous one from its adoption date on.
 */
export type ConceptVersionAdopted = DomainEvent<
  'ConceptVersionAdopted',
  {
    districtId: string;
    version: number;
    title: string;
    /** ISO date of adoption. */
    adoptedOn: string;
    /** The body whose decision adopted it (the body part of `decisionRef`). */
    adoptedByBodyId: string;
    /** `<bodyId>/<decisionId>` of the adopting decision. */
    decisionRef: string;
    summary: string;
  }
>;

export const SWOT_ITEM_KINDS = ['STRENGTH', 'WEAKNESS', 'OPPORTUNITY', 'THREAT'] as const;
export type SwotItemKind = (typeof SWOT_ITEM_KINDS)[number];

export type SwotItem = {
  kind: SwotItemKind;
  /** Id in the action-field catalogue. */
  actionFieldId: string;
  statement: string;
  /** Where the statement comes from (statistics, survey, forum minutes); null when none was given. */
  evidence: string | null;
};

/** A dated strength/weakness analysis; analyses are numbered 1, 2, 3… in the order they were recorded. */
export type SwotAnalysisRecorded = DomainEvent<
  'SwotAnalysisRecorded',
  {
    districtId: string;
    analysisNumber: number;
    /** ISO date the analysis was carried out. */
    conductedOn: string;
    items: SwotItem[];
    /** Bodies of the district that took part. */
    participatingBodyIds: string[];
  }
>;

export type ActionFieldPlanContent = {
  situation: string;
  potentials: string;
  obstacles: string;
};

/** The plan for one action field in the district; revision n supersedes revision n-1 of the same field. */
export type ActionFieldPlanRecorded = DomainEvent<
  'ActionFieldPlanRecorded',
  { districtId: string; actionFieldId: string; revision: number } & ActionFieldPlanContent
>;

/** A context indicator value (population, share of residents on benefits, …) as of a reference date. */
export type ContextIndicatorValueRecorded = DomainEvent<
  'ContextIndicatorValueRecorded',
  {
    districtId: string;
    /** Lower-case key, e.g. `population`, `benefit_share_percent`. */
    indicatorKey: string;
    value: number;
    unit: string;
    /** ISO date the value describes. */
    referenceDate: string;
    source: string;
  }
>;

/** A corrected value for a recorded (indicator, reference date); the previous value stays in the log. */
export type ContextIndicatorValueCorrected = DomainEvent<
  'ContextIndicatorValueCorrected',
  {
    districtId: string;
    indicatorKey: string;
    referenceDate: string;
    value: number;
    source: string;
    reason: string;
    previousValue: number;
    previousSource: string;
  }
>;

/** The programme in the district has ended; the district's record is read-only from now on. */
export type DistrictProgrammeClosed = DomainEvent<
  'DistrictProgrammeClosed',
  { districtId: string; closedOn: string; reason: string }
>;

export type DistrictEvent =
  | DistrictRegistered
  | DistrictProfileUpdated
  | ConceptVersionAdopted
  | SwotAnalysisRecorded
  | ActionFieldPlanRecorded
  | ContextIndicatorValueRecorded
  | ContextIndicatorValueCorrected
  | DistrictProgrammeClosed;

export const DISTRICT_EVENT_TYPES = [
  'DistrictRegistered',
  'DistrictProfileUpdated',
  'ConceptVersionAdopted',
  'SwotAnalysisRecorded',
  'ActionFieldPlanRecorded',
  'ContextIndicatorValueRecorded',
  'ContextIndicatorValueCorrected',
  'DistrictProgrammeClosed',
] as const satisfies readonly DistrictEvent['type'][];
