import type { RecordedEvent } from '../../src/core/envelope';
import type {
  ActionFieldPlanContent,
  DistrictEvent,
  DistrictProfile,
  SwotItem,
} from '../../src/districts/domain/districts.events';
import { DISTRICT_EVENT_TYPES } from '../../src/districts/domain/districts.events';
import type { Projection } from '../runner/projection';

export const DISTRICTS_COLLECTION = 'districts';

export type ConceptVersionDoc = {
  version: number;
  title: string;
  adoptedOn: string;
  adoptedByBodyId: string;
  decisionRef: string;
  summary: string;
  recordedAt: string;
};

export type SwotAnalysisDoc = {
  analysisNumber: number;
  conductedOn: string;
  items: SwotItem[];
  participatingBodyIds: string[];
  recordedAt: string;
};

export type ActionFieldPlanRevisionDoc = ActionFieldPlanContent & { revision: number; recordedAt: string };

/** The plan in force for an action field, with the plans it superseded (oldest first). */
export type ActionFieldPlanDoc = ActionFieldPlanRevisionDoc & {
  actionFieldId: string;
  history: ActionFieldPlanRevisionDoc[];
};

export type IndicatorCorrectionDoc = {
  previousValue: number;
  previousSource: string;
  reason: string;
  correctedAt: string;
};

export type ContextIndicatorValueDoc = {
  referenceDate: string;
  value: number;
  source: string;
  recordedAt: string;
  /** Oldest first; empty when the value was never corrected. */
  corrections: IndicatorCorrectionDoc[];
};

export type ContextIndicatorDoc = {
  indicatorKey: string;
  unit: string;
  /** The value with the latest reference date. */
  latest: ContextIndicatorValueDoc;
  /** All values by reference date, oldest first. */
  values: ContextIndicatorValueDoc[];
};

export type DistrictDoc = DistrictProfile & {
  id: string;
  status: 'registered' | 'closed';
  registeredAt: string;
  updatedAt: string;
  /** Stream version of the last applied event. */
  version: number;
  /** Oldest first. */
  conceptVersions: ConceptVersionDoc[];
  /** The latest version adopted (adoption dates never lie in the future, so it is the one in force today). */
  currentConceptVersion: number | null;
  swotAnalysisCount: number;
  /** The analysis with the latest date (of equal dates, the one recorded last). */
  latestSwotAnalysis: SwotAnalysisDoc | null;
  /** One per action field, in the order they were first planned. */
  actionFieldPlans: ActionFieldPlanDoc[];
  /** One per indicator key, in the order they were first recorded. */
  contextIndicators: ContextIndicatorDoc[];
  closedOn: string | null;
  closureReason: string | null;
  closedAt: string | null;
  [key: string]: unknown;
};

const asEvent = (event: RecordedEvent) => event as unknown as DistrictEvent & RecordedEvent;

export const districtsProjection: Projection = {
  name: 'districts',
  // 2: concept versions, SWOT, action-field plans, context indicators and closure.
  version: 2,
  eventTypes: DISTRICT_EVENT_TYPES,
  collections: [{ name: DISTRICTS_COLLECTION, indexes: [['municipality', 'name'], ['name'], ['status', 'municipality', 'name']] }],

  documentsFor: (event) => [{ collection: DISTRICTS_COLLECTION, id: asEvent(event).data.districtId }],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const at = recorded.metadata.recordedAt;
    if (event.type === 'DistrictRegistered') {
      const { districtId, ...profile } = event.data;
      const doc: DistrictDoc = {
        ...profile,
        id: districtId,
        status: 'registered',
        registeredAt: at,
        updatedAt: at,
        version: recorded.streamVersion,
        conceptVersions: [],
        currentConceptVersion: null,
        swotAnalysisCount: 0,
        latestSwotAnalysis: null,
        actionFieldPlans: [],
        contextIndicators: [],
        closedOn: null,
        closureReason: null,
        closedAt: null,
      };
      return [{ collection: DISTRICTS_COLLECTION, doc }];
    }
    const current = docs.get<DistrictDoc>(DISTRICTS_COLLECTION, event.data.districtId);
    if (!current) return [];
    const changes = changesFor(event, at, current);
    const doc: DistrictDoc = { ...current, ...changes, updatedAt: at, version: recorded.streamVersion };
    return [{ collection: DISTRICTS_COLLECTION, doc }];
  },
};

function changesFor(
  event: Exclude<DistrictEvent, { type: 'DistrictRegistered' }>,
  at: string,
  current: DistrictDoc,
): Partial<DistrictDoc> {
  switch (event.type) {
    case 'DistrictProfileUpdated':
      return event.data.changes;
    case 'ConceptVersionAdopted': {
      const { districtId: _id, ...concept } = event.data;
      return {
        conceptVersions: [...current.conceptVersions, { ...concept, recordedAt: at }],
        currentConceptVersion: concept.version,
      };
    }
    case 'SwotAnalysisRecorded': {
      const { districtId: _id, ...analysis } = event.data;
      const latest = current.latestSwotAnalysis;
      const isLatest = !latest || analysis.conductedOn >= latest.conductedOn;
      return {
        swotAnalysisCount: analysis.analysisNumber,
        ...(isLatest ? { latestSwotAnalysis: { ...analysis, recordedAt: at } } : {}),
      };
    }
    case 'ActionFieldPlanRecorded': {
      const { districtId: _id, actionFieldId, ...revision } = event.data;
      const plans = [...current.actionFieldPlans];
      const index = plans.findIndex((p) => p.actionFieldId === actionFieldId);
      const previous = plans[index];
      const history = previous ? [...previous.history, revisionOf(previous)] : [];
      const plan: ActionFieldPlanDoc = { actionFieldId, ...revision, recordedAt: at, history };
      if (previous) plans[index] = plan;
      else plans.push(plan);
      return { actionFieldPlans: plans };
    }
    case 'ContextIndicatorValueRecorded': {
      const { indicatorKey, unit, referenceDate, value, source } = event.data;
      const recordedValue: ContextIndicatorValueDoc = { referenceDate, value, source, recordedAt: at, corrections: [] };
      return { contextIndicators: withIndicatorValue(current.contextIndicators, indicatorKey, unit, recordedValue) };
    }
    case 'ContextIndicatorValueCorrected': {
      const { indicatorKey, referenceDate, value, source, reason, previousValue, previousSource } = event.data;
      const indicator = current.contextIndicators.find((i) => i.indicatorKey === indicatorKey);
      const recorded = indicator?.values.find((v) => v.referenceDate === referenceDate);
      if (!indicator || !recorded) return {};
      const correction: IndicatorCorrectionDoc = { previousValue, previousSource, reason, correctedAt: at };
      const corrected = { ...recorded, value, source, corrections: [...recorded.corrections, correction] };
      return { contextIndicators: withIndicatorValue(current.contextIndicators, indicatorKey, indicator.unit, corrected) };
    }
    case 'DistrictProgrammeClosed':
      return { status: 'closed', closedOn: event.data.closedOn, closureReason: event.data.reason, closedAt: at };
  }
}

function revisionOf({ revision, situation, potentials, obstacles, recordedAt }: ActionFieldPlanDoc): ActionFieldPlanRevisionDoc {
  return { revision, situation, potentials, obstacles, recordedAt };
}

/** Puts the value in its place by reference date (replacing one of the same date) and recomputes the latest. */
function withIndicatorValue(
  indicators: readonly ContextIndicatorDoc[],
  indicatorKey: string,
  unit: string,
  value: ContextIndicatorValueDoc,
): ContextIndicatorDoc[] {
  const existing = indicators.find((i) => i.indicatorKey === indicatorKey);
  const values = [...(existing?.values ?? []).filter((v) => v.referenceDate !== value.referenceDate), value].sort((a, b) =>
    a.referenceDate < b.referenceDate ? -1 : a.referenceDate > b.referenceDate ? 1 : 0,
  );
  const indicator: ContextIndicatorDoc = { indicatorKey, unit, latest: values.at(-1)!, values };
  return existing
    ? indicators.map((i) => (i.indicatorKey === indicatorKey ? indicator : i))
    : [...indicators, indicator];
}
