import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/core/canonical-json';
import { verifyChain } from '../../src/core/hash-chain';
import type { RecordedEvent } from '../../src/core/envelope';
import { grantsDecider } from '../../src/funding/domain/grants.decider';
import type { GrantEvent } from '../../src/funding/domain/grants.events';
import { dataOf, startApp, type TestApp } from '../support/app';
import { csvRecords } from '../support/csv';
import { bearer, credentialsFor, type TestUser } from '../support/auth';
import { expectValidIati } from '../support/iati-schema';

/**
 * The HTTP exports: the audit trail as CSV and JSON with the GraphQL filters as query parameters, a grant's audit
 * file and transactions, the list of operations. Data is written through the GraphQL mutations first.
 */

jest.setTimeout(90_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'commandId position';
const mutation = (name: string, input: string, extra = '') => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${RESULT} ${extra} }
  }`;
const WAIT = `query Wait($wait: String) { auditTrail(first: 1, waitForPosition: $wait) { pageInfo { hasNextPage } } }`;

const PER_GRANT = '(per grant, not split between measures)';
const APPROVED_CENTS = `grants_approved_in_force_cents ${PER_GRANT}`;
const DISBURSED_CENTS = `grants_disbursed_cents ${PER_GRANT}`;
const APPROVED_EUR = `grants_approved_in_force_eur ${PER_GRANT}`;
const DISBURSED_EUR = `grants_disbursed_eur ${PER_GRANT}`;

type AuditFile = {
  format: string;
  exportedBy: unknown;
  grantId: string;
  eventCount: number;
  statusAfterReplay: string;
  head: { hash: string; streamVersion: number; position: string };
  chain: { intact: boolean; firstBreak: unknown };
  eventsSha256: string;
  events: RecordedEvent[];
};

describe('exports over HTTP', () => {
  let t: TestApp;
  let districtId: string;
  let measureId: string;
  let grantId: string;
  let head: string;

  async function run<T = object>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<{ position: string | null } & T> {
    const payload = dataOf(await t.gql<Record<string, { position: string | null } & T>>(query, { input, options }, headers))[name];
    if (payload.position) head = payload.position;
    return payload;
  }

  const get = (path: string, headers: Record<string, string> = AS_ALICE) => fetch(`${t.baseUrl}${path}`, { headers });

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
    districtId = (
      await run<{ districtId: string }>(mutation('registerDistrict', 'RegisterDistrictInput', 'districtId'), 'registerDistrict', {
        name: 'Neustädter Feld',
        municipality: 'Magdeburg',
        municipalityKey: '15003000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'DS0123/19', date: '2019-05-02' },
      })
    ).districtId;
    measureId = (
      await run<{ measureId: string }>(mutation('planMeasure', 'PlanMeasureInput', 'measureId'), 'planMeasure', {
        code: 'MD-EXP-001',
        title: 'Quartierswerkstatt, "Jugend & Arbeit"',
        districtId,
        actionFieldIds: ['employment-local-economy', 'housing-environment'],
        sponsor: { name: 'Bildungswerk Neustädter Feld e.V.', type: 'ASSOCIATION' },
        location: 'Stadtteiltreff',
        plannedStartDate: '2026-04-01',
        plannedEndDate: '2027-12-31',
        resources: [],
        targetGroups: ['young people'],
      })
    ).measureId;
    await run(
      mutation('addFundingProgramme', 'AddFundingProgrammeInput'),
      'addFundingProgramme',
      {
        programmeId: 'biwaq-export',
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
      await run<{ grantId: string }>(
        mutation('submitGrantApplication', 'SubmitGrantApplicationInput', 'grantId'),
        'submitGrantApplication',
        {
          programmeId: 'biwaq-export',
          districtId,
          measureIds: [measureId],
          requestedAmount: 80_000_00,
          plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
          period: { from: '2026-01-01', to: '2027-12-31' },
          earlyStartRequested: false,
        },
        AS_ALICE,
        // A reason a spreadsheet would run as a formula, to see the guard work.
        { reason: '=HYPERLINK("http://evil.example","click")' },
      )
    ).grantId;
    await run(
      mutation('approveGrant', 'ApproveGrantInput'),
      'approveGrant',
      {
        grantId,
        referenceNumber: 'LVwA-2026-17',
        authority: 'Landesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification of young residents',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
      },
      AS_BOB,
      { effectiveAt: '2026-03-15' },
    );
    const disburse = { grantId, amount: 40_000_00, paidOn: '2026-05-02', neededBy: '2026-07-02' };
    await run(mutation('disburseGrantFunds', 'DisburseGrantFundsInput', 'disbursementId'), 'disburseGrantFunds', disburse, AS_BOB);
    await run(
      mutation('amendGrant', 'AmendGrantInput'),
      'amendGrant',
      { grantId, version: 2, amendedOn: '2026-10-01', reason: 'Second course', maximumAmount: 70_000_00 },
      AS_BOB,
    );
    const receiptReference = `RE-${randomUUID()}`;
    await run(mutation('recordExpenditure', 'RecordExpenditureInput', 'expenditureId'), 'recordExpenditure', {
      grantId,
      date: '2026-05-10',
      payee: 'Druckerei am Markt GmbH',
      purpose: 'Flyers, posters',
      amount: 300_00,
      budgetLine: '3.2 Öffentlichkeitsarbeit',
      receiptReference,
      receiptFileHash: createHash('sha256').update(receiptReference).digest('hex'),
      receiptTotal: 500_00,
    });
    dataOf(await t.gql(WAIT, { wait: head }, AS_ALICE));
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  it('exports the filtered audit trail as CSV: BOM, header, one row per entry, formula guard', async () => {
    const response = await get(`/exports/audit-trail.csv?entityType=grant&entityId=${grantId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-trail-\d{8}-\d{6}\.csv"$/);
    const { header, records } = await csvRecords(response);
    expect(header).toEqual([
      'position', 'recorded_at', 'effective_at', 'effective_date', 'effective_date_source', 'actor_id', 'actor_role', 'person_id', 'event_type', 'action', 'entity_type',
      'entity_id', 'stream_version', 'district_id', 'reason', 'decision_ref', 'summary', 'changes', 'event_id',
      'command_id', 'correlation_id', 'causation_id',
    ]);
    expect(records.map((r) => r.event_type)).toEqual([
      'GrantApplicationSubmitted',
      'GrantApproved',
      'GrantFundsDisbursed',
      'GrantAmended',
      'ExpenditureRecorded',
    ]);
    expect(records[0].reason).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(records[1]).toMatchObject({
      actor_id: BOB.id,
      actor_role: BOB.role,
      person_id: BOB.id,
      effective_at: '2026-03-15',
      entity_id: grantId,
      district_id: districtId,
      summary: `Grant ${grantId.slice(0, 4)}… approved: 60,000.00 € (ref. LVwA-2026-17)`,
    });
    expect(records[3].changes).toBe('maximumAmount: 6000000 → 7000000');

    // Same filters with several event types; the district filter reaches the receipt through the grant.
    const typed = await get(`/exports/audit-trail.csv?districtId=${districtId}&eventTypes=GrantApproved,GrantAmended&eventTypes=ReceiptShareReserved`);
    expect((await csvRecords(typed)).records.map((r) => r.event_type)).toEqual([
      'GrantApproved',
      'GrantAmended',
      'ReceiptShareReserved',
    ]);
    const effective = await get(`/exports/audit-trail.csv?districtId=${districtId}&effectiveFrom=2026-03-01&effectiveTo=2026-03-31&order=DESC`);
    expect((await csvRecords(effective)).records.map((r) => r.event_type)).toEqual(['GrantApproved']);
  });

  it('exports the audit trail as JSON with the same filters, streaming every page', async () => {
    const response = await get(`/exports/audit-trail.json?districtId=${districtId}`, AS_BOB);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/filename="audit-trail-.*\.json"/);
    const file = (await response.json()) as {
      format: string;
      exportedBy: unknown;
      filter: Record<string, unknown>;
      entries: { eventType: string; districtId: string; _position?: string }[];
      count: number;
    };
    expect(file).toMatchObject({ format: 'stadtteil-ledger/audit-trail', filter: { districtId } });
    // Who exported, as an event would record it: neither the district scope nor the credential.
    expect(file.exportedBy).toEqual({ id: BOB.id, role: BOB.role });
    expect(file.count).toBe(file.entries.length);
    expect(file.entries[0]).toMatchObject({ eventType: 'DistrictRegistered', districtId });
    expect(file.entries.every((e) => e.districtId === districtId && e._position === undefined)).toBe(true);

    const csv = await csvRecords(await get(`/exports/audit-trail.csv?districtId=${districtId}`));
    expect(csv.records).toHaveLength(file.count);
  });

  it('refuses bad parameters with 400 BAD_USER_INPUT', async () => {
    for (const query of [
      'districtId=nope',
      'eventTypes=NoSuchEvent',
      'effectiveFrom=2026-02-30',
      'effectiveFrom=2026-03-01&effectiveTo=2026-02-01',
      'order=SIDEWAYS',
      'colour=blue',
      'actorId=a&actorId=b',
    ]) {
      const response = await get(`/exports/audit-trail.csv?${query}`);
      expect({ query, status: response.status, body: await response.json() }).toEqual({
        query,
        status: 400,
        body: { error: expect.any(String), code: 'BAD_USER_INPUT' },
      });
    }
  });

  it("exports a grant's audit file: its event log with an intact hash chain, replayable", async () => {
    const response = await get(`/exports/grants/${grantId}/audit-file.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="grant-${grantId}-audit-file.json"`);
    const file = (await response.json()) as AuditFile;
    expect(file).toMatchObject({
      format: 'stadtteil-ledger/grant-audit-file',
      grantId,
      eventCount: 5,
      chain: { intact: true, firstBreak: null },
    });
    expect(file.exportedBy).toEqual({ id: ALICE.id, role: ALICE.role });
    expect(file.events.map((e) => e.type)).toEqual([
      'GrantApplicationSubmitted',
      'GrantApproved',
      'GrantFundsDisbursed',
      'GrantAmended',
      'ExpenditureRecorded',
    ]);
    // Anyone can check the file: the chain recomputes, the digest matches, and folding it gives the grant.
    expect(verifyChain(file.events)).toBeNull();
    expect(file.head).toMatchObject({ hash: file.events[4].metadata.hash, streamVersion: 4 });
    expect(createHash('sha256').update(canonicalJson(file.events)).digest('hex')).toBe(file.eventsSha256);
    const replayed = file.events.reduce(
      (state, event) => grantsDecider.evolve(state, event as unknown as GrantEvent),
      grantsDecider.initialState(),
    );
    expect(replayed.status).toBe(file.statusAfterReplay);
    expect(replayed).toMatchObject({ status: 'approved' });
  });

  it("exports a grant's transactions with IATI codes: 2 commitment (and amendment), 3 disbursement, 4 expenditure", async () => {
    const response = await get(`/exports/grants/${grantId}/transactions.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="grant-${grantId}-transactions.csv"`);
    const { header, records } = await csvRecords(response);
    expect(header.slice(0, 7)).toEqual([
      'grant_id', 'transaction_type_code', 'transaction_type', 'transaction_date', 'value_cents', 'value_eur', 'currency',
    ]);
    expect(records.map((r) => [r.transaction_type_code, r.transaction_date, r.value_cents, r.value_eur])).toEqual([
      ['2', '2026-03-15', '6000000', '60000.00'],
      ['3', '2026-05-02', '4000000', '40000.00'],
      ['2', '2026-10-01', '1000000', '10000.00'],
      ['4', '2026-05-10', '30000', '300.00'],
    ]);
    expect(records[0]).toMatchObject({ reference: 'LVwA-2026-17 v1', committed_total_cents: '6000000', currency: 'EUR' });
    expect(records[2]).toMatchObject({ approval_version: '2', committed_total_cents: '7000000' });
    expect(records[3]).toMatchObject({ receiver: 'Druckerei am Markt GmbH', description: 'Flyers, posters', approval_version: '2' });
  });

  it('answers 404 NOT_FOUND for an unknown grant and 400 for a malformed id', async () => {
    for (const file of ['audit-file.json', 'transactions.csv']) {
      const unknown = await get(`/exports/grants/${randomUUID()}/${file}`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ error: expect.stringMatching(/not found/), code: 'NOT_FOUND' });
      const malformed = await get(`/exports/grants/not-a-grant/${file}`);
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('exports the list of operations from the read models', async () => {
    const response = await get('/exports/operations.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="operations-\d{8}-\d{6}\.csv"$/);
    const { header, records } = await csvRecords(response);
    expect(header).toEqual(
      expect.arrayContaining(['code', 'title', 'district', 'action_fields', 'integrated', 'sponsor', 'status', 'planned_start_date', 'actual_start_date', 'programmes', 'funding_levels', 'shared_grant_ids', APPROVED_CENTS, DISBURSED_CENTS]),
    );
    const row = records.find((r) => r.code === 'MD-EXP-001');
    expect(row).toMatchObject({
      measure_id: measureId,
      title: 'Quartierswerkstatt, "Jugend & Arbeit"',
      district_id: districtId,
      district: 'Neustädter Feld',
      municipality: 'Magdeburg',
      action_field_ids: 'employment-local-economy; housing-environment',
      integrated: 'true',
      sponsor: 'Bildungswerk Neustädter Feld e.V.',
      sponsor_type: 'ASSOCIATION',
      status: 'planned',
      planned_start_date: '2026-04-01',
      planned_end_date: '2027-12-31',
      actual_start_date: '',
      grant_ids: grantId,
      programmes: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
      funding_levels: 'FEDERAL',
      shared_grant_ids: '',
      [APPROVED_CENTS]: '7000000',
      [DISBURSED_CENTS]: '4000000',
      [APPROVED_EUR]: '70000.00',
      [DISBURSED_EUR]: '40000.00',
    });
    expect(row!.grants).toMatch(/approved 70,000\.00 €, disbursed 40,000\.00 €/);
  });

  describe('a grant with more events than one read page, revoked and partly repaid; a grant shared by two measures', () => {
    const DISBURSEMENTS = 505;
    let bigGrant: string;
    let sharedGrant: string;
    let measure2: string;
    let measure3: string;

    const plan = (code: string) =>
      run<{ measureId: string }>(mutation('planMeasure', 'PlanMeasureInput', 'measureId'), 'planMeasure', {
        code,
        title: `Measure ${code}`,
        districtId,
        actionFieldIds: ['employment-local-economy'],
        sponsor: { name: 'Stadtteilverein e.V.', type: 'ASSOCIATION' },
        location: 'Markt',
        plannedStartDate: '2026-04-01',
        plannedEndDate: '2027-12-31',
        resources: [],
        targetGroups: ['residents'],
      });
    const approvedGrant = async (measureIds: string[], maximumAmount: number) => {
      const { grantId: id } = await run<{ grantId: string }>(
        mutation('submitGrantApplication', 'SubmitGrantApplicationInput', 'grantId'),
        'submitGrantApplication',
        {
          programmeId: 'biwaq-export',
          districtId,
          measureIds,
          requestedAmount: maximumAmount,
          plan: { totalEligibleCost: maximumAmount, ownShare: 0, thirdPartyFunds: 0 },
          period: { from: '2026-01-01', to: '2027-12-31' },
          earlyStartRequested: false,
        },
      );
      await run(
        mutation('approveGrant', 'ApproveGrantInput'),
        'approveGrant',
        {
          grantId: id,
          referenceNumber: `LVwA-${id.slice(0, 8)}`,
          authority: 'Landesverwaltungsamt',
          approvedOn: '2026-03-15',
          purpose: 'Neighbourhood work',
          financingType: 'FULL',
          maximumAmount,
          eligibleExpenditure: maximumAmount,
          approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
          reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
        },
        AS_BOB,
      );
      return id;
    };
    const disburse = (id: string, amount: number) =>
      run(
        mutation('disburseGrantFunds', 'DisburseGrantFundsInput', 'disbursementId'),
        'disburseGrantFunds',
        { grantId: id, amount, paidOn: '2026-05-02', neededBy: '2026-05-02' },
        AS_BOB,
      );

    beforeAll(async () => {
      measure2 = (await plan('MD-EXP-002')).measureId;
      measure3 = (await plan('MD-EXP-003')).measureId;
      sharedGrant = await approvedGrant([measure2, measure3], 20_000_00);
      await disburse(sharedGrant, 5_000_00);
      bigGrant = await approvedGrant([measure2], 1_000_00);
      // One stream append at a time: the events of one grant are strictly ordered.
      for (let i = 0; i < DISBURSEMENTS; i++) await disburse(bigGrant, 1);
      await run(mutation('revokeGrant', 'RevokeGrantInput'), 'revokeGrant', { grantId: bigGrant, reason: 'Purpose not achieved', revokedOn: '2026-06-01' }, AS_BOB);
      const { demandId } = await run<{ demandId: string }>(
        mutation('demandRepayment', 'DemandRepaymentInput', 'demandId'),
        'demandRepayment',
        { grantId: bigGrant, amount: DISBURSEMENTS, interest: 0, reason: 'Revoked', legalBasis: '§ 49a VwVfG', dueOn: '2026-07-31' },
        AS_BOB,
      );
      const received = { grantId: bigGrant, demandId, amount: 300, receivedOn: '2026-07-15' };
      await run(mutation('recordRepaymentReceived', 'RecordRepaymentReceivedInput'), 'recordRepaymentReceived', received, AS_BOB);
      await run(mutation('writeOffRepayment', 'WriteOffRepaymentInput'), 'writeOffRepayment', { grantId: bigGrant, demandId, reason: 'Below the collection threshold' }, AS_BOB);
      dataOf(await t.gql(WAIT, { wait: head }, AS_ALICE));
    });

    it('streams the audit file page by page: every event once, in order, chain verified, digest stable', async () => {
      const EVENTS = 2 + DISBURSEMENTS + 4; // submitted, approved, disbursements, revoked, demanded, received, written off
      const download = async () => {
        const response = await get(`/exports/grants/${bigGrant}/audit-file.json`);
        expect(response.status).toBe(200);
        return response.text();
      };
      const text = await download();
      const file = JSON.parse(text) as AuditFile;
      expect(file).toMatchObject({
        format: 'stadtteil-ledger/grant-audit-file',
        grantId: bigGrant,
        eventCount: EVENTS,
        statusAfterReplay: 'revoked',
        chain: { intact: true, firstBreak: null },
      });
      expect(file.events.map((e) => e.streamVersion)).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
      expect(new Set(file.events.map((e) => e.eventId)).size).toBe(EVENTS);
      expect(file.head).toEqual({
        streamVersion: EVENTS - 1,
        position: file.events[EVENTS - 1].position,
        hash: file.events[EVENTS - 1].metadata.hash,
      });
      // What the server computed while streaming is what anyone computes from the file.
      expect(verifyChain(file.events)).toBeNull();
      expect(createHash('sha256').update(canonicalJson(file.events)).digest('hex')).toBe(file.eventsSha256);
      // Streamed one event per line, not one big line.
      expect(text.split('\n').length).toBeGreaterThan(EVENTS);
      const again = JSON.parse(await download()) as AuditFile;
      expect(again.eventsSha256).toBe(file.eventsSha256);
      expect(again.events).toEqual(file.events);
    });

    it('lists the revocation as a negative commitment and the repayment as a negative disbursement; no write-off row', async () => {
      const { records } = await csvRecords(await get(`/exports/grants/${bigGrant}/transactions.csv`));
      expect(records).toHaveLength(1 + DISBURSEMENTS + 2);
      expect(records.slice(1, -2).every((r) => r.transaction_type_code === '3' && r.value_cents === '1')).toBe(true);
      const pick = (r: Record<string, string>) => [r.transaction_type_code, r.source_event, r.transaction_date, r.value_cents, r.value_eur, r.committed_total_cents];
      expect(pick(records[0])).toEqual(['2', 'approval', '2026-03-15', '100000', '1000.00', '100000']);
      expect(records.slice(-2).map(pick)).toEqual([
        // Committed 1,000.00 €, disbursed 5.05 €: the revocation withdraws the rest.
        ['2', 'revocation', '2026-06-01', '-99495', '-994.95', String(DISBURSEMENTS)],
        ['3', 'repayment', '2026-07-15', '-300', '-3.00', ''],
      ]);
      expect(records[records.length - 2].description).toBe('Revocation (the commitment not disbursed is withdrawn): Purpose not achieved');

      // The IATI activity of the measure uses the same mapping.
      const xml = await (await get(`/exports/measures/${measure2}/iati.xml`)).text();
      expectValidIati(xml);
      expect(xml).toContain('<transaction ref="LVwA-' + bigGrant.slice(0, 8) + ' revocation">');
      expect(xml).toContain('>-994.95</value>');
      expect(xml).toContain('>-3.00</value>');
    });

    it('counts only approvals in force and labels the totals as per grant (a shared grant counts in each row)', async () => {
      const { records } = await csvRecords(await get('/exports/operations.csv'));
      const row = (code: string) => records.find((r) => r.code === code)!;
      expect(row('MD-EXP-002')).toMatchObject({
        grant_ids: `${sharedGrant}; ${bigGrant}`,
        shared_grant_ids: sharedGrant,
        // The revoked grant's 1,000.00 € no longer counts as approved; what it paid out still counts as disbursed.
        [APPROVED_CENTS]: '2000000',
        [DISBURSED_CENTS]: String(5_000_00 + DISBURSEMENTS),
        [APPROVED_EUR]: '20000.00',
        [DISBURSED_EUR]: '5005.05',
      });
      expect(row('MD-EXP-002').grants).toContain('[revoked]: approval of 1,000.00 € no longer in force, disbursed 5.05 €');
      expect(row('MD-EXP-003')).toMatchObject({
        grant_ids: sharedGrant,
        shared_grant_ids: sharedGrant,
        [APPROVED_CENTS]: '2000000',
        [DISBURSED_CENTS]: '500000',
      });
    });
  });

  it('streams an audit trail longer than one read-store page (500 rows) completely and in order', async () => {
    const REGISTER = mutation('registerDistrict', 'RegisterDistrictInput', 'districtId');
    for (let batch = 0; batch < 22; batch++) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          run(REGISTER, 'registerDistrict', {
            name: `Bulk ${batch}-${i}`,
            municipality: 'Magdeburg',
            municipalityKey: '15003000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: `B-${batch}-${i}`, date: '2019-05-02' },
          }),
        ),
      );
    }
    dataOf(await t.gql(WAIT, { wait: head }, AS_ALICE));
    const query = 'eventTypes=DistrictRegistered';
    const { records } = await csvRecords(await get(`/exports/audit-trail.csv?${query}`));
    expect(records).toHaveLength(551);
    const positions = records.map((r) => r.position);
    expect(positions).toEqual([...positions].sort());
    expect(new Set(records.map((r) => r.event_id)).size).toBe(551);
    const json = (await (await get(`/exports/audit-trail.json?${query}&order=DESC`)).json()) as { count: number; entries: { position: string }[] };
    expect(json.count).toBe(551);
    expect(json.entries.map((e) => e.position)).toEqual([...positions].reverse());
  });

  it('refuses an unidentified caller with 401 UNAUTHENTICATED; in production a token is required', async () => {
    const wrong = await get('/exports/operations.csv', { authorization: 'Bearer not-a-known-token-000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.any(String), code: 'UNAUTHENTICATED' });

    const prod = await startApp({ NODE_ENV: 'production' });
    try {
      for (const path of [
        '/exports/audit-trail.csv',
        '/exports/audit-trail.json',
        '/exports/operations.csv',
        `/exports/grants/${randomUUID()}/audit-file.json`,
        `/exports/grants/${randomUUID()}/transactions.csv`,
      ]) {
        const anonymous = await fetch(`${prod.baseUrl}${path}`);
        expect({ path, status: anonymous.status, body: await anonymous.json() }).toEqual({
          path,
          status: 401,
          body: { error: expect.any(String), code: 'UNAUTHENTICATED' },
        });
      }
      // In production only a signed token counts.
      const allowed = await fetch(`${prod.baseUrl}/exports/audit-trail.csv`, { headers: await bearer({ id: 'pruefer-1', role: 'auditor' }) });
      expect(allowed.status).toBe(200);
      expect((await csvRecords(allowed)).header[0]).toBe('position');
    } finally {
      await prod.cleanup();
    }
  });
});
