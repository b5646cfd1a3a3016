import { createHash } from 'node:crypto';
import { deterministicUuid } from '../../core/ids';
import type { CommandOptions, DemoActor, DemoMutation, JsonObject, JsonValue } from './demo-client';

/**
 * The demo data set: neighbourhood management in Halle-Neustadt (Halle (Saale), AGS 15002000) and Magdeburg
 * Neustädter Feld (Magdeburg, AGS 15003000), told as the commands its users would have sent, section by section.
 *
 * Names of organisations, reference numbers and figures are illustrative; the state programme is invented for
 * the demo. Residents appear only as counts. Every command id is `deterministicUuid('demo', <label>)` and every
 * entity id is fixed, so loading the set twice records nothing the second time: labels must never change once
 * published (a changed label is a new command).
 */

export interface DemoStep {
  /** Unique; the command id is derived from it. */
  label: string;
  mutation: DemoMutation;
  actor: DemoActor;
  input: JsonObject;
  options?: Omit<CommandOptions, 'commandId'>;
}

export interface DemoSection {
  name: string;
  steps: readonly DemoStep[];
}

/** Fixed id of a demo entity, e.g. `demoId('district', 'halle-neustadt')`. */
export const demoId = (kind: string, key: string): string => deterministicUuid('demo', kind, key);

/** Command id of a step. */
export const demoCommandId = (label: string): string => deterministicUuid('demo', label);

const HALLE_NEUSTADT = demoId('district', 'halle-neustadt');
const NEUSTAEDTER_FELD = demoId('district', 'magdeburg-neustaedter-feld');

// ── People: user ids and roles, never names ───────────────────────────────────────────────────────────────────

export const ACTORS = {
  /** Stadtteilmanagerin Halle-Neustadt */
  stmHalle: { id: 'stm-halle-1', role: 'district_manager', districts: [HALLE_NEUSTADT] },
  /** Stadtteilmanager Neustädter Feld */
  stmMagdeburg: { id: 'stm-magdeburg-1', role: 'district_manager', districts: [NEUSTAEDTER_FELD] },
  /** Fördermittelverwaltung der Stadt Halle (Saale): approves measures */
  fmHalle: { id: 'fm-halle-1', role: 'funding_officer' },
  /** Fördermittelverwaltung der Landeshauptstadt Magdeburg: approves measures */
  fmMagdeburg: { id: 'fm-magdeburg-1', role: 'funding_officer' },
  /** Landesverwaltungsamt Sachsen-Anhalt: Städtebauförderung and state programme */
  fmLvwa: { id: 'fm-lvwa-1', role: 'funding_officer' },
  /** Investitionsbank Sachsen-Anhalt: ESF Plus and EFRE */
  fmIb: { id: 'fm-ib-1', role: 'funding_officer' },
  /** Bundesverwaltungsamt: BIWAQ */
  fmBva: { id: 'fm-bva-1', role: 'funding_officer' },
  /** Keeps the programme catalogue */
  admin: { id: 'admin-1', role: 'admin' },
} as const satisfies Record<string, DemoActor>;

const { stmHalle, stmMagdeburg, fmHalle, fmMagdeburg, fmLvwa, fmIb, fmBva, admin } = ACTORS;

// ── Ids ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const DEMO_IDS = {
  districts: {
    halle: HALLE_NEUSTADT,
    magdeburg: NEUSTAEDTER_FELD,
  },
  bodies: {
    halleForum: demoId('body', 'halle-bewohnerforum'),
    halleSteering: demoId('body', 'halle-steuerungsrunde'),
    halleWorkingGroup: demoId('body', 'halle-ag-arbeit'),
    halleJury: demoId('body', 'halle-verfuegungsfonds-jury'),
    halleSponsors: demoId('body', 'halle-traegerrunde'),
    magdeburgForum: demoId('body', 'magdeburg-bewohnerforum'),
    magdeburgSteering: demoId('body', 'magdeburg-steuerungsrunde'),
    magdeburgWorkingGroup: demoId('body', 'magdeburg-ag-wohnumfeld'),
    magdeburgJury: demoId('body', 'magdeburg-verfuegungsfonds-jury'),
  },
  goals: {
    halleWork: demoId('goal', 'halle-arbeit'),
    hallePublicSpace: demoId('goal', 'halle-oeffentlicher-raum'),
    halleYouth: demoId('goal', 'halle-jugend'),
    magdeburgNeighbourhood: demoId('goal', 'magdeburg-nachbarschaft'),
    magdeburgHealth: demoId('goal', 'magdeburg-gesundheit'),
  },
  measures: {
    halleWorkInSocialInstitutions: demoId('measure', 'HN-2024-01'),
    hallePlaza: demoId('measure', 'HN-2024-02'),
    halleImage: demoId('measure', 'HN-2021-03'),
    halleGuides: demoId('measure', 'HN-2025-04'),
    magdeburgGardens: demoId('measure', 'MD-NF-2024-01'),
    magdeburgHealthGuides: demoId('measure', 'MD-NF-2023-02'),
    magdeburgCommunityCentre: demoId('measure', 'MD-NF-2022-03'),
  },
  grants: {
    halleEsf: demoId('grant', 'halle-esf-teilhabe'),
    halleState: demoId('grant', 'halle-land-teilhabe'),
    hallePlaza: demoId('grant', 'halle-sz-tulpenbrunnen'),
    halleImage: demoId('grant', 'halle-sz-image'),
    halleBiwaq: demoId('grant', 'halle-biwaq-lotsen'),
    magdeburgEfre: demoId('grant', 'magdeburg-efre-hoefe'),
    magdeburgBiwaq: demoId('grant', 'magdeburg-biwaq-gesundheit'),
    magdeburgState: demoId('grant', 'magdeburg-land-feldtreff'),
    magdeburgCommunityCentre: demoId('grant', 'magdeburg-sz-feldtreff'),
  },
} as const;

const { districts: D, bodies: B, goals: G, measures: M, grants: GR } = DEMO_IDS;

// ── Small helpers that keep the data below readable ──────────────────────────────────────────────────────────

const step = (
  label: string,
  actor: DemoActor,
  mutation: DemoMutation,
  input: JsonObject,
  options?: Omit<CommandOptions, 'commandId'>,
): DemoStep => ({ label, actor, mutation, input, ...(options ? { options } : {}) });

/** Euro to integer cents. */
const euro = (amount: number): number => Math.round(amount * 100);

/** A body's decision, cited elsewhere as `<bodyId>/<decisionId>`. */
const decisionRef = (bodyId: string, decisionId: string): string => `${bodyId}/${decisionId}`;

type Votes = readonly [inFavour: number, against: number, abstentions: number];

const decision = (
  decisionId: string,
  outcome: 'ADOPTED' | 'REJECTED' | 'DEFERRED',
  subject: string,
  votes: Votes | null,
  rationale: string,
): JsonObject => ({
  decisionId,
  outcome,
  subject,
  rationale,
  ...(votes ? { votes: { for: votes[0], against: votes[1], abstentions: votes[2] } } : {}),
});

interface Meeting {
  heldOn: string;
  attendance: number;
  agendaItems: string[];
  decisions?: JsonObject[];
  /** Declared conflicts of interest: counts per decision, never names. */
  conflictsOfInterest?: { decisionId: string; count: number }[];
}

const meetings = (body: string, bodyId: string, actor: DemoActor, list: readonly Meeting[]): DemoStep[] =>
  list.map((m) =>
    step(`${body}: meeting ${m.heldOn}`, actor, 'recordMeeting', {
      bodyId,
      meetingId: m.heldOn,
      heldOn: m.heldOn,
      attendance: m.attendance,
      agendaItems: m.agendaItems,
      decisions: m.decisions ?? [],
      conflictsOfInterest: m.conflictsOfInterest ?? [],
    }),
  );

type SwotKind = 'STRENGTH' | 'WEAKNESS' | 'OPPORTUNITY' | 'THREAT';
const swot = (kind: SwotKind, actionFieldId: string, statement: string, evidence: string): JsonObject => ({
  kind,
  actionFieldId,
  statement,
  evidence,
});

interface Plan {
  situation: string;
  potentials: string;
  obstacles: string;
}

const actionFieldPlans = (
  district: string,
  districtId: string,
  actor: DemoActor,
  recordedOn: string,
  plans: Readonly<Record<string, Plan>>,
): DemoStep[] =>
  Object.entries(plans).map(([actionFieldId, plan]) =>
    step(`${district}: action-field plan ${actionFieldId} ${recordedOn}`, actor, 'recordActionFieldPlan', {
      districtId,
      actionFieldId,
      ...plan,
    }, { effectiveAt: recordedOn }),
  );

/** Values of a context indicator by reference date. */
const indicatorSeries = (
  district: string,
  districtId: string,
  actor: DemoActor,
  indicatorKey: string,
  unit: string,
  source: string,
  values: Readonly<Record<string, number>>,
): DemoStep[] =>
  Object.entries(values).map(([referenceDate, value]) =>
    step(`${district}: ${indicatorKey} ${referenceDate}`, actor, 'recordContextIndicatorValue', {
      districtId,
      indicatorKey,
      referenceDate,
      unit,
      source,
      value,
    }),
  );

interface Indicator {
  indicatorId: string;
  code: string;
  name: string;
  unit: string;
  measureType: 'UNIT' | 'PERCENTAGE' | 'QUALITATIVE';
  direction: 'ASCENDING' | 'DESCENDING';
  /** [value or text, date, source] */
  baseline: readonly [number | string, string, string];
  /** [value or text, date] */
  target: readonly [number | string, string];
}

const valueOrText = (value: number | string): JsonObject => (typeof value === 'number' ? { value } : { text: value });

const indicator = (i: Indicator): JsonObject => ({
  indicatorId: i.indicatorId,
  code: i.code,
  name: i.name,
  unit: i.unit,
  measureType: i.measureType,
  direction: i.direction,
  baseline: { ...valueOrText(i.baseline[0]), date: i.baseline[1], source: i.baseline[2] },
  target: { ...valueOrText(i.target[0]), date: i.target[1] },
});

interface Review {
  reviewedOn: string;
  period: readonly [from: string, to: string];
  kind?: 'ONGOING' | 'FINAL';
  conceptVersion: number;
  /** indicatorId → [value or text, measured on, source] */
  measurements: Readonly<Record<string, readonly [number | string, string, string]>>;
  assessment: 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'ACHIEVED' | 'NOT_ACHIEVED';
  goalAchievement: string;
  effect: string;
  costEffectiveness: string;
  recommendations?: string[];
}

const reviewId = (goal: string, reviewedOn: string): string => demoId('review', `${goal}-${reviewedOn}`);

const review = (goal: string, goalId: string, actor: DemoActor, r: Review): DemoStep =>
  step(`goal ${goal}: review ${r.reviewedOn}`, actor, 'recordGoalReview', {
    goalId,
    reviewId: reviewId(goal, r.reviewedOn),
    reviewedOn: r.reviewedOn,
    period: { from: r.period[0], to: r.period[1] },
    kind: r.kind ?? 'ONGOING',
    conceptVersion: r.conceptVersion,
    measurements: Object.entries(r.measurements).map(([indicatorId, [value, measuredOn, source]]) => ({
      indicatorId,
      ...valueOrText(value),
      measuredOn,
      source,
    })),
    assessment: r.assessment,
    successControl: { goalAchievement: r.goalAchievement, effect: r.effect, costEffectiveness: r.costEffectiveness },
    recommendations: r.recommendations ?? [],
  });

interface Resource {
  kind: 'KNOW_HOW' | 'ORGANISATIONS' | 'PROGRAMMES' | 'FUNDS' | 'COMPETENCES' | 'CREATIVITY';
  description: string;
  euro?: number;
}

const resources = (list: readonly Resource[]): JsonValue =>
  list.map(({ kind, description, euro: amount }) => ({
    kind,
    description,
    ...(amount !== undefined ? { amountCents: euro(amount) } : {}),
  }));

interface Progress {
  reportedOn: string;
  progressPercent?: number;
  /** [milestoneId, title, reached on] */
  milestone?: readonly [string, string, string];
  outputs?: Readonly<Record<string, number>>;
}

const progress = (measure: string, measureId: string, actor: DemoActor, list: readonly Progress[]): DemoStep[] =>
  list.map((p) =>
    step(`measure ${measure}: progress ${p.reportedOn}`, actor, 'reportMeasureProgress', {
      measureId,
      reportedOn: p.reportedOn,
      ...(p.progressPercent !== undefined ? { progressPercent: p.progressPercent } : {}),
      ...(p.milestone ? { milestone: { milestoneId: p.milestone[0], title: p.milestone[1], reachedOn: p.milestone[2] } } : {}),
      ...(p.outputs ? { outputs: { ...p.outputs } } : {}),
    }),
  );

/** Mittelabrufe: [paid on, needed by, euro]. */
const disbursements = (
  grant: string,
  grantId: string,
  actor: DemoActor,
  list: readonly (readonly [paidOn: string, neededBy: string, amount: number])[],
): DemoStep[] =>
  list.map(([paidOn, neededBy, amount]) =>
    step(`grant ${grant}: disbursement ${paidOn}`, actor, 'disburseGrantFunds', {
      grantId,
      disbursementId: demoId('disbursement', `${grant}-${paidOn}`),
      amount: euro(amount),
      neededBy,
      paidOn,
    }),
  );

interface Receipt {
  date: string;
  payee: string;
  purpose: string;
  budgetLine: string;
  receiptReference: string;
  /** Total of the receipt in euro */
  total: number;
  /** The part of the receipt charged to this grant in euro (its financing share) */
  declared: number;
}

/** The SHA-256 of the (imaginary) scanned receipt. */
const receiptHash = (reference: string): string => createHash('sha256').update(`Beleg ${reference}`).digest('hex');

const expenditures = (grant: string, grantId: string, actor: DemoActor, list: readonly Receipt[]): DemoStep[] =>
  list.map((r) =>
    step(`grant ${grant}: expenditure ${r.receiptReference}`, actor, 'recordExpenditure', {
      grantId,
      expenditureId: demoId('expenditure', `${grant}-${r.receiptReference}`),
      date: r.date,
      payee: r.payee,
      purpose: r.purpose,
      amount: euro(r.declared),
      budgetLine: r.budgetLine,
      receiptReference: r.receiptReference,
      receiptFileHash: receiptHash(r.receiptReference),
      receiptTotal: euro(r.total),
    }),
  );

interface Proof {
  /** Budget year of an interim proof; omitted for the final proof */
  budgetYear?: number;
  submittedOn: string;
  reportSummary: string;
  statementTotal: number;
  receiptsCount: number;
}

const proofRef = (grantId: string, budgetYear?: number): JsonObject =>
  budgetYear === undefined ? { grantId, kind: 'FINAL' } : { grantId, kind: 'INTERIM', budgetYear };

const proofName = (budgetYear?: number) => (budgetYear === undefined ? 'final proof' : `interim proof ${budgetYear}`);

const submitProof = (grant: string, grantId: string, actor: DemoActor, p: Proof, resubmission = false): DemoStep =>
  step(
    `grant ${grant}: ${proofName(p.budgetYear)} ${resubmission ? 'resubmitted' : 'submitted'} ${p.submittedOn}`,
    actor,
    'submitProofOfUse',
    {
      ...proofRef(grantId, p.budgetYear),
      reportSummary: p.reportSummary,
      statementTotal: euro(p.statementTotal),
      receiptsCount: p.receiptsCount,
    },
    { effectiveAt: p.submittedOn },
  );

const acceptProof = (grant: string, grantId: string, actor: DemoActor, acceptedOn: string, budgetYear?: number): DemoStep =>
  step(`grant ${grant}: ${proofName(budgetYear)} accepted`, actor, 'acceptProofOfUse', proofRef(grantId, budgetYear), {
    effectiveAt: acceptedOn,
  });

const queryProof = (
  grant: string,
  grantId: string,
  actor: DemoActor,
  queriedOn: string,
  budgetYear: number | undefined,
  questions: string[],
): DemoStep =>
  step(`grant ${grant}: ${proofName(budgetYear)} queried ${queriedOn}`, actor, 'queryProofOfUse', {
    ...proofRef(grantId, budgetYear),
    questions,
  }, { effectiveAt: queriedOn });

type Deadline = readonly [kind: 'INTERIM' | 'FINAL', dueOn: string, budgetYear?: number];
const deadlines = (list: readonly Deadline[]): JsonValue =>
  list.map(([kind, dueOn, budgetYear]) => ({ kind, dueOn, ...(budgetYear !== undefined ? { budgetYear } : {}) }));

// ── 1. Funding programmes ─────────────────────────────────────────────────────────────────────────────────────

const programmes: DemoSection = {
  name: 'funding programmes',
  steps: [
    step('programme esf-plus-sachsen-anhalt', admin, 'addFundingProgramme', {
      programmeId: 'esf-plus-sachsen-anhalt',
      name: 'ESF Plus Sachsen-Anhalt 2021–2027 – Soziale Teilhabe und Beschäftigung',
      level: 'EU',
      fund: 'ESF Plus',
      legalBasis: 'Verordnung (EU) 2021/1057; Förderrichtlinie Soziale Teilhabe durch Beschäftigung Sachsen-Anhalt',
      generalConditions: 'ANBest-P Sachsen-Anhalt',
      retentionYears: 5,
    }),
    step('programme efre-sachsen-anhalt', admin, 'addFundingProgramme', {
      programmeId: 'efre-sachsen-anhalt',
      name: 'EFRE Sachsen-Anhalt 2021–2027 – Nachhaltige Stadtentwicklung',
      level: 'EU',
      fund: 'EFRE',
      legalBasis: 'Verordnung (EU) 2021/1058; Richtlinie Nachhaltige Stadtentwicklung Sachsen-Anhalt',
      generalConditions: 'ANBest-Gk Sachsen-Anhalt',
      retentionYears: 5,
    }),
    step('programme sozialer-zusammenhalt', admin, 'addFundingProgramme', {
      programmeId: 'sozialer-zusammenhalt',
      name: 'Sozialer Zusammenhalt – Zusammenleben im Quartier gemeinsam gestalten',
      level: 'FEDERAL',
      fund: 'Städtebauförderung Sozialer Zusammenhalt',
      legalBasis: 'Verwaltungsvereinbarung Städtebauförderung; Städtebauförderungsrichtlinie Sachsen-Anhalt',
      generalConditions: 'ANBest-Gk Sachsen-Anhalt',
      retentionYears: 5,
    }),
    step('programme biwaq', admin, 'addFundingProgramme', {
      programmeId: 'biwaq',
      name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
      level: 'FEDERAL',
      fund: 'BIWAQ (ESF Plus und Bundesmittel)',
      legalBasis: 'Förderrichtlinie BIWAQ V, Förderperiode 2021–2027',
      generalConditions: 'ANBest-P 2019',
      retentionYears: 10,
    }),
    step('programme lsa-quartier-teilhabe', admin, 'addFundingProgramme', {
      programmeId: 'lsa-quartier-teilhabe',
      name: 'Landesprogramm Teilhabe im Quartier Sachsen-Anhalt',
      level: 'STATE',
      fund: 'Landesmittel Sachsen-Anhalt',
      legalBasis: 'Richtlinie Teilhabe im Quartier (Landesprogramm, Fassung 2021)',
      generalConditions: 'ANBest-P Sachsen-Anhalt',
      retentionYears: 5,
    }),
  ],
};

// ── 2. Districts ──────────────────────────────────────────────────────────────────────────────────────────────

const districts: DemoSection = {
  name: 'districts',
  steps: [
    step('halle: register district', stmHalle, 'registerDistrict', {
      districtId: D.halle,
      name: 'Halle-Neustadt',
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt', 'ESF Plus', 'BIWAQ'],
      designation: { number: 'VII/2019/00512', date: '2019-06-26' },
      areaHectares: 412,
      startDate: '2019-07-01',
      expectedEndDate: '2030-12-31',
    }, { reason: 'Festlegung als Fördergebiet durch Beschluss des Stadtrats vom 26.06.2019' }),
    step('magdeburg: register district', stmMagdeburg, 'registerDistrict', {
      districtId: D.magdeburg,
      name: 'Neustädter Feld',
      municipality: 'Magdeburg',
      municipalityKey: '15003000',
      programmes: ['Sozialer Zusammenhalt', 'EFRE'],
      designation: { number: 'DS0318/19', date: '2019-11-14' },
      areaHectares: 118,
      startDate: '2020-01-01',
      expectedEndDate: '2032-12-31',
    }, { reason: 'Festlegung als Fördergebiet durch Beschluss des Stadtrats vom 14.11.2019' }),
  ],
};

// ── 3. Bodies ─────────────────────────────────────────────────────────────────────────────────────────────────

const body = (
  label: string,
  actor: DemoActor,
  bodyId: string,
  districtId: string,
  kind: 'RESIDENT_FORUM' | 'WORKING_GROUP' | 'STEERING_ROUND' | 'LOCAL_FUND_JURY' | 'PROJECT_SPONSOR',
  name: string,
  establishedOn: string,
  description: string,
): DemoStep => step(`${label}: establish`, actor, 'establishBody', { bodyId, districtId, kind, name, establishedOn, description });

const bodies: DemoSection = {
  name: 'bodies',
  steps: [
    body('halle steering round', stmHalle, B.halleSteering, D.halle, 'STEERING_ROUND',
      'Steuerungsrunde Sozialer Zusammenhalt Halle-Neustadt', '2019-08-20',
      'Fachbereiche der Stadt Halle (Saale), Jobcenter, Wohnungsunternehmen und Quartiersmanagement; beschließt das ISEK und priorisiert Vorhaben.'),
    body('halle resident forum', stmHalle, B.halleForum, D.halle, 'RESIDENT_FORUM',
      'Bewohnerforum Halle-Neustadt', '2019-09-12',
      'Offenes Forum für alle Bewohnerinnen und Bewohner; tagt vierteljährlich im Stadtteilzentrum.'),
    body('halle working group', stmHalle, B.halleWorkingGroup, D.halle, 'WORKING_GROUP',
      'Arbeitsgruppe Arbeit und Qualifizierung', '2020-02-04',
      'Jobcenter, Bildungsträger, soziale Einrichtungen und Quartiersmanagement stimmen Beschäftigungsangebote ab.'),
    body('halle jury', stmHalle, B.halleJury, D.halle, 'LOCAL_FUND_JURY',
      'Verfügungsfonds-Jury Halle-Neustadt', '2020-03-10',
      'Sieben gewählte Mitglieder aus Bewohnerschaft und Vereinen entscheiden über Anträge an den Verfügungsfonds.'),
    body('halle sponsors', stmHalle, B.halleSponsors, D.halle, 'PROJECT_SPONSOR',
      'Trägerrunde Halle-Neustadt', '2021-01-19',
      'Zusammenschluss der Projektträger im Fördergebiet; stimmt Einsatzstellen und Öffentlichkeitsarbeit ab.'),
    body('magdeburg steering round', stmMagdeburg, B.magdeburgSteering, D.magdeburg, 'STEERING_ROUND',
      'Steuerungsrunde Neustädter Feld', '2019-12-03',
      'Stadtplanungsamt, Jugendamt, Gesundheitsamt, Wohnungsgenossenschaft und Quartiersmanagement.'),
    body('magdeburg resident forum', stmMagdeburg, B.magdeburgForum, D.magdeburg, 'RESIDENT_FORUM',
      'Bewohnerforum Neustädter Feld', '2020-01-22',
      'Offenes Forum der Bewohnerschaft; tagt drei- bis viermal im Jahr.'),
    body('magdeburg working group', stmMagdeburg, B.magdeburgWorkingGroup, D.magdeburg, 'WORKING_GROUP',
      'Arbeitsgruppe Wohnumfeld und Sicherheit', '2020-05-12',
      'Bewohnerinnen und Bewohner, Wohnungsgenossenschaft, Polizei und Grünflächenamt.'),
    body('magdeburg jury', stmMagdeburg, B.magdeburgJury, D.magdeburg, 'LOCAL_FUND_JURY',
      'Jury Verfügungsfonds Neustädter Feld', '2020-06-02',
      'Fünf Mitglieder aus dem Bewohnerforum vergeben Mittel für kleine Nachbarschaftsprojekte.'),
  ],
};

// ── 4. Meetings and decisions ─────────────────────────────────────────────────────────────────────────────────

const meetingsSection: DemoSection = {
  name: 'meetings',
  steps: [
    ...meetings('halle steering round', B.halleSteering, stmHalle, [
      {
        heldOn: '2019-10-15',
        attendance: 14,
        agendaItems: ['Konstituierung', 'Geschäftsordnung', 'Zeitplan für das ISEK'],
        decisions: [
          decision('SR-2019-01', 'ADOPTED', 'Geschäftsordnung der Steuerungsrunde', [14, 0, 0],
            'Einstimmig; Beschlüsse werden mit einfacher Mehrheit der Anwesenden gefasst.'),
        ],
      },
      {
        heldOn: '2020-03-18',
        attendance: 13,
        agendaItems: ['ISEK Halle-Neustadt 2030 – Beschlussfassung', 'Verfügungsfonds 2020'],
        decisions: [
          decision('SR-2020-01', 'ADOPTED', 'Beschluss des ISEK Halle-Neustadt 2030', [12, 0, 1],
            'Das Konzept wurde in drei Bewohnerforen und zwei Fachwerkstätten erarbeitet und bündelt acht Handlungsfelder.'),
          decision('SR-2020-02', 'ADOPTED', 'Ausstattung des Verfügungsfonds 2020 mit 15.000 €', [13, 0, 0],
            'Kleine Projekte aus der Bewohnerschaft sollen schnell und unbürokratisch unterstützt werden.'),
        ],
      },
      {
        heldOn: '2021-02-23',
        attendance: 12,
        agendaItems: ['Stadtteilzeitung und Imagekampagne', 'Förderantrag Sozialer Zusammenhalt 2021'],
        decisions: [
          decision('SR-2021-01', 'ADOPTED', 'Förderantrag „Stadtteilzeitung und Imagekampagne“', [11, 0, 1],
            'Das negative Außenbild ist eine der zentralen Schwächen der Stärken-Schwächen-Analyse 2019.'),
        ],
      },
      {
        heldOn: '2023-05-16',
        attendance: 15,
        agendaItems: [
          'Fortschreibung des ISEK 2023',
          'Zwischenbilanz der Ziele',
          'Projektskizze „Soziale Teilhabe durch Arbeit“ (ESF Plus)',
          'Verlegung des Wochenmarkts',
        ],
        decisions: [
          decision('SR-2023-02', 'ADOPTED', 'Fortschreibung des ISEK Halle-Neustadt 2030 (2. Fassung)', [14, 1, 0],
            'Die Stärken-Schwächen-Analyse 2023 zeigt neue Schwerpunkte bei Beschäftigung und Beratung Zugewanderter.'),
          decision('SR-2023-03', 'ADOPTED', 'Projektskizze „Soziale Teilhabe durch Arbeit“ für ESF Plus und Landesmittel', [15, 0, 0],
            'Beschäftigung in sozialen Einrichtungen verbindet Arbeitsmarktintegration mit Angeboten für den Stadtteil.'),
          decision('SR-2023-04', 'DEFERRED', 'Verlegung des Wochenmarkts auf den Tulpenbrunnen-Platz', null,
            'Vor einer Entscheidung sind die Händlerinnen und Händler sowie die Bauzeitenplanung des Platzes abzustimmen.'),
        ],
      },
      {
        heldOn: '2025-06-24',
        attendance: 13,
        agendaItems: ['Zielerreichungskontrolle 2024', 'BIWAQ-Antrag „Bildungs- und Beschäftigungslotsen Südpark“'],
        decisions: [
          decision('SR-2025-01', 'ADOPTED', 'BIWAQ-Antrag „Bildungs- und Beschäftigungslotsen Südpark“', [12, 0, 0],
            'Ergänzt das ESF-Plus-Vorhaben um Lotsen für junge Erwachsene und Zugewanderte.'),
        ],
        conflictsOfInterest: [{ decisionId: 'SR-2025-01', count: 1 }],
      },
    ]),
    ...meetings('halle resident forum', B.halleForum, stmHalle, [
      {
        heldOn: '2019-11-07',
        attendance: 62,
        agendaItems: ['Stärken und Schwächen des Stadtteils', 'Wünsche an das ISEK'],
        decisions: [
          decision('BF-2019-01', 'ADOPTED', 'Empfehlung: Sicherheit und Beleuchtung am Tulpenbrunnen haben Vorrang', [51, 4, 7],
            'Der Platz wird abends gemieden; viele Wortmeldungen nannten fehlende Beleuchtung.'),
        ],
      },
      {
        heldOn: '2022-09-29',
        attendance: 48,
        agendaItems: ['Entwurf Tulpenbrunnen-Platz', 'Bericht der Redaktion der Stadtteilzeitung'],
        decisions: [
          decision('BF-2022-01', 'ADOPTED', 'Zustimmung zum Entwurf des Tulpenbrunnen-Platzes mit Jugendbereich', [39, 3, 6],
            'Der Entwurf greift die Ergebnisse der Beteiligungswerkstatt mit Kindern und Jugendlichen auf.'),
          decision('BF-2022-02', 'REJECTED', 'Antrag auf eine Hundeauslaufwiese auf der Platzfläche', [12, 30, 6],
            'Die Mehrheit sieht einen Konflikt mit dem Spielbereich; ein anderer Standort wird geprüft.'),
        ],
      },
      {
        heldOn: '2024-11-14',
        attendance: 55,
        agendaItems: ['Bericht „Soziale Teilhabe durch Arbeit“', 'Baufortschritt Tulpenbrunnen-Platz', 'Wahl der Vertretungen'],
        decisions: [
          decision('BF-2024-01', 'ADOPTED', 'Entsendung von zwei Vertretungen des Bewohnerforums in die Steuerungsrunde', [47, 0, 8],
            'Die Bewohnerschaft soll bei der Priorisierung der Vorhaben mitentscheiden.'),
        ],
      },
    ]),
    ...meetings('halle working group', B.halleWorkingGroup, stmHalle, [
      {
        heldOn: '2020-02-18',
        attendance: 9,
        agendaItems: ['Analyse der Arbeitsmarktdaten', 'Einsatzfelder in sozialen Einrichtungen'],
        decisions: [
          decision('AG-2020-01', 'ADOPTED', 'Vorschlag: Ziel und Indikatoren „Mehr Bewohnerinnen und Bewohner in Arbeit“', [9, 0, 0],
            'SGB-II-Quote und Zahl der Teilnehmenden sind jährlich verfügbar und vergleichbar.'),
        ],
      },
      {
        heldOn: '2023-09-12',
        attendance: 11,
        agendaItems: ['Akquise von Einsatzstellen', 'Kooperationsvereinbarung mit dem Jobcenter'],
        decisions: [
          decision('AG-2023-01', 'ADOPTED', 'Kooperationsvereinbarung mit dem Jobcenter Halle (Saale)', [10, 0, 1],
            'Regelt Zuweisung, Fallmanagement und den Austausch aggregierter Kennzahlen.'),
        ],
      },
    ]),
    ...meetings('halle jury', B.halleJury, stmHalle, [
      {
        heldOn: '2024-04-18',
        attendance: 7,
        agendaItems: ['Anträge an den Verfügungsfonds 2024 (sechs Anträge)'],
        decisions: [
          decision('VF-2024-01', 'ADOPTED', 'Nachbarschaftsfest Südpark (1.200 €)', [6, 0, 0],
            'Stärkt die Nachbarschaft; ein Jurymitglied hat wegen Befangenheit nicht mitgestimmt.'),
          decision('VF-2024-02', 'ADOPTED', 'Graffiti-Workshop für Jugendliche (850 €)', [7, 0, 0],
            'Die Ergebnisse gestalten die Unterführung am Tulpenbrunnen.'),
          decision('VF-2024-03', 'REJECTED', 'Anschaffung eines Vereinsbusses (18.000 €)', [1, 5, 1],
            'Investitionen über 2.500 € sind aus dem Verfügungsfonds nicht förderfähig.'),
        ],
        conflictsOfInterest: [{ decisionId: 'VF-2024-01', count: 1 }],
      },
    ]),
    ...meetings('halle sponsors', B.halleSponsors, stmHalle, [
      {
        heldOn: '2024-02-27',
        attendance: 10,
        agendaItems: ['Abstimmung der Einsatzstellen', 'Gemeinsame Öffentlichkeitsarbeit'],
        decisions: [
          decision('TR-2024-01', 'ADOPTED', 'Gemeinsamer Pool von Einsatzstellen für „Soziale Teilhabe durch Arbeit“', [10, 0, 0],
            'Vermeidet Doppelakquise und verteilt die Anleitung auf mehrere Träger.'),
        ],
      },
    ]),
    ...meetings('magdeburg steering round', B.magdeburgSteering, stmMagdeburg, [
      {
        heldOn: '2020-06-09',
        attendance: 11,
        agendaItems: ['Integriertes Entwicklungskonzept Neustädter Feld – Beschlussfassung'],
        decisions: [
          decision('SR-MD-2020-01', 'ADOPTED', 'Beschluss des Integrierten Entwicklungskonzepts Neustädter Feld', [10, 0, 1],
            'Ergebnis der Stadtteilanalyse und zweier Bewohnerforen; Schwerpunkte Treffpunkte, Wohnumfeld und Gesundheit.'),
        ],
      },
      {
        heldOn: '2022-05-03',
        attendance: 10,
        agendaItems: ['Stadtteiltreff „Feldtreff“: Finanzierung', 'Stand der Förderanträge'],
        decisions: [
          decision('SR-MD-2022-01', 'ADOPTED', 'Finanzierung des Stadtteiltreffs über das Programm Sozialer Zusammenhalt', [10, 0, 0],
            'Die Städtebauförderung sichert den Betrieb bis 2025; der Landesantrag wird zurückgezogen, um Doppelförderung auszuschließen.'),
        ],
      },
      {
        heldOn: '2024-02-20',
        attendance: 12,
        agendaItems: ['Vorhaben „Grüne Höfe“ – EFRE-Antrag', 'Zielerreichungskontrolle 2023'],
        decisions: [
          decision('SR-MD-2024-01', 'ADOPTED', 'Vorhaben „Grüne Höfe Neustädter Feld“ mit EFRE-Förderung umsetzen', [11, 0, 1],
            'Entsiegelung und Gemeinschaftsgärten verbinden Klimaanpassung mit Nachbarschaft.'),
        ],
      },
    ]),
    ...meetings('magdeburg resident forum', B.magdeburgForum, stmMagdeburg, [
      {
        heldOn: '2020-02-13',
        attendance: 38,
        agendaItems: ['Ergebnisse der Stadtteilanalyse', 'Ideen für das Neustädter Feld'],
        decisions: [
          decision('BF-MD-2020-01', 'ADOPTED', 'Wunsch nach einem offenen Stadtteiltreff', [35, 0, 3],
            'Es fehlt ein Ort für Begegnung, Beratung und Jugendarbeit im Quartier.'),
        ],
      },
      {
        heldOn: '2023-10-05',
        attendance: 44,
        agendaItems: ['Gemeinschaftsgärten: Auswahl der Innenhöfe', 'Rückblick Stadtteilfest'],
        decisions: [
          decision('BF-MD-2023-01', 'ADOPTED', 'Drei Innenhöfe im nördlichen Neustädter Feld als Gartenstandorte', [40, 1, 3],
            'Die Höfe sind stark versiegelt; die Mieterschaft hat in Hofversammlungen zugestimmt.'),
        ],
      },
    ]),
    ...meetings('magdeburg working group', B.magdeburgWorkingGroup, stmMagdeburg, [
      {
        heldOn: '2021-03-16',
        attendance: 8,
        agendaItems: ['Angsträume im Quartier', 'Beleuchtung von Durchgängen'],
        decisions: [
          decision('AG-MD-2021-01', 'ADOPTED', 'Liste der Angsträume an das Tiefbauamt übergeben', [8, 0, 0],
            'Sieben Durchgänge und zwei Innenhöfe wurden bei der Stadtteilbegehung als unsicher benannt.'),
        ],
      },
    ]),
    ...meetings('magdeburg jury', B.magdeburgJury, stmMagdeburg, [
      {
        heldOn: '2023-05-25',
        attendance: 5,
        agendaItems: ['Anträge an den Verfügungsfonds 2023'],
        decisions: [
          decision('VF-MD-2023-01', 'ADOPTED', 'Lesepatenschaften an der Grundschule (900 €)', [5, 0, 0],
            'Ehrenamtliche lesen wöchentlich mit Kindern der ersten und zweiten Klassen.'),
        ],
      },
    ]),
  ],
};

// ── 5. Concept versions (ISEK / IEK) ──────────────────────────────────────────────────────────────────────────

const concepts: DemoSection = {
  name: 'concept versions',
  steps: [
    step('halle: concept version 1', stmHalle, 'adoptConceptVersion', {
      districtId: D.halle,
      title: 'ISEK Halle-Neustadt 2030',
      adoptedOn: '2020-03-18',
      decisionRef: decisionRef(B.halleSteering, 'SR-2020-01'),
      summary:
        'Integriertes Stadtteilentwicklungskonzept mit acht Handlungsfeldern. Schwerpunkte: Beschäftigung und ' +
        'Qualifizierung, sicherer öffentlicher Raum am Tulpenbrunnen, Beteiligung von Kindern und Jugendlichen, ' +
        'Verbesserung des Images.',
    }),
    step('halle: concept version 2', stmHalle, 'adoptConceptVersion', {
      districtId: D.halle,
      title: 'ISEK Halle-Neustadt 2030 – Fortschreibung 2023',
      adoptedOn: '2023-05-16',
      decisionRef: decisionRef(B.halleSteering, 'SR-2023-02'),
      summary:
        'Fortschreibung nach der Stärken-Schwächen-Analyse 2023: Beschäftigung Langzeitarbeitsloser in sozialen ' +
        'Einrichtungen (ESF Plus), Beratung Zugewanderter in ihrer Sprache, höhere Zielwerte für Qualifizierung.',
    }),
    step('magdeburg: concept version 1', stmMagdeburg, 'adoptConceptVersion', {
      districtId: D.magdeburg,
      title: 'Integriertes Entwicklungskonzept Neustädter Feld 2020–2032',
      adoptedOn: '2020-06-09',
      decisionRef: decisionRef(B.magdeburgSteering, 'SR-MD-2020-01'),
      summary:
        'Schwerpunkte: ein offener Stadtteiltreff, klimaangepasste Innenhöfe und Gemeinschaftsgärten, ' +
        'Gesundheitsförderung für Kinder, Stärkung des Ehrenamts.',
    }),
  ],
};

// ── 6. SWOT analyses ──────────────────────────────────────────────────────────────────────────────────────────

const swotAnalyses: DemoSection = {
  name: 'SWOT analyses',
  steps: [
    step('halle: SWOT analysis 2019-11-20', stmHalle, 'recordSwotAnalysis', {
      districtId: D.halle,
      conductedOn: '2019-11-20',
      participatingBodyIds: [B.halleForum, B.halleSteering],
      items: [
        swot('STRENGTH', 'participation-integration', 'Aktive Vereinslandschaft und engagierte Kirchengemeinden im Stadtteil',
          'Vereinsregister; Bewohnerforum vom 07.11.2019'),
        swot('STRENGTH', 'housing-environment', 'Großzügige Grün- und Freiflächen zwischen den Wohnblöcken', 'Freiraumkartierung 2019'),
        swot('STRENGTH', 'social-infrastructure-youth', 'Dichtes Netz von Kitas und Schulen in fußläufiger Entfernung',
          'Schulentwicklungsplan der Stadt Halle (Saale)'),
        swot('WEAKNESS', 'employment-local-economy', 'Hohe Langzeitarbeitslosigkeit; die SGB-II-Quote liegt weit über dem städtischen Durchschnitt',
          'Statistik der Bundesagentur für Arbeit, Dezember 2019'),
        swot('WEAKNESS', 'public-space-safety', 'Unbeleuchtete Wegeverbindungen und Angsträume am Tulpenbrunnen',
          'Stadtteilspaziergang Oktober 2019; Bewohnerforum'),
        swot('WEAKNESS', 'image-public-relations', 'Negatives Außenbild des Stadtteils in Medien und Gesamtstadt', 'Medienanalyse 2018/2019'),
        swot('OPPORTUNITY', 'housing-environment', 'Sanierung und Teilrückbau durch die Wohnungsunternehmen bis 2025 geplant',
          'Wohnungsmarktbericht Halle (Saale) 2019'),
        swot('OPPORTUNITY', 'employment-local-economy', 'Fachkräftebedarf in Pflege und Kinderbetreuung eröffnet Einstiegsmöglichkeiten',
          'Arbeitsmarktmonitor der Agentur für Arbeit'),
        swot('THREAT', 'social-circumstances-health', 'Zunehmende Vereinsamung älterer Alleinlebender', 'Seniorenbericht der Stadt Halle (Saale)'),
        swot('THREAT', 'coordination-networking', 'Befristete Projektfinanzierungen gefährden die Kontinuität der Angebote', 'Trägerbefragung 2019'),
      ],
    }),
    step('halle: SWOT analysis 2023-03-15', stmHalle, 'recordSwotAnalysis', {
      districtId: D.halle,
      conductedOn: '2023-03-15',
      participatingBodyIds: [B.halleForum, B.halleSteering, B.halleWorkingGroup, B.halleSponsors],
      items: [
        swot('STRENGTH', 'participation-integration', 'Bewohnerforum und Jugendforum sind etabliert und gut besucht',
          'Sitzungsprotokolle 2021–2022'),
        swot('STRENGTH', 'image-public-relations', 'Die Stadtteilzeitung erreicht alle Haushalte; die Kampagne „Neustadt kann was“ wurde positiv aufgenommen',
          'Evaluation der Imagekampagne, Februar 2023'),
        swot('WEAKNESS', 'employment-local-economy', 'Übergänge aus dem Leistungsbezug in Beschäftigung gelingen selten ohne Begleitung',
          'Jobcenter Halle (Saale), Integrationsquote 2022'),
        swot('WEAKNESS', 'social-circumstances-health', 'Viele Zugewanderte finden keine Beratung in ihrer Sprache',
          'Beratungsstatistik der Migrationsdienste 2022'),
        swot('OPPORTUNITY', 'employment-local-economy', 'ESF Plus fördert Beschäftigung Langzeitarbeitsloser in sozialen Einrichtungen',
          'Förderaufruf ESF Plus Sachsen-Anhalt 2023'),
        swot('OPPORTUNITY', 'coordination-networking', 'Die Trägerrunde stimmt Angebote ab und vermeidet Doppelstrukturen', 'Protokoll der Trägerrunde, Januar 2023'),
        swot('THREAT', 'housing-environment', 'Steigende Nebenkosten belasten Haushalte mit geringem Einkommen', 'Mieterberatung, Jahresbericht 2022'),
        swot('THREAT', 'public-space-safety', 'Vandalismus an neu gestalteten Spielflächen', 'Schadensmeldungen des Grünflächenamts 2022'),
      ],
    }),
    step('magdeburg: SWOT analysis 2020-02-25', stmMagdeburg, 'recordSwotAnalysis', {
      districtId: D.magdeburg,
      conductedOn: '2020-02-25',
      participatingBodyIds: [B.magdeburgForum, B.magdeburgSteering],
      items: [
        swot('STRENGTH', 'housing-environment', 'Genossenschaftlich geprägter, gut sanierter Wohnungsbestand', 'Wohnungsmarktbeobachtung Magdeburg 2019'),
        swot('STRENGTH', 'participation-integration', 'Lange Wohndauer und gewachsene Nachbarschaften', 'Bewohnerforum vom 13.02.2020'),
        swot('WEAKNESS', 'social-infrastructure-youth', 'Kein offener Treffpunkt für Jugendliche und Familien im Quartier', 'Bewohnerforum vom 13.02.2020'),
        swot('WEAKNESS', 'social-circumstances-health', 'Überdurchschnittlich viele übergewichtige Kinder bei der Schuleingangsuntersuchung',
          'Gesundheitsamt Magdeburg, Schuleingangsuntersuchung 2019'),
        swot('WEAKNESS', 'public-space-safety', 'Dunkle Innenhöfe und Durchgänge werden abends gemieden', 'Stadtteilbegehung Januar 2020'),
        swot('OPPORTUNITY', 'housing-environment', 'Versiegelte Innenhöfe können zu Gemeinschaftsgärten werden', 'Gespräche mit der Wohnungsgenossenschaft'),
        swot('OPPORTUNITY', 'coordination-networking', 'Schulen und Kitas sind zur Zusammenarbeit im Quartier bereit', 'Kooperationsgespräche 2019'),
        swot('THREAT', 'image-public-relations', 'Der Stadtteil wird in der Gesamtstadt kaum wahrgenommen', 'Bürgerumfrage Magdeburg 2018'),
      ],
    }),
  ],
};

// ── 7. Action-field plans ─────────────────────────────────────────────────────────────────────────────────────

const plans: DemoSection = {
  name: 'action-field plans',
  steps: [
    ...actionFieldPlans('halle', D.halle, stmHalle, '2020-03-18', {
      'participation-integration': {
        situation: 'Hoher Anteil Zugewanderter; die Beteiligung an Gremien ist gering.',
        potentials: 'Aktive Vereine, Kirchengemeinden und Migrantenorganisationen.',
        obstacles: 'Sprachbarrieren und wenig Vertrauen in Verwaltung.',
      },
      'public-space-safety': {
        situation: 'Der Tulpenbrunnen-Platz und mehrere Wegeverbindungen gelten abends als unsicher.',
        potentials: 'Großzügige Freiflächen; die Bewohnerschaft will sich an der Gestaltung beteiligen.',
        obstacles: 'Hohe Kosten der Umgestaltung; Unterhaltung der Flächen ungeklärt.',
      },
      'housing-environment': {
        situation: 'Plattenbaubestand mit hohem Leerstand in einzelnen Quartieren.',
        potentials: 'Sanierungs- und Rückbauprogramme der Wohnungsunternehmen.',
        obstacles: 'Steigende Baukosten verzögern Sanierungen.',
      },
      'social-infrastructure-youth': {
        situation: 'Gute Versorgung mit Kitas und Schulen, aber zu wenige offene Angebote für Jugendliche.',
        potentials: 'Zwei Jugendtreffs mit engagierten Teams.',
        obstacles: 'Personalmangel und kurze Förderzeiträume.',
      },
      'employment-local-economy': {
        situation: 'Rund ein Drittel der Bewohnerschaft lebt von Leistungen nach dem SGB II.',
        potentials: 'Fachkräftebedarf in Pflege, Hauswirtschaft und Kinderbetreuung.',
        obstacles: 'Fehlende Abschlüsse und geringe Mobilität vieler Langzeitarbeitsloser.',
      },
      'social-circumstances-health': {
        situation: 'Vereinsamung Älterer und gesundheitliche Belastungen sind überdurchschnittlich.',
        potentials: 'Netz aus Pflegediensten, Tafel und Seniorentreffs.',
        obstacles: 'Angebote sind wenig bekannt und nicht mehrsprachig.',
      },
      'coordination-networking': {
        situation: 'Viele Träger arbeiten nebeneinander mit befristeten Projekten.',
        potentials: 'Steuerungsrunde und Quartiersmanagement als gemeinsame Plattform.',
        obstacles: 'Unterschiedliche Förderlogiken und Berichtspflichten.',
      },
      'image-public-relations': {
        situation: 'Der Stadtteil wird in der Gesamtstadt überwiegend negativ wahrgenommen.',
        potentials: 'Architekturgeschichte und Grünflächen als Alleinstellungsmerkmale.',
        obstacles: 'Negative Berichterstattung verfestigt Vorurteile.',
      },
    }),
    ...actionFieldPlans('halle', D.halle, stmHalle, '2023-05-16', {
      'employment-local-economy': {
        situation: 'Die SGB-II-Quote sinkt langsam, Übergänge in Beschäftigung gelingen aber selten ohne Begleitung.',
        potentials: 'ESF Plus fördert Beschäftigung in sozialen Einrichtungen; zwölf Einrichtungen haben Einsatzstellen zugesagt.',
        obstacles: 'Begleitung und Anleitung sind personalintensiv; Ko-Finanzierung durch Land und Stadt nötig.',
      },
    }),
    ...actionFieldPlans('magdeburg', D.magdeburg, stmMagdeburg, '2020-06-09', {
      'participation-integration': {
        situation: 'Gewachsene Nachbarschaften, aber kaum Orte der Begegnung.',
        potentials: 'Hohe Bereitschaft zum Ehrenamt unter Älteren.',
        obstacles: 'Jüngere Familien sind schwer zu erreichen.',
      },
      'public-space-safety': {
        situation: 'Dunkle Durchgänge und Innenhöfe werden abends gemieden.',
        potentials: 'Arbeitsgruppe mit Polizei und Wohnungsgenossenschaft.',
        obstacles: 'Zuständigkeiten für Beleuchtung auf Privatflächen sind ungeklärt.',
      },
      'housing-environment': {
        situation: 'Gut sanierter Bestand, stark versiegelte Innenhöfe.',
        potentials: 'Entsiegelung und Gemeinschaftsgärten verbessern Klima und Nachbarschaft.',
        obstacles: 'Pflege der Gärten muss dauerhaft organisiert werden.',
      },
      'social-infrastructure-youth': {
        situation: 'Kein offener Treffpunkt für Jugendliche und Familien.',
        potentials: 'Leerstehendes Ladenlokal der Wohnungsgenossenschaft im Zentrum.',
        obstacles: 'Betriebskosten eines Treffs sind langfristig nicht gesichert.',
      },
      'social-circumstances-health': {
        situation: 'Überdurchschnittlich viele übergewichtige Kinder bei der Einschulung.',
        potentials: 'Kitas und Kinderärzte wollen gemeinsam vorbeugen.',
        obstacles: 'Gesundheitsangebote erreichen belastete Familien kaum.',
      },
    }),
  ],
};

// ── 8. Context indicators ─────────────────────────────────────────────────────────────────────────────────────

const HALLE_REGISTER = 'Stadt Halle (Saale), Einwohnermelderegister, Stand 31.12.';
const MAGDEBURG_REGISTER = 'Landeshauptstadt Magdeburg, Amt für Statistik, Stand 31.12.';
const BA_STATISTICS = 'Statistik der Bundesagentur für Arbeit, SGB-II-Quote nach Stadtteilen';

const contextIndicators: DemoSection = {
  name: 'context indicators',
  steps: [
    ...indicatorSeries('halle', D.halle, stmHalle, 'population', 'Personen', HALLE_REGISTER, {
      '2019-12-31': 45912,
      '2020-12-31': 45640,
      '2021-12-31': 45318,
      '2022-12-31': 46105,
      '2023-12-31': 46020,
      '2024-12-31': 45870,
    }),
    ...indicatorSeries('halle', D.halle, stmHalle, 'benefit_share_percent', '%', BA_STATISTICS, {
      '2019-12-31': 31.8,
      '2020-12-31': 32.4,
      '2021-12-31': 31.2,
      '2022-12-31': 30.5,
      '2023-12-31': 29.6,
      '2024-12-31': 28.9,
    }),
    step('halle: population 2021-12-31 corrected', stmHalle, 'correctContextIndicatorValue', {
      districtId: D.halle,
      indicatorKey: 'population',
      referenceDate: '2021-12-31',
      value: 45381,
      source: HALLE_REGISTER,
      reason: 'Zahlendreher bei der Übernahme aus dem Statistischen Jahrbuch (45.318 statt 45.381)',
    }),
    ...indicatorSeries('magdeburg', D.magdeburg, stmMagdeburg, 'population', 'Personen', MAGDEBURG_REGISTER, {
      '2019-12-31': 10415,
      '2020-12-31': 10360,
      '2021-12-31': 10298,
      '2022-12-31': 10540,
      '2023-12-31': 10512,
      '2024-12-31': 10470,
    }),
    ...indicatorSeries('magdeburg', D.magdeburg, stmMagdeburg, 'benefit_share_percent', '%', BA_STATISTICS, {
      '2019-12-31': 22.1,
      '2020-12-31': 22.8,
      '2021-12-31': 21.9,
      '2022-12-31': 21.4,
      '2023-12-31': 20.7,
      '2024-12-31': 20.2,
    }),
  ],
};

// ── 9. Goals, indicators and reviews ──────────────────────────────────────────────────────────────────────────

const BA = 'Statistik der Bundesagentur für Arbeit';
const MONITORING_HALLE = 'Projektmonitoring des Quartiersmanagements Halle-Neustadt';

const goals: DemoSection = {
  name: 'goals and reviews',
  steps: [
    // Halle-Neustadt: employment (five yearly reviews; targets raised with the 2023 concept update)
    step('goal halle-work: define', stmHalle, 'defineGoal', {
      goalId: G.halleWork,
      districtId: D.halle,
      conceptVersion: 1,
      actionFieldIds: ['employment-local-economy', 'participation-integration', 'social-circumstances-health'],
      title: 'Mehr Bewohnerinnen und Bewohner in Arbeit und Qualifizierung',
      description:
        'Die Abhängigkeit von Transferleistungen im Fördergebiet sinkt: Langzeitarbeitslose finden über begleitete ' +
        'Beschäftigung in sozialen Einrichtungen und Qualifizierung den Weg in Arbeit.',
      indicators: [
        indicator({
          indicatorId: 'sgb2-quote', code: 'HN-AF5-01', name: 'SGB-II-Quote im Fördergebiet', unit: '%',
          measureType: 'PERCENTAGE', direction: 'DESCENDING',
          baseline: [31.8, '2019-12-31', `${BA}, Dezember 2019`], target: [27.0, '2028-12-31'],
        }),
        indicator({
          indicatorId: 'teilnehmende-ltu', code: 'EECO02',
          name: 'Langzeitarbeitslose Teilnehmende an Beschäftigungs- und Qualifizierungsangeboten (kumuliert)',
          unit: 'Personen', measureType: 'UNIT', direction: 'ASCENDING',
          baseline: [0, '2020-01-01', MONITORING_HALLE], target: [250, '2028-12-31'],
        }),
      ],
    }, { effectiveAt: '2020-04-21', decisionRef: decisionRef(B.halleWorkingGroup, 'AG-2020-01') }),
    review('halle-work', G.halleWork, stmHalle, {
      reviewedOn: '2021-03-31', period: ['2020-01-01', '2020-12-31'], conceptVersion: 1,
      measurements: {
        'sgb2-quote': [32.4, '2020-12-31', `${BA}, Dezember 2020`],
        'teilnehmende-ltu': [18, '2020-12-31', MONITORING_HALLE],
      },
      assessment: 'AT_RISK',
      goalAchievement: 'Die SGB-II-Quote ist im Pandemiejahr gestiegen; 18 Teilnehmende in Vorläuferprojekten.',
      effect: 'Ein Einfluss der Quartiersangebote ist wegen der Pandemie nicht abgrenzbar.',
      costEffectiveness: 'Noch keine Bewertung möglich; die Angebote befinden sich im Aufbau.',
      recommendations: ['Beschäftigungsprojekt in sozialen Einrichtungen vorbereiten', 'Kooperation mit dem Jobcenter vertraglich absichern'],
    }),
    review('halle-work', G.halleWork, stmHalle, {
      reviewedOn: '2022-03-30', period: ['2021-01-01', '2021-12-31'], conceptVersion: 1,
      measurements: {
        'sgb2-quote': [31.2, '2021-12-31', `${BA}, Dezember 2021`],
        'teilnehmende-ltu': [46, '2021-12-31', MONITORING_HALLE],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Die Quote liegt wieder unter dem Ausgangswert; die Zahl der Teilnehmenden hat sich mehr als verdoppelt.',
      effect: 'Drei Viertel der Teilnehmenden wurden über die Beratung im Stadtteilzentrum erreicht.',
      costEffectiveness: 'Rund 1.900 € je Teilnehmender bzw. Teilnehmendem; im Rahmen vergleichbarer Angebote.',
    }),
    review('halle-work', G.halleWork, stmHalle, {
      reviewedOn: '2023-03-29', period: ['2022-01-01', '2022-12-31'], conceptVersion: 1,
      measurements: {
        'sgb2-quote': [30.5, '2022-12-31', `${BA}, Dezember 2022`],
        'teilnehmende-ltu': [71, '2022-12-31', MONITORING_HALLE],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Beide Indikatoren entwickeln sich planmäßig.',
      effect: 'Die Arbeitsgruppe sieht einen Beitrag der Qualifizierungsangebote; der Arbeitsmarkt insgesamt wirkt mit.',
      costEffectiveness: 'Kosten je Teilnehmender bzw. Teilnehmendem gesunken, da Module gemeinsam genutzt werden.',
      recommendations: ['Zielwert bei der Fortschreibung des ISEK an ein größeres ESF-Plus-Vorhaben anpassen'],
    }),
    step('goal halle-work: revise for concept version 2', stmHalle, 'reviseGoal', {
      goalId: G.halleWork,
      conceptVersion: 2,
      targets: [{ indicatorId: 'teilnehmende-ltu', target: { value: 400, date: '2028-12-31' } }],
    }, {
      reason: 'Fortschreibung des ISEK 2023: Zielwert an das ESF-Plus-Vorhaben „Soziale Teilhabe durch Arbeit“ angepasst',
      decisionRef: decisionRef(B.halleSteering, 'SR-2023-02'),
      effectiveAt: '2023-06-06',
    }),
    review('halle-work', G.halleWork, stmHalle, {
      reviewedOn: '2024-03-27', period: ['2023-01-01', '2023-12-31'], conceptVersion: 2,
      measurements: {
        'sgb2-quote': [29.6, '2023-12-31', `${BA}, Dezember 2023`],
        'teilnehmende-ltu': [104, '2023-12-31', MONITORING_HALLE],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Die Quote sinkt weiter; gemessen am erhöhten Zielwert ist ein Viertel der Teilnehmenden erreicht.',
      effect: 'Das ESF-Plus-Vorhaben startet 2024; bisherige Wirkung stammt aus den Qualifizierungsmodulen.',
      costEffectiveness: 'Wirtschaftlich; Ko-Finanzierung durch Land und Jobcenter gesichert.',
    }),
    review('halle-work', G.halleWork, stmHalle, {
      reviewedOn: '2025-03-26', period: ['2024-01-01', '2024-12-31'], conceptVersion: 2,
      measurements: {
        'sgb2-quote': [28.9, '2024-12-31', `${BA}, Dezember 2024`],
        'teilnehmende-ltu': [149, '2024-12-31', MONITORING_HALLE],
      },
      assessment: 'ON_TRACK',
      goalAchievement: '31 Langzeitarbeitslose wurden 2024 in sozialen Einrichtungen eingesetzt; die Quote liegt 2,9 Punkte unter dem Ausgangswert.',
      effect: '14 Teilnehmende haben ihre Beschäftigungsfähigkeit nachweislich verbessert (Einschätzung des Jobcenters).',
      costEffectiveness: 'Die Einsatzstellen tragen die Anleitung teilweise selbst; Kosten je Platz unter Plan.',
      recommendations: ['Übergänge in reguläre Beschäftigung gezielt begleiten', 'BIWAQ-Antrag für junge Erwachsene vorbereiten'],
    }),

    // Halle-Neustadt: public space (a survey every two years; the last review measures only the vacancy rate)
    step('goal halle-public-space: define', stmHalle, 'defineGoal', {
      goalId: G.hallePublicSpace,
      districtId: D.halle,
      conceptVersion: 1,
      actionFieldIds: ['public-space-safety', 'housing-environment'],
      title: 'Sicherer und lebendiger öffentlicher Raum',
      description:
        'Plätze und Wege im Zentrum von Halle-Neustadt werden zu Orten, an denen sich Bewohnerinnen und Bewohner ' +
        'auch abends gern aufhalten; der Leerstand sinkt.',
      indicators: [
        indicator({
          indicatorId: 'sicherheitsgefuehl', code: 'HN-AF2-01',
          name: 'Anteil der Befragten, die sich abends im Quartier sicher fühlen', unit: '%',
          measureType: 'PERCENTAGE', direction: 'ASCENDING',
          baseline: [38, '2019-10-31', 'Bewohnerbefragung 2019 (812 Antworten)'], target: [55, '2027-12-31'],
        }),
        indicator({
          indicatorId: 'leerstand', code: 'HN-AF3-01', name: 'Leerstandsquote im Mietwohnungsbestand', unit: '%',
          measureType: 'PERCENTAGE', direction: 'DESCENDING',
          baseline: [14.2, '2019-12-31', 'Wohnungsmarktbericht Halle (Saale) 2019'], target: [10.0, '2028-12-31'],
        }),
      ],
    }, { effectiveAt: '2020-04-21', decisionRef: decisionRef(B.halleForum, 'BF-2019-01') }),
    review('halle-public-space', G.hallePublicSpace, stmHalle, {
      reviewedOn: '2022-04-12', period: ['2021-01-01', '2021-12-31'], conceptVersion: 1,
      measurements: {
        sicherheitsgefuehl: [41, '2021-11-30', 'Bewohnerbefragung 2021 (764 Antworten)'],
        leerstand: [13.1, '2021-12-31', 'Wohnungsmarktbericht Halle (Saale) 2021'],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Leichte Verbesserung bei beiden Indikatoren.',
      effect: 'Die zusätzliche Beleuchtung der Hauptwege wird in der Befragung häufig genannt.',
      costEffectiveness: 'Beleuchtung aus Mitteln der Stadt; kostengünstige Sofortmaßnahme.',
    }),
    review('halle-public-space', G.hallePublicSpace, stmHalle, {
      reviewedOn: '2024-04-10', period: ['2022-01-01', '2023-12-31'], conceptVersion: 2,
      measurements: {
        sicherheitsgefuehl: [40, '2023-11-30', 'Bewohnerbefragung 2023 (790 Antworten)'],
        leerstand: [11.9, '2023-12-31', 'Wohnungsmarktbericht Halle (Saale) 2023'],
      },
      assessment: 'AT_RISK',
      goalAchievement: 'Der Leerstand sinkt deutlich, das Sicherheitsgefühl stagniert.',
      effect: 'Der Leerstand sinkt vor allem durch Rückbau und Zuzug; die Platzgestaltung hat noch nicht begonnen.',
      costEffectiveness: 'Noch nicht bewertbar.',
      recommendations: [
        'Beleuchtung und Sichtachsen am Tulpenbrunnen im Zuge der Platzgestaltung verbessern',
        'Präsenz des Ordnungsdienstes an Abenden mit der Polizei abstimmen',
      ],
    }),
    review('halle-public-space', G.hallePublicSpace, stmHalle, {
      reviewedOn: '2025-04-09', period: ['2024-01-01', '2024-12-31'], conceptVersion: 2,
      measurements: { leerstand: [11.2, '2024-12-31', 'Wohnungsmarktbericht Halle (Saale) 2024'] },
      assessment: 'ON_TRACK',
      goalAchievement: 'Der Leerstand sinkt weiter; die nächste Bewohnerbefragung folgt 2025.',
      effect: 'Der Baubeginn am Tulpenbrunnen-Platz wird positiv wahrgenommen (Bewohnerforum November 2024).',
      costEffectiveness: 'Bauleistungen liegen im Kostenrahmen.',
    }),

    // Halle-Neustadt: youth (a qualitative indicator; final review, goal achieved)
    step('goal halle-youth: define', stmHalle, 'defineGoal', {
      goalId: G.halleYouth,
      districtId: D.halle,
      conceptVersion: 1,
      actionFieldIds: ['social-infrastructure-youth', 'participation-integration'],
      title: 'Kinder und Jugendliche beteiligen und stärken',
      description: 'Jugendliche gestalten ihren Stadtteil mit, und die offenen Jugendtreffs werden stärker genutzt.',
      indicators: [
        indicator({
          indicatorId: 'jugendbeteiligung', code: 'HN-AF4-02', name: 'Beteiligung von Jugendlichen an Entscheidungen im Quartier',
          unit: '', measureType: 'QUALITATIVE', direction: 'ASCENDING',
          baseline: ['Jugendliche sind in keinem Gremium des Stadtteils vertreten.', '2019-11-30', 'Stärken-Schwächen-Analyse 2019'],
          target: ['Ein Jugendforum tagt regelmäßig und ist in der Steuerungsrunde vertreten.', '2024-12-31'],
        }),
        indicator({
          indicatorId: 'jugendtreff-besuche', code: 'HN-AF4-01', name: 'Besuche in den offenen Jugendtreffs je Woche (Durchschnitt)',
          unit: 'Besuche', measureType: 'UNIT', direction: 'ASCENDING',
          baseline: [140, '2019-12-31', 'Zählung der Jugendtreffs 2019'], target: [220, '2024-12-31'],
        }),
      ],
    }, { effectiveAt: '2020-04-21' }),
    review('halle-youth', G.halleYouth, stmHalle, {
      reviewedOn: '2022-11-15', period: ['2022-01-01', '2022-10-31'], conceptVersion: 1,
      measurements: {
        jugendbeteiligung: ['Jugendforum gegründet, vier Treffen 2022; noch ohne Vertretung in der Steuerungsrunde.', '2022-10-31',
          'Protokolle des Jugendforums'],
        'jugendtreff-besuche': [175, '2022-10-31', 'Zählung der Jugendtreffs'],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Das Jugendforum arbeitet; die Besuchszahlen steigen.',
      effect: 'Die Beteiligungswerkstatt zum Tulpenbrunnen-Platz hat viele Jugendliche erstmals erreicht.',
      costEffectiveness: 'Geringe Kosten; überwiegend ehrenamtlich getragen.',
    }),
    review('halle-youth', G.halleYouth, stmHalle, {
      reviewedOn: '2025-02-20', period: ['2020-01-01', '2024-12-31'], kind: 'FINAL', conceptVersion: 2,
      measurements: {
        jugendbeteiligung: ['Das Jugendforum tagt monatlich; seit 2024 zwei Jugendvertretungen mit Rederecht in der Steuerungsrunde.',
          '2024-12-31', 'Protokolle des Jugendforums und der Steuerungsrunde'],
        'jugendtreff-besuche': [231, '2024-12-31', 'Zählung der Jugendtreffs'],
      },
      assessment: 'ACHIEVED',
      goalAchievement: 'Beide Zielwerte sind erreicht.',
      effect: 'Beteiligung und neue Angebote haben die Nutzung der Jugendtreffs nachweislich erhöht.',
      costEffectiveness: 'Sehr wirtschaftlich; die Mittel des Verfügungsfonds wurden gezielt eingesetzt.',
      recommendations: ['Jugendforum dauerhaft in der Geschäftsordnung der Steuerungsrunde verankern'],
    }),
    step('goal halle-youth: mark achieved', stmHalle, 'markGoalAchieved', {
      goalId: G.halleYouth,
      reviewId: reviewId('halle-youth', '2025-02-20'),
    }, { effectiveAt: '2025-02-20' }),

    // Magdeburg Neustädter Feld: neighbourhood (an indicator added once the community centre opened)
    step('goal magdeburg-neighbourhood: define', stmMagdeburg, 'defineGoal', {
      goalId: G.magdeburgNeighbourhood,
      districtId: D.magdeburg,
      conceptVersion: 1,
      actionFieldIds: ['participation-integration', 'coordination-networking', 'social-infrastructure-youth'],
      title: 'Nachbarschaft und Engagement im Neustädter Feld stärken',
      description: 'Mehr Menschen engagieren sich im Quartier, und ein offener Stadtteiltreff wird zum Mittelpunkt der Nachbarschaft.',
      indicators: [
        indicator({
          indicatorId: 'ehrenamtliche', code: 'NF-AF1-01', name: 'Regelmäßig aktive Ehrenamtliche im Quartier', unit: 'Personen',
          measureType: 'UNIT', direction: 'ASCENDING',
          baseline: [35, '2020-03-31', 'Erhebung des Quartiersmanagements'], target: [80, '2027-12-31'],
        }),
      ],
    }, { effectiveAt: '2020-07-14', decisionRef: decisionRef(B.magdeburgForum, 'BF-MD-2020-01') }),
    step('goal magdeburg-neighbourhood: add indicator feldtreff-besuche', stmMagdeburg, 'addGoalIndicator', {
      goalId: G.magdeburgNeighbourhood,
      indicator: indicator({
        indicatorId: 'feldtreff-besuche', code: 'NF-AF7-01', name: 'Besuche im Stadtteiltreff „Feldtreff“ je Monat (Durchschnitt)',
        unit: 'Besuche', measureType: 'UNIT', direction: 'ASCENDING',
        baseline: [0, '2022-06-30', 'Stadtteiltreff vor der Eröffnung'], target: [900, '2025-12-31'],
      }),
    }, { effectiveAt: '2022-07-01', reason: 'Der Stadtteiltreff öffnet im September 2022; seine Nutzung wird gemessen.' }),
    review('magdeburg-neighbourhood', G.magdeburgNeighbourhood, stmMagdeburg, {
      reviewedOn: '2023-02-14', period: ['2022-01-01', '2022-12-31'], conceptVersion: 1,
      measurements: {
        ehrenamtliche: [48, '2022-12-31', 'Erhebung des Quartiersmanagements'],
        'feldtreff-besuche': [420, '2022-12-31', 'Besuchszählung Feldtreff'],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Der Feldtreff ist gut angelaufen; 13 Ehrenamtliche sind hinzugekommen.',
      effect: 'Die meisten neuen Ehrenamtlichen kamen über Angebote des Feldtreffs.',
      costEffectiveness: 'Die Miete ist der größte Kostenblock; die Ausstattung wurde günstig beschafft.',
    }),
    review('magdeburg-neighbourhood', G.magdeburgNeighbourhood, stmMagdeburg, {
      reviewedOn: '2024-02-13', period: ['2023-01-01', '2023-12-31'], conceptVersion: 1,
      measurements: {
        ehrenamtliche: [57, '2023-12-31', 'Erhebung des Quartiersmanagements'],
        'feldtreff-besuche': [690, '2023-12-31', 'Besuchszählung Feldtreff'],
      },
      assessment: 'ON_TRACK',
      goalAchievement: 'Beide Indikatoren steigen planmäßig.',
      effect: 'Sprachcafé und Hausaufgabenhilfe ziehen neue Gruppen an.',
      costEffectiveness: 'Kosten je Besuch deutlich gesunken.',
    }),
    review('magdeburg-neighbourhood', G.magdeburgNeighbourhood, stmMagdeburg, {
      reviewedOn: '2025-02-11', period: ['2024-01-01', '2024-12-31'], conceptVersion: 1,
      measurements: {
        ehrenamtliche: [59, '2024-12-31', 'Erhebung des Quartiersmanagements'],
        'feldtreff-besuche': [810, '2024-12-31', 'Besuchszählung Feldtreff'],
      },
      assessment: 'AT_RISK',
      goalAchievement: 'Die Besuche steigen weiter, die Zahl der Ehrenamtlichen stagniert.',
      effect: 'Ältere Ehrenamtliche scheiden aus; Jüngere engagieren sich eher projektbezogen.',
      costEffectiveness: 'Unverändert wirtschaftlich.',
      recommendations: ['Ehrenamtsbörse mit der Freiwilligenagentur aufbauen', 'Anerkennungskultur stärken: jährliches Ehrenamtsfest'],
    }),

    // Magdeburg Neustädter Feld: health (off track after the health guides were not funded)
    step('goal magdeburg-health: define', stmMagdeburg, 'defineGoal', {
      goalId: G.magdeburgHealth,
      districtId: D.magdeburg,
      conceptVersion: 1,
      actionFieldIds: ['social-circumstances-health', 'social-infrastructure-youth'],
      title: 'Gesundheit von Kindern im Quartier fördern',
      description: 'Weniger Kinder im Neustädter Feld sind bei der Einschulung übergewichtig; Bewegungsangebote sind wohnortnah erreichbar.',
      indicators: [
        indicator({
          indicatorId: 'uebergewicht-einschulung', code: 'NF-AF6-01',
          name: 'Anteil übergewichtiger Kinder bei der Schuleingangsuntersuchung', unit: '%',
          measureType: 'PERCENTAGE', direction: 'DESCENDING',
          baseline: [14.6, '2019-08-31', 'Gesundheitsamt Magdeburg, Schuleingangsuntersuchung 2019'], target: [11.0, '2027-08-31'],
        }),
      ],
    }, { effectiveAt: '2020-07-14' }),
    review('magdeburg-health', G.magdeburgHealth, stmMagdeburg, {
      reviewedOn: '2023-09-19', period: ['2022-09-01', '2023-08-31'], conceptVersion: 1,
      measurements: {
        'uebergewicht-einschulung': [15.1, '2023-08-31', 'Gesundheitsamt Magdeburg, Schuleingangsuntersuchung 2023'],
      },
      assessment: 'OFF_TRACK',
      goalAchievement: 'Der Anteil ist gegenüber dem Ausgangswert gestiegen.',
      effect: 'Das geplante Vorhaben „Gesundheitslotsen“ konnte nicht beginnen (Förderantrag abgelehnt).',
      costEffectiveness: 'Keine Ausgaben; nicht bewertbar.',
      recommendations: ['Bewegungsangebote über Kitas und den Stadtteiltreff ausbauen', 'Alternative Finanzierung für Gesundheitslotsen prüfen'],
    }),
    step('goal magdeburg-health: add indicator bewegungsangebote', stmMagdeburg, 'addGoalIndicator', {
      goalId: G.magdeburgHealth,
      indicator: indicator({
        indicatorId: 'bewegungsangebote', code: 'NF-AF6-02', name: 'Wöchentliche Bewegungsangebote für Kinder im Quartier',
        unit: 'Angebote', measureType: 'UNIT', direction: 'ASCENDING',
        baseline: [3, '2023-09-30', 'Angebotsübersicht des Quartiersmanagements'], target: [8, '2027-08-31'],
      }),
    }, { effectiveAt: '2023-10-10', reason: 'Empfehlung der Zielerreichungskontrolle 2023: Bewegungsangebote messen' }),
    review('magdeburg-health', G.magdeburgHealth, stmMagdeburg, {
      reviewedOn: '2025-09-16', period: ['2023-09-01', '2025-08-31'], conceptVersion: 1,
      measurements: {
        'uebergewicht-einschulung': [13.9, '2025-08-31', 'Gesundheitsamt Magdeburg, Schuleingangsuntersuchung 2025'],
        bewegungsangebote: [6, '2025-08-31', 'Angebotsübersicht des Quartiersmanagements'],
      },
      assessment: 'AT_RISK',
      goalAchievement: 'Der Anteil sinkt wieder unter den Ausgangswert; der Zielwert ist noch weit entfernt.',
      effect: 'Kita-Sportgruppen und der Bewegungsnachmittag im Feldtreff werden gut angenommen.',
      costEffectiveness: 'Die Angebote werden überwiegend von Sportvereinen getragen; geringe Kosten.',
    }),
  ],
};

// ── 10. Measures: planned by the district managers, approved by the city's funding administration ────────────

interface MeasurePlan {
  measureId: string;
  districtId: string;
  code: string;
  title: string;
  description: string;
  actionFieldIds: string[];
  goalContributions: { goalId: string; weight: number }[];
  sponsor: { name: string; type: string };
  location: string;
  planned: readonly [start: string, end: string];
  budget: number;
  resources: readonly Resource[];
  targetGroups: string[];
}

const planMeasure = (actor: DemoActor, plannedOn: string, m: MeasurePlan, citing?: string): DemoStep =>
  step(`measure ${m.code}: plan`, actor, 'planMeasure', {
    measureId: m.measureId,
    districtId: m.districtId,
    code: m.code,
    title: m.title,
    description: m.description,
    actionFieldIds: m.actionFieldIds,
    goalContributions: m.goalContributions,
    sponsor: m.sponsor,
    location: m.location,
    plannedStartDate: m.planned[0],
    plannedEndDate: m.planned[1],
    budgetCents: euro(m.budget),
    resources: resources(m.resources),
    targetGroups: m.targetGroups,
  }, { effectiveAt: plannedOn, ...(citing ? { decisionRef: citing } : {}) });

const approveMeasure = (code: string, measureId: string, actor: DemoActor, approvedOn: string): DemoStep =>
  step(`measure ${code}: approve`, actor, 'approveMeasure', { measureId, approvedOn });

const measures: DemoSection = {
  name: 'measures',
  steps: [
    planMeasure(stmHalle, '2021-01-20', {
      measureId: M.halleImage, districtId: D.halle, code: 'HN-2021-03',
      title: 'Stadtteilzeitung und Imagekampagne „Neustadt kann was“',
      description:
        'Eine Stadtteilzeitung für alle Haushalte, eine Plakatkampagne mit Menschen und Orten aus dem Stadtteil und ' +
        'ein Stadtteilfest sollen das Bild von Halle-Neustadt nach innen und außen verbessern.',
      actionFieldIds: ['image-public-relations', 'participation-integration', 'coordination-networking'],
      goalContributions: [{ goalId: G.hallePublicSpace, weight: 15 }],
      sponsor: { name: 'Stadtteilverein Halle-Neustadt e.V.', type: 'ASSOCIATION' },
      location: 'Gesamtes Fördergebiet Halle-Neustadt',
      planned: ['2021-04-01', '2022-12-31'],
      budget: 72_000,
      resources: [
        { kind: 'FUNDS', description: 'Sozialer Zusammenhalt (48.000 €) und Eigenanteil der Stadt (24.000 €)', euro: 72_000 },
        { kind: 'CREATIVITY', description: 'Ehrenamtliches Redaktionsteam und Fotowettbewerb der Bewohnerschaft' },
        { kind: 'ORGANISATIONS', description: 'Trägerrunde und Wohnungsunternehmen verteilen die Zeitung mit' },
      ],
      targetGroups: ['Alle Haushalte im Fördergebiet', 'Neu Zugezogene'],
    }, decisionRef(B.halleSteering, 'SR-2021-01')),
    approveMeasure('HN-2021-03', M.halleImage, fmHalle, '2021-03-02'),

    planMeasure(stmHalle, '2023-10-10', {
      measureId: M.halleWorkInSocialInstitutions, districtId: D.halle, code: 'HN-2024-01',
      title: 'Soziale Teilhabe durch Arbeit – Langzeitarbeitslose in sozialen Einrichtungen',
      description:
        'Langzeitarbeitslose aus Halle-Neustadt arbeiten in Kitas, Pflegeheimen, der Tafel und der Stadtteilbibliothek. ' +
        'Sozialpädagogische Begleitung und Qualifizierungsmodule bereiten den Übergang in reguläre Beschäftigung vor. ' +
        'Gezählt werden Teilnehmende, Einsätze in sozialen Einrichtungen und verbesserte Beschäftigungsfähigkeit.',
      actionFieldIds: ['employment-local-economy', 'social-circumstances-health', 'participation-integration'],
      goalContributions: [{ goalId: G.halleWork, weight: 70 }],
      sponsor: { name: 'Neustädter Arbeit und Bildung gGmbH', type: 'CHARITABLE_COMPANY' },
      location: 'Stadtteilzentrum Halle-Neustadt und zwölf Einsatzstellen im Fördergebiet',
      planned: ['2024-03-01', '2026-12-31'],
      budget: 240_000,
      resources: [
        { kind: 'FUNDS', description: 'ESF Plus (180.000 €), Landesmittel (36.000 €), Eigenanteil der Stadt Halle (Saale) (24.000 €)', euro: 240_000 },
        { kind: 'ORGANISATIONS', description: 'Zwölf soziale Einrichtungen als Einsatzstellen; Jobcenter Halle (Saale)' },
        { kind: 'KNOW_HOW', description: 'Fallmanagement des Jobcenters; Anleitung durch Fachkräfte der Einsatzstellen' },
        { kind: 'COMPETENCES', description: 'Sozialpädagogische Begleitung; Qualifizierung in Pflegeassistenz und Hauswirtschaft' },
      ],
      targetGroups: ['Langzeitarbeitslose', 'Langzeitarbeitslose über 50 Jahre', 'Alleinerziehende im SGB-II-Bezug'],
    }, decisionRef(B.halleSteering, 'SR-2023-03')),
    approveMeasure('HN-2024-01', M.halleWorkInSocialInstitutions, fmHalle, '2024-02-22'),

    planMeasure(stmHalle, '2024-01-16', {
      measureId: M.hallePlaza, districtId: D.halle, code: 'HN-2024-02',
      title: 'Neugestaltung des Tulpenbrunnen-Platzes mit Jugendbereich',
      description:
        'Der zentrale Platz erhält Beleuchtung, offene Sichtachsen, Sitzgelegenheiten und einen von Jugendlichen ' +
        'mitgeplanten Bewegungsbereich.',
      actionFieldIds: ['public-space-safety', 'housing-environment', 'social-infrastructure-youth'],
      goalContributions: [{ goalId: G.hallePublicSpace, weight: 60 }, { goalId: G.halleYouth, weight: 20 }],
      sponsor: { name: 'Stadt Halle (Saale), Fachbereich Städtebau', type: 'PUBLIC_BODY' },
      location: 'Tulpenbrunnen-Platz im Zentrum von Halle-Neustadt',
      planned: ['2024-03-15', '2026-10-31'],
      budget: 630_000,
      resources: [
        { kind: 'FUNDS', description: 'Städtebauförderung Sozialer Zusammenhalt (420.000 €) und Eigenanteil der Stadt (210.000 €)', euro: 630_000 },
        { kind: 'CREATIVITY', description: 'Entwürfe aus der Beteiligungswerkstatt mit Kindern und Jugendlichen' },
        { kind: 'ORGANISATIONS', description: 'Jugendforum, Bewohnerforum und die Wohnungsunternehmen am Platz' },
      ],
      targetGroups: ['Kinder und Jugendliche', 'Bewohnerinnen und Bewohner des Zentrums', 'Ältere Menschen'],
    }, decisionRef(B.halleForum, 'BF-2022-01')),
    approveMeasure('HN-2024-02', M.hallePlaza, fmHalle, '2024-03-12'),

    planMeasure(stmHalle, '2025-09-02', {
      measureId: M.halleGuides, districtId: D.halle, code: 'HN-2025-04',
      title: 'Bildungs- und Beschäftigungslotsen Südpark',
      description:
        'Mehrsprachige Lotsinnen und Lotsen begleiten junge Erwachsene ohne Berufsabschluss und zugewanderte Frauen ' +
        'in Ausbildung, Qualifizierung und Arbeit.',
      actionFieldIds: ['employment-local-economy', 'participation-integration', 'social-infrastructure-youth'],
      goalContributions: [{ goalId: G.halleWork, weight: 40 }],
      sponsor: { name: 'Diakonisches Werk Halle-Neustadt', type: 'CHURCH_BODY' },
      location: 'Quartiersbüro Südpark',
      planned: ['2026-01-01', '2028-12-31'],
      budget: 410_000,
      resources: [
        { kind: 'FUNDS', description: 'BIWAQ (beantragt 310.000 €), Jobcenter (59.000 €), Eigenanteil (41.000 €)', euro: 410_000 },
        { kind: 'KNOW_HOW', description: 'Lotsinnen und Lotsen mit Arabisch-, Russisch- und Ukrainischkenntnissen' },
        { kind: 'PROGRAMMES', description: 'Verzahnung mit dem ESF-Plus-Vorhaben „Soziale Teilhabe durch Arbeit“' },
      ],
      targetGroups: ['Junge Erwachsene ohne Berufsabschluss', 'Zugewanderte Frauen', 'Langzeitarbeitslose'],
    }, decisionRef(B.halleSteering, 'SR-2025-01')),
    approveMeasure('HN-2025-04', M.halleGuides, fmHalle, '2025-10-07'),

    planMeasure(stmMagdeburg, '2022-02-08', {
      measureId: M.magdeburgCommunityCentre, districtId: D.magdeburg, code: 'MD-NF-2022-03',
      title: 'Stadtteiltreff „Feldtreff“ – offene Nachbarschaftsarbeit',
      description:
        'Ein Ladenlokal wird zum offenen Treffpunkt mit Sprachcafé, Hausaufgabenhilfe, Beratung und Jugendabenden.',
      actionFieldIds: ['coordination-networking', 'participation-integration', 'social-infrastructure-youth'],
      goalContributions: [{ goalId: G.magdeburgNeighbourhood, weight: 70 }],
      sponsor: { name: 'Nachbarschaftshilfe Neustädter Feld e.V.', type: 'ASSOCIATION' },
      location: 'Ladenlokal im Zentrum des Neustädter Felds',
      planned: ['2022-07-01', '2025-12-31'],
      budget: 225_000,
      resources: [
        { kind: 'FUNDS', description: 'Sozialer Zusammenhalt (150.000 €) und Eigenanteil der Landeshauptstadt (75.000 €)', euro: 225_000 },
        { kind: 'ORGANISATIONS', description: 'Wohnungsgenossenschaft (Räume), Stadtbibliothek, Jugendamt' },
        { kind: 'CREATIVITY', description: 'Das Programm wird vom Bewohnerforum mitgestaltet' },
      ],
      targetGroups: ['Alle Bewohnerinnen und Bewohner', 'Jugendliche', 'Ältere Alleinlebende'],
    }, decisionRef(B.magdeburgForum, 'BF-MD-2020-01')),
    approveMeasure('MD-NF-2022-03', M.magdeburgCommunityCentre, fmMagdeburg, '2022-05-17'),

    planMeasure(stmMagdeburg, '2023-01-17', {
      measureId: M.magdeburgHealthGuides, districtId: D.magdeburg, code: 'MD-NF-2023-02',
      title: 'Gesundheitslotsinnen und -lotsen im Quartier',
      description: 'Geschulte Lotsinnen und Lotsen vermitteln Familien zu Vorsorge, Bewegungs- und Ernährungsangeboten.',
      actionFieldIds: ['social-circumstances-health', 'participation-integration'],
      goalContributions: [{ goalId: G.magdeburgHealth, weight: 80 }],
      sponsor: { name: 'Gesundheitsnetz Magdeburg-Nord e.V.', type: 'ASSOCIATION' },
      location: 'Stadtteiltreff und Kitas im Neustädter Feld',
      planned: ['2023-07-01', '2026-06-30'],
      budget: 231_250,
      resources: [
        { kind: 'FUNDS', description: 'BIWAQ (beantragt 185.000 €), Jobcenter (23.125 €), Eigenanteil (23.125 €)', euro: 231_250 },
        { kind: 'KNOW_HOW', description: 'Gesundheitsamt und kinderärztliche Praxen im Stadtteil' },
      ],
      targetGroups: ['Familien mit Kindern unter zehn Jahren', 'Zugewanderte Familien'],
    }),

    planMeasure(stmMagdeburg, '2023-11-21', {
      measureId: M.magdeburgGardens, districtId: D.magdeburg, code: 'MD-NF-2024-01',
      title: 'Grüne Höfe Neustädter Feld – Nachbarschaftsgärten',
      description:
        'Drei versiegelte Innenhöfe werden entsiegelt und mit der Mieterschaft zu Gemeinschaftsgärten mit ' +
        'Hochbeeten, Wasserspeichern und beleuchteten Wegen umgestaltet.',
      actionFieldIds: ['housing-environment', 'public-space-safety', 'participation-integration'],
      goalContributions: [{ goalId: G.magdeburgNeighbourhood, weight: 40 }],
      sponsor: { name: 'Landeshauptstadt Magdeburg, Stadtplanungsamt', type: 'PUBLIC_BODY' },
      location: 'Drei Innenhöfe im nördlichen Neustädter Feld',
      planned: ['2024-04-01', '2025-12-31'],
      budget: 325_000,
      resources: [
        { kind: 'FUNDS', description: 'EFRE (260.000 €) und Eigenanteil der Landeshauptstadt (65.000 €)', euro: 325_000 },
        { kind: 'ORGANISATIONS', description: 'Wohnungsgenossenschaft als Eigentümerin der Höfe; Kleingartenverein als Pate' },
        { kind: 'CREATIVITY', description: 'Hofversammlungen entwerfen Beete und Sitzplätze' },
      ],
      targetGroups: ['Mieterinnen und Mieter der Höfe', 'Familien mit Kindern', 'Ältere Menschen'],
    }, decisionRef(B.magdeburgForum, 'BF-MD-2023-01')),
    approveMeasure('MD-NF-2024-01', M.magdeburgGardens, fmMagdeburg, '2024-03-05'),
  ],
};

// ── 11. Grant applications and decisions ──────────────────────────────────────────────────────────────────────

interface Application {
  grantId: string;
  districtId: string;
  programmeId: string;
  measureIds: string[];
  requested: number;
  /** Total eligible cost, own share, third-party funds (euro): requested + own + third party = total */
  plan: readonly [total: number, ownShare: number, thirdParty: number];
  period: readonly [from: string, to: string];
  earlyStartRequested?: boolean;
}

const submitApplication = (grant: string, actor: DemoActor, submittedOn: string, a: Application, citing?: string): DemoStep =>
  step(`grant ${grant}: submit application`, actor, 'submitGrantApplication', {
    grantId: a.grantId,
    districtId: a.districtId,
    programmeId: a.programmeId,
    measureIds: a.measureIds,
    requestedAmount: euro(a.requested),
    plan: { totalEligibleCost: euro(a.plan[0]), ownShare: euro(a.plan[1]), thirdPartyFunds: euro(a.plan[2]) },
    period: { from: a.period[0], to: a.period[1] },
    earlyStartRequested: a.earlyStartRequested ?? false,
  }, { effectiveAt: submittedOn, ...(citing ? { decisionRef: citing } : {}) });

interface Notice {
  referenceNumber: string;
  authority: string;
  approvedOn: string;
  purpose: string;
  financingType: 'SHARE' | 'DEFICIT' | 'FIXED_AMOUNT' | 'FULL';
  maximum: number;
  eligible: number;
  approvalPeriod: readonly [from: string, to: string];
  reportDeadlines: readonly Deadline[];
}

const approveGrant = (grant: string, grantId: string, actor: DemoActor, n: Notice): DemoStep =>
  step(`grant ${grant}: approve`, actor, 'approveGrant', {
    grantId,
    referenceNumber: n.referenceNumber,
    authority: n.authority,
    approvedOn: n.approvedOn,
    purpose: n.purpose,
    financingType: n.financingType,
    maximumAmount: euro(n.maximum),
    eligibleExpenditure: euro(n.eligible),
    approvalPeriod: { from: n.approvalPeriod[0], to: n.approvalPeriod[1] },
    reportDeadlines: deadlines(n.reportDeadlines),
  });

const LVWA = 'Landesverwaltungsamt Sachsen-Anhalt, Referat Städtebauförderung';
const IB = 'Investitionsbank Sachsen-Anhalt';

const grantApplications: DemoSection = {
  name: 'grant applications',
  steps: [
    // Halle-Neustadt: image campaign (Sozialer Zusammenhalt 2021–2022; closed later)
    submitApplication('halle-image', stmHalle, '2021-01-29', {
      grantId: GR.halleImage, districtId: D.halle, programmeId: 'sozialer-zusammenhalt', measureIds: [M.halleImage],
      requested: 48_000, plan: [72_000, 24_000, 0], period: ['2021-04-01', '2022-12-31'],
    }, decisionRef(B.halleSteering, 'SR-2021-01')),
    approveGrant('halle-image', GR.halleImage, fmLvwa, {
      referenceNumber: '306.2-21601/2021-HAL-07', authority: LVWA, approvedOn: '2021-03-15',
      purpose: 'Stadtteilzeitung und Imagekampagne „Neustadt kann was“ im Fördergebiet Halle-Neustadt',
      financingType: 'SHARE', maximum: 48_000, eligible: 72_000, approvalPeriod: ['2021-04-01', '2022-12-31'],
      reportDeadlines: [['INTERIM', '2022-04-30', 2021], ['FINAL', '2023-06-30']],
    }),

    // Halle-Neustadt: employment in social institutions (ESF Plus + state co-financing)
    submitApplication('halle-esf', stmHalle, '2023-11-30', {
      grantId: GR.halleEsf, districtId: D.halle, programmeId: 'esf-plus-sachsen-anhalt',
      measureIds: [M.halleWorkInSocialInstitutions],
      requested: 180_000, plan: [240_000, 24_000, 36_000], period: ['2024-03-01', '2026-12-31'],
    }, decisionRef(B.halleSteering, 'SR-2023-03')),
    submitApplication('halle-state', stmHalle, '2023-11-30', {
      grantId: GR.halleState, districtId: D.halle, programmeId: 'lsa-quartier-teilhabe',
      measureIds: [M.halleWorkInSocialInstitutions],
      requested: 36_000, plan: [240_000, 24_000, 180_000], period: ['2024-03-01', '2026-12-31'],
    }, decisionRef(B.halleSteering, 'SR-2023-03')),
    approveGrant('halle-esf', GR.halleEsf, fmIb, {
      referenceNumber: 'ESF+/2024/HAL/0173', authority: IB, approvedOn: '2024-02-12',
      purpose: 'Beschäftigung und soziale Teilhabe Langzeitarbeitsloser durch Einsatz in sozialen Einrichtungen im Fördergebiet Halle-Neustadt',
      financingType: 'SHARE', maximum: 180_000, eligible: 240_000, approvalPeriod: ['2024-03-01', '2026-12-31'],
      reportDeadlines: [['INTERIM', '2025-04-30', 2024], ['INTERIM', '2026-04-30', 2025], ['FINAL', '2027-06-30']],
    }),
    approveGrant('halle-state', GR.halleState, fmLvwa, {
      referenceNumber: 'LVwA 502-2024-0815', authority: 'Landesverwaltungsamt Sachsen-Anhalt', approvedOn: '2024-02-20',
      purpose: 'Ko-Finanzierung des ESF-Plus-Vorhabens „Soziale Teilhabe durch Arbeit“ in Halle-Neustadt',
      financingType: 'DEFICIT', maximum: 36_000, eligible: 240_000, approvalPeriod: ['2024-03-01', '2026-12-31'],
      reportDeadlines: [['INTERIM', '2025-04-30', 2024], ['FINAL', '2027-06-30']],
    }),

    // Halle-Neustadt: Tulpenbrunnen plaza (early start permitted before the approval)
    submitApplication('halle-plaza', stmHalle, '2024-02-01', {
      grantId: GR.hallePlaza, districtId: D.halle, programmeId: 'sozialer-zusammenhalt', measureIds: [M.hallePlaza],
      requested: 420_000, plan: [630_000, 210_000, 0], period: ['2024-03-01', '2026-10-31'], earlyStartRequested: true,
    }, decisionRef(B.halleForum, 'BF-2022-01')),
    step('grant halle-plaza: permit early start', fmLvwa, 'permitEarlyStart', {
      grantId: GR.hallePlaza,
      permittedFrom: '2024-03-15',
    }, {
      effectiveAt: '2024-03-14',
      reason: 'Die Beteiligungswerkstatt muss vor den Sommerferien stattfinden; die Finanzierung ist im Programmjahr 2024 vorgesehen.',
    }),
    approveGrant('halle-plaza', GR.hallePlaza, fmLvwa, {
      referenceNumber: '306.2-21601/2024-HAL-04', authority: LVWA, approvedOn: '2024-06-10',
      purpose: 'Neugestaltung des Tulpenbrunnen-Platzes mit Jugendbereich im Fördergebiet Halle-Neustadt',
      financingType: 'SHARE', maximum: 420_000, eligible: 630_000, approvalPeriod: ['2024-06-01', '2026-10-31'],
      reportDeadlines: [['INTERIM', '2025-04-30', 2024], ['INTERIM', '2026-04-30', 2025], ['FINAL', '2027-04-30']],
    }),

    // Halle-Neustadt: BIWAQ guides (submitted, not yet decided)
    submitApplication('halle-biwaq', stmHalle, '2025-09-30', {
      grantId: GR.halleBiwaq, districtId: D.halle, programmeId: 'biwaq', measureIds: [M.halleGuides],
      requested: 310_000, plan: [410_000, 41_000, 59_000], period: ['2026-01-01', '2028-12-31'],
    }, decisionRef(B.halleSteering, 'SR-2025-01')),

    // Magdeburg: community centre (state application withdrawn in favour of Sozialer Zusammenhalt)
    submitApplication('magdeburg-state', stmMagdeburg, '2022-02-15', {
      grantId: GR.magdeburgState, districtId: D.magdeburg, programmeId: 'lsa-quartier-teilhabe',
      measureIds: [M.magdeburgCommunityCentre],
      requested: 60_000, plan: [225_000, 75_000, 90_000], period: ['2022-07-01', '2025-12-31'],
    }),
    submitApplication('magdeburg-community-centre', stmMagdeburg, '2022-03-01', {
      grantId: GR.magdeburgCommunityCentre, districtId: D.magdeburg, programmeId: 'sozialer-zusammenhalt',
      measureIds: [M.magdeburgCommunityCentre],
      requested: 150_000, plan: [225_000, 75_000, 0], period: ['2022-07-01', '2025-12-31'],
    }),
    step('grant magdeburg-state: withdraw application', stmMagdeburg, 'withdrawGrantApplication', {
      grantId: GR.magdeburgState,
      reason: 'Die Finanzierung ist über das Programm Sozialer Zusammenhalt gesichert; eine Doppelförderung ist ausgeschlossen.',
    }, { effectiveAt: '2022-05-10', decisionRef: decisionRef(B.magdeburgSteering, 'SR-MD-2022-01') }),
    approveGrant('magdeburg-community-centre', GR.magdeburgCommunityCentre, fmLvwa, {
      referenceNumber: '306.2-21601/2022-MD-11', authority: LVWA, approvedOn: '2022-06-20',
      purpose: 'Betrieb des Stadtteiltreffs „Feldtreff“ als offener Ort für Nachbarschaft, Beratung und Jugendarbeit',
      financingType: 'SHARE', maximum: 150_000, eligible: 225_000, approvalPeriod: ['2022-07-01', '2025-12-31'],
      reportDeadlines: [
        ['INTERIM', '2023-04-30', 2022], ['INTERIM', '2024-04-30', 2023], ['INTERIM', '2025-04-30', 2024], ['FINAL', '2026-06-30'],
      ],
    }),

    // Magdeburg: health guides (BIWAQ rejected)
    submitApplication('magdeburg-biwaq', stmMagdeburg, '2023-01-31', {
      grantId: GR.magdeburgBiwaq, districtId: D.magdeburg, programmeId: 'biwaq', measureIds: [M.magdeburgHealthGuides],
      requested: 185_000, plan: [231_250, 23_125, 23_125], period: ['2023-07-01', '2026-06-30'],
    }),
    step('grant magdeburg-biwaq: reject application', fmBva, 'rejectGrantApplication', {
      grantId: GR.magdeburgBiwaq,
      rejectedOn: '2023-06-30',
      reason: 'Die Mittel der Förderrunde sind ausgeschöpft; das Vorhaben erreichte im Auswahlverfahren nicht die erforderliche Punktzahl.',
    }),

    // Magdeburg: green courtyards (EFRE)
    submitApplication('magdeburg-efre', stmMagdeburg, '2023-12-08', {
      grantId: GR.magdeburgEfre, districtId: D.magdeburg, programmeId: 'efre-sachsen-anhalt', measureIds: [M.magdeburgGardens],
      requested: 260_000, plan: [325_000, 65_000, 0], period: ['2024-04-01', '2025-12-31'],
    }, decisionRef(B.magdeburgForum, 'BF-MD-2023-01')),
    approveGrant('magdeburg-efre', GR.magdeburgEfre, fmIb, {
      referenceNumber: 'EFRE-NSE-2024-0042', authority: IB, approvedOn: '2024-03-20',
      purpose: 'Klimaangepasste Umgestaltung von Innenhöfen zu Nachbarschaftsgärten im Neustädter Feld',
      financingType: 'SHARE', maximum: 260_000, eligible: 325_000, approvalPeriod: ['2024-04-01', '2025-12-31'],
      reportDeadlines: [['INTERIM', '2025-04-30', 2024], ['FINAL', '2026-06-30']],
    }),
  ],
};

// ── 12. Measure implementation: starts (after approval or a permitted early start), progress, completion ─────

const measureImplementation: DemoSection = {
  name: 'measure implementation',
  steps: [
    // HN-2021-03: completed and evaluated
    step('measure HN-2021-03: start', stmHalle, 'startMeasure', { measureId: M.halleImage, actualStartDate: '2021-04-06' }),
    ...progress('HN-2021-03', M.halleImage, stmHalle, [
      { reportedOn: '2021-09-30', progressPercent: 30, milestone: ['erste-ausgabe', 'Erste Ausgabe der Stadtteilzeitung an alle Haushalte verteilt', '2021-06-04'] },
      { reportedOn: '2022-06-30', progressPercent: 70, milestone: ['kampagnenstart', 'Plakatkampagne „Neustadt kann was“ gestartet', '2022-04-25'] },
      { reportedOn: '2022-10-31', progressPercent: 95, milestone: ['stadtteilfest', 'Stadtteilfest „Neustadt feiert“ mit rund 2.500 Besuchenden', '2022-09-17'] },
      { reportedOn: '2022-12-15', progressPercent: 100 },
    ]),
    step('measure HN-2021-03: complete', stmHalle, 'completeMeasure', { measureId: M.halleImage, actualEndDate: '2022-12-15' }),
    step('measure HN-2021-03: evaluate', stmHalle, 'evaluateMeasure', {
      measureId: M.halleImage,
      evaluatedOn: '2023-02-28',
      rating: 'SUCCESSFUL',
      effect: 'In der Bewohnerbefragung nennen 64 % die Stadtteilzeitung als wichtigste Informationsquelle; die Berichterstattung über den Stadtteil ist ausgewogener geworden.',
      costEffectiveness: 'Rund 1,50 € je Haushalt und Ausgabe; Minderausgaben von 1.500 € wurden zurückgezahlt.',
      lessons: 'Ein ehrenamtliches Redaktionsteam braucht feste Ansprechpersonen; die Verteilung über die Wohnungsunternehmen spart Kosten.',
    }),

    // HN-2024-01: the employment measure for long-term unemployed people in social institutions (counts only)
    step('measure HN-2024-01: start', stmHalle, 'startMeasure', {
      measureId: M.halleWorkInSocialInstitutions,
      actualStartDate: '2024-03-04',
    }),
    ...progress('HN-2024-01', M.halleWorkInSocialInstitutions, stmHalle, [
      {
        reportedOn: '2024-04-30', progressPercent: 10,
        milestone: ['einsatzstellen', 'Kooperationsverträge mit zwölf Einsatzstellen geschlossen', '2024-04-26'],
        outputs: { participants: 16, longTermUnemployedPlacedInSocialInstitutions: 11, participantsWithImprovedEmployability: 0, employmentOpportunitiesCreated: 12 },
      },
      {
        reportedOn: '2024-12-31', progressPercent: 35,
        outputs: { participants: 38, longTermUnemployedPlacedInSocialInstitutions: 31, participantsWithImprovedEmployability: 14, employmentOpportunitiesCreated: 19 },
      },
      {
        reportedOn: '2025-06-30', progressPercent: 55,
        milestone: ['zwischenbilanz', 'Zwischenbilanz mit Jobcenter und Einsatzstellen', '2025-06-17'],
        outputs: { participants: 52, longTermUnemployedPlacedInSocialInstitutions: 44, participantsWithImprovedEmployability: 27, employmentOpportunitiesCreated: 24 },
      },
      {
        reportedOn: '2025-12-31', progressPercent: 75,
        outputs: { participants: 63, longTermUnemployedPlacedInSocialInstitutions: 54, participantsWithImprovedEmployability: 36, employmentOpportunitiesCreated: 27 },
      },
      {
        reportedOn: '2026-06-30', progressPercent: 88,
        outputs: { participants: 71, longTermUnemployedPlacedInSocialInstitutions: 61, participantsWithImprovedEmployability: 43, employmentOpportunitiesCreated: 29 },
      },
    ]),

    // HN-2024-02: started on the permitted early start, before the approval period
    step('measure HN-2024-02: start', stmHalle, 'startMeasure', { measureId: M.hallePlaza, actualStartDate: '2024-04-02' }),
    ...progress('HN-2024-02', M.hallePlaza, stmHalle, [
      { reportedOn: '2024-05-31', progressPercent: 10, milestone: ['beteiligungswerkstatt', 'Beteiligungswerkstatt mit 46 Kindern und Jugendlichen', '2024-05-15'] },
      { reportedOn: '2024-11-29', progressPercent: 40, milestone: ['baubeginn', 'Baubeginn der Erd- und Pflasterarbeiten', '2024-09-02'] },
      { reportedOn: '2025-09-30', progressPercent: 80, milestone: ['jugendbereich', 'Jugendbereich mit Bewegungsparcours freigegeben', '2025-09-12'] },
    ]),

    // MD-NF-2022-03: community centre, completed and evaluated
    step('measure MD-NF-2022-03: start', stmMagdeburg, 'startMeasure', {
      measureId: M.magdeburgCommunityCentre,
      actualStartDate: '2022-07-04',
    }),
    ...progress('MD-NF-2022-03', M.magdeburgCommunityCentre, stmMagdeburg, [
      { reportedOn: '2022-09-30', progressPercent: 15, milestone: ['eroeffnung', 'Eröffnung des Stadtteiltreffs „Feldtreff“', '2022-09-09'], outputs: { participants: 60 } },
      { reportedOn: '2023-12-15', progressPercent: 45, outputs: { participants: 210 } },
      { reportedOn: '2024-12-13', progressPercent: 75, outputs: { participants: 365 } },
      { reportedOn: '2025-12-19', progressPercent: 100, outputs: { participants: 498 } },
    ]),
    step('measure MD-NF-2022-03: complete', stmMagdeburg, 'completeMeasure', {
      measureId: M.magdeburgCommunityCentre,
      actualEndDate: '2025-12-19',
    }),
    step('measure MD-NF-2022-03: evaluate', stmMagdeburg, 'evaluateMeasure', {
      measureId: M.magdeburgCommunityCentre,
      evaluatedOn: '2026-03-10',
      rating: 'VERY_SUCCESSFUL',
      effect: 'Der Feldtreff ist mit durchschnittlich über 800 Besuchen im Monat der Mittelpunkt der Nachbarschaft; 24 Ehrenamtliche kamen über seine Angebote.',
      costEffectiveness: 'Rund 9 € je Besuch; Räume zu einer ermäßigten Miete der Wohnungsgenossenschaft.',
      lessons: 'Ein fester Öffnungsrhythmus und das Sprachcafé erreichen Gruppen, die Gremien nicht erreichen; die Anschlussfinanzierung früh klären.',
    }),

    // MD-NF-2023-02: cancelled after the rejection of its only grant application
    step('measure MD-NF-2023-02: cancel', stmMagdeburg, 'cancelMeasure', {
      measureId: M.magdeburgHealthGuides,
      reason: 'Der BIWAQ-Antrag wurde abgelehnt; eine andere Finanzierung ist nicht in Sicht. Bewegungsangebote werden im Feldtreff fortgeführt.',
    }, { effectiveAt: '2023-07-11' }),
    step('measure MD-NF-2023-02: evaluate', stmMagdeburg, 'evaluateMeasure', {
      measureId: M.magdeburgHealthGuides,
      evaluatedOn: '2023-09-05',
      rating: 'NOT_SUCCESSFUL',
      effect: 'Keine Wirkung, da das Vorhaben nicht begonnen hat.',
      costEffectiveness: 'Es entstanden nur Kosten für die Antragstellung.',
      lessons: 'Für Gesundheitsvorhaben früh mehrere Finanzierungswege prüfen und Krankenkassen einbinden.',
    }),

    // MD-NF-2024-01: green courtyards, paused over the winter
    step('measure MD-NF-2024-01: start', stmMagdeburg, 'startMeasure', { measureId: M.magdeburgGardens, actualStartDate: '2024-04-08' }),
    ...progress('MD-NF-2024-01', M.magdeburgGardens, stmMagdeburg, [
      { reportedOn: '2024-06-28', progressPercent: 15, milestone: ['planung', 'Ausführungsplanung in drei Hofversammlungen abgestimmt', '2024-06-12'], outputs: { participants: 85 } },
      { reportedOn: '2024-10-31', progressPercent: 40, milestone: ['hoefe-1-2', 'Höfe 1 und 2 entsiegelt und bepflanzt', '2024-10-18'], outputs: { participants: 140 } },
    ]),
    step('measure MD-NF-2024-01: suspend', stmMagdeburg, 'suspendMeasure', {
      measureId: M.magdeburgGardens,
      reason: 'Frostperiode: Erd- und Pflanzarbeiten ruhen bis zum Frühjahr.',
    }, { effectiveAt: '2024-12-02' }),
    step('measure MD-NF-2024-01: resume', stmMagdeburg, 'resumeMeasure', { measureId: M.magdeburgGardens }, { effectiveAt: '2025-03-03' }),
    ...progress('MD-NF-2024-01', M.magdeburgGardens, stmMagdeburg, [
      { reportedOn: '2025-06-30', progressPercent: 65, milestone: ['hof-3', 'Hof 3 mit Hochbeeten und Wasserspeicher fertiggestellt', '2025-05-30'], outputs: { participants: 188 } },
      { reportedOn: '2025-11-28', progressPercent: 80, outputs: { participants: 203 } },
    ]),
  ],
};

// ── 13. Grant accounts: disbursements, receipts, proofs of use, repayment, closing ───────────────────────────
//
// Each receipt is declared to a grant with the part that grant finances (its share under the financing plan);
// the rest is the municipality's own share or, for the employment measure, another grant's. Statements in the
// proofs of use give the total expenditure of the period (the receipts' totals).

const grantAccounts: DemoSection = {
  name: 'grant accounts',
  steps: [
    // halle-image (2/3 share): fully paid, 1.500 € underspend repaid, closed after the final proof
    ...disbursements('halle-image', GR.halleImage, fmLvwa, [
      ['2021-04-15', '2021-06-15', 16_000],
      ['2021-10-01', '2021-11-30', 16_000],
      ['2022-05-02', '2022-07-01', 16_000],
    ]),
    ...expenditures('halle-image', GR.halleImage, stmHalle, [
      { date: '2021-05-20', payee: 'Druckhaus an der Saale GmbH', purpose: 'Stadtteilzeitung Ausgaben 1 und 2, je 12.000 Exemplare',
        budgetLine: '2 Druck und Verteilung', receiptReference: 'DAS-21-0520', total: 14_700, declared: 9_800 },
      { date: '2021-06-30', payee: 'Atelier Saalegrafik', purpose: 'Gestaltung der Kampagnenmotive und des Erscheinungsbilds',
        budgetLine: '1 Konzeption und Gestaltung', receiptReference: 'ASG-2021-014', total: 18_600, declared: 12_400 },
      { date: '2021-11-15', payee: 'Zustellservice Mitteldeutschland GmbH', purpose: 'Verteilung der Ausgaben 1 bis 3 an alle Haushalte',
        budgetLine: '2 Druck und Verteilung', receiptReference: 'ZSM-21-4471', total: 6_525, declared: 4_350 },
      { date: '2022-04-08', payee: 'Druckhaus an der Saale GmbH', purpose: 'Stadtteilzeitung Ausgaben 3 bis 5 und Plakate der Imagekampagne',
        budgetLine: '2 Druck und Verteilung', receiptReference: 'DAS-22-0408', total: 22_425, declared: 14_950 },
      { date: '2022-09-16', payee: 'Veranstaltungstechnik Halle-West GmbH', purpose: 'Bühnen- und Tontechnik für das Stadtteilfest',
        budgetLine: '3 Veranstaltungen', receiptReference: 'VHW-22-116', total: 7_500, declared: 5_000 },
    ]),
    submitProof('halle-image', GR.halleImage, stmHalle, {
      budgetYear: 2021, submittedOn: '2022-04-20', statementTotal: 39_825, receiptsCount: 3,
      reportSummary: 'Zwei Ausgaben der Stadtteilzeitung erschienen und verteilt; Kampagnenmotive gestaltet.',
    }),
    acceptProof('halle-image', GR.halleImage, fmLvwa, '2022-06-14', 2021),
    submitProof('halle-image', GR.halleImage, stmHalle, {
      submittedOn: '2023-03-20', statementTotal: 69_750, receiptsCount: 5,
      reportSummary:
        'Fünf Ausgaben der Stadtteilzeitung, Plakatkampagne an 40 Standorten, Stadtteilfest mit rund 2.500 Besuchenden. ' +
        'Gesamtausgaben 69.750 €, davon Zuwendung 46.500 €; ausgezahlt wurden 48.000 €.',
    }),
    acceptProof('halle-image', GR.halleImage, fmLvwa, '2023-06-12'),
    step('grant halle-image: demand repayment', fmLvwa, 'demandRepayment', {
      grantId: GR.halleImage,
      demandId: demoId('repayment', 'halle-image-minderausgaben'),
      amount: euro(1_500),
      interest: 0,
      legalBasis: '§ 49a VwVfG i. V. m. den ANBest-Gk',
      reason: 'Minderausgaben laut Verwendungsnachweis: ausgezahlt 48.000 €, Zuwendung nach den nachgewiesenen Ausgaben 46.500 €.',
      dueOn: '2023-07-31',
    }, { effectiveAt: '2023-06-20' }),
    step('grant halle-image: repayment received', fmLvwa, 'recordRepaymentReceived', {
      grantId: GR.halleImage,
      demandId: demoId('repayment', 'halle-image-minderausgaben'),
      amount: euro(1_500),
      receivedOn: '2023-07-18',
    }),
    step('grant halle-image: close', fmLvwa, 'closeGrant', { grantId: GR.halleImage }, {
      effectiveAt: '2023-08-01',
      reason: 'Verwendungsnachweis geprüft, Rückforderung beglichen',
    }),

    // halle-esf (75 %) and halle-state (15 %): the same receipts split across both grants; the city pays 10 %
    ...disbursements('halle-esf', GR.halleEsf, fmIb, [
      ['2024-03-05', '2024-04-30', 30_000],
      ['2024-07-01', '2024-08-31', 35_000],
      ['2025-01-15', '2025-03-14', 40_000],
      ['2025-07-01', '2025-08-29', 35_000],
      ['2026-01-15', '2026-03-13', 20_000],
    ]),
    ...disbursements('halle-state', GR.halleState, fmLvwa, [
      ['2024-03-11', '2024-05-10', 6_000],
      ['2025-02-03', '2025-04-03', 9_000],
    ]),
    ...expenditures('halle-esf', GR.halleEsf, stmHalle, [
      { date: '2024-04-12', payee: 'Bildungsakademie Saaletal GmbH', purpose: 'Qualifizierungsmodul „Arbeiten in der Pflegeassistenz“, Kurs 1',
        budgetLine: '2.1 Qualifizierung', receiptReference: 'BAS-2024-0412', total: 10_000, declared: 7_500 },
      { date: '2024-05-06', payee: 'Saaletal Verkehrsservice GmbH', purpose: 'Monatskarten für Teilnehmende, Mai bis Juli 2024',
        budgetLine: '3.1 Fahrtkosten der Teilnehmenden', receiptReference: 'SVS-2024-05-118', total: 4_800, declared: 3_600 },
      { date: '2024-06-28', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung März bis Juni 2024 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2024-Q2', total: 32_800, declared: 24_600 },
      { date: '2024-09-30', payee: 'Arbeitsschutz Mitteldeutschland GmbH', purpose: 'Arbeitsschutzkleidung und Hygieneschulungen für die Einsatzstellen',
        budgetLine: '3.2 Sachausgaben', receiptReference: 'AMG-24-09-2231', total: 3_280, declared: 2_460 },
      { date: '2024-12-20', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung Juli bis Dezember 2024 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2024-Q4', total: 34_800, declared: 26_100 },
      { date: '2025-03-31', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung Januar bis März 2025 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2025-Q1', total: 39_200, declared: 29_400 },
      { date: '2025-05-19', payee: 'Bildungsakademie Saaletal GmbH', purpose: 'Qualifizierungsmodul „Hauswirtschaft in sozialen Einrichtungen“, Kurs 2',
        budgetLine: '2.1 Qualifizierung', receiptReference: 'BAS-2025-0519', total: 10_800, declared: 8_100 },
      { date: '2025-06-30', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung April bis Juni 2025 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2025-Q2', total: 37_200, declared: 27_900 },
      { date: '2025-09-30', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung Juli bis September 2025 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2025-Q3', total: 37_600, declared: 28_200 },
    ]),
    ...expenditures('halle-state', GR.halleState, stmHalle, [
      { date: '2024-05-06', payee: 'Saaletal Verkehrsservice GmbH', purpose: 'Monatskarten für Teilnehmende, Mai bis Juli 2024',
        budgetLine: '3.1 Fahrtkosten der Teilnehmenden', receiptReference: 'SVS-2024-05-118', total: 4_800, declared: 720 },
      { date: '2024-06-28', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung März bis Juni 2024 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2024-Q2', total: 32_800, declared: 4_920 },
      { date: '2024-12-20', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung Juli bis Dezember 2024 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2024-Q4', total: 34_800, declared: 5_220 },
      { date: '2025-03-31', payee: 'Neustädter Arbeit und Bildung gGmbH', purpose: 'Personalausgaben Anleitung und Begleitung Januar bis März 2025 (Sammelbeleg)',
        budgetLine: '1.1 Personalausgaben', receiptReference: 'NAB-PA-2025-Q1', total: 39_200, declared: 5_880 },
    ]),
    submitProof('halle-esf', GR.halleEsf, stmHalle, {
      budgetYear: 2024, submittedOn: '2025-03-28', statementTotal: 85_680, receiptsCount: 5,
      reportSummary: '38 Teilnehmende, davon 31 in sozialen Einrichtungen eingesetzt; zwölf Einsatzstellen in Kitas, Pflegeheimen, Tafel und Bibliothek.',
    }),
    queryProof('halle-esf', GR.halleEsf, fmIb, '2025-04-22', 2024, [
      'Bitte die Zahl der Teilnehmenden je Einsatzstelle nachreichen (aggregiert, ohne Namen).',
      'Bitte die Aufteilung der Belege auf ESF Plus, Landesmittel und Eigenanteil erläutern.',
    ]),
    submitProof('halle-esf', GR.halleEsf, stmHalle, {
      budgetYear: 2024, submittedOn: '2025-05-06', statementTotal: 85_680, receiptsCount: 5,
      reportSummary:
        '38 Teilnehmende, davon 31 in sozialen Einrichtungen eingesetzt (Kitas 11, Pflegeheime 9, Tafel 6, Bibliothek 5). ' +
        'Jeder Beleg wird nach dem Finanzierungsplan zu 75 % dem ESF Plus, zu 15 % den Landesmitteln und zu 10 % dem Eigenanteil zugeordnet.',
    }, true),
    acceptProof('halle-esf', GR.halleEsf, fmIb, '2025-05-20', 2024),
    submitProof('halle-esf', GR.halleEsf, stmHalle, {
      budgetYear: 2025, submittedOn: '2026-04-21', statementTotal: 124_800, receiptsCount: 4,
      reportSummary: '63 Teilnehmende seit Beginn, davon 54 in sozialen Einrichtungen eingesetzt; 36 mit verbesserter Beschäftigungsfähigkeit.',
    }),
    acceptProof('halle-esf', GR.halleEsf, fmIb, '2026-05-19', 2025),

    // halle-plaza (2/3 share): paid in two tranches; the interim proof 2024 is queried and awaits the answers
    ...disbursements('halle-plaza', GR.hallePlaza, fmLvwa, [
      ['2024-07-15', '2024-09-13', 90_000],
      ['2025-04-10', '2025-06-10', 100_000],
    ]),
    ...expenditures('halle-plaza', GR.hallePlaza, stmHalle, [
      { date: '2024-06-28', payee: 'Freiraumplanung Saale GmbH', purpose: 'Objektplanung Freianlagen, Leistungsphasen 5 bis 7',
        budgetLine: '1 Planung und Vorbereitung', receiptReference: 'FPS-2024-031', total: 38_460, declared: 25_640 },
      { date: '2024-11-29', payee: 'Tief- und Landschaftsbau Mitteldeutschland GmbH', purpose: '1. Abschlagsrechnung Erd- und Pflasterarbeiten',
        budgetLine: '2 Bauausgaben', receiptReference: 'TLM-AR-2024-11-01', total: 112_350, declared: 74_900 },
      { date: '2025-05-30', payee: 'Tief- und Landschaftsbau Mitteldeutschland GmbH', purpose: '2. Abschlagsrechnung Spiel- und Jugendbereich',
        budgetLine: '2 Bauausgaben', receiptReference: 'TLM-AR-2025-05-02', total: 148_950, declared: 99_300 },
    ]),
    submitProof('halle-plaza', GR.hallePlaza, stmHalle, {
      budgetYear: 2024, submittedOn: '2025-04-25', statementTotal: 150_810, receiptsCount: 2,
      reportSummary: 'Planung abgeschlossen, Baubeginn im September 2024; Erd- und Pflasterarbeiten zu zwei Dritteln ausgeführt.',
    }),
    queryProof('halle-plaza', GR.hallePlaza, fmLvwa, '2025-06-03', 2024, [
      'Bitte einen Auszug aus dem Bautagebuch zum Baubeginn vorlegen.',
      'Bitte die Kosten des Jugendbereichs von denen des Spielplatzes abgrenzen.',
    ]),

    // magdeburg-community-centre (2/3 share): three interim proofs accepted, the final proof awaits its check
    ...disbursements('magdeburg-community-centre', GR.magdeburgCommunityCentre, fmLvwa, [
      ['2022-07-05', '2022-09-05', 12_000],
      ['2023-01-16', '2023-03-16', 36_000],
      ['2024-01-15', '2024-03-15', 38_000],
      ['2025-01-14', '2025-03-14', 40_000],
    ]),
    ...expenditures('magdeburg-community-centre', GR.magdeburgCommunityCentre, stmMagdeburg, [
      { date: '2022-07-29', payee: 'Wohnungsgenossenschaft Neustädter Feld eG', purpose: 'Miete des Ladenlokals Juli bis Dezember 2022',
        budgetLine: '1 Miete und Betriebskosten', receiptReference: 'WNF-2022-M07', total: 10_800, declared: 7_200 },
      { date: '2022-09-14', payee: 'Möbelwerk Elbaue GmbH', purpose: 'Erstausstattung: Tische, Stühle, Küchenzeile',
        budgetLine: '2 Ausstattung', receiptReference: 'MEA-22-3310', total: 8_940, declared: 5_960 },
      { date: '2023-12-15', payee: 'Nachbarschaftshilfe Neustädter Feld e.V.', purpose: 'Honorare der offenen Angebote 2023 (Sammelbeleg)',
        budgetLine: '3 Honorare und Programm', receiptReference: 'NNF-2023-H12', total: 32_400, declared: 21_600 },
      { date: '2023-12-29', payee: 'Wohnungsgenossenschaft Neustädter Feld eG', purpose: 'Miete des Ladenlokals 2023 (Jahresrechnung)',
        budgetLine: '1 Miete und Betriebskosten', receiptReference: 'WNF-2023-JR', total: 21_600, declared: 14_400 },
      { date: '2024-12-13', payee: 'Nachbarschaftshilfe Neustädter Feld e.V.', purpose: 'Honorare der offenen Angebote 2024 (Sammelbeleg)',
        budgetLine: '3 Honorare und Programm', receiptReference: 'NNF-2024-H12', total: 35_100, declared: 23_400 },
      { date: '2024-12-30', payee: 'Wohnungsgenossenschaft Neustädter Feld eG', purpose: 'Miete des Ladenlokals 2024 (Jahresrechnung)',
        budgetLine: '1 Miete und Betriebskosten', receiptReference: 'WNF-2024-JR', total: 21_600, declared: 14_400 },
      { date: '2025-03-31', payee: 'Wohnungsgenossenschaft Neustädter Feld eG', purpose: 'Betriebskostenabrechnung 2022 bis 2024',
        budgetLine: '1 Miete und Betriebskosten', receiptReference: 'WNF-BK-2022-2024', total: 14_040, declared: 9_360 },
      { date: '2025-12-12', payee: 'Nachbarschaftshilfe Neustädter Feld e.V.', purpose: 'Honorare der offenen Angebote 2025 (Sammelbeleg)',
        budgetLine: '3 Honorare und Programm', receiptReference: 'NNF-2025-H12', total: 37_800, declared: 25_200 },
      { date: '2025-12-19', payee: 'Wohnungsgenossenschaft Neustädter Feld eG', purpose: 'Miete des Ladenlokals 2025 (Jahresrechnung)',
        budgetLine: '1 Miete und Betriebskosten', receiptReference: 'WNF-2025-JR', total: 21_600, declared: 14_400 },
    ]),
    submitProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, stmMagdeburg, {
      budgetYear: 2022, submittedOn: '2023-04-18', statementTotal: 19_740, receiptsCount: 2,
      reportSummary: 'Ladenlokal angemietet und eingerichtet; Eröffnung am 09.09.2022; 60 Teilnehmende an regelmäßigen Angeboten.',
    }),
    acceptProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, fmLvwa, '2023-05-30', 2022),
    submitProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, stmMagdeburg, {
      budgetYear: 2023, submittedOn: '2024-04-22', statementTotal: 54_000, receiptsCount: 2,
      reportSummary: 'Sprachcafé, Hausaufgabenhilfe und Jugendabende etabliert; 210 Teilnehmende an regelmäßigen Angeboten.',
    }),
    acceptProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, fmLvwa, '2024-06-04', 2023),
    submitProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, stmMagdeburg, {
      budgetYear: 2024, submittedOn: '2025-04-16', statementTotal: 56_700, receiptsCount: 2,
      reportSummary: 'Angebote ausgeweitet; Bewegungsnachmittag für Kinder; 365 Teilnehmende an regelmäßigen Angeboten.',
    }),
    acceptProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, fmLvwa, '2025-05-27', 2024),
    submitProof('magdeburg-community-centre', GR.magdeburgCommunityCentre, stmMagdeburg, {
      submittedOn: '2026-05-29', statementTotal: 203_880, receiptsCount: 9,
      reportSummary:
        'Stadtteiltreff dreieinhalb Jahre betrieben; 498 Teilnehmende an regelmäßigen Angeboten. Gesamtausgaben 203.880 €, ' +
        'davon Zuwendung 135.920 €; nach 126.000 € Abschlägen wird eine Schlusszahlung von 9.920 € beantragt.',
    }),

    // magdeburg-efre (80 % share): the approval period extended by an amendment (Änderungsbescheid)
    ...disbursements('magdeburg-efre', GR.magdeburgEfre, fmIb, [
      ['2024-05-02', '2024-07-01', 40_000],
      ['2024-09-02', '2024-10-31', 60_000],
      ['2025-06-02', '2025-07-31', 45_000],
    ]),
    ...expenditures('magdeburg-efre', GR.magdeburgEfre, stmMagdeburg, [
      { date: '2024-05-24', payee: 'Grünplan Elbe Landschaftsarchitekten PartG mbB', purpose: 'Entwurfs- und Ausführungsplanung der Innenhöfe',
        budgetLine: '1 Planung', receiptReference: 'GPE-2024-118', total: 31_200, declared: 24_960 },
      { date: '2024-08-30', payee: 'Garten- und Landschaftsbau Börde GmbH', purpose: 'Entsiegelung und Bodenarbeiten Hof 1 und Hof 2',
        budgetLine: '2 Bauausgaben', receiptReference: 'GLB-24-0830', total: 96_480, declared: 77_184 },
      { date: '2025-05-16', payee: 'Garten- und Landschaftsbau Börde GmbH', purpose: 'Hochbeete, Wasserspeicher und Pflanzungen Hof 3',
        budgetLine: '2 Bauausgaben', receiptReference: 'GLB-25-0516', total: 58_300, declared: 46_640 },
    ]),
    submitProof('magdeburg-efre', GR.magdeburgEfre, stmMagdeburg, {
      budgetYear: 2024, submittedOn: '2025-04-14', statementTotal: 127_680, receiptsCount: 2,
      reportSummary: 'Höfe 1 und 2 entsiegelt (rund 1.900 m²) und mit der Mieterschaft bepflanzt; 140 Beteiligte.',
    }),
    acceptProof('magdeburg-efre', GR.magdeburgEfre, fmIb, '2025-05-12', 2024),
    step('grant magdeburg-efre: amend approval (version 2)', fmIb, 'amendGrant', {
      grantId: GR.magdeburgEfre,
      version: 2,
      amendedOn: '2025-09-15',
      approvalPeriod: { from: '2024-04-01', to: '2026-06-30' },
      reportDeadlines: deadlines([['INTERIM', '2025-04-30', 2024], ['INTERIM', '2026-04-30', 2025], ['FINAL', '2026-12-31']]),
      reason: 'Verlängerung des Bewilligungszeitraums: witterungsbedingte Verzögerung der Pflanzarbeiten im Winter 2024/25.',
    }),
    ...expenditures('magdeburg-efre', GR.magdeburgEfre, stmMagdeburg, [
      { date: '2025-10-10', payee: 'Holzwerkstatt Sudenburg eG', purpose: 'Sitzgruppen und Gerätehäuser, gebaut mit der Nachbarschaft',
        budgetLine: '3 Ausstattung', receiptReference: 'HWS-2025-207', total: 12_750, declared: 10_200 },
    ]),
    ...disbursements('magdeburg-efre', GR.magdeburgEfre, fmIb, [['2026-02-02', '2026-03-31', 10_000]]),
  ],
};

/** The whole data set, in the order it is loaded. */
export const DEMO_SECTIONS: readonly DemoSection[] = [
  programmes,
  districts,
  bodies,
  meetingsSection,
  concepts,
  swotAnalyses,
  plans,
  contextIndicators,
  goals,
  measures,
  grantApplications,
  measureImplementation,
  grantAccounts,
];
