import type { DomainEvent } from '../../core/decider';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

export const MEASURE_TYPES = ['UNIT', 'PERCENTAGE', 'QUALITATIVE'] as const;
/** UNIT: a count or amount in the indicator's unit; PERCENTAGE: a share 0–100; QUALITATIVE: described in words. */
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const DIRECTIONS = ['ASCENDING', 'DESCENDING'] as const;
/** ASCENDING: more is better (e.g. places in day care); DESCENDING: less is better (e.g. long-term unemployment). */
export type Direction = (typeof DIRECTIONS)[number];

export const REVIEW_KINDS = ['ONGOING', 'FINAL'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const ASSESSMENTS = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'ACHIEVED', 'NOT_ACHIEVED'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

/** A number for UNIT and PERCENTAGE indicators, a text for QUALITATIVE ones. */
export type IndicatorValue = number | string;

export type Baseline = {
  value: IndicatorValue;
  /** ISO date the baseline was measured. */
  date: string;
  /** Where the value comes from, e.g. "Kommunalstatistik 2023". */
  source: string;
};

export type Target = {
  value: IndicatorValue;
  /** ISO date by which the target should be reached. */
  date: string;
};

export type IndicatorDefinition = {
  /** Unique within the goal, also against retired indicators. */
  indicatorId: string;
  /** Local code or an EU common indicator code, e.g. "RCO 74". */
  code: string;
  name: string;
  unit: string;
  measureType: MeasureType;
  direction: Direction;
  baseline: Baseline;
  target: Target;
};

export type GoalDefined = DomainEvent<
  'GoalDefined',
  {
    goalId: string;
    districtId: string;
    actionFieldIds: string[];
    title: string;
    description: string;
    /** Version of the district's development concept (ISEK) the goal belongs to; null when not stated. */
    conceptVersion: number | null;
    indicators: IndicatorDefinition[];
  }
>;

export type TargetRevision = { indicatorId: string; target: Target };

/** The parts of a goal a revision may change. */
export type GoalRevisable = {
  title: string;
  description: string;
  actionFieldIds: string[];
  conceptVersion: number | null;
  /** Only the indicators whose target changed. */
  targets: TargetRevision[];
};

/**
 * Only what changed, with the previous values, so the history shows old → new. The reason is in the event
 * metadata (required for this event).
 */
export type GoalRevised = DomainEvent<
  'GoalRevised',
  { goalId: string; changes: Partial<GoalRevisable>; previous: Partial<GoalRevisable> }
>;

export type GoalIndicatorAdded = DomainEvent<'GoalIndicatorAdded', { goalId: string; indicator: IndicatorDefinition }>;

/** The indicator keeps its history but is measured no more. The reason is in the event metadata. */
export type GoalIndicatorRetired = DomainEvent<'GoalIndicatorRetired', { goalId: string; indicatorId: string }>;

/**
 * One judged indicator value, frozen together with the indicator's baseline and target at the time of the review,
 * so the review reads the same after later revisions.
 */
export type JudgedMeasurement = {
  indicatorId: string;
  value: IndicatorValue;
  /** ISO date the value was measured. */
  measuredOn: string;
  source: string;
  baseline: Baseline;
  target: Target;
  direction: Direction;
  measureType: MeasureType;
  /** Progress towards the target, 0–100; null for qualitative indicators. */
  progressPercent: number | null;
};

/** The three parts of success control required by §44 BHO/LHO (VV 11a). */
export type SuccessControl = {
  /** Zielerreichungskontrolle: were the targets reached? */
  goalAchievement: string;
  /** Wirkungskontrolle: did the measures cause the change? */
  effect: string;
  /** Wirtschaftlichkeitskontrolle: was it worth the cost? */
  costEffectiveness: string;
};

export type GoalReviewRecorded = DomainEvent<
  'GoalReviewRecorded',
  {
    goalId: string;
    reviewId: string;
    /** ISO date of the review. */
    reviewedOn: string;
    period: { from: string; to: string };
    kind: ReviewKind;
    /** Concept version in force at the review; null when not stated. */
    conceptVersion: number | null;
    measurements: JudgedMeasurement[];
    assessment: Assessment;
    successControl: SuccessControl;
    recommendations: string[];
  }
>;

export type GoalMarkedAchieved = DomainEvent<'GoalMarkedAchieved', { goalId: string; reviewId: string }>;

/** The reason is in the event metadata (required for this event). */
export type GoalAbandoned = DomainEvent<'GoalAbandoned', { goalId: string }>;

export type GoalEvent =
  | GoalDefined
  | GoalRevised
  | GoalIndicatorAdded
  | GoalIndicatorRetired
  | GoalReviewRecorded
  | GoalMarkedAchieved
  | GoalAbandoned;

export const GOAL_EVENT_TYPES = [
  'GoalDefined',
  'GoalRevised',
  'GoalIndicatorAdded',
  'GoalIndicatorRetired',
  'GoalReviewRecorded',
  'GoalMarkedAchieved',
  'GoalAbandoned',
] as const satisfies readonly GoalEvent['type'][];
