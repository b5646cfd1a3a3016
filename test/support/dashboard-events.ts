import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../src/core/envelope';
import type { GivenEvent } from './projection-spec';

/**
 * A small district history for the dashboard and matrix specs: three action fields, two programmes, a district
 * with a revised profile, two concept versions and two SWOT analyses, goals, measures and grants in every state
 * the dashboard counts, and a second district whose records must not leak into the first one's figures.
 */

export const ids = {
  district: randomUUID(),
  otherDistrict: randomUUID(),
  goals: { achieved: randomUUID(), revised: randomUUID(), abandoned: randomUUID(), elsewhere: randomUUID() },
  measures: { running: randomUUID(), planned: randomUUID(), cancelled: randomUUID(), completed: randomUUID() },
  grants: { approved: randomUUID(), withdrawn: randomUUID(), revoked: randomUUID() },
};

const event = (streamId: string, type: string, data: JsonObject, day = '2024-01-01'): GivenEvent => ({
  streamId,
  type,
  data,
  metadata: { recordedAt: `${day}T09:00:00.000Z` },
});

const district = (id: string) => `district-${id}`;
const goal = (id: string) => `goal-${id}`;
const measure = (id: string) => `measure-${id}`;
const grant = (id: string) => `grant-${id}`;

const registered = (districtId: string, name: string) =>
  event(district(districtId), 'DistrictRegistered', {
    districtId,
    name,
    municipality: 'Halle (Saale)',
    municipalityKey: '15002000',
    programmes: ['Sozialer Zusammenhalt'],
    designation: { number: 'VII/2019/001', date: '2019-03-27' },
    areaHectares: 120,
    startDate: '2019-04-01',
    expectedEndDate: null,
  });

const goalDefined = (goalId: string, districtId: string, actionFieldIds: string[]) =>
  event(goal(goalId), 'GoalDefined', {
    goalId,
    districtId,
    actionFieldIds,
    title: `Ziel ${goalId.slice(0, 4)}`,
    description: 'Beschreibung',
    conceptVersion: 1,
    indicators: [],
  });

const planned = (measureId: string, code: string, actionFieldIds: string[], plannedEndDate: string) =>
  event(measure(measureId), 'MeasurePlanned', {
    measureId,
    code,
    title: `Maßnahme ${code}`,
    description: null,
    districtId: ids.district,
    actionFieldIds,
    integrated: actionFieldIds.length >= 2,
    goalContributions: [],
    sponsor: { name: 'Quartiersverein e. V.', type: 'ASSOCIATION' },
    location: 'Neustadt',
    plannedStartDate: '2024-01-01',
    plannedEndDate,
    resources: [],
    targetGroups: [],
    budgetCents: null,
  });

const submitted = (grantId: string, programmeId: string, programmeLevel: string, measureId: string, requestedAmount: number) =>
  event(grant(grantId), 'GrantApplicationSubmitted', {
    grantId,
    programmeId,
    programmeLevel,
    fund: programmeLevel === 'FEDERAL' ? 'ESF Plus' : 'Städtebauförderung',
    districtId: ids.district,
    measureIds: [measureId],
    requestedAmount,
    plan: { totalEligibleCost: requestedAmount, ownShare: 0, thirdPartyFunds: 0 },
    period: { from: '2024-01-01', to: '2025-12-31' },
    earlyStartRequested: false,
  });

const approved = (grantId: string, maximumAmount: number) =>
  event(grant(grantId), 'GrantApproved', {
    grantId,
    version: 1,
    referenceNumber: `Z-${grantId.slice(0, 4)}`,
    authority: 'Landesverwaltungsamt',
    approvedOn: '2024-01-10',
    purpose: 'Quartiersarbeit',
    financingType: 'SHARE',
    maximumAmount,
    eligibleExpenditure: maximumAmount,
    approvalPeriod: { from: '2024-01-01', to: '2025-12-31' },
    reportDeadlines: [],
  });

const catalogue = 'catalogue-action-fields';
const programmes = 'catalogue-funding-programmes';

export const dashboardHistory: GivenEvent[] = [
  event(catalogue, 'ActionFieldAdded', { actionFieldId: 'participation', number: 1, name: 'Participation', nameDe: 'Beteiligung' }),
  event(catalogue, 'ActionFieldAdded', { actionFieldId: 'housing', number: 3, name: 'Housing', nameDe: 'Wohnen' }),
  event(catalogue, 'ActionFieldAdded', { actionFieldId: 'employment', number: 5, name: 'Employment', nameDe: 'Beschäftigung' }),
  event(programmes, 'FundingProgrammeAdded', {
    programmeId: 'biwaq',
    name: 'BIWAQ',
    level: 'FEDERAL',
    fund: 'ESF Plus',
    legalBasis: 'Förderrichtlinie BIWAQ',
    generalConditions: 'ANBest-P 2019',
    retentionYears: 10,
  }),
  event(programmes, 'FundingProgrammeAdded', {
    programmeId: 'sozialer-zusammenhalt',
    name: 'Sozialer Zusammenhalt',
    level: 'STATE',
    fund: 'Städtebauförderung',
    legalBasis: 'VV Städtebauförderung',
    generalConditions: 'ANBest-P 2019',
    retentionYears: 5,
  }),
  registered(ids.district, 'Halle-Neustadt'),
  registered(ids.otherDistrict, 'Magdeburg Neustädter Feld'),
  event(district(ids.district), 'DistrictProfileUpdated', {
    districtId: ids.district,
    changes: { name: 'Halle-Neustadt Süd' },
    previous: { name: 'Halle-Neustadt' },
  }),
  event(district(ids.district), 'ConceptVersionAdopted', {
    districtId: ids.district,
    version: 1,
    title: 'ISEK 2023',
    adoptedOn: '2023-05-10',
    adoptedByBodyId: 'b',
    decisionRef: 'b/d1',
    summary: 'erste Fassung',
  }),
  event(district(ids.district), 'SwotAnalysisRecorded', {
    districtId: ids.district,
    analysisNumber: 1,
    conductedOn: '2023-03-01',
    items: [],
    participatingBodyIds: [],
  }),
  // Recorded later but carried out earlier: not the latest analysis.
  event(district(ids.district), 'SwotAnalysisRecorded', {
    districtId: ids.district,
    analysisNumber: 2,
    conductedOn: '2022-11-01',
    items: [],
    participatingBodyIds: [],
  }),
  event(district(ids.district), 'ConceptVersionAdopted', {
    districtId: ids.district,
    version: 2,
    title: 'ISEK 2024',
    adoptedOn: '2024-06-01',
    adoptedByBodyId: 'b',
    decisionRef: 'b/d2',
    summary: 'Fortschreibung',
  }),
  goalDefined(ids.goals.achieved, ids.district, ['participation', 'employment']),
  event(goal(ids.goals.achieved), 'GoalMarkedAchieved', { goalId: ids.goals.achieved, reviewId: 'r1' }),
  goalDefined(ids.goals.revised, ids.district, ['housing']),
  event(goal(ids.goals.revised), 'GoalRevised', {
    goalId: ids.goals.revised,
    changes: { actionFieldIds: ['housing', 'participation'] },
    previous: { actionFieldIds: ['housing'] },
  }),
  goalDefined(ids.goals.abandoned, ids.district, ['employment']),
  event(goal(ids.goals.abandoned), 'GoalAbandoned', { goalId: ids.goals.abandoned }),
  goalDefined(ids.goals.elsewhere, ids.otherDistrict, ['housing']),
  planned(ids.measures.running, 'HN-01', ['participation', 'employment'], '2026-12-31'),
  event(measure(ids.measures.running), 'MeasureApproved', { measureId: ids.measures.running, approvedOn: '2024-01-12' }),
  event(measure(ids.measures.running), 'MeasureStarted', {
    measureId: ids.measures.running,
    actualStartDate: '2024-02-01',
    grantIds: [ids.grants.approved],
  }),
  planned(ids.measures.planned, 'HN-02', ['housing'], '2026-03-31'),
  planned(ids.measures.cancelled, 'HN-03', ['participation', 'housing'], '2025-12-31'),
  event(measure(ids.measures.cancelled), 'MeasureCancelled', {
    measureId: ids.measures.cancelled,
    reason: 'kein Träger',
    previousStatus: 'planned',
  }),
  planned(ids.measures.completed, 'HN-04', ['employment'], '2025-06-30'),
  event(measure(ids.measures.completed), 'MeasureCompleted', { measureId: ids.measures.completed, actualEndDate: '2025-06-30' }),
  submitted(ids.grants.approved, 'biwaq', 'FEDERAL', ids.measures.running, 10_000_000),
  approved(ids.grants.approved, 9_000_000),
  event(grant(ids.grants.approved), 'GrantFundsDisbursed', {
    grantId: ids.grants.approved,
    disbursementId: 'd1',
    amount: 3_000_000,
    neededBy: '2024-03-31',
    paidOn: '2024-02-15',
  }),
  event(grant(ids.grants.approved), 'ExpenditureRecorded', {
    grantId: ids.grants.approved,
    expenditureId: 'e1',
    date: '2024-03-01',
    payee: 'Druckerei',
    purpose: 'Flyer',
    amount: 2_000_000,
    budgetLine: 'Sachkosten',
    receiptReference: 'R-1',
    receiptFileHash: 'a'.repeat(64),
    receiptTotal: 2_000_000,
  }),
  event(grant(ids.grants.approved), 'ProofOfUseSubmitted', {
    grantId: ids.grants.approved,
    kind: 'INTERIM',
    budgetYear: 2024,
    reportSummary: 'Sachbericht',
    statementTotal: 2_000_000,
    receiptsCount: 1,
  }),
  event(grant(ids.grants.approved), 'RepaymentReceived', {
    grantId: ids.grants.approved,
    demandId: 'r1',
    amount: 100_000,
    receivedOn: '2025-01-10',
  }),
  submitted(ids.grants.withdrawn, 'sozialer-zusammenhalt', 'STATE', ids.measures.planned, 5_000_000),
  event(grant(ids.grants.withdrawn), 'GrantApplicationWithdrawn', { grantId: ids.grants.withdrawn, reason: 'zu früh' }),
  submitted(ids.grants.revoked, 'sozialer-zusammenhalt', 'STATE', ids.measures.completed, 4_000_000),
  approved(ids.grants.revoked, 4_000_000),
  event(grant(ids.grants.revoked), 'GrantRevoked', { grantId: ids.grants.revoked, reason: 'Zweck verfehlt', revokedOn: '2025-02-01' }),
];
