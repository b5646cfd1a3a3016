import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { DEFAULT_ACTION_FIELDS } from '../../src/catalogue/domain/action-fields.commands';
import type { JsonObject, NewEvent } from '../../src/core/envelope';
import { testEvent } from '../support/events';

/**
 * A realistic mix of events for the benchmarks: the two catalogues, then districts, each with concept versions, SWOT
 * analyses and context indicators, 10 goals with 10 reviews each, 40 measures with 20 progress reports each and
 * 30 grants with 20 disbursements and 40 expenditures each (about 3,000 events per district). Streams come out whole,
 * in the order a busy municipality would record them; every stream has at most 64 events.
 */

export interface MixStream {
  streamId: string;
  events: NewEvent[];
}

/** The service's default catalogue, so a service seeded with its own catalogue knows every action field of the mix. */
export const ACTION_FIELD_IDS = DEFAULT_ACTION_FIELDS.map((field) => field.actionFieldId);

const LEVELS = ['EU', 'FEDERAL', 'STATE', 'MUNICIPAL'] as const;

const pick = <T>(items: readonly T[], i: number) => items[i % items.length];

/** Business dates advance one day per event and wrap after 2,000 days, so dates stay plausible however long the mix. */
class Calendar {
  private day = 0;

  next(): string {
    return new Date(Date.UTC(2021, 0, 1) + (this.day++ % 2000) * 86_400_000).toISOString().slice(0, 10);
  }
}

const event = (type: string, data: JsonObject): NewEvent =>
  testEvent({ type, data, metadata: { recordedAt: new Date().toISOString() } });

export function catalogueStreams(): MixStream[] {
  return [
    {
      streamId: 'catalogue-action-fields',
      events: ACTION_FIELD_IDS.map((id, i) => event('ActionFieldAdded', { actionFieldId: id, number: i + 1, name: id, nameDe: id })),
    },
    {
      streamId: 'catalogue-funding-programmes',
      events: LEVELS.map((level, i) =>
        event('FundingProgrammeAdded', {
          programmeId: `programme-${i}`,
          name: `Programme ${i}`,
          level,
          fund: 'ESF Plus',
          legalBasis: 'Richtlinie',
          generalConditions: 'ANBest-P 2019',
          retentionYears: i % 2 === 0 ? 5 : 10,
        }),
      ),
    },
  ];
}

function districtStream(n: number, districtId: string, calendar: Calendar): MixStream {
  const events: NewEvent[] = [
    event('DistrictRegistered', {
      districtId,
      name: `District ${n}`,
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: `R-${n}`, date: '2019-03-27' },
      areaHectares: 100,
      startDate: '2019-04-01',
      expectedEndDate: null,
    }),
  ];
  for (let v = 1; v <= 3; v++) {
    events.push(
      event('ConceptVersionAdopted', {
        districtId,
        version: v,
        title: `ISEK ${v}`,
        adoptedOn: calendar.next(),
        adoptedByBodyId: 'b',
        decisionRef: 'b/d',
        summary: 's',
      }),
    );
    events.push(
      event('SwotAnalysisRecorded', {
        districtId,
        analysisNumber: v,
        conductedOn: calendar.next(),
        items: ACTION_FIELD_IDS.slice(0, 4).map((f) => ({ kind: 'STRENGTH', actionFieldId: f, statement: 'gut', evidence: null })),
        participatingBodyIds: [],
      }),
    );
    events.push(
      event('ContextIndicatorValueRecorded', {
        districtId,
        indicatorKey: 'population',
        value: 20_000 + v,
        unit: 'persons',
        referenceDate: calendar.next(),
        source: 'Statistik',
      }),
    );
  }
  return { streamId: `district-${districtId}`, events };
}

function indicator(id: 'i1' | 'i2') {
  return {
    indicatorId: id,
    code: id,
    name: id,
    unit: 'persons',
    measureType: 'UNIT',
    direction: id === 'i1' ? 'ASCENDING' : 'DESCENDING',
    baseline: { value: 100, date: '2020-01-01', source: 'Statistik' },
    target: { value: id === 'i1' ? 200 : 50, date: '2027-12-31' },
  };
}

function goalStream(g: number, districtId: string, calendar: Calendar): MixStream {
  const goalId = randomUUID();
  const events = [
    event('GoalDefined', {
      goalId,
      districtId,
      actionFieldIds: [pick(ACTION_FIELD_IDS, g), pick(ACTION_FIELD_IDS, g + 3)],
      title: `Goal ${g}`,
      description: 'd',
      conceptVersion: 1,
      indicators: [indicator('i1'), indicator('i2')],
    }),
  ];
  for (let r = 0; r < 10; r++) {
    const reviewedOn = calendar.next();
    events.push(
      event('GoalReviewRecorded', {
        goalId,
        reviewId: `r${r}`,
        reviewedOn,
        period: { from: reviewedOn, to: reviewedOn },
        kind: 'ONGOING',
        conceptVersion: 1,
        measurements: (['i1', 'i2'] as const).map((id) => ({
          indicatorId: id,
          value: 100 + r * 5,
          measuredOn: reviewedOn,
          source: 'Statistik',
          baseline: indicator(id).baseline,
          target: indicator(id).target,
          direction: indicator(id).direction,
          measureType: 'UNIT',
          progressPercent: r * 5,
        })),
        assessment: 'ON_TRACK',
        successControl: { goalAchievement: 'a', effect: 'b', costEffectiveness: 'c' },
        recommendations: [],
      }),
    );
  }
  return { streamId: `goal-${goalId}`, events };
}

function measureStream(n: number, m: number, districtId: string, calendar: Calendar): MixStream & { measureId: string } {
  const measureId = randomUUID();
  const actionFieldIds = m % 3 === 0 ? [pick(ACTION_FIELD_IDS, m)] : [pick(ACTION_FIELD_IDS, m), pick(ACTION_FIELD_IDS, m + 1)];
  const events = [
    event('MeasurePlanned', {
      measureId,
      code: `D${n}-${m}`,
      title: `Measure ${m}`,
      description: null,
      districtId,
      actionFieldIds,
      integrated: actionFieldIds.length >= 2,
      goalContributions: [],
      sponsor: { name: 'Verein', type: 'ASSOCIATION' },
      location: 'Neustadt',
      plannedStartDate: '2024-01-01',
      plannedEndDate: '2026-12-31',
      resources: [],
      targetGroups: [],
      budgetCents: 1_000_000,
    }),
    event('MeasureApproved', { measureId, approvedOn: calendar.next() }),
    event('MeasureStarted', { measureId, actualStartDate: calendar.next(), grantIds: [] }),
  ];
  for (let p = 1; p <= 20; p++) {
    events.push(
      event('MeasureProgressReported', {
        measureId,
        reportedOn: calendar.next(),
        progressPercent: p * 5,
        previousProgressPercent: (p - 1) * 5,
        milestone: p % 5 === 0 ? { milestoneId: `ms${p}`, title: `Milestone ${p}`, reachedOn: calendar.next() } : null,
        outputs: { participants: p * 3 },
        reason: null,
      }),
    );
  }
  events.push(event('MeasureCompleted', { measureId, actualEndDate: calendar.next() }));
  return { streamId: `measure-${measureId}`, events, measureId };
}

function grantStream(n: number, r: number, districtId: string, measureId: string): MixStream {
  const grantId = randomUUID();
  const events = [
    event('GrantApplicationSubmitted', {
      grantId,
      programmeId: `programme-${r % 4}`,
      programmeLevel: pick(LEVELS, r),
      fund: 'ESF Plus',
      districtId,
      measureIds: [measureId],
      requestedAmount: 10_000_000,
      plan: { totalEligibleCost: 12_000_000, ownShare: 2_000_000, thirdPartyFunds: 0 },
      period: { from: '2024-01-01', to: '2026-12-31' },
      earlyStartRequested: false,
    }),
    event('GrantApproved', {
      grantId,
      version: 1,
      referenceNumber: `Z-${n}-${r}`,
      authority: 'Landesverwaltungsamt',
      approvedOn: '2024-01-10',
      purpose: 'Quartiersarbeit',
      financingType: 'SHARE',
      maximumAmount: 9_000_000,
      eligibleExpenditure: 12_000_000,
      approvalPeriod: { from: '2024-01-01', to: '2026-12-31' },
      reportDeadlines: [],
    }),
  ];
  for (let k = 0; k < 20; k++) {
    events.push(event('GrantFundsDisbursed', { grantId, disbursementId: `d${k}`, amount: 100_000, neededBy: '2025-01-31', paidOn: '2025-01-02' }));
    for (let e = 0; e < 2; e++) {
      events.push(
        event('ExpenditureRecorded', {
          grantId,
          expenditureId: `e${k}-${e}`,
          date: '2025-01-03',
          payee: 'Träger',
          purpose: 'Personal',
          amount: 50_000,
          budgetLine: 'Personal',
          receiptReference: `R-${k}-${e}`,
          receiptFileHash: 'a'.repeat(64),
          receiptTotal: 50_000,
        }),
      );
    }
  }
  events.push(event('ProofOfUseSubmitted', { grantId, kind: 'INTERIM', budgetYear: 2024, reportSummary: 's', statementTotal: 1, receiptsCount: 1 }));
  events.push(event('ProofOfUseAccepted', { grantId, kind: 'INTERIM', budgetYear: 2024 }));
  return { streamId: `grant-${grantId}`, events };
}

/** One district's whole record: the district stream, its goals, measures and grants (about 3,000 events). */
export function districtRecord(n: number, calendar = new Calendar()): MixStream[] {
  const districtId = randomUUID();
  const streams: MixStream[] = [districtStream(n, districtId, calendar)];
  for (let g = 0; g < 10; g++) streams.push(goalStream(g, districtId, calendar));
  const measures = Array.from({ length: 40 }, (_, m) => measureStream(n, m, districtId, calendar));
  streams.push(...measures.map(({ streamId, events }) => ({ streamId, events })));
  for (let r = 0; r < 30; r++) streams.push(grantStream(n, r, districtId, pick(measures, r).measureId));
  return streams;
}

/**
 * Workload 2's appends: `total` events of the mix packed `size` to an append, each append the whole of a new stream
 * (`bench-<uuid>`), so every append carries exactly `size` realistic events.
 */
export function packedAppends(total: number, size: number): MixStream[] {
  const events: NewEvent[] = [];
  for (const streams of realisticMix(total, { withCatalogues: false })) {
    for (const stream of streams) events.push(...stream.events);
    if (events.length >= total) break;
  }
  const appends: MixStream[] = [];
  for (let i = 0; i + size <= total; i += size) {
    appends.push({ streamId: `bench-${randomUUID()}`, events: events.slice(i, i + size) });
  }
  return appends;
}

/**
 * Streams of at least `minEvents` events in all, district by district, generated lazily (a million events do not fit
 * in memory as objects). `withCatalogues: false` leaves the two catalogue streams out, for a service that seeds its
 * own catalogue.
 */
export function* realisticMix(minEvents: number, { withCatalogues = true } = {}): Generator<MixStream[]> {
  const calendar = new Calendar();
  let produced = 0;
  if (withCatalogues) {
    const catalogues = catalogueStreams();
    produced += catalogues.reduce((sum, s) => sum + s.events.length, 0);
    yield catalogues;
  }
  for (let n = 0; produced < minEvents; n++) {
    const record = districtRecord(n, calendar);
    produced += record.reduce((sum, s) => sum + s.events.length, 0);
    yield record;
  }
}

/**
 * Data sets go to a file (one JSON array of streams per line), so every contender, each in its own process, gets
 * exactly the same events. Returns the number of events written.
 */
export function writeDataset(file: string, groups: Iterable<MixStream[]>): number {
  const fd = openSync(file, 'w');
  let events = 0;
  try {
    for (const group of groups) {
      writeSync(fd, `${JSON.stringify(group)}\n`);
      events += group.reduce((sum, s) => sum + s.events.length, 0);
    }
  } finally {
    closeSync(fd);
  }
  return events;
}

export function* readDataset(file: string): Generator<MixStream[]> {
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') yield JSON.parse(line) as MixStream[];
}
