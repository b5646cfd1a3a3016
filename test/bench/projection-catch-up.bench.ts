import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import type { JsonObject, NewEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { testEvent } from '../support/events';

// Projection catch-up from zero: a realistic mix of ≥ 100,000 events (districts with concepts and SWOT analyses,
// goals with reviews, measures with progress reports, grants with disbursements, expenditures and proofs, catalogue
// events) is appended through the event store port, then every projection of the service is started from an
// empty read store and timed until all have reached the head. Not part of `npm test`; run with `npm run bench`.
// BENCH_EVENTS (default 100000) and BENCH_BATCH (runner batch size, default 500) tune it.

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH ?? 500);
const FIELDS = ['participation', 'public-space', 'housing', 'social-infrastructure', 'employment', 'health', 'networking', 'image'];

type Stream = { streamId: string; events: NewEvent[] };

let day = 0;
const nextDay = () => new Date(Date.UTC(2021, 0, 1) + (day++ % 2000) * 86_400_000).toISOString().slice(0, 10);
const event = (type: string, data: JsonObject): NewEvent => testEvent({ type, data, metadata: { recordedAt: new Date().toISOString() } });
const pick = <T>(items: readonly T[], i: number) => items[i % items.length];

function catalogue(): Stream[] {
  return [
    {
      streamId: 'catalogue-action-fields',
      events: FIELDS.map((id, i) => event('ActionFieldAdded', { actionFieldId: id, number: i + 1, name: id, nameDe: id })),
    },
    {
      streamId: 'catalogue-funding-programmes',
      events: ['EU', 'FEDERAL', 'STATE', 'MUNICIPAL'].map((level, i) =>
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

function district(n: number): Stream[] {
  const districtId = randomUUID();
  const streams: Stream[] = [];
  const d: NewEvent[] = [
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
    d.push(event('ConceptVersionAdopted', { districtId, version: v, title: `ISEK ${v}`, adoptedOn: nextDay(), adoptedByBodyId: 'b', decisionRef: 'b/d', summary: 's' }));
    d.push(event('SwotAnalysisRecorded', {
      districtId,
      analysisNumber: v,
      conductedOn: nextDay(),
      items: FIELDS.slice(0, 4).map((f) => ({ kind: 'STRENGTH', actionFieldId: f, statement: 'gut', evidence: null })),
      participatingBodyIds: [],
    }));
    d.push(event('ContextIndicatorValueRecorded', { districtId, indicatorKey: 'population', value: 20_000 + v, unit: 'persons', referenceDate: nextDay(), source: 'Statistik' }));
  }
  streams.push({ streamId: `district-${districtId}`, events: d });

  for (let g = 0; g < 10; g++) {
    const goalId = randomUUID();
    const indicator = (id: string) => ({
      indicatorId: id,
      code: id,
      name: id,
      unit: 'persons',
      measureType: 'UNIT',
      direction: id === 'i1' ? 'ASCENDING' : 'DESCENDING',
      baseline: { value: 100, date: '2020-01-01', source: 'Statistik' },
      target: { value: id === 'i1' ? 200 : 50, date: '2027-12-31' },
    });
    const events = [
      event('GoalDefined', {
        goalId,
        districtId,
        actionFieldIds: [pick(FIELDS, g), pick(FIELDS, g + 3)],
        title: `Goal ${g}`,
        description: 'd',
        conceptVersion: 1,
        indicators: [indicator('i1'), indicator('i2')],
      }),
    ];
    for (let r = 0; r < 10; r++) {
      const reviewedOn = nextDay();
      events.push(event('GoalReviewRecorded', {
        goalId,
        reviewId: `r${r}`,
        reviewedOn,
        period: { from: reviewedOn, to: reviewedOn },
        kind: 'ONGOING',
        conceptVersion: 1,
        measurements: ['i1', 'i2'].map((id) => ({
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
      }));
    }
    streams.push({ streamId: `goal-${goalId}`, events });
  }

  const measureIds: string[] = [];
  for (let m = 0; m < 40; m++) {
    const measureId = randomUUID();
    measureIds.push(measureId);
    const actionFieldIds = m % 3 === 0 ? [pick(FIELDS, m)] : [pick(FIELDS, m), pick(FIELDS, m + 1)];
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
      event('MeasureApproved', { measureId, approvedOn: nextDay() }),
      event('MeasureStarted', { measureId, actualStartDate: nextDay(), grantIds: [] }),
    ];
    for (let p = 1; p <= 20; p++) {
      events.push(event('MeasureProgressReported', {
        measureId,
        reportedOn: nextDay(),
        progressPercent: p * 5,
        previousProgressPercent: (p - 1) * 5,
        milestone: p % 5 === 0 ? { milestoneId: `ms${p}`, title: `Milestone ${p}`, reachedOn: nextDay() } : null,
        outputs: { participants: p * 3 },
        reason: null,
      }));
    }
    events.push(event('MeasureCompleted', { measureId, actualEndDate: nextDay() }));
    streams.push({ streamId: `measure-${measureId}`, events });
  }

  for (let r = 0; r < 30; r++) {
    const grantId = randomUUID();
    const level = pick(['EU', 'FEDERAL', 'STATE', 'MUNICIPAL'], r);
    const events = [
      event('GrantApplicationSubmitted', {
        grantId,
        programmeId: `programme-${r % 4}`,
        programmeLevel: level,
        fund: 'ESF Plus',
        districtId,
        measureIds: [pick(measureIds, r)],
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
        events.push(event('ExpenditureRecorded', {
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
        }));
      }
    }
    events.push(event('ProofOfUseSubmitted', { grantId, kind: 'INTERIM', budgetYear: 2024, reportSummary: 's', statementTotal: 1, receiptsCount: 1 }));
    events.push(event('ProofOfUseAccepted', { grantId, kind: 'INTERIM', budgetYear: 2024 }));
    streams.push({ streamId: `grant-${grantId}`, events });
  }
  return streams;
}

describe('projection catch-up speed', () => {
  it(`projects ≥ ${TARGET_EVENTS} events from zero with all projections`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-catch-up-'));
    const events = new SqliteEventStoreAdapter({ filename: join(dir, 'events.db'), pollIntervalMs: 20 });
    const reads = new SqliteReadStoreAdapter({ filename: join(dir, 'read-models.db') });
    try {
      let appended = 0;
      const append = async (stream: Stream) => {
        // Streams are interleaved in the log the way concurrent work would interleave them: chunk by chunk.
        for (let i = 0; i < stream.events.length; i += 50) {
          await events.append(stream.streamId, stream.events.slice(i, i + 50), 'any');
        }
        appended += stream.events.length;
      };
      for (const stream of catalogue()) await append(stream);
      for (let n = 0; appended < TARGET_EVENTS; n++) for (const stream of district(n)) await append(stream);
      const head = (await events.headPosition())!;

      const manager = new ProjectionManager(events, reads, ALL_PROJECTIONS, { batchSize: BATCH_SIZE, log: () => undefined });
      const started = process.hrtime.bigint();
      await manager.start();
      const reached = await manager.waitFor(head, 1_500_000);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const statuses = await manager.status();
      await manager.stop();

      expect(reached).toBe(true);
      expect(statuses.filter((s) => s.state === 'failed')).toEqual([]);
      const rate = Math.round(appended / seconds);
      process.stdout.write(
        `\nprojection catch-up: ${appended} events, ${ALL_PROJECTIONS.length} projections ` +
          `(${ALL_PROJECTIONS.map((p) => p.name).join(', ')}), batch ${BATCH_SIZE}: ${seconds.toFixed(1)} s = ${rate} events/s\n`,
      );
    } finally {
      await reads.close();
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 1_800_000);
});
