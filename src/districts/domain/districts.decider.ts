import type { Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import { isAfterToday } from '../../core/business-date';
import type {
  AdoptConceptVersion,
  CloseDistrictProgramme,
  CorrectContextIndicatorValue,
  DistrictCommand,
  RecordActionFieldPlan,
  RecordContextIndicatorValue,
  RecordSwotAnalysis,
} from './districts.commands';
import type { ActionFieldPlanContent, DistrictEvent, DistrictProfile } from './districts.events';

/** What goals and reviews need of a concept version: which one, since when, adopted by which decision. */
export type ConceptVersionSummary = { version: number; title: string; adoptedOn: string; decisionRef: string };

export type ActionFieldPlan = ActionFieldPlanContent & { revision: number };

/** The values of one context indicator by reference date; the unit is fixed by the first value. */
export type ContextIndicatorSeries = {
  unit: string;
  values: ReadonlyMap<string, { value: number; source: string }>;
};

export type RegisteredDistrict = {
  /** `closed`: the programme has ended; every command on the district is refused. */
  status: 'registered' | 'closed';
  profile: DistrictProfile;
  /** In version order, which is also adoption-date order. */
  conceptVersions: readonly ConceptVersionSummary[];
  swotAnalysisCount: number;
  /** Current plan per action field id. */
  actionFieldPlans: ReadonlyMap<string, ActionFieldPlan>;
  /** Series per indicator key. */
  contextIndicators: ReadonlyMap<string, ContextIndicatorSeries>;
  closedOn: string | null;
};

export type DistrictState = { status: 'unregistered' } | RegisteredDistrict;

const PROFILE_FIELDS = [
  'name',
  'municipality',
  'municipalityKey',
  'programmes',
  'designation',
  'areaHectares',
  'startDate',
  'expectedEndDate',
] as const satisfies readonly (keyof DistrictProfile)[];

/** Part of every district's identity: can be changed, never cleared. */
const REQUIRED_FIELDS = new Set<keyof DistrictProfile>(['name', 'municipality', 'municipalityKey', 'programmes', 'designation']);

/** Unit of indicators given as a share; their values lie between 0 and 100. */
const PERCENT = '%';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const districtsDecider: Decider<DistrictState, DistrictCommand, DistrictEvent> = {
  category: 'district',
  schemaVersion: 1,

  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    if (event.type === 'DistrictRegistered') {
      const { districtId: _id, ...profile } = event.data;
      return {
        status: 'registered',
        profile,
        conceptVersions: [],
        swotAnalysisCount: 0,
        actionFieldPlans: new Map(),
        contextIndicators: new Map(),
        closedOn: null,
      };
    }
    if (state.status === 'unregistered') return state;
    switch (event.type) {
      case 'DistrictProfileUpdated':
        return { ...state, profile: { ...state.profile, ...event.data.changes } };
      case 'ConceptVersionAdopted': {
        const { version, title, adoptedOn, decisionRef } = event.data;
        return { ...state, conceptVersions: [...state.conceptVersions, { version, title, adoptedOn, decisionRef }] };
      }
      case 'SwotAnalysisRecorded':
        return { ...state, swotAnalysisCount: event.data.analysisNumber };
      case 'ActionFieldPlanRecorded': {
        const { districtId: _id, actionFieldId, ...plan } = event.data;
        return { ...state, actionFieldPlans: new Map(state.actionFieldPlans).set(actionFieldId, plan) };
      }
      case 'ContextIndicatorValueRecorded':
      case 'ContextIndicatorValueCorrected': {
        const { indicatorKey, referenceDate, value, source } = event.data;
        const series = state.contextIndicators.get(indicatorKey);
        const unit = event.type === 'ContextIndicatorValueRecorded' ? event.data.unit : (series?.unit ?? '');
        const values = new Map(series?.values).set(referenceDate, { value, source });
        return { ...state, contextIndicators: new Map(state.contextIndicators).set(indicatorKey, { unit, values }) };
      }
      case 'DistrictProgrammeClosed':
        return { ...state, status: 'closed', closedOn: event.data.closedOn };
    }
  },

  decide(command, state) {
    if (command.type === 'RegisterDistrict') {
      if (state.status !== 'unregistered') {
        throw ruleViolated('DISTRICT_EXISTS', `District ${command.data.districtId} is already registered`);
      }
      assertDates(command.data);
      return [{ type: 'DistrictRegistered', data: command.data }];
    }
    const district = openDistrict(state, command.data.districtId);
    switch (command.type) {
      case 'UpdateDistrictProfile':
        return updateProfile(command.data, district);
      case 'AdoptConceptVersion':
        return adoptConceptVersion(command, district);
      case 'RecordSwotAnalysis':
        return recordSwotAnalysis(command, district);
      case 'RecordActionFieldPlan':
        return recordActionFieldPlan(command.data, district);
      case 'RecordContextIndicatorValue':
        return recordContextIndicatorValue(command, district);
      case 'CorrectContextIndicatorValue':
        return correctContextIndicatorValue(command.data, district);
      case 'CloseDistrictProgramme':
        return closeProgramme(command, district);
    }
  },

  /** The stream is the district; until it is registered, only the registration names it. */
  districtOf: (command, state) =>
    state.status !== 'unregistered' || command.type === 'RegisterDistrict' ? command.data.districtId : null,
};

/**
 * The concept version in force on a date: the highest version adopted on or before it, or null when none was
 * adopted yet. Versions are adopted in date order (the decider enforces it), so that is the last one adopted by then.
 */
export function conceptVersionInForce(state: DistrictState, isoDate: string): ConceptVersionSummary | null {
  return state.status === 'unregistered' ? null : versionInForce(state.conceptVersions, isoDate);
}

/** The same rule over any list of versions in version order (the read model uses it, too). */
export function versionInForce<V extends { adoptedOn: string }>(versions: readonly V[], isoDate: string): V | null {
  return versions.findLast((v) => v.adoptedOn <= isoDate) ?? null;
}

/** The district a command may change: registered, and its programme not closed. */
function openDistrict(state: DistrictState, districtId: string): RegisteredDistrict {
  if (state.status === 'unregistered') throw notFound('District', districtId);
  if (state.status === 'closed') {
    throw ruleViolated(
      'DISTRICT_CLOSED',
      `The programme of district ${districtId} was closed on ${state.closedOn}; its record is read-only`,
      { districtId },
    );
  }
  return state;
}

function updateProfile(
  { districtId, changes: requested }: { districtId: string; changes: Partial<DistrictProfile> },
  district: RegisteredDistrict,
): DistrictEvent[] {
  const changes: Partial<DistrictProfile> = {};
  const previous: Partial<DistrictProfile> = {};
  for (const field of PROFILE_FIELDS) {
    const next = requested[field];
    if (next === undefined || same(next, district.profile[field])) continue;
    if (next === null && REQUIRED_FIELDS.has(field)) throw badInput(`${field} cannot be cleared`, { field });
    Object.assign(changes, { [field]: next });
    Object.assign(previous, { [field]: district.profile[field] });
  }
  if (Object.keys(changes).length === 0) return [];
  assertDates({ ...district.profile, ...changes });
  return [{ type: 'DistrictProfileUpdated', data: { districtId, changes, previous } }];
}

function adoptConceptVersion({ data, context }: AdoptConceptVersion, district: RegisteredDistrict): DistrictEvent[] {
  const { references, ...concept } = data;
  const { decision } = references;
  if (!decision) {
    throw ruleViolated(
      'BODY_DECISION_NOT_RECORDED',
      `The cited decision ${concept.decisionRef} was not recorded by any body`,
      { decisionRef: concept.decisionRef },
    );
  }
  if (decision.districtId !== concept.districtId) {
    throw ruleViolated('BODY_OF_OTHER_DISTRICT', 'The adopting decision was taken by a body of another district', {
      decisionRef: concept.decisionRef,
    });
  }
  // A concept is adopted by a decision in favour; a rejected or deferred one is evidence, not an adoption.
  if (decision.outcome !== 'ADOPTED') {
    throw ruleViolated(
      'DISTRICT_CONCEPT_DECISION_NOT_ADOPTING',
      `Decision ${concept.decisionRef} was ${decision.outcome}, so it adopted nothing`,
      { decisionRef: concept.decisionRef, outcome: decision.outcome },
    );
  }
  if (concept.adoptedOn < decision.heldOn) {
    throw ruleViolated(
      'DISTRICT_CONCEPT_BEFORE_DECISION',
      'A concept cannot be adopted before the meeting that decided it',
      { adoptedOn: concept.adoptedOn, heldOn: decision.heldOn },
    );
  }
  assertNotInFuture('adoptedOn', concept.adoptedOn, context.now);
  const previous = district.conceptVersions.at(-1);
  // Keeps "the version in force on a date" unambiguous: a later version never takes effect before an earlier one.
  if (previous && concept.adoptedOn < previous.adoptedOn) {
    throw ruleViolated(
      'DISTRICT_CONCEPT_BEFORE_PREVIOUS',
      `Version ${previous.version} was adopted on ${previous.adoptedOn}; a new version cannot predate it`,
      { adoptedOn: concept.adoptedOn, previousAdoptedOn: previous.adoptedOn },
    );
  }
  const usedBy = district.conceptVersions.find((v) => v.decisionRef === concept.decisionRef);
  if (usedBy) {
    throw ruleViolated(
      'DISTRICT_CONCEPT_DECISION_USED',
      `Decision ${concept.decisionRef} already adopted version ${usedBy.version}`,
      { decisionRef: concept.decisionRef },
    );
  }
  const version = district.conceptVersions.length + 1;
  return [{ type: 'ConceptVersionAdopted', data: { ...concept, version, adoptedByBodyId: decision.bodyId } }];
}

function recordSwotAnalysis({ data, context }: RecordSwotAnalysis, district: RegisteredDistrict): DistrictEvent[] {
  const { references, ...analysis } = data;
  if (analysis.items.length === 0) throw badInput('A SWOT analysis needs at least one item');
  assertNotInFuture('conductedOn', analysis.conductedOn, context.now);
  assertActionFieldsKnown(
    analysis.items.map((item) => item.actionFieldId),
    references.knownActionFieldIds,
  );
  if (new Set(analysis.participatingBodyIds).size !== analysis.participatingBodyIds.length) {
    throw badInput('A participating body is named twice');
  }
  for (const bodyId of analysis.participatingBodyIds) {
    const body = references.bodies.find((b) => b.bodyId === bodyId);
    if (!body) throw ruleViolated('BODY_UNKNOWN', `Body ${bodyId} does not exist`, { bodyId });
    if (body.districtId !== analysis.districtId) {
      throw ruleViolated('BODY_OF_OTHER_DISTRICT', `Body ${bodyId} belongs to another district`, { bodyId });
    }
    const existedThen =
      body.establishedOn <= analysis.conductedOn && (body.dissolvedOn === null || body.dissolvedOn >= analysis.conductedOn);
    if (!existedThen) {
      throw ruleViolated('BODY_NOT_EXISTING_ON_DATE', `Body ${bodyId} did not exist on ${analysis.conductedOn}`, {
        bodyId,
        establishedOn: body.establishedOn,
        dissolvedOn: body.dissolvedOn,
      });
    }
  }
  const analysisNumber = district.swotAnalysisCount + 1;
  return [{ type: 'SwotAnalysisRecorded', data: { ...analysis, analysisNumber } }];
}

function recordActionFieldPlan(data: RecordActionFieldPlan['data'], district: RegisteredDistrict): DistrictEvent[] {
  const { references, districtId, actionFieldId, situation, potentials, obstacles } = data;
  assertActionFieldsKnown([actionFieldId], references.knownActionFieldIds);
  const current = district.actionFieldPlans.get(actionFieldId);
  const plan = { situation, potentials, obstacles };
  if (current && same(plan, { situation: current.situation, potentials: current.potentials, obstacles: current.obstacles })) {
    return [];
  }
  const revision = (current?.revision ?? 0) + 1;
  return [{ type: 'ActionFieldPlanRecorded', data: { districtId, actionFieldId, revision, ...plan } }];
}

function recordContextIndicatorValue(
  { data, context }: RecordContextIndicatorValue,
  district: RegisteredDistrict,
): DistrictEvent[] {
  const { indicatorKey, referenceDate, unit } = data;
  const series = district.contextIndicators.get(indicatorKey);
  if (series?.values.has(referenceDate)) {
    throw ruleViolated(
      'DISTRICT_INDICATOR_VALUE_EXISTS',
      `${indicatorKey} is already recorded for ${referenceDate}; send a correction with a reason`,
      { indicatorKey, referenceDate },
    );
  }
  // Values over time are only comparable in one unit.
  if (series && series.unit !== unit) {
    throw ruleViolated(
      'DISTRICT_INDICATOR_UNIT_MISMATCH',
      `${indicatorKey} is recorded in "${series.unit}", not "${unit}"`,
      { indicatorKey, unit: series.unit },
    );
  }
  assertNotInFuture('referenceDate', referenceDate, context.now);
  assertValueFitsUnit(indicatorKey, data.value, unit);
  return [{ type: 'ContextIndicatorValueRecorded', data }];
}

function correctContextIndicatorValue(
  data: CorrectContextIndicatorValue['data'],
  district: RegisteredDistrict,
): DistrictEvent[] {
  const { indicatorKey, referenceDate } = data;
  const series = district.contextIndicators.get(indicatorKey);
  const recorded = series?.values.get(referenceDate);
  if (!series || !recorded) {
    throw ruleViolated(
      'DISTRICT_INDICATOR_VALUE_MISSING',
      `No value of ${indicatorKey} is recorded for ${referenceDate}: nothing to correct`,
      { indicatorKey, referenceDate },
    );
  }
  if (recorded.value === data.value && recorded.source === data.source) return [];
  assertValueFitsUnit(indicatorKey, data.value, series.unit);
  return [
    {
      type: 'ContextIndicatorValueCorrected',
      data: { ...data, previousValue: recorded.value, previousSource: recorded.source },
    },
  ];
}

function closeProgramme({ data, context }: CloseDistrictProgramme, district: RegisteredDistrict): DistrictEvent[] {
  const { designation, startDate } = district.profile;
  const earliest = startDate && startDate > designation.date ? startDate : designation.date;
  if (data.closedOn < earliest) {
    throw ruleViolated(
      'DISTRICT_CLOSE_BEFORE_START',
      `The programme cannot close before it began (${earliest})`,
      { closedOn: data.closedOn, earliest },
    );
  }
  assertNotInFuture('closedOn', data.closedOn, context.now);
  return [{ type: 'DistrictProgrammeClosed', data }];
}

function assertDates(profile: Pick<DistrictProfile, 'startDate' | 'expectedEndDate'>): void {
  if (profile.startDate && profile.expectedEndDate && profile.expectedEndDate < profile.startDate) {
    throw ruleViolated('DISTRICT_END_BEFORE_START', 'The expected end date lies before the start date', {
      startDate: profile.startDate,
      expectedEndDate: profile.expectedEndDate,
    });
  }
}

/** Analyses, adoptions, values and closures are facts: they are recorded once they happened. */
function assertNotInFuture(field: string, isoDate: string, now: Date): void {
  if (isAfterToday(isoDate, now)) {
    throw ruleViolated('DISTRICT_DATE_IN_FUTURE', `${field} ${isoDate} lies in the future`, { [field]: isoDate });
  }
}

function assertActionFieldsKnown(actionFieldIds: readonly string[], known: readonly string[]): void {
  const catalogue = new Set(known);
  const unknown = [...new Set(actionFieldIds.filter((id) => !catalogue.has(id)))];
  if (unknown.length > 0) {
    throw ruleViolated(
      'ACTION_FIELD_UNKNOWN',
      `Not in the action-field catalogue: ${unknown.join(', ')}`,
      { actionFieldIds: unknown },
    );
  }
}

function assertValueFitsUnit(indicatorKey: string, value: number, unit: string): void {
  if (unit === PERCENT && (value < 0 || value > 100)) {
    throw ruleViolated(
      'DISTRICT_INDICATOR_PERCENT_RANGE',
      `${indicatorKey} is a share in %: ${value} is not between 0 and 100`,
      { indicatorKey, value },
    );
  }
}
