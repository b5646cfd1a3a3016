import { randomUUID } from 'node:crypto';
import { auditTrailStoreFilter, type AuditTrailFilterInput } from '../../projections/audit-trail/audit-trail.filter';
import { AUDIT_TRAIL_COLLECTION } from '../../projections/audit-trail/audit-trail.projection';
import { READ_STORE } from '../../src/read-store/read-store.port';
import type { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * The audit trail over GraphQL/HTTP: a small lifecycle (district, steering round and decision, profile revision
 * citing it, measure, programme, grant applied for, approved, amended, disbursed, spent) written through the
 * mutations, then read back with every filter, in both orders, page by page; invalid filters are refused.
 */

jest.setTimeout(90_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'commandId streamId streamVersion position eventCount repeated';
const mutation = (name: string, input: string, extra = '') => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${RESULT} ${extra} }
  }`;

const ENTRY_FIELDS = `
  id position recordedAt effectiveAt effectiveDate effectiveDateSource actorId actorRole eventType action entityType entityId streamId
  streamVersion districtId reason decisionRef commandId correlationId causationId summary
  changes { field from to truncated } changesTruncated`;
const AUDIT_TRAIL = `
  query Audit($filter: AuditTrailFilterInput, $first: Int, $after: String, $order: AuditTrailOrder, $wait: String) {
    auditTrail(filter: $filter, first: $first, after: $after, order: $order, waitForPosition: $wait) {
      edges { cursor node { ${ENTRY_FIELDS} } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

interface CommandResult {
  commandId: string;
  position: string | null;
}
interface Change {
  field: string;
  from: unknown;
  to: unknown;
  truncated: boolean;
}
interface Entry {
  id: string;
  position: string;
  recordedAt: string;
  effectiveAt: string | null;
  effectiveDate: string;
  effectiveDateSource: 'OPTION' | 'BUSINESS_DATE' | 'RECORDED';
  actorId: string;
  actorRole: string;
  eventType: string;
  action: string;
  entityType: string;
  entityId: string;
  districtId: string | null;
  reason: string | null;
  decisionRef: string | null;
  commandId: string;
  correlationId: string;
  summary: string;
  changes: Change[];
}
interface AuditPage {
  auditTrail: { edges: { cursor: string; node: Entry }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);

describe('audit trail over GraphQL', () => {
  let t: TestApp;
  let districtId: string;
  let otherDistrictId: string;
  let bodyId: string;
  let measureId: string;
  let grantId: string;
  let head: string;
  let decisionRef: string;
  let approveCommandId: string;

  async function run<T = object>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<CommandResult & T> {
    const response = await t.gql<Record<string, CommandResult & T>>(query, { input, options }, headers);
    const payload = dataOf(response)[name];
    if (payload.position) head = payload.position;
    return payload;
  }

  async function page(variables: Record<string, unknown>, headers = AS_ALICE) {
    return dataOf(await t.gql<AuditPage>(AUDIT_TRAIL, { wait: head, first: 200, ...variables }, headers)).auditTrail;
  }

  async function entries(filter: AuditTrailFilterInput, order: 'ASC' | 'DESC' = 'ASC'): Promise<Entry[]> {
    return (await page({ filter, order })).edges.map((e) => e.node);
  }

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
    const district = (name: string) => ({
      name,
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'VII/2019/01234', date: '2019-06-26' },
    });
    const REGISTER = mutation('registerDistrict', 'RegisterDistrictInput', 'districtId');
    districtId = (await run<{ districtId: string }>(REGISTER, 'registerDistrict', district('Halle-Neustadt'))).districtId;
    otherDistrictId = (await run<{ districtId: string }>(REGISTER, 'registerDistrict', district('Silberhöhe'))).districtId;

    bodyId = (
      await run<{ bodyId: string }>(mutation('establishBody', 'EstablishBodyInput', 'bodyId'), 'establishBody', {
        districtId,
        kind: 'STEERING_ROUND',
        name: 'Steuerungsrunde Neustadt',
        establishedOn: '2020-01-15',
      })
    ).bodyId;
    await run(mutation('recordMeeting', 'RecordMeetingInput', 'meetingId'), 'recordMeeting', {
      bodyId,
      meetingId: 'sr-2026-01',
      heldOn: '2026-01-20',
      attendance: 9,
      agendaItems: ['Name of the area', 'BIWAQ application'],
      decisions: [{ decisionId: 'SR-2026-01', subject: 'Rename the area; support the application', outcome: 'ADOPTED' }],
    });
    decisionRef = `${bodyId}/SR-2026-01`;
    await run(
      mutation('updateDistrictProfile', 'UpdateDistrictProfileInput'),
      'updateDistrictProfile',
      { districtId, name: 'Neustadt' },
      AS_ALICE,
      { reason: 'Official name since the council resolution', decisionRef, effectiveAt: '2026-02-01' },
    );

    measureId = (
      await run<{ measureId: string }>(mutation('planMeasure', 'PlanMeasureInput', 'measureId'), 'planMeasure', {
        code: 'HN-AUD-001',
        title: 'Qualification workshop',
        districtId,
        actionFieldIds: ['employment-local-economy', 'housing-environment'],
        sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
        location: 'Stadtteilzentrum',
        plannedStartDate: '2026-04-01',
        plannedEndDate: '2027-12-31',
        resources: [],
        targetGroups: ['long-term unemployed'],
      })
    ).measureId;
    await run(
      mutation('addFundingProgramme', 'AddFundingProgrammeInput'),
      'addFundingProgramme',
      {
        programmeId: 'biwaq-audit',
        name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
        level: 'FEDERAL',
        fund: 'ESF Plus',
        legalBasis: 'Förderrichtlinie BIWAQ V',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 10,
      },
      AS_BOB,
    );
    grantId = (
      await run<{ grantId: string }>(mutation('submitGrantApplication', 'SubmitGrantApplicationInput', 'grantId'), 'submitGrantApplication', {
        programmeId: 'biwaq-audit',
        districtId,
        measureIds: [measureId],
        requestedAmount: 80_000_00,
        plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        period: { from: '2026-01-01', to: '2027-12-31' },
        earlyStartRequested: false,
      })
    ).grantId;
    approveCommandId = randomUUID();
    await run(
      mutation('approveGrant', 'ApproveGrantInput'),
      'approveGrant',
      {
        grantId,
        referenceNumber: 'LVwA-2026-17',
        authority: 'Landesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification of long-term unemployed residents',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
      },
      AS_BOB,
      { commandId: approveCommandId, decisionRef, effectiveAt: '2026-03-15' },
    );
    await run(
      mutation('amendGrant', 'AmendGrantInput'),
      'amendGrant',
      { grantId, version: 2, amendedOn: '2026-10-01', reason: 'Second course', maximumAmount: 70_000_00 },
      AS_BOB,
      { reason: 'Funder letter of 2026-09-20' },
    );
    await run(
      mutation('disburseGrantFunds', 'DisburseGrantFundsInput', 'disbursementId'),
      'disburseGrantFunds',
      { grantId, amount: 40_000_00, paidOn: '2026-05-02', neededBy: '2026-07-02' },
      AS_BOB,
    );
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  it('has one entry per event, in store order, with who, when, what and why', async () => {
    const all = await entries({});
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const approved = all.find((e) => e.eventType === 'GrantApproved')!;
    expect(approved).toMatchObject({
      actorId: BOB.id,
      actorRole: BOB.role,
      action: 'grant approved',
      entityType: 'grant',
      entityId: grantId,
      districtId,
      decisionRef,
      commandId: approveCommandId,
      effectiveAt: '2026-03-15',
      effectiveDate: '2026-03-15',
      effectiveDateSource: 'OPTION',
      summary: `Grant ${grantId.slice(0, 4)}… approved: 60,000.00 € (ref. LVwA-2026-17)`,
    });
    expect(approved.changes).toContainEqual({ field: 'maximumAmount', from: null, to: 60_000_00, truncated: false });
    // The status transition leads the changes.
    expect(approved.changes[0]).toEqual({ field: 'status', from: 'submitted', to: 'approved', truncated: false });
    const planned = all.find((e) => e.eventType === 'MeasurePlanned' && e.entityId === measureId)!;
    expect(planned.changes[0]).toEqual({ field: 'status', from: null, to: 'planned', truncated: false });
    // The catalogue seeding is in the log too, without a district.
    expect(all.find((e) => e.eventType === 'ActionFieldAdded')).toMatchObject({ entityType: 'catalogue', districtId: null });
  });

  it('filters by entity and shows a revision with old → new values and the cited decision', async () => {
    const grant = await entries({ entityType: 'grant', entityId: grantId });
    expect(grant.map((e) => e.eventType)).toEqual(['GrantApplicationSubmitted', 'GrantApproved', 'GrantAmended', 'GrantFundsDisbursed']);
    // The option's reason is the entry's reason; the reason the amendment itself states is listed as a change.
    expect(grant[2]).toMatchObject({
      reason: 'Funder letter of 2026-09-20',
      summary: `Grant ${grantId.slice(0, 4)}… amended to version 2 on 2026-10-01: maximum 60,000.00 € → 70,000.00 €`,
    });
    expect(grant[2].changes).toEqual([
      { field: 'reason', from: null, to: 'Second course', truncated: false },
      { field: 'maximumAmount', from: 60_000_00, to: 70_000_00, truncated: false },
    ]);

    const district = await entries({ entityId: districtId });
    const revision = district.find((e) => e.eventType === 'DistrictProfileUpdated')!;
    expect(revision).toMatchObject({
      entityType: 'district',
      decisionRef,
      reason: 'Official name since the council resolution',
      effectiveAt: '2026-02-01',
      changes: [{ field: 'name', from: 'Halle-Neustadt', to: 'Neustadt', truncated: false }],
    });
  });

  it('filters by district (through the creation events of bodies, measures and grants), actor and event type', async () => {
    const inDistrict = await entries({ districtId });
    expect(new Set(inDistrict.map((e) => e.entityType))).toEqual(new Set(['district', 'body', 'measure', 'grant']));
    expect(inDistrict.every((e) => e.districtId === districtId)).toBe(true);
    expect(inDistrict.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['MeetingRecorded', 'GrantLinkedToMeasure', 'GrantFundsDisbursed']),
    );
    const other = await entries({ districtId: otherDistrictId });
    expect(other.map((e) => e.eventType)).toEqual(['DistrictRegistered']);

    const byBob = await entries({ actorId: BOB.id });
    expect(byBob.map((e) => e.eventType)).toEqual(['FundingProgrammeAdded', 'GrantApproved', 'GrantAmended', 'GrantFundsDisbursed']);

    const typed = await entries({ eventTypes: ['GrantAmended', 'DistrictProfileUpdated'] });
    expect(typed.map((e) => e.eventType)).toEqual(['DistrictProfileUpdated', 'GrantAmended']);
    const combined = await entries({ districtId, actorId: BOB.id, eventTypes: ['GrantAmended'] });
    expect(combined).toHaveLength(1);
  });

  it('filters by recorded-time and effective-date ranges', async () => {
    const grant = await entries({ entityId: grantId });
    const [, approved, amended] = grant;
    const window = await entries({ entityId: grantId, recordedFrom: approved.recordedAt, recordedTo: amended.recordedAt });
    expect(window.map((e) => e.id)).toEqual(expect.arrayContaining([approved.id, amended.id]));
    expect(window.every((e) => e.recordedAt >= approved.recordedAt && e.recordedAt <= amended.recordedAt)).toBe(true);
    expect(await entries({ recordedTo: '2000-01-01' })).toEqual([]);
    const today = approved.recordedAt.slice(0, 10);
    expect((await entries({ entityId: grantId, recordedFrom: today, recordedTo: today })).length).toBe(grant.length);

    const inMarch = await entries({ effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31', districtId });
    expect(inMarch.map((e) => e.eventType)).toEqual(['GrantApproved']);
    // Without options.effectiveAt the event's own business date counts (designation, established, held on).
    const beforeMarch = await entries({ effectiveTo: '2026-02-28', districtId });
    expect(beforeMarch.map((e) => [e.eventType, e.effectiveDate, e.effectiveDateSource])).toEqual([
      ['DistrictRegistered', '2019-06-26', 'BUSINESS_DATE'],
      ['BodyEstablished', '2020-01-15', 'BUSINESS_DATE'],
      ['MeetingRecorded', '2026-01-20', 'BUSINESS_DATE'],
      ['DistrictProfileUpdated', '2026-02-01', 'OPTION'],
    ]);
    // A disbursement is found by the day it was paid, though it was recorded on another day.
    const paidOnTheDay = await entries({ effectiveFrom: '2026-05-02', effectiveTo: '2026-05-02', districtId });
    expect(paidOnTheDay).toHaveLength(1);
    expect(paidOnTheDay[0]).toMatchObject({
      eventType: 'GrantFundsDisbursed',
      effectiveAt: null,
      effectiveDate: '2026-05-02',
      effectiveDateSource: 'BUSINESS_DATE',
    });
    expect(paidOnTheDay[0].recordedAt.slice(0, 10)).not.toBe('2026-05-02');
  });

  it('pages with cursors in both orders', async () => {
    const all = await entries({ districtId });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const current: AuditPage['auditTrail'] = await page({ filter: { districtId }, first: 3, after });
      seen.push(...current.edges.map((e) => e.node.id));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.map((e) => e.id));
    const descending = await entries({ districtId }, 'DESC');
    expect(descending.map((e) => e.id)).toEqual([...seen].reverse());
  });

  it('uses an index for every common filter, with or without a time range', () => {
    const store = t.app.get<SqliteReadStoreAdapter>(READ_STORE);
    const range = { recordedFrom: '2026-01-01', recordedTo: '2026-12-31', effectiveFrom: '2026-01-01' };
    // Each common filter searches its own index (store order follows from it); a time range never changes that.
    const filters: [AuditTrailFilterInput, string][] = [
      [{ entityType: 'grant', entityId: grantId }, '(entityId,entityType,position)'],
      [{ entityId: grantId }, '(entityId,entityType,position)'],
      [{ districtId }, '(districtId,position)'],
      [{ actorId: BOB.id }, '(actorId,position)'],
      [{ eventTypes: ['GrantApproved'] }, '(eventType,position)'],
      [{ eventTypes: ['GrantApproved', 'GrantAmended'] }, '(eventType,position)'],
      [{ entityType: 'grant' }, '(entityType,position)'],
    ];
    for (const [filter, index] of filters) {
      for (const withRange of [filter, { ...filter, ...range }]) {
        for (const direction of ['asc', 'desc'] as const) {
          const plan = store.explainFind(AUDIT_TRAIL_COLLECTION, {
            filter: auditTrailStoreFilter(withRange),
            sort: [{ field: 'position', direction }],
            limit: 20,
          });
          const searches = plan.filter((line) => /\b(SCAN|SEARCH)\b/.test(line));
          expect({ withRange, direction, searches }).toEqual({
            withRange,
            direction,
            searches: searches.map(() => expect.stringContaining(`SEARCH rm_audit_trail USING INDEX ix:rm_audit_trail${index}`)),
          });
        }
      }
    }
    // A time range alone walks the position or recorded-time index, never the table.
    for (const direction of ['asc', 'desc'] as const) {
      const plan = store.explainFind(AUDIT_TRAIL_COLLECTION, {
        filter: auditTrailStoreFilter(range),
        sort: [{ field: 'position', direction }],
        limit: 20,
      });
      expect(plan.filter((line) => /\b(SCAN|SEARCH)\b/.test(line) && !/USING INDEX/.test(line))).toEqual([]);
    }
  });

  it('refuses invalid filters with BAD_USER_INPUT and unidentified callers with UNAUTHENTICATED', async () => {
    const bad: Record<string, unknown>[] = [
      { districtId: 'not-a-uuid' },
      { entityType: 'planet' },
      { eventTypes: ['NoSuchEvent'] },
      { eventTypes: ['GrantApproved', 'GrantApproved'] },
      { effectiveFrom: '2026-02-30' },
      { recordedFrom: 'yesterday' },
      { actorId: 'bob smith' },
      { effectiveFrom: '2026-03-01', effectiveTo: '2026-02-01' },
      { recordedFrom: '2026-03-01T00:00:00Z', recordedTo: '2026-02-01T00:00:00Z' },
    ];
    for (const filter of bad) {
      const response = await t.gql(AUDIT_TRAIL, { filter }, AS_ALICE);
      expect({ filter, codes: codesOf(response) }).toEqual({ filter, codes: ['BAD_USER_INPUT'] });
    }
    expect(codesOf(await t.gql(AUDIT_TRAIL, { first: 0 }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(AUDIT_TRAIL, { after: 'garbage' }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await t.gql(AUDIT_TRAIL, {}, { authorization: 'Bearer wrong-token-123456' }))).toEqual(['UNAUTHENTICATED']);
  });
});
