import { inScope } from '../auth/district-scope';
import { streamName } from '../core/decider';
import { subCommandContext } from '../core/sub-command';
import type { DistrictState } from '../districts/domain/districts.decider';
import type { GoalState } from '../goals/domain/goals.decider';
import type { PlanMeasureCommand } from '../measures/application/plan-measure.command';
import {
  type MeasureCodeState,
  type ReleaseMeasureCode,
  type ReserveMeasureCode,
  measureCodeDecider,
  measureCodeKey,
} from '../measures/domain/measure-code.decider';
import type { GoalFacts, PlanMeasure, PlanReferences } from '../measures/domain/measures.commands';
import { type MeasureState, measuresDecider } from '../measures/domain/measures.decider';
import type { EventsByStream } from './workflow';

type Input = Pick<PlanMeasureCommand, 'data' | 'context'>;

/** What the plan refers to, as the streams and the action field catalogue know it before the plan. */
export interface PlanLookups {
  district: DistrictState;
  knownActionFieldIds: readonly string[];
  /** Every goal the plan names, by id (a goal never defined has the initial state). */
  goals: ReadonlyMap<string, GoalState>;
}

function references({ data, context }: Input, lookups: PlanLookups): PlanReferences {
  const goals = data.goalContributions.map(({ goalId }): GoalFacts | null => {
    const goal = lookups.goals.get(goalId);
    // A goal of a district outside the actor's scope is as unknown to them as one never defined.
    if (!goal || goal.status === 'none' || !inScope(context.actor, goal.districtId)) return null;
    return { goalId, districtId: goal.districtId, status: goal.status };
  });
  const { status } = lookups.district;
  return {
    district: { registered: status !== 'unregistered', closed: status === 'closed' },
    knownActionFieldIds: lookups.knownActionFieldIds,
    goals: goals.filter((goal): goal is GoalFacts => goal !== null),
  };
}

/** Steps 1 (dry run) and 3, on the measure stream. */
function plan(input: Input, lookups: PlanLookups): PlanMeasure {
  return { type: 'PlanMeasure', data: { ...input.data, references: references(input, lookups) }, context: input.context };
}

/** The code's stream: one per code, compared case-insensitively. */
const codeKey = (input: Input): string => measureCodeKey(input.data.code);

const codeReservation = ({ data }: Input) => ({ code: data.code, measureId: data.measureId, districtId: data.districtId });

/** Step 2, on the code's stream: the append that settles a race for the same code. */
function reservation(input: Input): ReserveMeasureCode {
  return {
    type: 'ReserveMeasureCode',
    data: codeReservation(input),
    context: subCommandContext(input.context, 'reserve-code', input.data.measureId),
  };
}

/** The compensation when the measure refuses step 3 after this command reserved the code. */
function release(input: Input): ReleaseMeasureCode {
  return {
    type: 'ReleaseMeasureCode',
    data: codeReservation(input),
    context: subCommandContext(input.context, 'release-code', input.data.measureId),
  };
}

/**
 * Planning a measure under a code no other measure has: the measure must accept the plan (so an invalid plan never
 * reserves a code), the code must be free or already this measure's, then the measure records the plan.
 */
export const planMeasureWorkflow = {
  plan,
  codeKey,
  reservation,
  release,
  decide(input: Input, states: PlanLookups & { measure: MeasureState; code: MeasureCodeState }): EventsByStream {
    const planned = measuresDecider.decide(plan(input, states), states.measure);
    return {
      [streamName(measureCodeDecider.category, codeKey(input))]: measureCodeDecider.decide(reservation(input), states.code),
      [streamName(measuresDecider.category, input.data.measureId)]: planned,
    };
  },
};
