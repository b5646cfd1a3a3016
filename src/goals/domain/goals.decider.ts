import type { CommandContext, Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import type { DistrictFacts, GoalCommand, Measurement, RecordGoalReview, ReviseGoal } from './goals.commands';
import type {
  Assessment,
  GoalEvent,
  GoalRevisable,
  IndicatorDefinition,
  IndicatorValue,
  JudgedMeasurement,
  MeasureType,
  ReviewKind,
  Target,
  TargetRevision,
} from './goals.events';
import { progressPercent } from './indicator-progress';

/** A goal names at least one and at most this many indicators that are still measured. */
export const MAX_ACTIVE_INDICATORS = 50;

export type IndicatorState = IndicatorDefinition & { retired: boolean };

export type ReviewSummary = { reviewId: string; reviewedOn: string; kind: ReviewKind; assessment: Assessment };

export type DefinedGoal = {
  status: 'active' | 'achieved' | 'abandoned';
  goalId: string;
  districtId: string;
  actionFieldIds: string[];
  title: string;
  description: string;
  conceptVersion: number | null;
  /** In the order they were defined or added. */
  indicators: ReadonlyMap<string, IndicatorState>;
  /** In date order. */
  reviews: readonly ReviewSummary[];
};

export type GoalState = { status: 'none' } | DefinedGoal;

/** Assessments a review of each kind may give: only a final review can say the goal was not achieved. */
const ASSESSMENTS_BY_KIND: Record<ReviewKind, readonly Assessment[]> = {
  ONGOING: ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'ACHIEVED'],
  FINAL: ['ACHIEVED', 'NOT_ACHIEVED'],
};

export const goalsDecider: Decider<GoalState, GoalCommand, GoalEvent> = {
  category: 'goal',
  schemaVersion: 1,

  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'GoalDefined') {
      const { indicators, ...goal } = event.data;
      return {
        ...goal,
        status: 'active',
        indicators: new Map(indicators.map((indicator) => [indicator.indicatorId, { ...indicator, retired: false }])),
        reviews: [],
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'GoalRevised': {
        const { targets, ...fields } = event.data.changes;
        const indicators = new Map(state.indicators);
        for (const { indicatorId, target } of targets ?? []) {
          const indicator = indicators.get(indicatorId);
          if (indicator) indicators.set(indicatorId, { ...indicator, target });
        }
        return { ...state, ...fields, indicators };
      }
      case 'GoalIndicatorAdded': {
        const { indicator } = event.data;
        return { ...state, indicators: new Map(state.indicators).set(indicator.indicatorId, { ...indicator, retired: false }) };
      }
      case 'GoalIndicatorRetired': {
        const indicator = state.indicators.get(event.data.indicatorId);
        if (!indicator) return state;
        return { ...state, indicators: new Map(state.indicators).set(indicator.indicatorId, { ...indicator, retired: true }) };
      }
      case 'GoalReviewRecorded': {
        const { reviewId, reviewedOn, kind, assessment } = event.data;
        return { ...state, reviews: [...state.reviews, { reviewId, reviewedOn, kind, assessment }] };
      }
      case 'GoalMarkedAchieved':
        return { ...state, status: 'achieved' };
      case 'GoalAbandoned':
        return { ...state, status: 'abandoned' };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'DefineGoal': {
        const { known, indicators, ...goal } = command.data;
        if (state.status !== 'none') throw ruleViolated('GOAL_EXISTS', `Goal ${goal.goalId} is already defined`);
        assertDistrictOpen(goal.districtId, known.district);
        assertActionFields(goal.actionFieldIds, known.actionFieldIds);
        assertConceptVersion(goal.conceptVersion, known.district);
        if (indicators.length === 0) throw badInput('A goal needs at least one indicator');
        if (indicators.length > MAX_ACTIVE_INDICATORS) {
          throw badInput(`A goal has at most ${MAX_ACTIVE_INDICATORS} indicators`);
        }
        assertUnique(indicators.map((i) => i.indicatorId), 'indicatorId');
        indicators.forEach(assertIndicator);
        return [{ type: 'GoalDefined', data: { ...goal, actionFieldIds: [...goal.actionFieldIds], indicators } }];
      }

      case 'ReviseGoal': {
        const goal = openForChanges(state, command.data.goalId);
        requireReason(command.context, 'revise a goal');
        const { changes, previous } = revisionOf(goal, command.data);
        if (Object.keys(changes).length === 0) return [];
        return [{ type: 'GoalRevised', data: { goalId: goal.goalId, changes, previous } }];
      }

      case 'AddGoalIndicator': {
        const goal = openForChanges(state, command.data.goalId);
        const { indicator } = command.data;
        if (goal.indicators.has(indicator.indicatorId)) {
          throw ruleViolated(
            'GOAL_INDICATOR_DUPLICATE',
            `Goal ${goal.goalId} already has an indicator ${indicator.indicatorId}`,
            { indicatorId: indicator.indicatorId },
          );
        }
        if (activeIndicators(goal).length >= MAX_ACTIVE_INDICATORS) {
          throw ruleViolated('GOAL_INDICATOR_LIMIT', `A goal has at most ${MAX_ACTIVE_INDICATORS} active indicators`);
        }
        assertIndicator(indicator);
        return [{ type: 'GoalIndicatorAdded', data: { goalId: goal.goalId, indicator } }];
      }

      case 'RetireGoalIndicator': {
        const goal = openForChanges(state, command.data.goalId);
        requireReason(command.context, 'retire an indicator');
        const indicator = activeIndicator(goal, command.data.indicatorId);
        if (activeIndicators(goal).length === 1) {
          throw ruleViolated(
            'GOAL_LAST_INDICATOR',
            'The last active indicator of a goal cannot be retired',
            { indicatorId: indicator.indicatorId },
          );
        }
        return [{ type: 'GoalIndicatorRetired', data: { goalId: goal.goalId, indicatorId: indicator.indicatorId } }];
      }

      case 'RecordGoalReview': {
        const goal = open(state, command.data.goalId);
        return [{ type: 'GoalReviewRecorded', data: judgedReview(goal, command.data) }];
      }

      case 'MarkGoalAchieved': {
        const goal = open(state, command.data.goalId);
        const { reviewId } = command.data;
        if (goal.reviews.length === 0) {
          throw ruleViolated('GOAL_REVIEW_UNKNOWN', 'A goal can be marked achieved only after a review');
        }
        const review = goal.reviews.find((r) => r.reviewId === reviewId);
        if (!review) {
          throw ruleViolated('GOAL_REVIEW_UNKNOWN', `Goal ${goal.goalId} has no review ${reviewId}`, { reviewId });
        }
        // Only the latest verdict counts: an earlier ACHIEVED overtaken by a later review cannot be cited.
        if (review !== goal.reviews.at(-1)) {
          throw ruleViolated(
            'GOAL_REVIEW_NOT_LATEST',
            `Review ${reviewId} is not the latest review of goal ${goal.goalId}`,
            { reviewId },
          );
        }
        if (review.assessment !== 'ACHIEVED') {
          throw ruleViolated(
            'GOAL_REVIEW_NOT_ACHIEVED',
            `Review ${reviewId} assessed the goal as ${review.assessment}, not ACHIEVED`,
            { reviewId, assessment: review.assessment },
          );
        }
        return [{ type: 'GoalMarkedAchieved', data: { goalId: goal.goalId, reviewId } }];
      }

      case 'AbandonGoal': {
        const goal = open(state, command.data.goalId);
        requireReason(command.context, 'abandon a goal');
        return [{ type: 'GoalAbandoned', data: { goalId: goal.goalId } }];
      }
    }
  },

  districtOf: (command, state) =>
    state.status !== 'none' ? state.districtId : command.type === 'DefineGoal' ? command.data.districtId : null,
};

/** The goal, if it exists and is neither achieved nor abandoned. */
function open(state: GoalState, goalId: string): DefinedGoal {
  if (state.status === 'none') throw notFound('Goal', goalId);
  if (state.status !== 'active') {
    throw ruleViolated(
      'GOAL_CLOSED',
      `Goal ${goalId} is ${state.status}; it can no longer be changed`,
      { status: state.status },
    );
  }
  return state;
}

/** An open goal before its final review: the final review judged the goal as defined, so it stays as it was. */
function openForChanges(state: GoalState, goalId: string): DefinedGoal {
  const goal = open(state, goalId);
  if (hadFinalReview(goal)) {
    throw ruleViolated(
      'GOAL_FINAL_REVIEW_DONE',
      `Goal ${goalId} had its final review; it can only be marked achieved or abandoned`,
    );
  }
  return goal;
}

const hadFinalReview = (goal: DefinedGoal) => goal.reviews.some((r) => r.kind === 'FINAL');

const activeIndicators = (goal: DefinedGoal) => [...goal.indicators.values()].filter((i) => !i.retired);

function activeIndicator(goal: DefinedGoal, indicatorId: string): IndicatorState {
  const indicator = goal.indicators.get(indicatorId);
  if (!indicator) {
    throw ruleViolated(
      'GOAL_INDICATOR_UNKNOWN',
      `Goal ${goal.goalId} has no indicator ${indicatorId}`,
      { indicatorId },
    );
  }
  if (indicator.retired) {
    throw ruleViolated('GOAL_INDICATOR_RETIRED', `Indicator ${indicatorId} is retired`, { indicatorId });
  }
  return indicator;
}

function requireReason(context: CommandContext, action: string): void {
  if (!context.reason?.trim()) throw badInput(`A reason is required to ${action}`, { field: 'reason' });
}

function assertUnique(values: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw badInput(`${field} ${value} is given twice`, { field, value });
    seen.add(value);
  }
}

function assertDistrictOpen(districtId: string, district: DistrictFacts): void {
  if (!district.registered) {
    throw ruleViolated('DISTRICT_NOT_REGISTERED', `District ${districtId} is not registered`, { districtId });
  }
  if (district.closed) throw ruleViolated('DISTRICT_CLOSED', `District ${districtId} is closed`, { districtId });
}

function assertActionFields(actionFieldIds: readonly string[], known: readonly string[]): void {
  if (actionFieldIds.length === 0) throw badInput('A goal serves at least one action field');
  assertUnique(actionFieldIds, 'actionFieldId');
  const unknown = actionFieldIds.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw ruleViolated(
      'ACTION_FIELD_UNKNOWN',
      `Unknown action field(s): ${unknown.join(', ')}`,
      { actionFieldIds: unknown },
    );
  }
}

function assertConceptVersion(version: number | null, district: DistrictFacts): void {
  if (version !== null && !district.conceptVersions.includes(version)) {
    throw ruleViolated(
      'GOAL_CONCEPT_VERSION_UNKNOWN',
      `The district has no concept version ${version}`,
      { conceptVersion: version },
    );
  }
}

function assertValue(measureType: MeasureType, value: IndicatorValue, field: string): void {
  if (measureType === 'QUALITATIVE') {
    if (typeof value !== 'string' || value.trim() === '') {
      throw badInput(`${field} of a qualitative indicator must be a text`, { field });
    }
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw badInput(`${field} of a ${measureType.toLowerCase()} indicator must be a number`, { field });
  }
  if (measureType === 'PERCENTAGE' && (value < 0 || value > 100)) {
    throw badInput(`${field} must be a percentage between 0 and 100`, { field, value });
  }
}

function assertIndicator(indicator: IndicatorDefinition): void {
  assertValue(indicator.measureType, indicator.baseline.value, 'baseline.value');
  assertTarget(indicator, indicator.target);
}

/** The target is reached after the baseline and, for numbers, lies beyond it in the indicator's direction. */
function assertTarget(indicator: IndicatorDefinition, target: Target): void {
  const { indicatorId, baseline, direction } = indicator;
  assertValue(indicator.measureType, target.value, 'target.value');
  if (target.date <= baseline.date) {
    throw ruleViolated(
      'GOAL_TARGET_DATE_NOT_AFTER_BASELINE',
      `The target date of indicator ${indicatorId} must lie after its baseline date`,
      { indicatorId, baselineDate: baseline.date, targetDate: target.date },
    );
  }
  if (typeof target.value !== 'number' || typeof baseline.value !== 'number') return;
  const ahead = direction === 'ASCENDING' ? target.value > baseline.value : target.value < baseline.value;
  if (!ahead) {
    throw ruleViolated(
      'GOAL_TARGET_NOT_BEYOND_BASELINE',
      `The target of ${direction.toLowerCase()} indicator ${indicatorId} must be ${
        direction === 'ASCENDING' ? 'above' : 'below'
      } its baseline`,
      { indicatorId, baseline: baseline.value, target: target.value },
    );
  }
}

/** For lists without duplicates: the same members, in any order. */
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

/** The fields that really change, with their previous values. */
function revisionOf(
  goal: DefinedGoal,
  { changes: requested, known }: ReviseGoal['data'],
): { changes: Partial<GoalRevisable>; previous: Partial<GoalRevisable> } {
  const changes: Partial<GoalRevisable> = {};
  const previous: Partial<GoalRevisable> = {};
  if (requested.title !== undefined && requested.title !== goal.title) {
    changes.title = requested.title;
    previous.title = goal.title;
  }
  if (requested.description !== undefined && requested.description !== goal.description) {
    changes.description = requested.description;
    previous.description = goal.description;
  }
  if (requested.actionFieldIds !== undefined) assertActionFields(requested.actionFieldIds, known.actionFieldIds);
  if (requested.actionFieldIds !== undefined && !sameSet(requested.actionFieldIds, goal.actionFieldIds)) {
    changes.actionFieldIds = [...requested.actionFieldIds];
    previous.actionFieldIds = goal.actionFieldIds;
  }
  if (requested.conceptVersion !== undefined && requested.conceptVersion !== goal.conceptVersion) {
    assertConceptVersion(requested.conceptVersion, known.district);
    changes.conceptVersion = requested.conceptVersion;
    previous.conceptVersion = goal.conceptVersion;
  }
  if (requested.targets !== undefined) {
    assertUnique(requested.targets.map((t) => t.indicatorId), 'indicatorId');
    const newTargets: TargetRevision[] = [];
    const oldTargets: TargetRevision[] = [];
    for (const { indicatorId, target } of requested.targets) {
      const indicator = activeIndicator(goal, indicatorId);
      if (target.value === indicator.target.value && target.date === indicator.target.date) continue;
      assertTarget(indicator, target);
      newTargets.push({ indicatorId, target });
      oldTargets.push({ indicatorId, target: indicator.target });
    }
    if (newTargets.length > 0) {
      changes.targets = newTargets;
      previous.targets = oldTargets;
    }
  }
  return { changes, previous };
}

/** Checks the review against the goal and freezes each measured value with what it is judged against. */
function judgedReview(goal: DefinedGoal, review: RecordGoalReview['data']) {
  const { known, measurements, ...rest } = review;
  const { reviewId, reviewedOn, period, kind, assessment } = rest;
  if (hadFinalReview(goal)) {
    throw ruleViolated('GOAL_FINAL_REVIEW_DONE', `Goal ${goal.goalId} had its final review; reviewing is closed`);
  }
  if (goal.reviews.some((r) => r.reviewId === reviewId)) {
    throw ruleViolated('GOAL_REVIEW_DUPLICATE', `Review ${reviewId} is already recorded`, { reviewId });
  }
  const latest = goal.reviews.at(-1);
  if (latest && reviewedOn < latest.reviewedOn) {
    throw ruleViolated(
      'GOAL_REVIEW_OUT_OF_ORDER',
      `A review dated ${reviewedOn} cannot follow the review of ${latest.reviewedOn}`,
      { reviewedOn, previousReviewedOn: latest.reviewedOn },
    );
  }
  if (period.to < period.from) {
    throw ruleViolated('GOAL_REVIEW_PERIOD_END_BEFORE_START', 'The review period ends before it starts', { period });
  }
  if (period.to > reviewedOn) {
    throw ruleViolated(
      'GOAL_REVIEW_PERIOD_AFTER_REVIEW',
      'The review period ends after the review date',
      { period, reviewedOn },
    );
  }
  if (!ASSESSMENTS_BY_KIND[kind].includes(assessment)) {
    throw ruleViolated(
      'GOAL_ASSESSMENT_NOT_ALLOWED',
      `A ${kind.toLowerCase()} review cannot assess a goal as ${assessment}`,
      { kind, assessment },
    );
  }
  if (rest.conceptVersion !== null && rest.conceptVersion !== known.conceptVersionInForce) {
    throw ruleViolated(
      'GOAL_CONCEPT_VERSION_NOT_IN_FORCE',
      `Concept version ${rest.conceptVersion} was not in force on ${reviewedOn}; ${
        known.conceptVersionInForce === null ? 'none was' : `version ${known.conceptVersionInForce} was`
      }`,
      { conceptVersion: rest.conceptVersion, conceptVersionInForce: known.conceptVersionInForce },
    );
  }
  if (measurements.length === 0) throw badInput('A review measures at least one indicator');
  assertUnique(measurements.map((m) => m.indicatorId), 'indicatorId');
  const judged = measurements.map((m) => judge(activeIndicator(goal, m.indicatorId), m, reviewedOn));
  if (kind === 'FINAL') {
    const unmeasured = activeIndicators(goal)
      .map((i) => i.indicatorId)
      .filter((id) => !measurements.some((m) => m.indicatorId === id));
    if (unmeasured.length > 0) {
      throw ruleViolated(
        'GOAL_FINAL_REVIEW_INCOMPLETE',
        `A final review measures every active indicator; missing: ${unmeasured.join(', ')}`,
        { indicatorIds: unmeasured },
      );
    }
  }
  return { ...rest, goalId: goal.goalId, measurements: judged, recommendations: [...rest.recommendations] };
}

function judge(indicator: IndicatorState, measurement: Measurement, reviewedOn: string): JudgedMeasurement {
  const { indicatorId, value, measuredOn, source } = measurement;
  assertValue(indicator.measureType, value, `value of indicator ${indicatorId}`);
  if (measuredOn > reviewedOn) {
    throw ruleViolated(
      'GOAL_MEASURED_AFTER_REVIEW',
      `Indicator ${indicatorId} was measured after the review date`,
      { indicatorId, measuredOn },
    );
  }
  const { baseline, target, direction, measureType } = indicator;
  return {
    indicatorId,
    value,
    measuredOn,
    source,
    baseline,
    target,
    direction,
    measureType,
    progressPercent: progressPercent(indicator, value),
  };
}
