import type { DistrictDoc } from '../../../projections/districts/districts.projection';
import type { GoalDoc } from '../../../projections/goals/goals.projection';
import type { GrantDoc } from '../../../projections/grants/grants.projection';
import type { MeasureDoc } from '../../../projections/measures/measures.projection';
import type { RecordedEvent } from '../../../src/core/envelope';
import type { GrantEvent } from '../../../src/funding/domain/grants.events';
import { grantTransactions } from '../../../src/exports/grant-transactions';
import { formatDecimal, type IatiActivitySource, writeIatiActivitiesXml } from '../../../src/exports/iati/iati-activity';
import { ACTIVITY_STATUS } from '../../../src/exports/iati/iati-codes';
import { parseXml, type XmlNode } from '../../support/xml-tree';
import { iatiOrgRef } from '../../../src/exports/iati/iati-source';
import { loadConfig } from '../../../src/config/config';
import { escapeAttr, escapeText } from '../../../src/exports/iati/xml';
import { expectValidIati, iatiSchemaErrors } from '../../support/iati-schema';

/**
 * The IATI 2.03 writer from hand-built read-model documents: element order, exact amounts, dates, escaping, code
 * mappings. Every document written here is validated against the official XSD (test/fixtures/iati/).
 */

const T = '2026-06-01T10:00:00.000Z';

function measure(overrides: Partial<MeasureDoc> = {}): MeasureDoc {
  return {
    id: '6f1c2f4e-0000-4000-8000-000000000001',
    code: 'HN-2026-01',
    title: 'Werkstatt <Jugend> & "Arbeit" – Nachbar\'s Hof',
    description: 'Qualifizierung junger Erwachsener im Quartier',
    districtId: 'district-1',
    actionFieldIds: ['employment-local-economy', 'housing-environment', 'participation-integration'],
    integrated: true,
    goalContributions: [{ goalId: 'goal-1', weight: 60 }],
    sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
    location: 'Stadtteilzentrum',
    plannedStartDate: '2026-04-01',
    plannedEndDate: '2027-12-31',
    resources: [],
    targetGroups: [],
    budgetCents: null,
    status: 'running',
    plannedBy: 'alice',
    plannedAt: T,
    approvedOn: '2026-03-20',
    approvedBy: 'bob',
    actualStartDate: '2026-04-02',
    actualEndDate: null,
    progressPercent: 20,
    lastReportedOn: '2026-05-31',
    milestones: [],
    outputs: {
      participants: 12,
      longTermUnemployedPlacedInSocialInstitutions: null,
      participantsWithImprovedEmployability: null,
      employmentOpportunitiesCreated: 3,
    },
    grantIds: ['grant-1'],
    startConfirmedByGrantIds: ['grant-1'],
    suspensionReason: null,
    cancellationReason: null,
    evaluation: null,
    updatedAt: '2026-05-31T08:00:00.000Z',
    version: 4,
    ...overrides,
  };
}

const district = {
  id: 'district-1',
  name: 'Halle-Neustadt',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  updatedAt: '2025-01-01T00:00:00.000Z',
} as unknown as DistrictDoc;

function grant(): GrantDoc {
  const period = { from: '2026-04-01', to: '2027-12-31' };
  return {
    id: 'grant-1',
    status: 'approved',
    programmeId: 'biwaq',
    programmeLevel: 'FEDERAL',
    fund: 'ESF Plus',
    approval: {
      referenceNumber: 'LVwA-2026-17',
      authority: 'Landesverwaltungsamt',
      approvedOn: '2026-03-15',
      purpose: 'x',
      financingType: 'SHARE',
      maximumAmount: 123_456_789,
      eligibleExpenditure: 0,
      approvalPeriod: period,
      reportDeadlines: [],
      version: 3,
    },
    approvalVersions: [
      { version: 1, maximumAmount: 100_000_000, eligibleExpenditure: 0, approvalPeriod: period, reportDeadlines: [], decidedOn: '2026-03-15', reason: null, recordedAt: T },
      { version: 2, maximumAmount: 100_000_000, eligibleExpenditure: 0, approvalPeriod: { from: '2026-04-01', to: '2028-03-31' }, reportDeadlines: [], decidedOn: '2026-08-01', reason: 'Laufzeit verlängert', recordedAt: T },
      { version: 3, maximumAmount: 123_456_789, eligibleExpenditure: 0, approvalPeriod: { from: '2026-04-01', to: '2028-03-31' }, reportDeadlines: [], decidedOn: '2026-10-01', reason: 'Zweiter Kurs', recordedAt: T },
    ],
    disbursements: [{ disbursementId: 'd-1', amount: 5, neededBy: '2026-07-02', paidOn: '2026-05-02', recordedAt: T }],
    expenditures: [
      {
        expenditureId: 'x-1',
        date: '2026-05-10',
        payee: 'Erika Mustermann',
        purpose: 'Honorar Erika Mustermann',
        amount: 30_000,
        budgetLine: '3.2 Öffentlichkeitsarbeit',
        receiptReference: 'RE-1',
        receiptFileHash: 'abc',
        receiptTotal: 50_000,
        recordedAt: T,
      },
    ],
    updatedAt: '2026-10-01T09:00:00.000Z',
  } as unknown as GrantDoc;
}

/** A grant event as the store hands it out (only what the transaction mapping reads is meaningful). */
function recorded(
  streamVersion: number,
  event: Pick<GrantEvent, 'type' | 'data'>,
  metadata: Partial<RecordedEvent['metadata']> = {},
): RecordedEvent {
  return {
    ...event,
    eventId: `e-${streamVersion}`,
    streamId: 'grant-1',
    streamVersion,
    position: String(streamVersion).padStart(20, '0'),
    metadata: { recordedAt: T, ...metadata } as RecordedEvent['metadata'],
  } as unknown as RecordedEvent;
}

const PERIOD = { from: '2026-04-01', to: '2027-12-31' };

/** The events behind grant(): approval, disbursement, expenditure, an amendment of the period, one of the maximum. */
function grantEvents(): RecordedEvent[] {
  return [
    recorded(0, { type: 'GrantApplicationSubmitted', data: { grantId: 'grant-1' } as never }),
    recorded(1, {
      type: 'GrantApproved',
      data: {
        grantId: 'grant-1',
        version: 1,
        referenceNumber: 'LVwA-2026-17',
        authority: 'Landesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'x',
        financingType: 'SHARE',
        maximumAmount: 100_000_000,
        eligibleExpenditure: 0,
        approvalPeriod: PERIOD,
        reportDeadlines: [],
      },
    }),
    recorded(2, {
      type: 'GrantFundsDisbursed',
      data: { grantId: 'grant-1', disbursementId: 'd-1', amount: 5, neededBy: '2026-07-02', paidOn: '2026-05-02' },
    }),
    recorded(3, {
      type: 'ExpenditureRecorded',
      data: {
        grantId: 'grant-1',
        expenditureId: 'x-1',
        date: '2026-05-10',
        payee: 'Erika Mustermann',
        purpose: 'Honorar Erika Mustermann',
        amount: 30_000,
        budgetLine: '3.2 Öffentlichkeitsarbeit',
        receiptReference: 'RE-1',
        receiptFileHash: 'abc',
        receiptTotal: 50_000,
      },
    }),
    recorded(4, {
      type: 'GrantAmended',
      data: {
        grantId: 'grant-1',
        version: 2,
        amendedOn: '2026-08-01',
        reason: 'Laufzeit verlängert',
        changes: { approvalPeriod: { from: '2026-04-01', to: '2028-03-31' } },
        previous: { approvalPeriod: PERIOD },
      },
    }),
    recorded(5, {
      type: 'GrantAmended',
      data: {
        grantId: 'grant-1',
        version: 3,
        amendedOn: '2026-10-01',
        reason: 'Zweiter Kurs',
        changes: { maximumAmount: 123_456_789 },
        previous: { maximumAmount: 100_000_000 },
      },
    }),
  ];
}

/** grantEvents() followed by a revocation, a repayment demand, part of it received and the rest written off. */
function revokedGrantEvents(): RecordedEvent[] {
  const grantId = 'grant-1';
  return [
    ...grantEvents(),
    recorded(6, { type: 'GrantRevoked', data: { grantId, reason: 'Zweck verfehlt', revokedOn: '2026-11-02' } }),
    recorded(7, {
      type: 'RepaymentDemanded',
      data: { grantId, demandId: 'rd-1', amount: 5, interest: 0, reason: 'Widerruf', legalBasis: '§ 49a VwVfG', dueOn: '2026-12-31' },
    }),
    recorded(8, { type: 'RepaymentReceived', data: { grantId, demandId: 'rd-1', amount: 3, receivedOn: '2026-12-01' } }),
    recorded(9, { type: 'RepaymentWrittenOff', data: { grantId, demandId: 'rd-1', amount: 2, reason: 'Kleinbetrag' } }),
  ];
}

function goal(): GoalDoc {
  return {
    id: 'goal-1',
    title: 'Mehr Bewohner in Arbeit',
    description: 'Langzeitarbeitslosigkeit senken',
    indicators: [
      {
        indicatorId: 'ltu',
        code: 'L-01',
        name: 'Langzeitarbeitslose',
        unit: 'Personen',
        measureType: 'UNIT',
        direction: 'DESCENDING',
        baseline: { value: 400, date: '2023-12-31', source: 'Jobcenter' },
        target: { value: 300, date: '2027-12-31' },
      },
      {
        indicatorId: 'net',
        code: 'L-07',
        name: 'Netzwerk',
        unit: '',
        measureType: 'QUALITATIVE',
        direction: 'ASCENDING',
        baseline: { value: 'Kein Austausch', date: '2023-06-01', source: 'Forum' },
        target: { value: 'Runder Tisch', date: '2026-06-01' },
      },
      {
        indicatorId: 'care',
        code: 'RCO 74',
        name: 'Betreuungsquote',
        unit: '%',
        measureType: 'PERCENTAGE',
        direction: 'ASCENDING',
        baseline: { value: 60.5, date: '2023-09-01', source: 'Jugendamt' },
        target: { value: 80, date: '2027-09-01' },
      },
    ],
    reviews: [
      {
        reviewId: 'r-1',
        reviewedOn: '2026-02-15',
        period: { from: '2025-01-01', to: '2025-12-31' },
        measurements: [
          { indicatorId: 'ltu', value: 375, measuredOn: '2025-12-31', source: 'Jobcenter 2025', target: { value: 300, date: '2027-12-31' } },
          { indicatorId: 'net', value: 'Treffen alle zwei Monate', measuredOn: '2025-12-31', source: 'Protokolle', target: { value: 'Runder Tisch', date: '2026-06-01' } },
        ],
      },
    ],
    updatedAt: '2026-11-01T00:00:00.000Z',
  } as unknown as GoalDoc;
}

function source(overrides: Partial<IatiActivitySource> = {}): IatiActivitySource {
  return {
    measure: measure(),
    district,
    actionFields: [
      { id: 'employment-local-economy', number: 5, name: 'Employment', nameDe: 'Beschäftigung, Qualifizierung', addedAt: T, renamedAt: null },
    ],
    grants: [
      {
        grant: grant(),
        programme: { id: 'biwaq', name: 'BIWAQ', level: 'FEDERAL', fund: 'ESF Plus' } as never,
        transactions: grantTransactions(grantEvents()),
      },
    ],
    goals: [goal()],
    ...overrides,
  };
}

const OPTIONS = { orgRef: 'DE-AGS-15002000', generatedAt: new Date('2026-11-26T13:45:12.345Z') };

const children = (node: XmlNode, name?: string) => node.children.filter((c) => name === undefined || c.name === name);
const child = (node: XmlNode, name: string) => {
  const found = children(node, name);
  if (found.length !== 1) throw new Error(`${node.name} has ${found.length} ${name}`);
  return found[0];
};
const narrativeOf = (node: XmlNode) => child(node, 'narrative').text;

/** The writer's output, after checking it against the official XSD. */
function exportXml(src: IatiActivitySource, options = OPTIONS): string {
  const xml = writeIatiActivitiesXml(src, options);
  expectValidIati(xml);
  return xml;
}

describe('IATI 2.03 activity writer', () => {
  const xml = writeIatiActivitiesXml(source(), OPTIONS);
  const root = parseXml(xml);
  const activity = child(root, 'iati-activity');

  it('writes a document that validates against the official IATI 2.03 schema', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities ')).toBe(true);
    expectValidIati(xml);
  });

  it('puts the activity elements in schema order with the root attributes', () => {
    expect(root.attrs).toEqual({ version: '2.03', 'generated-datetime': '2026-11-26T13:45:12.345Z' });
    expect(activity.attrs).toEqual({
      'last-updated-datetime': '2026-11-01T00:00:00.000Z',
      'xml:lang': 'de',
      'default-currency': 'EUR',
    });
    const names = activity.children.map((c) => c.name).filter((n, i, all) => all[i - 1] !== n);
    expect(names).toEqual([
      'iati-identifier', 'reporting-org', 'title', 'description', 'participating-org', 'activity-status',
      'activity-date', 'recipient-country', 'sector', 'budget', 'transaction', 'result',
    ]);
    expect(child(activity, 'iati-identifier').text).toBe('DE-AGS-15002000-HN-2026-01');
    expect(child(activity, 'reporting-org')).toMatchObject({ attrs: { ref: 'DE-AGS-15002000', type: '10' } });
    expect(narrativeOf(child(activity, 'reporting-org'))).toBe('Halle (Saale)');
    expect(child(child(activity, 'title'), 'narrative').attrs).toEqual({ 'xml:lang': 'de' });
    expect(children(activity, 'participating-org').map((o) => [o.attrs.role, o.attrs.type, narrativeOf(o)])).toEqual([
      ['1', '10', 'BIWAQ (Bund, ESF Plus)'],
      ['4', '22', 'Bildungswerk Neustadt e.V.'],
    ]);
    expect(children(activity, 'activity-date').map((d) => [d.attrs.type, d.attrs['iso-date']])).toEqual([
      ['1', '2026-04-01'],
      ['2', '2026-04-02'],
      ['3', '2027-12-31'],
    ]);
    expect(child(activity, 'recipient-country').attrs).toEqual({ code: 'DE', percentage: '100' });
    expect(children(activity, 'sector').map((s) => [s.attrs.vocabulary, s.attrs.code, s.attrs.percentage, narrativeOf(s)])).toEqual([
      ['99', 'employment-local-economy', '33.34', 'Beschäftigung, Qualifizierung'],
      ['99', 'housing-environment', '33.33', 'housing-environment'],
      ['99', 'participation-integration', '33.33', 'participation-integration'],
    ]);
  });

  it('escapes <&"\' in text and attributes and the file still parses to the same strings', () => {
    expect(xml).toContain('<narrative xml:lang="de">Werkstatt &lt;Jugend&gt; &amp; "Arbeit" – Nachbar\'s Hof</narrative>');
    expect(narrativeOf(child(activity, 'title'))).toBe('Werkstatt <Jugend> & "Arbeit" – Nachbar\'s Hof');
    expect(escapeAttr(`a<b>&"c'\n\t`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;');
    expect(escapeText('x\u0001y\rz')).toBe('x\uFFFDy&#13;z');
    const tricky = exportXml(source(), { ...OPTIONS, orgRef: `DE-"&'<x>` });
    const parsed = parseXml(tricky);
    expect(child(child(parsed, 'iati-activity'), 'reporting-org').attrs.ref).toBe(`DE-"&'<x>`);
  });

  it('formats decimals without exponent notation', () => {
    expect(formatDecimal(1e21)).toBe('1000000000000000000000');
    expect(formatDecimal(60.5)).toBe('60.5');
  });

  it('writes budgets: original from the first approval, revised from each amendment', () => {
    const budgets = children(activity, 'budget').map((b) => [
      b.attrs.type,
      b.attrs.status,
      child(b, 'period-start').attrs['iso-date'],
      child(b, 'period-end').attrs['iso-date'],
      child(b, 'value').text,
      child(b, 'value').attrs,
    ]);
    expect(budgets).toEqual([
      ['1', '2', '2026-04-01', '2027-12-31', '1000000.00', { currency: 'EUR', 'value-date': '2026-03-15' }],
      ['2', '2', '2026-04-01', '2028-03-31', '1000000.00', { currency: 'EUR', 'value-date': '2026-08-01' }],
      ['2', '2', '2026-04-01', '2028-03-31', '1234567.89', { currency: 'EUR', 'value-date': '2026-10-01' }],
    ]);
  });

  it('writes transactions by date: commitments (amendments as the change), disbursement, expenditure', () => {
    const rows = children(activity, 'transaction').map((t) => [
      t.attrs.ref,
      child(t, 'transaction-type').attrs.code,
      child(t, 'transaction-date').attrs['iso-date'],
      child(t, 'value').text,
      child(t, 'value').attrs['value-date'],
      child(t, 'value').attrs.currency,
      narrativeOf(child(t, 'provider-org')),
    ]);
    expect(rows).toEqual([
      ['LVwA-2026-17 v1', '2', '2026-03-15', '1000000.00', '2026-03-15', 'EUR', 'BIWAQ'],
      ['d-1', '3', '2026-05-02', '0.05', '2026-05-02', 'EUR', 'BIWAQ'],
      ['x-1', '4', '2026-05-10', '300.00', '2026-05-10', 'EUR', 'BIWAQ'],
      // Version 2 changed only the period: no commitment of 0.
      ['LVwA-2026-17 v3', '2', '2026-10-01', '234567.89', '2026-10-01', 'EUR', 'BIWAQ'],
    ]);
    expect(children(activity, 'transaction')[0].children.map((c) => c.name)).toEqual([
      'transaction-type', 'transaction-date', 'value', 'description', 'provider-org',
    ]);
    // No payee or free-text purpose: they might name a person.
    expect(xml).not.toContain('Mustermann');
  });

  it('writes a revocation as a negative commitment of what was not disbursed and a repayment as a negative disbursement', () => {
    const revoked = { ...grant(), status: 'revoked' } as GrantDoc;
    const entry = { ...source().grants[0], grant: revoked, transactions: grantTransactions(revokedGrantEvents()) };
    const doc = parseXml(exportXml(source({ grants: [entry] })));
    const rows = children(child(doc, 'iati-activity'), 'transaction').map((t) => [
      t.attrs.ref,
      child(t, 'transaction-type').attrs.code,
      child(t, 'transaction-date').attrs['iso-date'],
      child(t, 'value').text,
      narrativeOf(child(t, 'description')),
    ]);
    expect(rows.slice(4)).toEqual([
      // Committed 1,234,567.89, disbursed 0.05: the revocation withdraws the rest.
      ['LVwA-2026-17 revocation', '2', '2026-11-02', '-1234567.84', 'Widerruf des Zuwendungsbescheids LVwA-2026-17 (nicht ausgezahlter Betrag): Zweck verfehlt'],
      // Returned money reverses a disbursement; the written-off rest moves no money and gives no row.
      ['rd-1', '3', '2026-12-01', '-0.03', 'Rückzahlung zu LVwA-2026-17 (Rückforderung rd-1)'],
    ]);
  });

  describe('closing a grant', () => {
    const closing = (streamVersion: number, metadata: Partial<RecordedEvent['metadata']>) =>
      recorded(streamVersion, { type: 'GrantClosed', data: { grantId: 'grant-1' } }, metadata);
    const CLOSING_NOTE = 'Abschluss der Zuwendung LVwA-2026-17 (nicht ausgezahlter oder zurückgezahlter Betrag)';
    /** Transactions of the activity as [ref, type, date, value, description], and the sums per type in cents. */
    function written(events: RecordedEvent[]) {
      const transactions = grantTransactions(events);
      const entry = { ...source().grants[0], grant: { ...grant(), status: 'closed' } as GrantDoc, transactions };
      const doc = parseXml(exportXml(source({ grants: [entry] })));
      const rows = children(child(doc, 'iati-activity'), 'transaction').map((t) => [
        t.attrs.ref,
        child(t, 'transaction-type').attrs.code,
        child(t, 'transaction-date').attrs['iso-date'],
        child(t, 'value').text,
        narrativeOf(child(t, 'description')),
      ]);
      const sum = (code: number) => transactions.filter((t) => t.typeCode === code).reduce((total, t) => total + t.value, 0);
      return { rows, transactions, committed: sum(2), disbursed: sum(3) };
    }

    it('lapses what was never disbursed with a negative commitment dated at the closing', () => {
      const { rows, transactions, committed, disbursed } = written([
        ...grantEvents(),
        closing(6, { recordedAt: '2028-05-20T22:30:00.000Z' }),
      ]);
      // Committed 1,234,567.89, disbursed 0.05: the closing withdraws the rest, on the day it was recorded (UTC).
      expect(rows.at(-1)).toEqual(['LVwA-2026-17 closing', '2', '2028-05-20', '-1234567.84', CLOSING_NOTE]);
      expect(transactions.at(-1)).toMatchObject({ committedTotal: 5, source: { kind: 'closing' } });
      expect(committed).toBe(disbursed);
    });

    it('after a revocation and a partial repayment lapses what was paid back, dated at the effective date given', () => {
      const { rows, committed, disbursed } = written([
        ...revokedGrantEvents(),
        closing(10, { recordedAt: '2027-02-01T08:00:00.000Z', effectiveAt: '2027-01-31T00:00:00.000Z' }),
      ]);
      expect(rows.slice(4)).toEqual([
        ['LVwA-2026-17 revocation', '2', '2026-11-02', '-1234567.84', expect.stringContaining('Widerruf')],
        ['rd-1', '3', '2026-12-01', '-0.03', expect.stringContaining('Rückzahlung')],
        // 0.05 paid out, 0.03 of it paid back: the commitment ends at the 0.02 kept.
        ['LVwA-2026-17 closing', '2', '2027-01-31', '-0.03', CLOSING_NOTE],
      ]);
      expect(committed).toBe(2);
      expect(disbursed).toBe(2);
    });

    it('writes no closing row when everything committed was paid out and kept', () => {
      const events = grantEvents();
      const fullyPaid = recorded(6, {
        type: 'GrantFundsDisbursed',
        data: { grantId: 'grant-1', disbursementId: 'd-2', amount: 123_456_784, neededBy: '2027-03-01', paidOn: '2027-01-15' },
      });
      const { rows, committed, disbursed } = written([...events, fullyPaid, closing(7, {})]);
      expect(rows.map((row) => row[0])).not.toContain('LVwA-2026-17 closing');
      expect(committed).toBe(disbursed);
    });
  });

  it('writes results: measure outputs (type 1) and the goal as outcome (type 2) with indicators, baseline and periods', () => {
    const [output, outcome] = children(activity, 'result');
    expect(output.attrs).toEqual({ type: '1' });
    expect(children(output, 'indicator').map((i) => [i.attrs.measure, narrativeOf(child(i, 'title'))])).toEqual([
      ['1', 'Teilnehmende'],
      ['1', 'Geschaffene Beschäftigungsmöglichkeiten'],
    ]);
    expect(child(children(output, 'indicator')[0], 'period').children.map((c) => [c.name, c.attrs['iso-date'] ?? null])).toEqual([
      ['period-start', '2026-04-02'],
      ['period-end', '2026-05-31'],
      ['actual', null],
    ]);
    expect(children(output, 'indicator').map((i) => child(child(i, 'period'), 'actual').attrs.value)).toEqual(['12', '3']);

    expect(outcome.attrs).toEqual({ type: '2' });
    expect(narrativeOf(child(outcome, 'title'))).toBe('Mehr Bewohner in Arbeit');
    const [ltu, net, care] = children(outcome, 'indicator');
    expect(ltu.attrs).toEqual({ measure: '1', ascending: '0' });
    expect(ltu.children.map((c) => c.name)).toEqual(['title', 'description', 'reference', 'baseline', 'period']);
    expect(child(ltu, 'reference').attrs).toEqual({ vocabulary: '99', code: 'L-01' });
    expect(child(ltu, 'baseline').attrs).toEqual({ year: '2023', 'iso-date': '2023-12-31', value: '400' });
    const period = child(ltu, 'period');
    expect([child(period, 'period-start').attrs['iso-date'], child(period, 'period-end').attrs['iso-date']]).toEqual(['2025-01-01', '2025-12-31']);
    expect(child(period, 'target').attrs).toEqual({ value: '300' });
    expect(child(period, 'actual').attrs).toEqual({ value: '375' });

    // Qualitative: measure 5, no value attributes, the words in the comments.
    expect(net.attrs).toEqual({ measure: '5', ascending: '1' });
    expect(child(net, 'baseline').attrs).toEqual({ year: '2023', 'iso-date': '2023-06-01' });
    expect(narrativeOf(child(child(net, 'baseline'), 'comment'))).toBe('Kein Austausch; Quelle: Forum');
    expect(child(child(net, 'period'), 'actual').attrs).toEqual({});
    expect(narrativeOf(child(child(child(net, 'period'), 'actual'), 'comment'))).toMatch(/^Stand: Treffen alle zwei Monate; gemessen am 2025-12-31/);

    // Percentage, never reviewed: baseline only.
    expect(care.attrs).toEqual({ measure: '2', ascending: '1' });
    expect(child(care, 'baseline').attrs.value).toBe('60.5');
    expect(children(care, 'period')).toEqual([]);
  });

  it('maps the measure status to the IATI activity status', () => {
    expect(ACTIVITY_STATUS).toEqual({ planned: 1, approved: 1, running: 2, suspended: 2, completed: 3, cancelled: 5 });
    for (const [status, code] of Object.entries(ACTIVITY_STATUS)) {
      const doc = parseXml(
        exportXml(
          source({ measure: measure({ status: status as MeasureDoc['status'], actualEndDate: status === 'completed' ? '2027-11-30' : null }) }),
        ),
      );
      const act = child(doc, 'iati-activity');
      expect(child(act, 'activity-status').attrs.code).toBe(String(code));
      if (status === 'completed') expect(children(act, 'activity-date').map((d) => d.attrs.type)).toEqual(['1', '2', '3', '4']);
    }
  });

  it('writes a minimal activity for a planned measure without grants, goals or action fields', () => {
    const bare = source({
      measure: measure({ status: 'planned', description: null, actionFieldIds: [], grantIds: [], goalContributions: [], actualStartDate: null, lastReportedOn: null }),
      grants: [],
      goals: [],
    });
    const doc = parseXml(exportXml(bare));
    const act = child(doc, 'iati-activity');
    expect(act.children.map((c) => c.name)).toEqual([
      'iati-identifier', 'reporting-org', 'title', 'description', 'participating-org', 'activity-status',
      'activity-date', 'activity-date', 'recipient-country',
    ]);
    expect(narrativeOf(child(act, 'description'))).toMatch(/Maßnahme HN-2026-01 im Stadtteil Halle-Neustadt/);
  });

  it('leaves out grants without an approval (submitted, rejected, withdrawn)', () => {
    const submitted = { ...grant(), status: 'submitted', approval: null, approvalVersions: [], disbursements: [], expenditures: [] } as GrantDoc;
    const grants = [{ grant: submitted, programme: null, transactions: [] }];
    const act = child(parseXml(exportXml(source({ grants }))), 'iati-activity');
    expect(children(act, 'participating-org').map((o) => o.attrs.role)).toEqual(['4']);
    expect(children(act, 'budget')).toEqual([]);
    expect(children(act, 'transaction')).toEqual([]);
  });

  it('takes the reporting organisation from IATI_ORG_REF, else DE-AGS-<municipality key>', () => {
    expect(iatiOrgRef(loadConfig({}).iatiOrgRef, '15002000')).toBe('DE-AGS-15002000');
    expect(iatiOrgRef(loadConfig({ IATI_ORG_REF: '  ' }).iatiOrgRef, '15002000')).toBe('DE-AGS-15002000');
    expect(iatiOrgRef(loadConfig({ IATI_ORG_REF: 'DE-XYZ-42' }).iatiOrgRef, '15002000')).toBe('DE-XYZ-42');
  });
});

/** The validation must be able to fail: documents that the schema (or XML itself) rejects, with xmllint's reason. */
describe('validation against the official schema', () => {
  const good = writeIatiActivitiesXml(source(), OPTIONS);
  const swapped = good.replace(
    /(<reporting-org[\s\S]*?<\/reporting-org>\n)(\s*<title>[\s\S]*?<\/title>\n)/,
    (_m, org: string, title: string) => title + org,
  );

  it.each([
    ['elements out of schema order', swapped, /Element 'title': This element is not expected\. Expected is \( reporting-org \)/],
    ['a required attribute missing', good.replace(' role="4"', ''), /Element 'participating-org': The attribute 'role' is required/],
    ['an amount that is not a decimal', good.replace('>1234567.89<', '>1.234.567,89<'), /'1\.234\.567,89' is not a valid value of the atomic type 'xs:decimal'/],
    ['a date that does not exist', good.replace('iso-date="2026-04-01"', 'iso-date="2026-02-30"'), /'2026-02-30' is not a valid value of the atomic type 'xs:date'/],
    ['a document that is not well-formed', good.replace('</title>', '</titel>'), /Opening and ending tag mismatch/],
  ])('rejects %s', (_what, xml, reason) => {
    expect(xml).not.toBe(good);
    const errors = iatiSchemaErrors(xml);
    if (errors !== null) expect(errors).toContainEqual(expect.stringMatching(reason));
  });
});
