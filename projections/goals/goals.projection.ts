import type { RecordedEvent } from '../../src/core/envelope';
import {
  GOAL_EVENT_TYPES,
  type Assessment,
  type GoalEvent,
  type GoalRevisable,
  type GoalReviewRecorded,
  type IndicatorDefinition,
  type IndicatorValue,
} from '../../src/goals/domain/goals.events';
import { progressPercent } from '../../src/goals/domain/indicator-progress';
import type { DocWrite, Projection } from '../runner/projection';

export const GOALS_COLLECTION = 'goals';
/**
 * One document per (goal, action field): the read store cannot match inside arrays, so "goals of an action field"
 * is a query on these links. They carry the goal's other filter and sort fields so that query pages by itself.
 */
export const GOAL_ACTION_FIELDS_COLLECTION = 'goal_action_fields';

export const GOAL_STATUSES = ['ACTIVE', 'ACHIEVED', 'ABANDONED'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** A measured value of an indicator as one review judged it. */
export type ActualDoc = {
  reviewId: string;
  reviewedOn: string;
  value: IndicatorValue;
  measuredOn: string;
  source: string;
  /** As frozen by the review (against the baseline and target of that time). */
  progressPercent: number | null;
};

export type IndicatorDoc = IndicatorDefinition & {
  addedAt: string;
  retired: boolean;
  retiredAt: string | null;
  retirementReason: string | null;
  latestActual: ActualDoc | null;
  /** Progress of the latest actual against the current baseline and target (follows target revisions). */
  progressPercent: number | null;
  /** Every judged value, in review order. */
  actuals: ActualDoc[];
};

export type ReviewDoc = Omit<GoalReviewRecorded['data'], 'goalId'> & { recordedAt: string; recordedBy: string };

export type RevisionDoc = {
  revisedAt: string;
  revisedBy: string;
  reason: string | null;
  changes: Partial<GoalRevisable>;
  previous: Partial<GoalRevisable>;
};

export type GoalDoc = {
  id: string;
  districtId: string;
  actionFieldIds: string[];
  title: string;
  description: string;
  conceptVersion: number | null;
  status: GoalStatus;
  indicators: IndicatorDoc[];
  /** Assessment of the latest review; null before the first. */
  assessment: Assessment | null;
  /** True after a FINAL review. */
  reviewingClosed: boolean;
  reviews: ReviewDoc[];
  revisions: RevisionDoc[];
  achievedReviewId: string | null;
  abandonReason: string | null;
  /** When the goal was marked achieved or abandoned. */
  closedAt: string | null;
  definedAt: string;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  [key: string]: unknown;
};

export type GoalActionFieldDoc = {
  id: string;
  goalId: string;
  actionFieldId: string;
  districtId: string;
  status: GoalStatus;
  title: string;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as GoalEvent & RecordedEvent;

const linkId = (goalId: string, actionFieldId: string) => `${goalId}/${actionFieldId}`;

export const goalsProjection: Projection = {
  name: 'goals',
  version: 1,
  eventTypes: GOAL_EVENT_TYPES,
  collections: [
    { name: GOALS_COLLECTION, indexes: [['title'], ['districtId', 'title'], ['status', 'title']] },
    {
      name: GOAL_ACTION_FIELDS_COLLECTION,
      indexes: [['actionFieldId', 'title'], ['actionFieldId', 'districtId', 'title']],
    },
  ],

  // The action-field links are derived wholly from the goal document, so they are written without being read.
  documentsFor: (event) => [{ collection: GOALS_COLLECTION, id: asEvent(event).data.goalId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const current = docs.get<GoalDoc>(GOALS_COLLECTION, event.data.goalId);
    const next = nextGoal(event, current);
    if (!next) return [];
    return [{ collection: GOALS_COLLECTION, doc: next }, ...linkWrites(current, next)];
  },
};

/** The goal document after the event; null when there is nothing to apply it to. */
function nextGoal(event: GoalEvent & RecordedEvent, current: GoalDoc | null): GoalDoc | null {
  const { recordedAt, actorId, reason } = event.metadata;
  if (event.type === 'GoalDefined') {
    const { goalId, indicators, ...goal } = event.data;
    return {
      ...goal,
      id: goalId,
      status: 'ACTIVE',
      indicators: indicators.map((indicator) => newIndicator(indicator, recordedAt)),
      assessment: null,
      reviewingClosed: false,
      reviews: [],
      revisions: [],
      achievedReviewId: null,
      abandonReason: null,
      closedAt: null,
      definedAt: recordedAt,
      updatedAt: recordedAt,
      version: event.streamVersion,
    };
  }
  if (!current) return null;
  const touched = { ...current, updatedAt: recordedAt, version: event.streamVersion };
  switch (event.type) {
    case 'GoalRevised': {
      const { changes, previous } = event.data;
      const { targets, ...fields } = changes;
      const newTargets = new Map((targets ?? []).map((t) => [t.indicatorId, t.target]));
      const indicators = current.indicators.map((indicator) => {
        const target = newTargets.get(indicator.indicatorId);
        if (!target) return indicator;
        const revised = { ...indicator, target };
        return { ...revised, progressPercent: currentProgress(revised) };
      });
      const revision: RevisionDoc = { revisedAt: recordedAt, revisedBy: actorId, reason: reason ?? null, changes, previous };
      return { ...touched, ...fields, indicators, revisions: [...current.revisions, revision] };
    }
    case 'GoalIndicatorAdded':
      return { ...touched, indicators: [...current.indicators, newIndicator(event.data.indicator, recordedAt)] };
    case 'GoalIndicatorRetired': {
      const indicators = current.indicators.map((indicator) =>
        indicator.indicatorId === event.data.indicatorId
          ? { ...indicator, retired: true, retiredAt: recordedAt, retirementReason: reason ?? null }
          : indicator,
      );
      return { ...touched, indicators };
    }
    case 'GoalReviewRecorded': {
      const { goalId: _goalId, ...review } = event.data;
      const measured = new Map(review.measurements.map((m) => [m.indicatorId, m]));
      const indicators = current.indicators.map((indicator) => {
        const measurement = measured.get(indicator.indicatorId);
        if (!measurement) return indicator;
        const actual: ActualDoc = {
          reviewId: review.reviewId,
          reviewedOn: review.reviewedOn,
          value: measurement.value,
          measuredOn: measurement.measuredOn,
          source: measurement.source,
          progressPercent: measurement.progressPercent,
        };
        const updated = { ...indicator, latestActual: actual, actuals: [...indicator.actuals, actual] };
        return { ...updated, progressPercent: currentProgress(updated) };
      });
      return {
        ...touched,
        indicators,
        assessment: review.assessment,
        reviewingClosed: current.reviewingClosed || review.kind === 'FINAL',
        reviews: [...current.reviews, { ...review, recordedAt, recordedBy: actorId }],
      };
    }
    case 'GoalMarkedAchieved':
      return { ...touched, status: 'ACHIEVED', achievedReviewId: event.data.reviewId, closedAt: recordedAt };
    case 'GoalAbandoned':
      return { ...touched, status: 'ABANDONED', abandonReason: reason ?? null, closedAt: recordedAt };
  }
}

function newIndicator(indicator: IndicatorDefinition, addedAt: string): IndicatorDoc {
  return {
    ...indicator,
    addedAt,
    retired: false,
    retiredAt: null,
    retirementReason: null,
    latestActual: null,
    progressPercent: null,
    actuals: [],
  };
}

const currentProgress = (indicator: IndicatorDoc) =>
  indicator.latestActual ? progressPercent(indicator, indicator.latestActual.value) : null;

/** Link documents to (re)write and to delete when the goal's action fields, title or status changed. */
function linkWrites(before: GoalDoc | null, after: GoalDoc): DocWrite[] {
  const unchanged =
    before !== null &&
    before.title === after.title &&
    before.status === after.status &&
    before.actionFieldIds.join('\u0000') === after.actionFieldIds.join('\u0000');
  if (unchanged) return [];
  const removed = (before?.actionFieldIds ?? []).filter((id) => !after.actionFieldIds.includes(id));
  return [
    ...removed.map((actionFieldId) => ({
      collection: GOAL_ACTION_FIELDS_COLLECTION,
      deleteId: linkId(after.id, actionFieldId),
    })),
    ...after.actionFieldIds.map((actionFieldId) => {
      const doc: GoalActionFieldDoc = {
        id: linkId(after.id, actionFieldId),
        goalId: after.id,
        actionFieldId,
        districtId: after.districtId,
        status: after.status,
        title: after.title,
      };
      return { collection: GOAL_ACTION_FIELDS_COLLECTION, doc };
    }),
  ];
}
