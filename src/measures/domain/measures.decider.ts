import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import { assertAnotherPerson, personOf } from '../../core/persons';
import type { GoalFacts, MeasureCommand, PlanMeasure, ReportMeasureProgress } from './measures.commands';
import {
  OUTPUT_COUNTS,
  type GoalContribution,
  type MeasureCancelled,
  type MeasureEvent,
  type MeasureOutputs,
  type MeasurePlanned,
  type MeasureProgressReported,
} from './measures.events';

export type MeasureStatus = 'none' | 'planned' | 'approved' | 'running' | 'suspended' | 'completed' | 'cancelled';

export interface MeasureState {
  /** 'none': not planned yet. */
  status: MeasureStatus;
  /** Linked grants (applications submitted for this measure), in link order. */
  grantIds: string[];
  districtId: string | null;
  /**
   * The person who planned the measure (for an API key, the person it acts for): approval needs someone else. Null
   * when not planned or not known.
   */
  plannedBy: string | null;
  actualStartDate: string | null;
  progressPercent: number;
  milestoneIds: string[];
  outputs: MeasureOutputs;
  evaluated: boolean;
}

const CANCELLABLE = ['planned', 'approved', 'running', 'suspended'] as const satisfies readonly MeasureStatus[];
type Cancellable = MeasureCancelled['data']['previousStatus'];
const isCancellable = (status: MeasureStatus): status is Cancellable =>
  (CANCELLABLE as readonly string[]).includes(status);

export const measuresDecider: Decider<MeasureState, MeasureCommand, MeasureEvent> = {
  category: 'measure',
  schemaVersion: 1,

  initialState: () => ({
    status: 'none',
    grantIds: [],
    districtId: null,
    plannedBy: null,
    actualStartDate: null,
    progressPercent: 0,
    milestoneIds: [],
    outputs: {},
    evaluated: false,
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'MeasurePlanned':
        return {
          ...state,
          status: 'planned',
          districtId: event.data.districtId,
          plannedBy: personOf(event.metadata),
        };
      case 'MeasureApproved':
        return { ...state, status: 'approved' };
      case 'MeasureStarted':
        return { ...state, status: 'running', actualStartDate: event.data.actualStartDate };
      case 'MeasureProgressReported': {
        const { progressPercent, milestone, outputs } = event.data;
        return {
          ...state,
          progressPercent: progressPercent ?? state.progressPercent,
          milestoneIds: milestone ? [...state.milestoneIds, milestone.milestoneId] : state.milestoneIds,
          outputs: outputs ? { ...state.outputs, ...outputs } : state.outputs,
        };
      }
      case 'MeasureSuspended':
        return { ...state, status: 'suspended' };
      case 'MeasureResumed':
        return { ...state, status: 'running' };
      case 'MeasureCompleted':
        return { ...state, status: 'completed' };
      case 'MeasureCancelled':
        return { ...state, status: 'cancelled' };
      case 'MeasureEvaluated':
        return { ...state, evaluated: true };
      case 'GrantLinkedToMeasure':
        return { ...state, grantIds: [...state.grantIds, event.data.grantId] };
    }
  },

  decide(command, state) {
    const { measureId } = command.data;
    if (command.type === 'PlanMeasure') return [planned(command, state)];
    if (state.status === 'none') throw notFound('Measure', measureId);

    switch (command.type) {
      case 'ApproveMeasure': {
        requireStatus(state, 'approved', 'planned');
        // Four-eyes: the measure is planned and approved by different people (separation of functions).
        assertAnotherPerson(
          state.plannedBy,
          command.context.actor,
          'MEASURE_FOUR_EYES',
          'A measure must be approved by someone other than the person who planned it',
          { measureId },
        );
        return [{ type: 'MeasureApproved', data: { measureId, approvedOn: command.data.approvedOn } }];
      }
      case 'StartMeasure': {
        requireStatus(state, 'started', 'approved');
        // The handler confirmed the start with every grant it saw linked; a grant linked since then was not asked.
        const unconfirmed = state.grantIds.filter((id) => !command.data.confirmedGrantIds.includes(id));
        if (unconfirmed.length > 0) {
          throw ruleViolated(
            'MEASURE_GRANT_LINKED_DURING_START',
            'A grant was linked to the measure while it was being started; start it again',
            { measureId, grantIds: unconfirmed },
          );
        }
        const { actualStartDate } = command.data;
        return [{ type: 'MeasureStarted', data: { measureId, actualStartDate, grantIds: state.grantIds } }];
      }
      case 'ReportMeasureProgress':
        requireStatus(state, 'reported on', 'running');
        return [progressReported(command, state)];
      case 'SuspendMeasure':
        requireStatus(state, 'suspended', 'running');
        return [{ type: 'MeasureSuspended', data: { measureId, reason: command.data.reason } }];
      case 'ResumeMeasure':
        requireStatus(state, 'resumed', 'suspended');
        return [{ type: 'MeasureResumed', data: { measureId } }];
      case 'CompleteMeasure': {
        requireStatus(state, 'completed', 'running');
        const { actualEndDate } = command.data;
        if (state.actualStartDate !== null && actualEndDate < state.actualStartDate) {
          throw ruleViolated('MEASURE_END_BEFORE_START', 'The actual end date lies before the actual start date', {
            actualStartDate: state.actualStartDate,
            actualEndDate,
          });
        }
        return [{ type: 'MeasureCompleted', data: { measureId, actualEndDate } }];
      }
      case 'CancelMeasure': {
        const previousStatus = state.status;
        if (!isCancellable(previousStatus)) {
          throw ruleViolated(
            'MEASURE_WRONG_STATUS',
            `The measure is ${previousStatus} and can no longer be cancelled`,
            { measureId, status: previousStatus },
          );
        }
        return [{ type: 'MeasureCancelled', data: { measureId, reason: command.data.reason, previousStatus } }];
      }
      case 'EvaluateMeasure': {
        requireStatus(state, 'evaluated', 'completed', 'cancelled');
        if (state.evaluated) {
          throw ruleViolated('MEASURE_ALREADY_EVALUATED', 'The measure has already been evaluated', { measureId });
        }
        return [{ type: 'MeasureEvaluated', data: command.data }];
      }
      case 'LinkGrantToMeasure':
        // Linking records a fact of the grant stream (an application was submitted), so any existing measure takes it.
        if (state.grantIds.includes(command.data.grantId)) return [];
        return [{ type: 'GrantLinkedToMeasure', data: { measureId, grantId: command.data.grantId } }];
    }
  },

  districtOf: (command, state) => state.districtId ?? (command.type === 'PlanMeasure' ? command.data.districtId : null),
};

function requireStatus(state: MeasureState, action: string, ...allowed: MeasureStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw ruleViolated(
      'MEASURE_WRONG_STATUS',
      `The measure is ${state.status}; it can be ${action} only when ${allowed.join(' or ')}`,
      { status: state.status },
    );
  }
}

function planned(command: PlanMeasure, state: MeasureState): MeasurePlanned {
  const { references, ...plan } = command.data;
  if (state.status !== 'none') {
    throw ruleViolated('MEASURE_EXISTS', `Measure ${plan.measureId} has already been planned`);
  }

  assertUnique(plan.actionFieldIds, 'actionFieldIds');
  assertUnique(plan.goalContributions.map((c) => c.goalId), 'goalContributions');
  assertUnique(plan.resources.map((r) => r.kind), 'resources (one bundle per kind)');
  if (plan.actionFieldIds.length === 0) throw badInput('A measure serves at least one action field');
  for (const { goalId, weight } of plan.goalContributions) {
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
      throw badInput('A goal contribution weight is a whole number from 1 to 100', { goalId, weight });
    }
  }
  for (const resource of plan.resources) {
    if ((resource.kind === 'FUNDS') !== (resource.amountCents !== null)) {
      throw badInput('An amount in cents is given for the FUNDS resource, and only for it', { kind: resource.kind });
    }
  }

  if (!references.district.registered) {
    throw ruleViolated('DISTRICT_NOT_REGISTERED', `District ${plan.districtId} is not registered`);
  }
  if (references.district.closed) {
    throw ruleViolated('DISTRICT_CLOSED', `The programme in district ${plan.districtId} is closed: no new measures`);
  }
  const unknownFields = plan.actionFieldIds.filter((id) => !references.knownActionFieldIds.includes(id));
  if (unknownFields.length > 0) {
    throw ruleViolated(
      'ACTION_FIELD_UNKNOWN',
      'Action fields are not in the catalogue',
      { actionFieldIds: unknownFields },
    );
  }
  assertGoalsContributable(plan.goalContributions, plan.districtId, references.goals);
  if (plan.plannedEndDate < plan.plannedStartDate) {
    throw ruleViolated('MEASURE_END_BEFORE_START', 'The planned end date lies before the planned start date', {
      plannedStartDate: plan.plannedStartDate,
      plannedEndDate: plan.plannedEndDate,
    });
  }
  return { type: 'MeasurePlanned', data: { ...plan, integrated: plan.actionFieldIds.length >= 2 } };
}

function progressReported(command: ReportMeasureProgress, state: MeasureState): MeasureProgressReported {
  const { measureId, reportedOn, progressPercent, milestone, reason } = command.data;
  const outputs = countsGiven(command.data.outputs);
  if (progressPercent === undefined && milestone === undefined && outputs === undefined) {
    throw badInput('A progress report needs a percentage, a milestone or output counts');
  }
  if (state.actualStartDate !== null && reportedOn < state.actualStartDate) {
    throw ruleViolated(
      'MEASURE_REPORT_BEFORE_START',
      'A progress report cannot be dated before the actual start',
      { reportedOn },
    );
  }

  // Values only ever go down as a correction, and a correction says why.
  const decreases: string[] = [];
  if (progressPercent !== undefined) {
    if (!Number.isInteger(progressPercent) || progressPercent < 0 || progressPercent > 100) {
      throw badInput('progressPercent is a whole number from 0 to 100', { progressPercent });
    }
    if (progressPercent < state.progressPercent) decreases.push('progressPercent');
  }
  if (milestone) {
    if (state.milestoneIds.includes(milestone.milestoneId)) {
      throw ruleViolated(
        'MEASURE_MILESTONE_DUPLICATE',
        `Milestone ${milestone.milestoneId} has already been reported`,
        { milestoneId: milestone.milestoneId },
      );
    }
    if (state.actualStartDate !== null && milestone.reachedOn < state.actualStartDate) {
      throw ruleViolated(
        'MEASURE_REPORT_BEFORE_START',
        'A milestone cannot be reached before the actual start',
        { reachedOn: milestone.reachedOn },
      );
    }
  }
  if (outputs) {
    for (const count of OUTPUT_COUNTS) {
      const value = outputs[count];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 0) {
        throw badInput(`${count} is a count (a whole number ≥ 0)`, { count, value });
      }
      if (value < (state.outputs[count] ?? 0)) decreases.push(count);
    }
    assertSubsetsOfParticipants({ ...state.outputs, ...outputs });
  }
  if (decreases.length > 0 && !reason?.trim()) {
    throw ruleViolated(
      'MEASURE_DECREASE_WITHOUT_REASON',
      'A value that goes down is a correction and needs a reason',
      { fields: decreases },
    );
  }

  return {
    type: 'MeasureProgressReported',
    data: {
      measureId,
      reportedOn,
      progressPercent: progressPercent ?? null,
      previousProgressPercent: state.progressPercent,
      milestone: milestone ?? null,
      outputs: outputs ?? null,
      reason: reason?.trim() || null,
    },
  };
}

/** A measure contributes to goals of its own district that were not abandoned. */
function assertGoalsContributable(
  contributions: readonly GoalContribution[],
  districtId: string,
  goals: readonly GoalFacts[],
): void {
  for (const { goalId } of contributions) {
    const goal = goals.find((g) => g.goalId === goalId);
    if (!goal) throw ruleViolated('GOAL_UNKNOWN', `Goal ${goalId} does not exist`, { goalId });
    if (goal.districtId !== districtId) {
      throw ruleViolated(
        'GOAL_OF_OTHER_DISTRICT',
        `Goal ${goalId} belongs to another district`,
        { goalId, districtId: goal.districtId },
      );
    }
    if (goal.status === 'abandoned') {
      throw ruleViolated('GOAL_ABANDONED', `Goal ${goalId} has been abandoned`, { goalId });
    }
  }
}

/** Only the counts that were given; undefined when none was. */
function countsGiven(outputs: MeasureOutputs | undefined): MeasureOutputs | undefined {
  const given = OUTPUT_COUNTS.filter((count) => outputs?.[count] !== undefined);
  return given.length > 0 ? Object.fromEntries(given.map((count) => [count, outputs![count]])) : undefined;
}

/** People placed or made more employable are participants too, so neither count can exceed the participants. */
function assertSubsetsOfParticipants(outputs: MeasureOutputs): void {
  const { participants } = outputs;
  if (participants === undefined) return;
  const subsets = ['longTermUnemployedPlacedInSocialInstitutions', 'participantsWithImprovedEmployability'] as const;
  for (const count of subsets) {
    const value = outputs[count];
    if (value !== undefined && value > participants) {
      throw ruleViolated(
        'MEASURE_OUTPUT_ABOVE_PARTICIPANTS',
        `${count} cannot exceed the number of participants`,
        { [count]: value, participants },
      );
    }
  }
}

function assertUnique(values: readonly string[], field: string): void {
  const duplicates = values.filter((value, index) => values.indexOf(value) !== index);
  if (duplicates.length > 0) {
    throw badInput(`${field} lists a value twice`, { field, duplicates: [...new Set(duplicates)] });
  }
}
