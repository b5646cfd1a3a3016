import { createHash, randomUUID } from 'node:crypto';
import { parseXml, type XmlNode } from '../support/xml-tree';
import { dataOf, startApp, type TestApp } from '../support/app';
import { csvRecords } from '../support/csv';
import { credentialsFor, type TestUser } from '../support/auth';
import { expectValidIati } from '../support/iati-schema';

/**
 * GET /exports/measures/:measureId/iati.xml over HTTP: a measure with an approved grant, a disbursement, an
 * expenditure and a reviewed goal, all written through the GraphQL mutations; the file is validated against
 * the official IATI 2.03 XSD and read back.
 * Two identities: Alice plans and applies, Bob approves and pays (four-eyes).
 */

jest.setTimeout(90_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const mutation = (name: string, input: string, extra = '') => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { commandId position ${extra} }
  }`;
const WAIT = `query Wait($wait: String) { auditTrail(first: 1, waitForPosition: $wait) { pageInfo { hasNextPage } } }`;

const children = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
const child = (node: XmlNode, name: string) => {
  const found = children(node, name);
  if (found.length !== 1) throw new Error(`${node.name} has ${found.length} ${name}`);
  return found[0];
};
const narrativeOf = (node: XmlNode) => child(node, 'narrative').text;

describe('IATI activity export over HTTP', () => {
  let t: TestApp;
  let measureId: string;
  let grantId: string;
  let head: string;

  async function run<T = object>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<T> {
    const payload = dataOf(await t.gql<Record<string, { position: string | null } & T>>(query, { input, options }, headers))[name];
    if (payload.position) head = payload.position;
    return payload;
  }

  const get = (path: string, headers: Record<string, string> = AS_ALICE) => fetch(`${t.baseUrl}${path}`, { headers });

  beforeAll(async () => {
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
    const { districtId } = await run<{ districtId: string }>(
      mutation('registerDistrict', 'RegisterDistrictInput', 'districtId'),
      'registerDistrict',
      {
        name: 'Neustädter Feld',
        municipality: 'Magdeburg',
        municipalityKey: '15003000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'DS0123/19', date: '2019-05-02' },
      },
    );
    const { goalId } = await run<{ goalId: string }>(mutation('defineGoal', 'DefineGoalInput', 'goalId'), 'defineGoal', {
      districtId,
      actionFieldIds: ['employment-local-economy'],
      title: 'Mehr Bewohner in Arbeit',
      description: 'Langzeitarbeitslosigkeit im Quartier senken',
      indicators: [
        {
          indicatorId: 'long-term-unemployed',
          code: 'L-01',
          name: 'Langzeitarbeitslose Bewohner',
          unit: 'Personen',
          measureType: 'UNIT',
          direction: 'DESCENDING',
          baseline: { value: 400, date: '2023-12-31', source: 'Jobcenter' },
          target: { value: 300, date: '2027-12-31' },
        },
      ],
    });
    measureId = (
      await run<{ measureId: string }>(mutation('planMeasure', 'PlanMeasureInput', 'measureId'), 'planMeasure', {
        code: 'MD-IATI-001',
        title: 'Quartierswerkstatt "Jugend & Arbeit"',
        description: 'Qualifizierung <junger> Erwachsener',
        districtId,
        actionFieldIds: ['employment-local-economy', 'housing-environment'],
        goalContributions: [{ goalId, weight: 60 }],
        sponsor: { name: 'Bildungswerk Neustädter Feld e.V.', type: 'ASSOCIATION' },
        location: 'Stadtteiltreff',
        plannedStartDate: '2026-04-01',
        plannedEndDate: '2027-12-31',
        resources: [],
        targetGroups: ['junge Erwachsene'],
      })
    ).measureId;
    await run(
      mutation('addFundingProgramme', 'AddFundingProgrammeInput'),
      'addFundingProgramme',
      {
        programmeId: 'biwaq-iati',
        name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
        level: 'FEDERAL',
        fund: 'ESF Plus',
        legalBasis: 'Förderrichtlinie BIWAQ V',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 10,
      },
      AS_BOB,
    );
    ({ grantId } = await run<{ grantId: string }>(
      mutation('submitGrantApplication', 'SubmitGrantApplicationInput', 'grantId'),
      'submitGrantApplication',
      {
        programmeId: 'biwaq-iati',
        districtId,
        measureIds: [measureId],
        requestedAmount: 1_234_567_89,
        plan: { totalEligibleCost: 1_500_000_00, ownShare: 165_432_11, thirdPartyFunds: 100_000_00 },
        period: { from: '2026-01-01', to: '2027-12-31' },
        earlyStartRequested: false,
      },
    ));
    await run(
      mutation('approveGrant', 'ApproveGrantInput'),
      'approveGrant',
      {
        grantId,
        referenceNumber: 'LVwA-2026-17',
        authority: 'Landesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualifizierung junger Bewohner',
        financingType: 'SHARE',
        maximumAmount: 1_234_567_89,
        eligibleExpenditure: 1_500_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
      },
      AS_BOB,
    );
    await run(mutation('approveMeasure', 'ApproveMeasureInput'), 'approveMeasure', { measureId, approvedOn: '2026-03-20' }, AS_BOB);
    await run(
      mutation('disburseGrantFunds', 'DisburseGrantFundsInput', 'disbursementId'),
      'disburseGrantFunds',
      { grantId, amount: 40_000_05, paidOn: '2026-05-02', neededBy: '2026-07-02' },
      AS_BOB,
    );
    const receiptReference = `RE-${randomUUID()}`;
    await run(mutation('recordExpenditure', 'RecordExpenditureInput', 'expenditureId'), 'recordExpenditure', {
      grantId,
      date: '2026-05-10',
      payee: 'Druckerei am Markt GmbH',
      purpose: 'Flyer',
      amount: 300_00,
      budgetLine: '3.2 Öffentlichkeitsarbeit',
      receiptReference,
      receiptFileHash: createHash('sha256').update(receiptReference).digest('hex'),
      receiptTotal: 500_00,
    });
    await run(mutation('recordGoalReview', 'RecordGoalReviewInput', 'reviewId'), 'recordGoalReview', {
      goalId,
      reviewedOn: '2025-02-15',
      period: { from: '2024-01-01', to: '2024-12-31' },
      kind: 'ONGOING',
      measurements: [{ indicatorId: 'long-term-unemployed', value: 375, measuredOn: '2024-12-31', source: 'Jobcenter 2024' }],
      assessment: 'ON_TRACK',
      successControl: {
        goalAchievement: 'Ein Viertel der geplanten Senkung erreicht',
        effect: 'Coaching hat 40 Bewohner vermittelt',
        costEffectiveness: 'Kosten je Vermittlung unter Landesdurchschnitt',
      },
      recommendations: ['Coaching ausweiten'],
    });
    dataOf(await t.gql(WAIT, { wait: head }, AS_ALICE));
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  it('exports the measure as an IATI 2.03 activity with transactions and results', async () => {
    const response = await get(`/exports/measures/${measureId}/iati.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="measure-${measureId}-iati.xml"`);
    const xml = await response.text();

    const root = parseXml(xml);
    expectValidIati(xml);

    expect(root.attrs.version).toBe('2.03');
    const activity = child(root, 'iati-activity');
    expect(child(activity, 'iati-identifier').text).toBe('DE-AGS-15003000-MD-IATI-001');
    expect(child(activity, 'reporting-org').attrs).toEqual({ ref: 'DE-AGS-15003000', type: '10' });
    expect(narrativeOf(child(activity, 'title'))).toBe('Quartierswerkstatt "Jugend & Arbeit"');
    expect(xml).toContain('Qualifizierung &lt;junger&gt; Erwachsener');
    expect(child(activity, 'activity-status').attrs.code).toBe('1');
    expect(children(activity, 'participating-org').map((o) => [o.attrs.role, o.attrs.type])).toEqual([
      ['1', '10'],
      ['4', '22'],
    ]);

    const budget = child(activity, 'budget');
    expect(budget.attrs).toEqual({ type: '1', status: '2' });
    expect(child(budget, 'value').text).toBe('1234567.89');

    const transactions = children(activity, 'transaction').map((tx) => ({
      type: child(tx, 'transaction-type').attrs.code,
      date: child(tx, 'transaction-date').attrs['iso-date'],
      value: child(tx, 'value').text,
      currency: child(tx, 'value').attrs.currency,
      valueDate: child(tx, 'value').attrs['value-date'],
      provider: narrativeOf(child(tx, 'provider-org')),
    }));
    const provider = 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier';
    expect(transactions).toEqual([
      { type: '2', date: '2026-03-15', value: '1234567.89', currency: 'EUR', valueDate: '2026-03-15', provider },
      { type: '3', date: '2026-05-02', value: '40000.05', currency: 'EUR', valueDate: '2026-05-02', provider },
      { type: '4', date: '2026-05-10', value: '300.00', currency: 'EUR', valueDate: '2026-05-10', provider },
    ]);

    const result = child(activity, 'result');
    expect(result.attrs).toEqual({ type: '2' });
    expect(narrativeOf(child(result, 'title'))).toBe('Mehr Bewohner in Arbeit');
    const indicator = child(result, 'indicator');
    expect(indicator.attrs).toEqual({ measure: '1', ascending: '0' });
    expect(child(indicator, 'baseline').attrs).toEqual({ year: '2023', 'iso-date': '2023-12-31', value: '400' });
    const period = child(indicator, 'period');
    expect(child(period, 'period-start').attrs['iso-date']).toBe('2024-01-01');
    expect(child(period, 'period-end').attrs['iso-date']).toBe('2024-12-31');
    expect(child(period, 'target').attrs.value).toBe('300');
    expect(child(period, 'actual').attrs.value).toBe('375');
  });

  it('lapses the commitment never disbursed or paid back when the grant closes, in the XML and the transactions CSV', async () => {
    const { demandId } = await run<{ demandId: string }>(
      mutation('demandRepayment', 'DemandRepaymentInput', 'demandId'),
      'demandRepayment',
      { grantId, amount: 1_000_00, interest: 0, reason: 'Nicht verbrauchte Mittel', legalBasis: '§ 49a VwVfG', dueOn: '2026-10-31' },
      AS_BOB,
    );
    await run(
      mutation('recordRepaymentReceived', 'RecordRepaymentReceivedInput'),
      'recordRepaymentReceived',
      { grantId, demandId, amount: 1_000_00, receivedOn: '2026-09-01' },
      AS_BOB,
    );
    await run(mutation('submitProofOfUse', 'SubmitProofOfUseInput'), 'submitProofOfUse', {
      grantId,
      kind: 'FINAL',
      reportSummary: 'Maßnahme abgeschlossen',
      statementTotal: 39_000_05,
      receiptsCount: 1,
    });
    await run(mutation('acceptProofOfUse', 'ProofOfUseRefInput'), 'acceptProofOfUse', { grantId, kind: 'FINAL' }, AS_BOB);
    await run(mutation('closeGrant', 'CloseGrantInput'), 'closeGrant', { grantId }, AS_BOB, { effectiveAt: '2028-06-15' });
    dataOf(await t.gql(WAIT, { wait: head }, AS_ALICE));

    const xml = await (await get(`/exports/measures/${measureId}/iati.xml`)).text();
    expectValidIati(xml);
    const root = parseXml(xml);
    const rows = children(child(root, 'iati-activity'), 'transaction').map((tx) => [
      tx.attrs.ref,
      child(tx, 'transaction-type').attrs.code,
      child(tx, 'transaction-date').attrs['iso-date'],
      child(tx, 'value').text,
    ]);
    // Committed 1,234,567.89; disbursed 40,000.05 of which 1,000.00 came back: the closing lapses the rest.
    expect(rows.slice(3)).toEqual([
      [demandId, '3', '2026-09-01', '-1000.00'],
      ['LVwA-2026-17 closing', '2', '2028-06-15', '-1195567.84'],
    ]);
    const total = (code: string) => rows.filter((row) => row[1] === code).reduce((sum, row) => sum + Math.round(Number(row[3]) * 100), 0);
    expect(total('2')).toBe(total('3'));

    const { records } = await csvRecords(await get(`/exports/grants/${grantId}/transactions.csv`));
    expect(records.at(-1)).toMatchObject({
      transaction_type_code: '2',
      transaction_date: '2028-06-15',
      value_cents: '-119556784',
      value_eur: '-1195567.84',
      source_event: 'closing',
      reference: 'LVwA-2026-17 closing',
      committed_total_cents: '3900005',
    });
    const cents = (code: string) =>
      records.filter((r) => r.transaction_type_code === code).reduce((sum, r) => sum + Number(r.value_cents), 0);
    expect(cents('2')).toBe(cents('3'));
  });

  it('answers 404 NOT_FOUND for an unknown measure and 400 for a malformed id', async () => {
    const unknown = await get(`/exports/measures/${randomUUID()}/iati.xml`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.stringMatching(/not found/), code: 'NOT_FOUND' });
    const malformed = await get('/exports/measures/not-a-measure/iati.xml');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses an unidentified caller with 401 in production mode', async () => {
    const prod = await startApp({ NODE_ENV: 'production' });
    try {
      const anonymous = await fetch(`${prod.baseUrl}/exports/measures/${measureId}/iati.xml`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: expect.any(String), code: 'UNAUTHENTICATED' });
    } finally {
      await prod.cleanup();
    }
  });
});
