import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { EventMetadata, JsonObject, RecordedEvent } from '../../../src/core/envelope';
import type { Doc } from '../../../src/read-store/read-store.port';
import { POSITION_FIELD, type Projection } from '../../../projections/runner/projection';
import { actionPhrase, EffectiveDateSource } from '../../../src/core/event-registry';
import { ALL_EVENT_TYPES as AUDITED_EVENT_TYPES, EVENT_REGISTRY } from '../../../src/event-registry';
import { formatEuros } from '../../../src/core/money';
import {
  AUDIT_STREAM_DISTRICT_COLLECTION,
  AUDIT_TRAIL_COLLECTION,
  type AuditEntryDoc,
  auditTrailProjection,
  MAX_CHANGES,
  MAX_VALUE_CHARS,
} from '../../../projections/audit-trail/audit-trail.projection';
import { auditTrailStoreFilter } from '../../../projections/audit-trail/audit-trail.filter';

/**
 * Given events → expected audit documents. Every scenario runs twice over the same events, the way the runner
 * would after a crash between apply and checkpoint: the second run must write nothing and change nothing.
 */

const DISTRICT = '0b6f2f7e-3c5e-4a53-9a55-1f0e5bd1a001';
const GOAL = '60a160a1-0000-4000-8000-0000000000f1';
const BODY = '1a2b3c4d-0000-4000-8000-00000000b0d1';
const MEASURE = '5e5e5e5e-0000-4000-8000-0000000000e1';
const GRANT = '1a85c0de-0000-4000-8000-00000000a001';
const RECEIPT_HASH = 'f'.repeat(64);

let position = 0;
let streamVersions = new Map<string, number>();

function recorded(streamId: string, type: string, data: JsonObject, metadata: Partial<EventMetadata> = {}): RecordedEvent {
  position += 1;
  const streamVersion = streamVersions.get(streamId) ?? 0;
  streamVersions.set(streamId, streamVersion + 1);
  const id = String(position).padStart(12, '0');
  return {
    eventId: `e0000000-0000-4000-8000-${id}`,
    type,
    streamId,
    streamVersion,
    position: String(position).padStart(20, '0'),
    data,
    metadata: {
      actorId: 'alice',
      actorRole: 'district_manager',
      recordedAt: `2026-03-01T10:00:${String(position % 60).padStart(2, '0')}.000Z`,
      commandId: `c0000000-0000-4000-8000-${id}`,
      correlationId: 'corr-1',
      causationId: `c0000000-0000-4000-8000-${id}`,
      schemaVersion: 1,
      prevHash: '',
      hash: 'h',
      ...metadata,
    },
  };
}

/** The small federal application several cases start from. */
const grantApplied = (): RecordedEvent =>
  recorded(`grant-${GRANT}`, 'GrantApplicationSubmitted', {
    grantId: GRANT,
    programmeId: 'biwaq',
    programmeLevel: 'FEDERAL',
    fund: 'ESF Plus',
    districtId: DISTRICT,
    measureIds: [],
    requestedAmount: 1_00,
    plan: { totalEligibleCost: 1_00, ownShare: 0, thirdPartyFunds: 0 },
    period: { from: '2026-01-01', to: '2027-12-31' },
    earlyStartRequested: false,
  });

type Store = Map<string, Doc>;
const key = (collection: string, id: string) => `${collection}/${id}`;

/** Applies events the way the runner does (skip an event already reflected in its documents); returns the writes. */
function run(projection: Projection, events: readonly RecordedEvent[], store: Store): number {
  let writes = 0;
  for (const event of events) {
    if (!projection.eventTypes.includes(event.type)) continue;
    const refs = projection.documentsFor(event);
    const applied = refs.some((ref) => {
      const at = store.get(key(ref.collection, ref.id))?.[POSITION_FIELD];
      return typeof at === 'string' && at >= event.position;
    });
    if (applied) continue;
    const output = projection.apply(event, {
      get: <T extends Doc>(collection: string, id: string) => (store.get(key(collection, id)) ?? null) as T | null,
    });
    for (const write of output) {
      if (!('doc' in write)) throw new Error('the audit trail never deletes');
      store.set(key(write.collection, write.doc.id), { ...write.doc, [POSITION_FIELD]: event.position });
      writes += 1;
    }
  }
  return writes;
}

/** Runs twice; the second run must not write. Returns the audit entries in store order. */
function projectTwice(events: readonly RecordedEvent[]): { entries: AuditEntryDoc[]; store: Store } {
  const store: Store = new Map();
  expect(run(auditTrailProjection, events, store)).toBeGreaterThan(0);
  const snapshot = JSON.stringify([...store]);
  expect(run(auditTrailProjection, events, store)).toBe(0);
  expect(JSON.stringify([...store])).toBe(snapshot);
  const entries = [...store.entries()]
    .filter(([k]) => k.startsWith(`${AUDIT_TRAIL_COLLECTION}/`))
    .map(([, doc]) => doc as AuditEntryDoc)
    .sort((a, b) => (a.position < b.position ? -1 : 1));
  return { entries, store };
}

const withoutBookkeeping = ({ [POSITION_FIELD]: _p, ...entry }: AuditEntryDoc) => entry;

beforeEach(() => {
  position = 0;
  streamVersions = new Map();
});

/** Every `*_EVENT_TYPES` list and every decider exported by a module in a `domain` folder under src. */
async function domainExports(): Promise<{ eventTypes: Map<string, readonly string[]>; deciders: Map<unknown, string> }> {
  const eventTypes = new Map<string, readonly string[]>();
  const deciders = new Map<unknown, string>();
  const visit = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (basename(dir) === 'domain' && entry.name.endsWith('.ts')) {
        for (const [name, value] of Object.entries((await import(path)) as Record<string, unknown>)) {
          const where = `${relative(SRC, path)}:${name}`;
          if (name.endsWith('_EVENT_TYPES') && Array.isArray(value)) eventTypes.set(where, value as string[]);
          const decider = value as { decide?: unknown; evolve?: unknown } | null;
          if (typeof decider?.decide === 'function' && typeof decider.evolve === 'function') deciders.set(value, where);
        }
      }
    }
  };
  await visit(SRC);
  return { eventTypes, deciders };
}
const SRC = join(__dirname, '..', '..', '..', 'src');

describe('audit-trail projection', () => {
  it('audits every event type every decider records', async () => {
    const { eventTypes, deciders } = await domainExports();
    // One list per decider at least (the house rule: each names its event types in a *_EVENT_TYPES list).
    expect(deciders.size).toBeGreaterThanOrEqual(11);
    expect(eventTypes.size).toBeGreaterThanOrEqual(deciders.size);
    const audited = new Set<string>(AUDITED_EVENT_TYPES);
    const missing = [...eventTypes].flatMap(([list, types]) => types.filter((t) => !audited.has(t)).map((t) => `${list} ${t}`));
    expect(missing).toEqual([]);
    expect([...eventTypes.values()].flat()).toEqual(expect.arrayContaining(['WebhookRegistered', 'ApiKeyRevoked']));
  });

  it('lists every event type of the service', () => {
    expect(new Set(auditTrailProjection.eventTypes)).toEqual(new Set(AUDITED_EVENT_TYPES));
    expect(auditTrailProjection.eventTypes).toEqual(
      expect.arrayContaining(['DistrictRegistered', 'GrantApproved', 'ReceiptShareReserved', 'ActionFieldRenamed']),
    );
  });

  it('records a grant approval with its cited decision, effective date and district (from the creation event)', () => {
    const submitted = recorded(`grant-${GRANT}`, 'GrantApplicationSubmitted', {
      grantId: GRANT,
      programmeId: 'biwaq',
      programmeLevel: 'FEDERAL',
      fund: 'ESF Plus',
      districtId: DISTRICT,
      measureIds: [MEASURE],
      requestedAmount: 80_000_00,
      plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
      period: { from: '2026-01-01', to: '2027-12-31' },
      earlyStartRequested: false,
    });
    const approved = recorded(
      `grant-${GRANT}`,
      'GrantApproved',
      {
        grantId: GRANT,
        version: 1,
        referenceNumber: 'LVwA-2026-17',
        authority: 'Landesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification',
        financingType: 'SHARE',
        maximumAmount: 80_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [],
      },
      {
        actorId: 'bob',
        actorRole: 'funding_officer',
        effectiveAt: '2026-03-15',
        reason: 'Steering round recommended it',
        decisionRef: `${BODY}/SR-2026-01`,
        correlationId: 'corr-approve',
        causationId: 'cause-approve',
      },
    );

    const { entries, store } = projectTwice([submitted, approved]);

    expect(store.get(key(AUDIT_STREAM_DISTRICT_COLLECTION, `grant-${GRANT}`))).toMatchObject({
      districtId: DISTRICT,
      status: 'approved',
    });
    expect(entries.map(withoutBookkeeping)[1]).toEqual({
      id: approved.eventId,
      position: approved.position,
      recordedAt: approved.metadata.recordedAt,
      effectiveAt: '2026-03-15',
      effectiveDate: '2026-03-15',
      effectiveDateSource: 'OPTION',
      actorId: 'bob',
      actorRole: 'funding_officer',
      personId: 'bob',
      eventType: 'GrantApproved',
      action: 'grant approved',
      entityType: 'grant',
      entityId: GRANT,
      streamId: `grant-${GRANT}`,
      streamVersion: 1,
      districtId: DISTRICT,
      reason: 'Steering round recommended it',
      decisionRef: `${BODY}/SR-2026-01`,
      commandId: approved.metadata.commandId,
      correlationId: 'corr-approve',
      causationId: 'cause-approve',
      summary: 'Grant 1a85… approved: 80,000.00 € (ref. LVwA-2026-17)',
      changes: [
        { field: 'status', from: 'submitted', to: 'approved', truncated: false },
        { field: 'version', from: null, to: 1, truncated: false },
        { field: 'referenceNumber', from: null, to: 'LVwA-2026-17', truncated: false },
        { field: 'authority', from: null, to: 'Landesverwaltungsamt', truncated: false },
        { field: 'approvedOn', from: null, to: '2026-03-15', truncated: false },
        { field: 'purpose', from: null, to: 'Qualification', truncated: false },
        { field: 'financingType', from: null, to: 'SHARE', truncated: false },
        { field: 'maximumAmount', from: null, to: 80_000_00, truncated: false },
        { field: 'eligibleExpenditure', from: null, to: 100_000_00, truncated: false },
        { field: 'approvalPeriod', from: null, to: { from: '2026-04-01', to: '2027-12-31' }, truncated: false },
        { field: 'reportDeadlines', from: null, to: [], truncated: false },
      ],
      changesTruncated: false,
    });
    // The creation event lists its initial values as null → value (the grant's own id left out).
    expect(entries[0]).toMatchObject({
      summary: 'Grant 1a85… applied for: 80,000.00 € from biwaq (FEDERAL, ESF Plus)',
      effectiveAt: null,
      effectiveDate: '2026-03-01',
      effectiveDateSource: 'RECORDED',
      reason: null,
      decisionRef: null,
      districtId: DISTRICT,
    });
    expect(entries[0].changes.map((c) => c.field)).not.toContain('grantId');
    expect(entries[0].changes).toContainEqual({ field: 'requestedAmount', from: null, to: 80_000_00, truncated: false });
    expect(entries[0].changes[0]).toEqual({ field: 'status', from: null, to: 'submitted', truncated: false });
  });

  it('shows old → new values from changes/previous and previousX fields', () => {
    const events = [
      recorded(`district-${DISTRICT}`, 'DistrictRegistered', {
        districtId: DISTRICT,
        name: 'Halle-Neustadt',
        municipality: 'Halle (Saale)',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'VII/2019/01234', date: '2019-06-26' },
        areaHectares: null,
        startDate: null,
        expectedEndDate: null,
      }),
      recorded(
        `district-${DISTRICT}`,
        'DistrictProfileUpdated',
        { districtId: DISTRICT, changes: { name: 'Neustadt', areaHectares: 12.5 }, previous: { name: 'Halle-Neustadt', areaHectares: null } },
        { reason: 'Official name' },
      ),
      grantApplied(),
      recorded(`grant-${GRANT}`, 'GrantAmended', {
        grantId: GRANT,
        version: 2,
        amendedOn: '2026-10-01',
        reason: 'Second course',
        changes: { maximumAmount: 70_000_00 },
        previous: { maximumAmount: 60_000_00 },
      }),
      recorded('catalogue-action-fields', 'ActionFieldRenamed', {
        actionFieldId: 'public-space',
        name: 'Public space and safety',
        nameDe: 'Öffentlicher Raum und Sicherheit',
        previousName: 'Public space',
        previousNameDe: 'Öffentlicher Raum',
      }),
      recorded(`measure-${MEASURE}`, 'MeasureCancelled', { measureId: MEASURE, reason: 'Sponsor insolvent', previousStatus: 'running' }),
    ];
    const { entries } = projectTwice(events);
    const [, profile, , amended, renamed, cancelled] = entries;

    expect(profile).toMatchObject({
      summary: `District ${DISTRICT.slice(0, 4)}… profile updated: name, areaHectares`,
      reason: 'Official name',
      districtId: DISTRICT,
      changes: [
        { field: 'name', from: 'Halle-Neustadt', to: 'Neustadt', truncated: false },
        { field: 'areaHectares', from: null, to: 12.5, truncated: false },
      ],
    });
    expect(amended).toMatchObject({
      summary: 'Grant 1a85… amended to version 2 on 2026-10-01: maximum 60,000.00 € → 70,000.00 €',
      reason: 'Second course',
      districtId: DISTRICT,
      changes: [{ field: 'maximumAmount', from: 60_000_00, to: 70_000_00, truncated: false }],
    });
    expect(renamed).toMatchObject({
      entityType: 'catalogue',
      entityId: 'action-fields',
      districtId: null,
      summary: 'Action field public-space renamed: "Public space" → "Public space and safety"',
    });
    expect(renamed.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: 'Public space', to: 'Public space and safety', truncated: false },
        { field: 'nameDe', from: 'Öffentlicher Raum', to: 'Öffentlicher Raum und Sicherheit', truncated: false },
      ]),
    );
    // A measure without a creation event in view has no known district; its status change still shows.
    expect(cancelled).toMatchObject({
      districtId: null,
      reason: 'Sponsor insolvent',
      changes: [{ field: 'status', from: 'running', to: 'cancelled', truncated: false }],
    });
  });

  it('finds the district of later events and of receipts through the creation event of their stream', () => {
    const events = [
      recorded(`body-${BODY}`, 'BodyEstablished', {
        bodyId: BODY,
        districtId: DISTRICT,
        kind: 'STEERING_ROUND',
        name: 'Steuerungsrunde',
        description: null,
        establishedOn: '2020-01-15',
      }),
      recorded(`body-${BODY}`, 'MeetingRecorded', {
        bodyId: BODY,
        meetingId: 'sr-1',
        heldOn: '2026-02-01',
        attendance: 9,
        agendaItems: ['Funding'],
        decisions: [{ decisionId: 'SR-2026-01', subject: 'Apply', outcome: 'ADOPTED', votes: null, rationale: null }],
        conflictsOfInterest: [],
      }),
      grantApplied(),
      recorded(`grant-${GRANT}`, 'GrantFundsDisbursed', {
        grantId: GRANT,
        disbursementId: 'd-1',
        amount: 40_000_00,
        neededBy: '2026-07-02',
        paidOn: '2026-05-02',
      }),
      recorded(`receipt-${RECEIPT_HASH}`, 'ReceiptShareReserved', {
        grantId: GRANT,
        expenditureId: 'x-1',
        amount: 1_200_00,
        receiptReference: 'RE-1',
        receiptFileHash: RECEIPT_HASH,
        receiptTotal: 1_500_00,
        declaredAfter: 1_200_00,
      }),
    ];
    const { entries } = projectTwice(events);
    expect(entries.map((e) => [e.entityType, e.districtId])).toEqual([
      ['body', DISTRICT],
      ['body', DISTRICT],
      ['grant', DISTRICT],
      ['grant', DISTRICT],
      ['receipt', DISTRICT],
    ]);
    expect(entries[0].summary).toBe('Body "Steuerungsrunde" (steering round) established on 2020-01-15');
    expect(entries[1].summary).toBe('Meeting sr-1 of 2026-02-01 recorded: 9 attending, 1 decisions');
    expect(entries[3]).toMatchObject({
      action: 'grant funds disbursed',
      summary: 'Grant 1a85…: 40,000.00 € disbursed on 2026-05-02',
      changes: [
        { field: 'disbursementId', from: null, to: 'd-1', truncated: false },
        { field: 'amount', from: null, to: 40_000_00, truncated: false },
        { field: 'neededBy', from: null, to: '2026-07-02', truncated: false },
        { field: 'paidOn', from: null, to: '2026-05-02', truncated: false },
      ],
    });
    expect(entries[4]).toMatchObject({
      entityId: RECEIPT_HASH,
      summary: 'Receipt RE-1: 1,200.00 € declared to grant 1a85… (1,200.00 € of 1,500.00 € declared)',
    });
    expect(entries[4].changes.map((c) => c.field)).not.toContain('receiptFileHash');
  });

  it('keeps the list of changes and each value bounded', () => {
    const wide: JsonObject = { districtId: DISTRICT, goalId: MEASURE, huge: 'x'.repeat(MAX_VALUE_CHARS + 500) };
    for (let i = 0; i < MAX_CHANGES + 10; i++) wide[`field${i}`] = i;
    const { entries } = projectTwice([recorded(`goal-${MEASURE}`, 'GoalDefined', wide)]);
    const [entry] = entries;
    expect(entry.changes).toHaveLength(MAX_CHANGES);
    expect(entry.changesTruncated).toBe(true);
    const huge = entry.changes.find((c) => c.field === 'huge')!;
    expect(huge.truncated).toBe(true);
    expect((huge.to as string).length).toBe(MAX_VALUE_CHARS + 1);
    // An event of an unexpected shape still gets an entry, with a generic summary.
    expect(entry.summary).toBe(`goal defined (goal-${MEASURE})`);
  });

  it('takes the effective date from the option, else the event\'s business date, else the recorded date', () => {
    const submitted = (grantId: string) =>
      recorded(`grant-${grantId}`, 'GrantApplicationSubmitted', {
        grantId,
        programmeId: 'biwaq',
        programmeLevel: 'FEDERAL',
        fund: 'ESF Plus',
        districtId: DISTRICT,
        measureIds: [],
        requestedAmount: 1_00,
        plan: { totalEligibleCost: 1_00, ownShare: 0, thirdPartyFunds: 0 },
        period: { from: '2025-01-01', to: '2025-12-31' },
        earlyStartRequested: false,
      });
    const disbursement = { grantId: GRANT, disbursementId: 'd-1', amount: 40_000_00, neededBy: '2025-04-30', paidOn: '2025-02-28' };
    const events = [
      recorded(`district-${DISTRICT}`, 'DistrictRegistered', {
        districtId: DISTRICT,
        name: 'Halle-Neustadt',
        municipality: 'Halle (Saale)',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'VII/2019/01234', date: '2019-06-26' },
        areaHectares: null,
        startDate: null,
        expectedEndDate: null,
      }),
      submitted(GRANT),
      // Paid on the last day of February, recorded on the next working day, no options.effectiveAt.
      recorded(`grant-${GRANT}`, 'GrantFundsDisbursed', disbursement, { recordedAt: '2025-03-03T08:15:00.000Z' }),
      // The command's effectiveAt wins over the business date.
      recorded(`grant-${GRANT}`, 'ExpenditureRecorded', {
        grantId: GRANT,
        expenditureId: 'x-1',
        date: '2025-02-20',
        payee: 'Druckerei am Markt GmbH',
        purpose: 'Flyers',
        amount: 300_00,
        budgetLine: '3.2',
        receiptReference: 'RE-1',
        receiptFileHash: RECEIPT_HASH,
        receiptTotal: 300_00,
      }, { effectiveAt: '2025-02-21', recordedAt: '2025-03-03T08:16:00.000Z' }),
      // No business date: the recorded date.
      recorded(`grant-${GRANT}`, 'GrantClosed', { grantId: GRANT }, { recordedAt: '2025-03-04T23:30:00.000Z' }),
      // An older shape without its date field falls back to the recorded date rather than failing.
      recorded(`grant-${GRANT}`, 'GrantFundsDisbursed', { grantId: GRANT, disbursementId: 'd-0', amount: 1 }),
    ];
    const { entries } = projectTwice(events);
    expect(entries.map((e) => [e.eventType, e.effectiveAt, e.effectiveDate, e.effectiveDateSource])).toEqual([
      ['DistrictRegistered', null, '2019-06-26', EffectiveDateSource.BUSINESS_DATE], // nested: designation.date
      ['GrantApplicationSubmitted', null, '2026-03-01', EffectiveDateSource.RECORDED],
      ['GrantFundsDisbursed', null, '2025-02-28', EffectiveDateSource.BUSINESS_DATE],
      ['ExpenditureRecorded', '2025-02-21', '2025-02-21', EffectiveDateSource.OPTION],
      ['GrantClosed', null, '2025-03-04', EffectiveDateSource.RECORDED],
      ['GrantFundsDisbursed', null, '2026-03-01', EffectiveDateSource.RECORDED],
    ]);
    // The review's example: `effectiveTo=2025-02-28` finds the disbursement paid that day.
    const { effectiveDate } = auditTrailStoreFilter({ effectiveTo: '2025-02-28', effectiveFrom: '2025-02-01' }) as {
      effectiveDate: { $gte: string; $lte: string };
    };
    const inFebruary = entries.filter((e) => e.effectiveDate >= effectiveDate.$gte && e.effectiveDate <= effectiveDate.$lte);
    expect(inFebruary.map((e) => e.eventType)).toEqual(['GrantFundsDisbursed', 'ExpenditureRecorded']);
  });

  it('names a business-date field (or none) for every event type of the service', () => {
    expect(AUDITED_EVENT_TYPES.filter((type) => EVENT_REGISTRY.get(type)?.businessDate === undefined)).toEqual([]);
  });

  it('shows every status transition of districts, bodies, goals, measures and grants as old → new', () => {
    const status = (entry: AuditEntryDoc) => entry.changes.find((c) => c.field === 'status') ?? null;
    const events = [
      recorded(`district-${DISTRICT}`, 'DistrictRegistered', {
        districtId: DISTRICT,
        name: 'Halle-Neustadt',
        municipality: 'Halle (Saale)',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'VII/2019/01234', date: '2019-06-26' },
        areaHectares: null,
        startDate: null,
        expectedEndDate: null,
      }),
      recorded(`body-${BODY}`, 'BodyEstablished', {
        bodyId: BODY,
        districtId: DISTRICT,
        kind: 'WORKING_GROUP',
        name: 'AG Wohnen',
        description: null,
        establishedOn: '2020-01-15',
      }),
      recorded(`goal-${GOAL}`, 'GoalDefined', {
        goalId: GOAL,
        districtId: DISTRICT,
        actionFieldIds: ['housing-environment'],
        title: 'Fewer empty flats',
        description: 'Vacancy down',
        conceptVersion: null,
        indicators: [],
      }),
      recorded(`measure-${MEASURE}`, 'MeasurePlanned', {
        measureId: MEASURE,
        code: 'HN-2026-01',
        title: 'Workshop',
        description: null,
        districtId: DISTRICT,
        actionFieldIds: ['housing-environment'],
        integrated: false,
        goalContributions: [],
        sponsor: { name: 'Bildungswerk e.V.', type: 'ASSOCIATION' },
        location: 'Treff',
        plannedStartDate: '2026-04-01',
        plannedEndDate: '2026-12-31',
        resources: [],
        targetGroups: [],
        budgetCents: null,
      }),
      recorded(`measure-${MEASURE}`, 'MeasureApproved', { measureId: MEASURE, approvedOn: '2026-03-20' }),
      recorded(`measure-${MEASURE}`, 'MeasureStarted', { measureId: MEASURE, actualStartDate: '2026-04-01', grantIds: [] }),
      recorded(`measure-${MEASURE}`, 'MeasureProgressReported', {
        measureId: MEASURE,
        reportedOn: '2026-05-01',
        progressPercent: 20,
        previousProgressPercent: 0,
        milestone: null,
        outputs: null,
        reason: null,
      }),
      recorded(`measure-${MEASURE}`, 'MeasureSuspended', { measureId: MEASURE, reason: 'Room flooded' }),
      recorded(`measure-${MEASURE}`, 'MeasureResumed', { measureId: MEASURE }),
      recorded(`measure-${MEASURE}`, 'MeasureCancelled', { measureId: MEASURE, reason: 'Sponsor insolvent', previousStatus: 'running' }),
      recorded(`goal-${GOAL}`, 'GoalAbandoned', { goalId: GOAL }, { reason: 'Superseded' }),
      recorded(`body-${BODY}`, 'BodyDissolved', { bodyId: BODY, dissolvedOn: '2026-06-30', reason: 'Merged' }),
      recorded(`district-${DISTRICT}`, 'DistrictProgrammeClosed', { districtId: DISTRICT, closedOn: '2026-12-31', reason: 'Programme ended' }),
    ];
    const { entries, store } = projectTwice(events);
    expect(entries.map((e) => [e.eventType, status(e)?.from, status(e)?.to])).toEqual([
      ['DistrictRegistered', null, 'registered'],
      ['BodyEstablished', null, 'established'],
      ['GoalDefined', null, 'active'],
      ['MeasurePlanned', null, 'planned'],
      ['MeasureApproved', 'planned', 'approved'],
      ['MeasureStarted', 'approved', 'running'],
      ['MeasureProgressReported', undefined, undefined],
      ['MeasureSuspended', 'running', 'suspended'],
      ['MeasureResumed', 'suspended', 'running'],
      ['MeasureCancelled', 'running', 'cancelled'],
      ['GoalAbandoned', 'active', 'abandoned'],
      ['BodyDissolved', 'established', 'dissolved'],
      ['DistrictProgrammeClosed', 'registered', 'closed'],
    ]);
    // The transition leads the changes; previousStatus is not repeated beside it.
    expect(entries[9].changes).toEqual([{ field: 'status', from: 'running', to: 'cancelled', truncated: false }]);
    expect(entries.every((e) => e.districtId === DISTRICT)).toBe(true);
    const lookup = (streamId: string) => store.get(key(AUDIT_STREAM_DISTRICT_COLLECTION, streamId));
    expect(lookup(`measure-${MEASURE}`)).toMatchObject({ districtId: DISTRICT, status: 'cancelled' });
    expect(lookup(`district-${DISTRICT}`)).toMatchObject({ districtId: DISTRICT, status: 'closed' });
    expect(lookup(`goal-${GOAL}`)).toMatchObject({ districtId: DISTRICT, status: 'abandoned' });
    expect(lookup(`body-${BODY}`)).toMatchObject({ districtId: DISTRICT, status: 'dissolved' });
  });

  it('keeps the option\'s reason as the reason and lists a different stated reason as a change', () => {
    const amendment = {
      grantId: GRANT,
      version: 2,
      amendedOn: '2026-10-01',
      reason: 'Second course',
      changes: { maximumAmount: 70_000_00 },
      previous: { maximumAmount: 60_000_00 },
    };
    const events = [
      recorded(`grant-${GRANT}`, 'GrantAmended', amendment, { reason: 'Funder letter of 2026-09-20' }),
      recorded(`grant-${GRANT}`, 'GrantAmended', { ...amendment, version: 3 }, { reason: 'Second course' }),
      recorded(`grant-${GRANT}`, 'GrantRevoked', { grantId: GRANT, reason: 'Purpose not met', revokedOn: '2026-11-02' }),
      recorded(`grant-${GRANT}`, 'GrantRevoked', { grantId: GRANT, reason: 'Purpose not met', revokedOn: '2026-11-02' }, {
        reason: 'Audit finding 7',
      }),
    ];
    const { entries } = projectTwice(events);
    expect(entries.map((e) => [e.reason, e.changes.map((c) => c.field)])).toEqual([
      ['Funder letter of 2026-09-20', ['reason', 'maximumAmount']],
      ['Second course', ['maximumAmount']], // the same text twice is shown once
      ['Purpose not met', ['status', 'revokedOn']],
      ['Audit finding 7', ['reason', 'revokedOn']], // already revoked: no status change
    ]);
    expect(entries[0].changes[0]).toEqual({ field: 'reason', from: null, to: 'Second course', truncated: false });
    expect(entries[2].changes[0]).toEqual({ field: 'status', from: null, to: 'revoked', truncated: false });
  });

  it('records webhook endpoints in the district their filter names, following a change of the filter', () => {
    const WEBHOOK = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';
    const OTHER_DISTRICT = '0b6f2f7e-3c5e-4a53-9a55-1f0e5bd1a002';
    const stream = `webhook-${WEBHOOK}`;
    const asIntegrator = { actorId: 'apikey-7d1e', actorRole: 'integrator' };
    const failure = { eventId: 'e1', cursor: '00000000000000000007', statusCode: 503, error: 'HTTP 503', attempts: 50, failingSince: '2026-03-01T09:00:00.000Z' };
    const events = [
      recorded(stream, 'WebhookRegistered', {
        webhookId: WEBHOOK,
        ownerId: 'apikey-7d1e',
        secretId: 's1',
        url: 'https://crm.example.org/ledger-hook',
        filter: { categories: ['grant'], districtId: DISTRICT },
        description: null,
      }, asIntegrator),
      recorded(stream, 'WebhookSecretRotated', {
        webhookId: WEBHOOK,
        secretId: 's2',
        previousSecretId: 's1',
        previousValidUntil: '2026-03-02T10:00:00.000Z',
      }, asIntegrator),
      recorded(stream, 'WebhookUpdated', {
        webhookId: WEBHOOK,
        changes: { filter: { districtId: OTHER_DISTRICT } },
        previous: { filter: { categories: ['grant'], districtId: DISTRICT } },
      }, { actorId: 'root', actorRole: 'admin' }),
      recorded(stream, 'WebhookDisabled', {
        webhookId: WEBHOOK,
        cause: 'DELIVERY_FAILURES',
        reason: 'Delivery failed 50 times in a row',
        lastFailure: failure,
      }, { actorId: 'system', actorRole: 'system', reason: 'Delivery failed 50 times in a row' }),
      recorded(stream, 'WebhookEnabled', { webhookId: WEBHOOK }, asIntegrator),
      recorded(stream, 'WebhookRedeliveryRequested', { webhookId: WEBHOOK, fromCursor: null }, asIntegrator),
      recorded(stream, 'WebhookUpdated', {
        webhookId: WEBHOOK,
        changes: { url: 'https://crm.example.org/v2', filter: {} },
        previous: { url: 'https://crm.example.org/ledger-hook', filter: { districtId: OTHER_DISTRICT } },
      }, { actorId: 'root', actorRole: 'admin' }),
      recorded(stream, 'WebhookRemoved', { webhookId: WEBHOOK }, { actorId: 'root', actorRole: 'admin' }),
    ];
    const { entries, store } = projectTwice(events);
    const status = (entry: AuditEntryDoc) => entry.changes.find((c) => c.field === 'status') ?? null;
    expect(entries.map((e) => [e.entityType, e.entityId, e.districtId])).toEqual([
      ['webhook', WEBHOOK, DISTRICT],
      ['webhook', WEBHOOK, DISTRICT],
      ['webhook', WEBHOOK, OTHER_DISTRICT],
      ['webhook', WEBHOOK, OTHER_DISTRICT],
      ['webhook', WEBHOOK, OTHER_DISTRICT],
      ['webhook', WEBHOOK, OTHER_DISTRICT],
      ['webhook', WEBHOOK, null],
      ['webhook', WEBHOOK, null],
    ]);
    expect(entries.map((e) => e.summary)).toEqual([
      `Webhook 3c2b… registered by apikey-7d1e: https://crm.example.org/ledger-hook receives categories grant; district ${DISTRICT}`,
      'Webhook 3c2b… signing secret rotated; the previous one signs until 2026-03-02T10:00:00.000Z',
      `Webhook 3c2b… updated: filter (receives district ${OTHER_DISTRICT})`,
      'Webhook 3c2b… disabled (delivery failures): Delivery failed 50 times in a row',
      'Webhook 3c2b… enabled: delivery resumes where it stopped',
      'Webhook 3c2b… redelivery requested from the start of the log',
      'Webhook 3c2b… updated: url, filter (now https://crm.example.org/v2, receives every event)',
      'Webhook 3c2b… removed',
    ]);
    expect(entries.map((e) => status(e) && [status(e)!.from, status(e)!.to])).toEqual([
      [null, 'active'],
      null,
      null,
      ['active', 'disabled'],
      ['disabled', 'active'],
      null,
      null,
      ['active', 'removed'],
    ]);
    expect(entries[0].changes.map((c) => c.field)).toEqual(['status', 'ownerId', 'secretId', 'url', 'filter']);
    expect(entries[2].changes).toEqual([
      { field: 'filter', from: { categories: ['grant'], districtId: DISTRICT }, to: { districtId: OTHER_DISTRICT }, truncated: false },
    ]);
    expect(entries[3]).toMatchObject({ actorId: 'system', reason: 'Delivery failed 50 times in a row' });
    expect(store.get(`${AUDIT_STREAM_DISTRICT_COLLECTION}/${stream}`)).toMatchObject({ districtId: null, status: 'removed' });
  });

  it('shows both the API key that acted and the person it acted for', () => {
    const KEY = 'apikey-0d5c7a4e-2b1f-4e8a-9c3d-6f7a8b9c0d1e';
    const stream = `measure-${MEASURE}`;
    const { entries } = projectTwice([
      recorded(stream, 'MeasureResumed', { measureId: MEASURE }, { actorId: 'alice' }),
      recorded(stream, 'MeasureResumed', { measureId: MEASURE }, { actorId: KEY, onBehalfOf: 'alice' }),
      // Recorded by a key before events named the person: the entry does not guess.
      recorded(stream, 'MeasureResumed', { measureId: MEASURE }, { actorId: KEY }),
      recorded(stream, 'MeasureResumed', { measureId: MEASURE }, { actorId: 'system', actorRole: 'system' }),
    ]);
    expect(entries.map((e) => [e.actorId, e.personId])).toEqual([
      ['alice', 'alice'],
      [KEY, 'alice'],
      [KEY, null],
      ['system', 'system'],
    ]);
    expect(auditTrailStoreFilter({ personId: 'alice' })).toEqual({ personId: 'alice' });
    expect(auditTrailProjection.collections[0].indexes).toContainEqual(['personId', 'position']);
  });

  it('apply itself writes nothing for an event whose entry exists', () => {
    const event = recorded(`measure-${MEASURE}`, 'MeasureResumed', { measureId: MEASURE });
    const store: Store = new Map();
    run(auditTrailProjection, [event], store);
    const docs = { get: <T extends Doc>(c: string, id: string) => (store.get(key(c, id)) ?? null) as T | null };
    expect(auditTrailProjection.apply(event, docs)).toEqual([]);
  });
});

describe('audit-trail helpers', () => {
  it('formats money and actions', () => {
    expect(formatEuros(80_000_00)).toBe('80,000.00 €');
    expect(formatEuros(5)).toBe('0.05 €');
    expect(formatEuros(-1_234_567_89)).toBe('-1,234,567.89 €');
    expect(actionPhrase('ProofOfUseQueried')).toBe('proof of use queried');
  });

  it('turns filters into index-friendly read-store conditions', () => {
    expect(
      auditTrailStoreFilter({
        entityType: 'grant',
        entityId: GRANT,
        eventTypes: ['GrantApproved', 'GrantAmended'],
        recordedFrom: '2026-03-01T10:00:00+01:00',
        recordedTo: '2026-03-31',
        effectiveFrom: '2026-01-01',
      }),
    ).toEqual({
      entityType: 'grant',
      entityId: GRANT,
      eventType: { $in: ['GrantApproved', 'GrantAmended'] },
      recordedAt: { $gte: '2026-03-01T09:00:00.000Z', $lt: '2026-04-01T00:00:00.000Z' },
      effectiveDate: { $gte: '2026-01-01' },
    });
    expect(auditTrailStoreFilter({ eventTypes: ['GrantApproved'] })).toEqual({ eventType: 'GrantApproved' });
    expect(() => auditTrailStoreFilter({ effectiveFrom: '2026-02-01', effectiveTo: '2026-01-01' })).toThrow(/effectiveFrom/);
    expect(() => auditTrailStoreFilter({ recordedFrom: '2026-02-01', recordedTo: '2026-01-01T00:00:00Z' })).toThrow(
      /recordedFrom/,
    );
  });
});
