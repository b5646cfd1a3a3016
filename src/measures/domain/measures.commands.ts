import type { Command } from '../../core/decider';
import type { MeasureEvaluation, MeasureOutputs, MeasurePlan, Milestone } from './measures.events';

/** A goal a plan names, as its stream knows it. */
export type GoalFacts = { goalId: string; districtId: string; status: 'active' | 'achieved' | 'abandoned' };

/**
 * What the handler found in other streams, so the decider can judge references without I/O. Districts, catalogue
 * entries and goals are never removed, so what exists at the read still exists at the append; a district closed or
 * a goal abandoned at the very moment of planning is not noticed (the plan is accepted, as if it came first).
 */
export type PlanReferences = {
  district: { registered: boolean; closed: boolean };
  knownActionFieldIds: readonly string[];
  /** Those of the named goals that exist. */
  goals: readonly GoalFacts[];
};

export type PlanMeasure = Command<
  'PlanMeasure',
  { measureId: string; references: PlanReferences } & Omit<MeasurePlan, 'integrated'>
>;
export type ApproveMeasure = Command<'ApproveMeasure', { measureId: string; approvedOn: string }>;
/** `confirmedGrantIds`: the linked grants whose streams confirmed this start (see the StartMeasure handler). */
export type StartMeasure = Command<
  'StartMeasure',
  { measureId: string; actualStartDate: string; confirmedGrantIds: readonly string[] }
>;
export type ReportMeasureProgress = Command<
  'ReportMeasureProgress',
  {
    measureId: string;
    reportedOn: string;
    progressPercent?: number;
    milestone?: Milestone;
    outputs?: MeasureOutputs;
    /** Needed when the percentage or a count goes down. */
    reason?: string;
  }
>;
export type SuspendMeasure = Command<'SuspendMeasure', { measureId: string; reason: string }>;
export type ResumeMeasure = Command<'ResumeMeasure', { measureId: string }>;
export type CompleteMeasure = Command<'CompleteMeasure', { measureId: string; actualEndDate: string }>;
export type CancelMeasure = Command<'CancelMeasure', { measureId: string; reason: string }>;
export type EvaluateMeasure = Command<'EvaluateMeasure', { measureId: string } & MeasureEvaluation>;
export type LinkGrantToMeasure = Command<'LinkGrantToMeasure', { measureId: string; grantId: string }>;

export type MeasureCommand =
  | PlanMeasure
  | ApproveMeasure
  | StartMeasure
  | ReportMeasureProgress
  | SuspendMeasure
  | ResumeMeasure
  | CompleteMeasure
  | CancelMeasure
  | EvaluateMeasure
  | LinkGrantToMeasure;
