import type { RecordedEvent } from '../../src/core/envelope';
import type { DistrictEvent } from '../../src/districts/domain/districts.events';
import type { FundingLevel, FundingProgrammeEvent } from '../../src/funding/domain/funding-programmes.events';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import type { ApprovalTerms, GrantEvent } from '../../src/funding/domain/grants.events';
import type { GoalEvent } from '../../src/goals/domain/goals.events';
import type { MeasureStatus } from '../../src/measures/domain/measures.decider';
import type { MeasureEvent } from '../../src/measures/domain/measures.events';
import type { GoalStatus } from '../goals/goals.projection';
import { proofDeadlines, proofKey, type ProofDeadlineDoc } from '../grants/proof-deadlines';
import type { DocRef, DocWrite, Projection } from '../runner/projection';

/*
 * The dashboard keeps one small entry per district, goal, measure, grant and programme, each carrying its district.
 * Totals are summed when the dashboard is read: most events name only their own entity (a goal's review names the
 * goal, not the district), so a projection — which may read only the documents the event names — cannot keep
 * district totals up to date, while summing a district's few hundred entries on read is cheap.
 */

export const DASHBOARD_DISTRICTS = 'dashboard_districts';
export const DASHBOARD_GOALS = 'dashboard_goals';
export const DASHBOARD_MEASURES = 'dashboard_measures';
export const DASHBOARD_GRANTS = 'dashboard_grants';
export const DASHBOARD_PROGRAMMES = 'dashboard_programmes';

export type DashboardDistrictDoc = {
  id: string;
  name: string;
  status: 'registered' | 'closed';
  /** Date of the latest SWOT analysis (by the date it was carried out); null before the first. */
  latestSwotDate: string | null;
  latestSwotAnalysisNumber: number | null;
  /** The concept version adopted last (the one in force). */
  conceptVersion: { version: number; title: string; adoptedOn: string } | null;
  [key: string]: unknown;
};

export type DashboardGoalDoc = {
  id: string;
  districtId: string;
  status: GoalStatus;
  actionFieldIds: string[];
  [key: string]: unknown;
};

export type DashboardMeasureDoc = {
  id: string;
  districtId: string;
  code: string;
  title: string;
  status: Exclude<MeasureStatus, 'none'>;
  actionFieldIds: string[];
  integrated: boolean;
  plannedEndDate: string;
  [key: string]: unknown;
};

export type DashboardGrantDoc = {
  id: string;
  districtId: string;
  programmeId: string;
  programmeLevel: FundingLevel;
  fund: string;
  status: GrantStatus;
  measureIds: string[];
  requested: number;
  /** Maximum amount of the approval in force; 0 before approval. */
  approved: number;
  disbursed: number;
  spent: number;
  repaid: number;
  approvalTerms: ApprovalTerms | null;
  proofDeadlines: ProofDeadlineDoc[];
  /** `proofKey`s of the proofs submitted (whatever their later status). */
  submittedProofs: string[];
  [key: string]: unknown;
};

export type DashboardProgrammeDoc = { id: string; name: string; level: FundingLevel; fund: string; [key: string]: unknown };

const DISTRICT_TYPES = ['DistrictRegistered', 'DistrictProfileUpdated', 'ConceptVersionAdopted', 'SwotAnalysisRecorded', 'DistrictProgrammeClosed'] as const;
const GOAL_TYPES = ['GoalDefined', 'GoalRevised', 'GoalMarkedAchieved', 'GoalAbandoned'] as const;
const MEASURE_TYPES = ['MeasurePlanned', 'MeasureApproved', 'MeasureStarted', 'MeasureSuspended', 'MeasureResumed', 'MeasureCompleted', 'MeasureCancelled'] as const;
const GRANT_TYPES = [
  'GrantApplicationSubmitted',
  'GrantApplicationSupplemented',
  'GrantApplicationWithdrawn',
  'GrantApproved',
  'GrantApplicationRejected',
  'GrantAmended',
  'GrantRevoked',
  'GrantFundsDisbursed',
  'ExpenditureRecorded',
  'ProofOfUseSubmitted',
  'RepaymentReceived',
  'GrantClosed',
] as const;
const PROGRAMME_TYPES = ['FundingProgrammeAdded', 'FundingProgrammeUpdated'] as const;

type Handled =
  | Extract<DistrictEvent, { type: (typeof DISTRICT_TYPES)[number] }>
  | Extract<GoalEvent, { type: (typeof GOAL_TYPES)[number] }>
  | Extract<MeasureEvent, { type: (typeof MEASURE_TYPES)[number] }>
  | Extract<GrantEvent, { type: (typeof GRANT_TYPES)[number] }>
  | Extract<FundingProgrammeEvent, { type: (typeof PROGRAMME_TYPES)[number] }>;

const asEvent = (event: RecordedEvent) => event as unknown as Handled & RecordedEvent;

/** The one entry an event is about. */
function entryOf(event: Handled): DocRef {
  switch (event.type) {
    case 'DistrictRegistered':
    case 'DistrictProfileUpdated':
    case 'ConceptVersionAdopted':
    case 'SwotAnalysisRecorded':
    case 'DistrictProgrammeClosed':
      return { collection: DASHBOARD_DISTRICTS, id: event.data.districtId };
    case 'GoalDefined':
    case 'GoalRevised':
    case 'GoalMarkedAchieved':
    case 'GoalAbandoned':
      return { collection: DASHBOARD_GOALS, id: event.data.goalId };
    case 'FundingProgrammeAdded':
    case 'FundingProgrammeUpdated':
      return { collection: DASHBOARD_PROGRAMMES, id: event.data.programmeId };
    default:
      if ('measureId' in event.data) return { collection: DASHBOARD_MEASURES, id: event.data.measureId };
      return { collection: DASHBOARD_GRANTS, id: event.data.grantId };
  }
}

export const districtDashboardProjection: Projection = {
  name: 'district-dashboard',
  version: 1,
  eventTypes: [...DISTRICT_TYPES, ...GOAL_TYPES, ...MEASURE_TYPES, ...GRANT_TYPES, ...PROGRAMME_TYPES],
  collections: [
    { name: DASHBOARD_DISTRICTS },
    { name: DASHBOARD_GOALS, indexes: [['districtId']] },
    { name: DASHBOARD_MEASURES, indexes: [['districtId']] },
    { name: DASHBOARD_GRANTS, indexes: [['districtId']] },
    { name: DASHBOARD_PROGRAMMES },
  ],

  documentsFor: (event) => [entryOf(asEvent(event))],

  apply(recorded, docs) {
    const event = asEvent(recorded);
    const { collection, id } = entryOf(event);
    const next = nextEntry(event, docs.get(collection, id));
    return next ? [{ collection, doc: next } satisfies DocWrite] : [];
  },
};

type Entry = DashboardDistrictDoc | DashboardGoalDoc | DashboardMeasureDoc | DashboardGrantDoc | DashboardProgrammeDoc;

/** The entry after the event; null when there is nothing to apply it to (or nothing changes). */
function nextEntry(event: Handled, current: Record<string, unknown> | null): Entry | null {
  switch (event.type) {
    case 'DistrictRegistered':
      return {
        id: event.data.districtId,
        name: event.data.name,
        status: 'registered',
        latestSwotDate: null,
        latestSwotAnalysisNumber: null,
        conceptVersion: null,
      } satisfies DashboardDistrictDoc;
    case 'GoalDefined':
      return {
        id: event.data.goalId,
        districtId: event.data.districtId,
        status: 'ACTIVE',
        actionFieldIds: event.data.actionFieldIds,
      } satisfies DashboardGoalDoc;
    case 'MeasurePlanned': {
      const { measureId, districtId, code, title, actionFieldIds, integrated, plannedEndDate } = event.data;
      return { id: measureId, districtId, code, title, status: 'planned', actionFieldIds, integrated, plannedEndDate } satisfies DashboardMeasureDoc;
    }
    case 'GrantApplicationSubmitted': {
      const { grantId, districtId, programmeId, programmeLevel, fund, measureIds, requestedAmount } = event.data;
      return {
        id: grantId,
        districtId,
        programmeId,
        programmeLevel,
        fund,
        status: 'submitted',
        measureIds,
        requested: requestedAmount,
        approved: 0,
        disbursed: 0,
        spent: 0,
        repaid: 0,
        approvalTerms: null,
        proofDeadlines: [],
        submittedProofs: [],
      } satisfies DashboardGrantDoc;
    }
    case 'FundingProgrammeAdded': {
      const { programmeId, name, level, fund } = event.data;
      return { id: programmeId, name, level, fund } satisfies DashboardProgrammeDoc;
    }
  }
  if (!current) return null;
  switch (event.type) {
    case 'DistrictProfileUpdated': {
      const district = current as DashboardDistrictDoc;
      return { ...district, name: event.data.changes.name ?? district.name };
    }
    case 'ConceptVersionAdopted': {
      const { version, title, adoptedOn } = event.data;
      return { ...(current as DashboardDistrictDoc), conceptVersion: { version, title, adoptedOn } };
    }
    case 'SwotAnalysisRecorded': {
      const district = current as DashboardDistrictDoc;
      // Of equal dates the analysis recorded last counts, as on the district record.
      if (district.latestSwotDate !== null && event.data.conductedOn < district.latestSwotDate) return null;
      return { ...district, latestSwotDate: event.data.conductedOn, latestSwotAnalysisNumber: event.data.analysisNumber };
    }
    case 'DistrictProgrammeClosed':
      return { ...(current as DashboardDistrictDoc), status: 'closed' };
    case 'GoalRevised': {
      const goal = current as DashboardGoalDoc;
      return { ...goal, actionFieldIds: event.data.changes.actionFieldIds ?? goal.actionFieldIds };
    }
    case 'GoalMarkedAchieved':
      return { ...(current as DashboardGoalDoc), status: 'ACHIEVED' };
    case 'GoalAbandoned':
      return { ...(current as DashboardGoalDoc), status: 'ABANDONED' };
    case 'MeasureApproved':
      return { ...(current as DashboardMeasureDoc), status: 'approved' };
    case 'MeasureStarted':
    case 'MeasureResumed':
      return { ...(current as DashboardMeasureDoc), status: 'running' };
    case 'MeasureSuspended':
      return { ...(current as DashboardMeasureDoc), status: 'suspended' };
    case 'MeasureCompleted':
      return { ...(current as DashboardMeasureDoc), status: 'completed' };
    case 'MeasureCancelled':
      return { ...(current as DashboardMeasureDoc), status: 'cancelled' };
    case 'FundingProgrammeUpdated': {
      const { name, level, fund } = event.data.changes;
      const programme = current as DashboardProgrammeDoc;
      return { ...programme, name: name ?? programme.name, level: level ?? programme.level, fund: fund ?? programme.fund };
    }
    default:
      return nextGrant(event, current as DashboardGrantDoc);
  }
}

type GrantHandled = Extract<Handled, { type: (typeof GRANT_TYPES)[number] }>;

function nextGrant(event: GrantHandled, grant: DashboardGrantDoc): DashboardGrantDoc {
  switch (event.type) {
    case 'GrantApplicationSubmitted':
      return grant;
    case 'GrantApplicationSupplemented':
      return { ...grant, requested: event.data.changes.requestedAmount ?? grant.requested };
    case 'GrantApplicationWithdrawn':
      return { ...grant, status: 'withdrawn' };
    case 'GrantApplicationRejected':
      return { ...grant, status: 'rejected' };
    case 'GrantApproved':
      return withTerms({ ...grant, status: 'approved' }, event.data);
    case 'GrantAmended':
      return grant.approvalTerms ? withTerms(grant, { ...grant.approvalTerms, ...event.data.changes }) : grant;
    case 'GrantRevoked':
      return { ...grant, status: 'revoked' };
    case 'GrantClosed':
      return { ...grant, status: 'closed' };
    case 'GrantFundsDisbursed':
      return { ...grant, disbursed: grant.disbursed + event.data.amount };
    case 'ExpenditureRecorded':
      return { ...grant, spent: grant.spent + event.data.amount };
    case 'RepaymentReceived':
      return { ...grant, repaid: grant.repaid + event.data.amount };
    case 'ProofOfUseSubmitted': {
      const key = proofKey(event.data.kind, event.data.budgetYear);
      return grant.submittedProofs.includes(key) ? grant : { ...grant, submittedProofs: [...grant.submittedProofs, key] };
    }
  }
}

function withTerms(grant: DashboardGrantDoc, terms: ApprovalTerms): DashboardGrantDoc {
  const { maximumAmount, eligibleExpenditure, approvalPeriod, reportDeadlines } = terms;
  const approvalTerms: ApprovalTerms = { maximumAmount, eligibleExpenditure, approvalPeriod, reportDeadlines };
  return { ...grant, approved: maximumAmount, approvalTerms, proofDeadlines: proofDeadlines(approvalTerms) };
}
