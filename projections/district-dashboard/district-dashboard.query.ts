import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../src/core/domain-error';
import { FUNDING_LEVELS, type FundingLevel } from '../../src/funding/domain/funding-programmes.events';
import type { GrantStatus } from '../../src/funding/domain/grants.decider';
import type { ProofKind } from '../../src/funding/domain/grants.events';
import { READ_STORE, type Doc, type ReadStore } from '../../src/read-store/read-store.port';
import { ACTION_FIELDS_COLLECTION, type ActionFieldDoc } from '../action-fields/action-fields.projection';
import { isOverdue, proofKey } from '../grants/proof-deadlines';
import {
  DASHBOARD_DISTRICTS,
  DASHBOARD_GOALS,
  DASHBOARD_GRANTS,
  DASHBOARD_MEASURES,
  DASHBOARD_PROGRAMMES,
  type DashboardDistrictDoc,
  type DashboardGoalDoc,
  type DashboardGrantDoc,
  type DashboardMeasureDoc,
  type DashboardProgrammeDoc,
} from './district-dashboard.projection';

export type StatusCount = { status: string; count: number };

export type FundingAmounts = {
  grantCount: number;
  /** Requested by applications not withdrawn. */
  requested: number;
  /** Maximum amounts of the approvals in force (approved or closed grants). */
  approved: number;
  disbursed: number;
  spent: number;
  repaid: number;
};

export type FundingBreakdown = {
  total: FundingAmounts;
  byLevel: (FundingAmounts & { level: FundingLevel })[];
  byProgramme: (FundingAmounts & { programmeId: string; name: string; level: FundingLevel; fund: string })[];
};

export type DashboardSection = {
  goalCount: number;
  goalsByStatus: StatusCount[];
  measureCount: number;
  measuresByStatus: StatusCount[];
  /** Measures serving two or more action fields, of those not cancelled. */
  integratedMeasureCount: number;
  /** integratedMeasureCount / measures not cancelled, 0–100 (one decimal); null when there are none. */
  integratedSharePercent: number | null;
  funding: FundingBreakdown;
};

export type DeadlineKind = 'INTERIM_PROOF' | 'FINAL_PROOF' | 'MEASURE_PLANNED_END';

export type DashboardDeadline = {
  kind: DeadlineKind;
  dueOn: string;
  overdue: boolean;
  grantId: string | null;
  budgetYear: number | null;
  measureId: string | null;
  /** Measure code and title, or the programme of the grant. */
  label: string;
};

export type DistrictDashboard = {
  districtId: string;
  name: string;
  status: DashboardDistrictDoc['status'];
  latestSwotDate: string | null;
  latestSwotAnalysisNumber: number | null;
  conceptVersion: DashboardDistrictDoc['conceptVersion'];
  /** The day overdue flags were computed for. */
  today: string;
  totals: DashboardSection;
  /** One section per action field any goal or measure of the district serves, in catalogue order. */
  actionFields: (DashboardSection & { actionFieldId: string; name: string | null; number: number | null })[];
  /** Open deadlines (proofs not yet submitted, planned ends of unfinished measures), earliest first. */
  nextDeadlines: DashboardDeadline[];
};

export class DistrictDashboardQuery extends Query<DistrictDashboard> {
  constructor(
    readonly districtId: string,
    /** YYYY-MM-DD from the clock at the edge. */
    readonly today: string,
    readonly deadlineLimit: number,
  ) {
    super();
  }
}

const GOAL_STATUSES = ['ACTIVE', 'ACHIEVED', 'ABANDONED'] as const;
const MEASURE_STATUSES = ['planned', 'approved', 'running', 'suspended', 'completed', 'cancelled'] as const;
/** Grant statuses whose approval counts in the approved totals (a revoked approval no longer does). */
export const APPROVAL_IN_FORCE: ReadonlySet<GrantStatus> = new Set<GrantStatus>(['approved', 'closed']);
const MEASURE_FINISHED: ReadonlySet<string> = new Set(['completed', 'cancelled']);
const PAGE = 1000;

/** Every document of the district in a collection (pages through). */
async function allOfDistrict<T extends Doc>(store: ReadStore, collection: string, districtId: string): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.find<T>(collection, { filter: { districtId }, limit: PAGE, after });
    items.push(...page.items);
    if (!page.hasNextPage || page.endCursor === null) return items;
    after = page.endCursor;
  }
}

const countBy = (statuses: readonly string[], items: readonly { status: string }[]): StatusCount[] =>
  statuses.map((status) => ({ status, count: items.filter((i) => i.status === status).length }));

const noAmounts = (): FundingAmounts => ({ grantCount: 0, requested: 0, approved: 0, disbursed: 0, spent: 0, repaid: 0 });

function addGrant(amounts: FundingAmounts, grant: DashboardGrantDoc): void {
  amounts.grantCount += 1;
  if (grant.status !== 'withdrawn') amounts.requested += grant.requested;
  if (APPROVAL_IN_FORCE.has(grant.status)) amounts.approved += grant.approved;
  amounts.disbursed += grant.disbursed;
  amounts.spent += grant.spent;
  amounts.repaid += grant.repaid;
}

function fundingOf(grants: readonly DashboardGrantDoc[], programmes: ReadonlyMap<string, DashboardProgrammeDoc>): FundingBreakdown {
  const total = noAmounts();
  const byLevel = new Map<FundingLevel, FundingAmounts>(FUNDING_LEVELS.map((level) => [level, noAmounts()]));
  const byProgramme = new Map<string, FundingBreakdown['byProgramme'][number]>();
  for (const grant of grants) {
    addGrant(total, grant);
    addGrant(byLevel.get(grant.programmeLevel)!, grant);
    let programme = byProgramme.get(grant.programmeId);
    if (!programme) {
      const known = programmes.get(grant.programmeId);
      programme = {
        programmeId: grant.programmeId,
        name: known?.name ?? grant.programmeId,
        level: grant.programmeLevel,
        fund: grant.fund,
        ...noAmounts(),
      };
      byProgramme.set(grant.programmeId, programme);
    }
    addGrant(programme, grant);
  }
  return {
    total,
    byLevel: FUNDING_LEVELS.map((level) => ({ level, ...byLevel.get(level)! })),
    byProgramme: [...byProgramme.values()].sort((a, b) => a.name.localeCompare(b.name) || a.programmeId.localeCompare(b.programmeId)),
  };
}

function sectionOf(
  goals: readonly DashboardGoalDoc[],
  measures: readonly DashboardMeasureDoc[],
  grants: readonly DashboardGrantDoc[],
  programmes: ReadonlyMap<string, DashboardProgrammeDoc>,
): DashboardSection {
  const live = measures.filter((m) => m.status !== 'cancelled');
  const integrated = live.filter((m) => m.actionFieldIds.length >= 2).length;
  return {
    goalCount: goals.length,
    goalsByStatus: countBy(GOAL_STATUSES, goals),
    measureCount: measures.length,
    measuresByStatus: countBy(MEASURE_STATUSES, measures),
    integratedMeasureCount: integrated,
    integratedSharePercent: live.length === 0 ? null : Math.round((integrated / live.length) * 1000) / 10,
    funding: fundingOf(grants, programmes),
  };
}

function deadlinesOf(
  measures: readonly DashboardMeasureDoc[],
  grants: readonly DashboardGrantDoc[],
  programmes: ReadonlyMap<string, DashboardProgrammeDoc>,
  today: string,
): DashboardDeadline[] {
  const deadlines: DashboardDeadline[] = [];
  for (const grant of grants) {
    if (grant.status !== 'approved') continue;
    const submitted = new Set(grant.submittedProofs);
    for (const deadline of grant.proofDeadlines) {
      if (submitted.has(proofKey(deadline.kind, deadline.budgetYear))) continue;
      deadlines.push({
        kind: proofDeadlineKind(deadline.kind),
        dueOn: deadline.dueOn,
        overdue: isOverdue(deadline, submitted, grant.status, today),
        grantId: grant.id,
        budgetYear: deadline.budgetYear,
        measureId: null,
        label: programmes.get(grant.programmeId)?.name ?? grant.programmeId,
      });
    }
  }
  for (const measure of measures) {
    if (MEASURE_FINISHED.has(measure.status)) continue;
    deadlines.push({
      kind: 'MEASURE_PLANNED_END',
      dueOn: measure.plannedEndDate,
      overdue: today > measure.plannedEndDate,
      grantId: null,
      budgetYear: null,
      measureId: measure.id,
      label: `${measure.code} ${measure.title}`,
    });
  }
  return deadlines.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.label.localeCompare(b.label));
}

const proofDeadlineKind = (kind: ProofKind): DeadlineKind => (kind === 'INTERIM' ? 'INTERIM_PROOF' : 'FINAL_PROOF');

@QueryHandler(DistrictDashboardQuery)
export class DistrictDashboardHandler implements IQueryHandler<DistrictDashboardQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ districtId, today, deadlineLimit }: DistrictDashboardQuery): Promise<DistrictDashboard> {
    const district = await this.readStore.get<DashboardDistrictDoc>(DASHBOARD_DISTRICTS, districtId);
    if (!district) throw notFound('District', districtId);
    const [goals, measures, grants] = await Promise.all([
      allOfDistrict<DashboardGoalDoc>(this.readStore, DASHBOARD_GOALS, districtId),
      allOfDistrict<DashboardMeasureDoc>(this.readStore, DASHBOARD_MEASURES, districtId),
      allOfDistrict<DashboardGrantDoc>(this.readStore, DASHBOARD_GRANTS, districtId),
    ]);
    const programmeIds = [...new Set(grants.map((g) => g.programmeId))];
    const programmes = new Map(
      (await this.readStore.getMany<DashboardProgrammeDoc>(DASHBOARD_PROGRAMMES, programmeIds)).map((p) => [p.id, p]),
    );

    const fieldIds = new Set([...goals.flatMap((g) => g.actionFieldIds), ...measures.flatMap((m) => m.actionFieldIds)]);
    const fields = new Map(
      (await this.readStore.getMany<ActionFieldDoc>(ACTION_FIELDS_COLLECTION, [...fieldIds])).map((f) => [f.id, f]),
    );
    const measuresById = new Map(measures.map((m) => [m.id, m]));
    // A grant counts for every action field its measures serve, so the action-field sums overlap by design.
    const fieldsOfGrant = (grant: DashboardGrantDoc) =>
      new Set(grant.measureIds.flatMap((id) => measuresById.get(id)?.actionFieldIds ?? []));
    const actionFields = [...fieldIds]
      .map((actionFieldId) => ({
        actionFieldId,
        name: fields.get(actionFieldId)?.name ?? null,
        number: fields.get(actionFieldId)?.number ?? null,
        ...sectionOf(
          goals.filter((g) => g.actionFieldIds.includes(actionFieldId)),
          measures.filter((m) => m.actionFieldIds.includes(actionFieldId)),
          grants.filter((g) => fieldsOfGrant(g).has(actionFieldId)),
          programmes,
        ),
      }))
      .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.actionFieldId.localeCompare(b.actionFieldId));

    return {
      districtId,
      name: district.name,
      status: district.status,
      latestSwotDate: district.latestSwotDate,
      latestSwotAnalysisNumber: district.latestSwotAnalysisNumber,
      conceptVersion: district.conceptVersion,
      today,
      totals: sectionOf(goals, measures, grants, programmes),
      actionFields,
      nextDeadlines: deadlinesOf(measures, grants, programmes, today).slice(0, deadlineLimit),
    };
  }
}
