import type { Command } from '../../core/decider';
import type {
  Assessment,
  IndicatorDefinition,
  IndicatorValue,
  ReviewKind,
  SuccessControl,
  TargetRevision,
} from './goals.events';

/** What the goal's district stream knows, read by the handler so the decider stays pure. */
export type DistrictFacts = {
  registered: boolean;
  closed: boolean;
  /** Numbers of the concept versions the district has adopted. */
  conceptVersions: readonly number[];
};

export type GoalDefinition = {
  goalId: string;
  districtId: string;
  actionFieldIds: string[];
  title: string;
  description: string;
  conceptVersion: number | null;
  indicators: IndicatorDefinition[];
};

export type DefineGoal = Command<
  'DefineGoal',
  GoalDefinition & {
    /** Ids in the action-field catalogue, and the district's facts, as read by the handler. */
    known: { actionFieldIds: readonly string[]; district: DistrictFacts };
  }
>;

/** Fields left out stay as they are; the reason comes with the command context and is required. */
export type ReviseGoal = Command<
  'ReviseGoal',
  {
    goalId: string;
    changes: {
      title?: string;
      description?: string;
      actionFieldIds?: string[];
      conceptVersion?: number | null;
      targets?: TargetRevision[];
    };
    known: { actionFieldIds: readonly string[]; district: DistrictFacts };
  }
>;

export type AddGoalIndicator = Command<'AddGoalIndicator', { goalId: string; indicator: IndicatorDefinition }>;

export type RetireGoalIndicator = Command<'RetireGoalIndicator', { goalId: string; indicatorId: string }>;

/** An indicator value as the reviewer reports it; the decider adds what it is judged against. */
export type Measurement = {
  indicatorId: string;
  value: IndicatorValue;
  measuredOn: string;
  source: string;
};

export type RecordGoalReview = Command<
  'RecordGoalReview',
  {
    goalId: string;
    reviewId: string;
    reviewedOn: string;
    period: { from: string; to: string };
    kind: ReviewKind;
    conceptVersion: number | null;
    measurements: Measurement[];
    assessment: Assessment;
    successControl: SuccessControl;
    recommendations: string[];
    /** The district's concept version in force on the review date (null: none adopted by then). */
    known: { conceptVersionInForce: number | null };
  }
>;

export type MarkGoalAchieved = Command<'MarkGoalAchieved', { goalId: string; reviewId: string }>;

/** The reason comes with the command context and is required. */
export type AbandonGoal = Command<'AbandonGoal', { goalId: string }>;

export type GoalCommand =
  | DefineGoal
  | ReviseGoal
  | AddGoalIndicator
  | RetireGoalIndicator
  | RecordGoalReview
  | MarkGoalAchieved
  | AbandonGoal;
