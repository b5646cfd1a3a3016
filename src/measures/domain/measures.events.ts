import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

/** The kinds of resources a measure bundles (Ressourcenbündelung). */
export const RESOURCE_KINDS = [
  'KNOW_HOW',
  'ORGANISATIONS',
  'PROGRAMMES',
  'FUNDS',
  'COMPETENCES',
  'CREATIVITY',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export type MeasureResource = {
  kind: ResourceKind;
  description: string;
  /** Euro cents; set for FUNDS only. */
  amountCents: number | null;
};

/** Legal forms a project sponsor (Projektträger) may have: organisations only, never private persons. */
export const SPONSOR_TYPES = [
  'ASSOCIATION',
  'CHARITABLE_COMPANY',
  'COMPANY',
  'COOPERATIVE',
  'FOUNDATION',
  'CHURCH_BODY',
  'PUBLIC_BODY',
  'OTHER_ORGANISATION',
] as const;
export type SponsorType = (typeof SPONSOR_TYPES)[number];

export type MeasureSponsor = { name: string; type: SponsorType };

/** How much a measure contributes to a goal, 1–100. */
export type GoalContribution = { goalId: string; weight: number };

export type MeasurePlan = {
  /** Unique across all measures, compared case-insensitively, e.g. "HN-2024-07". */
  code: string;
  title: string;
  description: string | null;
  districtId: string;
  actionFieldIds: string[];
  /** True when the measure serves two or more action fields (integrated measure). */
  integrated: boolean;
  goalContributions: GoalContribution[];
  sponsor: MeasureSponsor;
  location: string;
  /** ISO dates. */
  plannedStartDate: string;
  plannedEndDate: string;
  resources: MeasureResource[];
  /** Groups, never persons: e.g. "long-term unemployed", "children 6–12". */
  targetGroups: string[];
  budgetCents: number | null;
};

export type Milestone = { milestoneId: string; title: string; reachedOn: string };

/** Cumulative counts to date: counts only, never names or other personal data. */
export type MeasureOutputs = {
  participants?: number;
  longTermUnemployedPlacedInSocialInstitutions?: number;
  participantsWithImprovedEmployability?: number;
  employmentOpportunitiesCreated?: number;
};

export const OUTPUT_COUNTS = [
  'participants',
  'longTermUnemployedPlacedInSocialInstitutions',
  'participantsWithImprovedEmployability',
  'employmentOpportunitiesCreated',
] as const satisfies readonly (keyof MeasureOutputs)[];

export const EVALUATION_RATINGS = ['VERY_SUCCESSFUL', 'SUCCESSFUL', 'PARTLY_SUCCESSFUL', 'NOT_SUCCESSFUL'] as const;
export type EvaluationRating = (typeof EVALUATION_RATINGS)[number];

/** Success control of a finished measure (Erfolgskontrolle, VV Nr. 11a zu § 44 BHO/LHO). */
export type MeasureEvaluation = {
  evaluatedOn: string;
  effect: string;
  costEffectiveness: string;
  lessons: string;
  rating: EvaluationRating;
};

export type MeasurePlanned = DomainEvent<'MeasurePlanned', { measureId: string } & MeasurePlan>;
export type MeasureApproved = DomainEvent<'MeasureApproved', { measureId: string; approvedOn: string }>;
/**
 * `grantIds`: the grants linked at the start; each was asked to confirm it on its own stream (a withdrawn or
 * rejected application confirms nothing and does not block).
 */
export type MeasureStarted = DomainEvent<
  'MeasureStarted',
  { measureId: string; actualStartDate: string; grantIds: string[] }
>;
/**
 * A progress report carries what changed: a new percentage, a milestone reached, updated output counts (or several).
 * `reason` is set when a value goes down (a correction).
 */
export type MeasureProgressReported = DomainEvent<
  'MeasureProgressReported',
  {
    measureId: string;
    reportedOn: string;
    progressPercent: number | null;
    previousProgressPercent: number;
    milestone: Milestone | null;
    outputs: MeasureOutputs | null;
    reason: string | null;
  }
>;
export type MeasureSuspended = DomainEvent<'MeasureSuspended', { measureId: string; reason: string }>;
export type MeasureResumed = DomainEvent<'MeasureResumed', { measureId: string }>;
export type MeasureCompleted = DomainEvent<'MeasureCompleted', { measureId: string; actualEndDate: string }>;
export type MeasureCancelled = DomainEvent<
  'MeasureCancelled',
  { measureId: string; reason: string; previousStatus: 'planned' | 'approved' | 'running' | 'suspended' }
>;
export type MeasureEvaluated = DomainEvent<'MeasureEvaluated', { measureId: string } & MeasureEvaluation>;
export type GrantLinkedToMeasure = DomainEvent<'GrantLinkedToMeasure', { measureId: string; grantId: string }>;

export type MeasureEvent =
  | MeasurePlanned
  | MeasureApproved
  | MeasureStarted
  | MeasureProgressReported
  | MeasureSuspended
  | MeasureResumed
  | MeasureCompleted
  | MeasureCancelled
  | MeasureEvaluated
  | GrantLinkedToMeasure;

export const MEASURE_EVENT_TYPES = [
  'MeasurePlanned',
  'MeasureApproved',
  'MeasureStarted',
  'MeasureProgressReported',
  'MeasureSuspended',
  'MeasureResumed',
  'MeasureCompleted',
  'MeasureCancelled',
  'MeasureEvaluated',
  'GrantLinkedToMeasure',
] as const satisfies readonly MeasureEvent['type'][];
