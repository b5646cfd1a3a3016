import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '../../src/core/decider';
import { deterministicUuid } from '../../src/core/ids';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { RevokeGrantCommand } from '../../src/funding/application/grant.commands';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';

/**
 * Funding programmes and grants over GraphQL/HTTP on the embedded SQLite stores: the whole grant lifecycle with
 * its refusals (each leaving the store unchanged), the receipt reservation under 20 concurrent declarations, and
 * its compensation. Two identities: Alice applies and declares, Bob decides (four-eyes).
 */

jest.setTimeout(90_000);

const ALICE = { token: 'applicant-token-0001', id: 'alice', role: 'district_manager' };
const BOB = { token: 'officer-token-00001', id: 'bob', role: 'funding_officer' };
const AS_ALICE = { authorization: `Bearer ${ALICE.token}` };
const AS_BOB = { authorization: `Bearer ${BOB.token}` };

const RESULT = 'commandId streamId streamVersion position eventCount repeated';
const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${payload} }
  }`;

const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput', `${RESULT} measureId`);
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const UPDATE_PROGRAMME = mutation('updateFundingProgramme', 'UpdateFundingProgrammeInput');
const SUBMIT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', `${RESULT} grantId`);
const SUPPLEMENT = mutation('supplementGrantApplication', 'SupplementGrantApplicationInput');
const WITHDRAW = mutation('withdrawGrantApplication', 'GrantReasonInput');
const PERMIT_EARLY_START = mutation('permitEarlyStart', 'PermitEarlyStartInput');
const APPROVE = mutation('approveGrant', 'ApproveGrantInput');
const REJECT = mutation('rejectGrantApplication', 'RejectGrantApplicationInput');
const AMEND = mutation('amendGrant', 'AmendGrantInput');
const REVOKE = mutation('revokeGrant', 'RevokeGrantInput');
const DISBURSE = mutation('disburseGrantFunds', 'DisburseGrantFundsInput', `${RESULT} disbursementId`);
const RECORD_EXPENDITURE = mutation('recordExpenditure', 'RecordExpenditureInput', `${RESULT} expenditureId`);
const SUBMIT_PROOF = mutation('submitProofOfUse', 'SubmitProofOfUseInput');
const QUERY_PROOF = mutation('queryProofOfUse', 'QueryProofOfUseInput');
const ACCEPT_PROOF = mutation('acceptProofOfUse', 'ProofOfUseRefInput');
const DEMAND_REPAYMENT = mutation('demandRepayment', 'DemandRepaymentInput', `${RESULT} demandId`);
const REPAYMENT_RECEIVED = mutation('recordRepaymentReceived', 'RecordRepaymentReceivedInput');
const WRITE_OFF = mutation('writeOffRepayment', 'WriteOffRepaymentInput');
const CLOSE = mutation('closeGrant', 'CloseGrantInput');

const GRANT_FIELDS = `
  id status programmeId programmeLevel fund districtId measureIds applicantId submittedAt
  requestedAmount plan { totalEligibleCost ownShare thirdPartyFunds } period { from to } earlyStartRequested
  earlyStartPermittedFrom
  approval {
    version referenceNumber authority approvedOn purpose financingType maximumAmount eligibleExpenditure
    approvalPeriod { from to } reportDeadlines { kind budgetYear dueOn }
  }
  approvalVersions { version decidedOn reason maximumAmount approvalPeriod { from to } }
  approvedAmount disbursed spent remaining repaid writtenOff
  disbursements { disbursementId amount neededBy paidOn }
  expenditures { expenditureId date payee amount budgetLine receiptReference receiptFileHash receiptTotal }
  proofs { kind budgetYear status submissions submittedBy questions acceptedBy statementTotal receiptsCount }
  repayments { demandId amount interest received writtenOff outstanding }
  measureStarts { measureId startDate basis }
  statusReason version`;

const GRANT = `query Grant($id: ID!, $wait: String) { grant(id: $id, waitForPosition: $wait) { ${GRANT_FIELDS} } }`;
const GRANTS = `
  query Grants($districtId: ID, $programmeId: ID, $status: GrantStatus, $first: Int, $after: String, $wait: String) {
    grants(districtId: $districtId, programmeId: $programmeId, status: $status, first: $first, after: $after,
           waitForPosition: $wait) {
      edges { cursor node { id status } }
      pageInfo { endCursor hasNextPage }
    }
  }`;
const PROGRAMMES = `
  query Programmes($level: FundingLevel, $wait: String) {
    fundingProgrammes(level: $level, waitForPosition: $wait) {
      id name level fund legalBasis generalConditions retentionYears
    }
  }`;
const STREAM_EVENTS = `
  query Stream($streamId: String!) {
    streamEvents(streamId: $streamId) { type data metadata { actorId commandId causationId } }
  }`;
const MEASURE_GRANTS = `query Measure($id: ID!, $wait: String) { measure(id: $id, waitForPosition: $wait) { grantIds } }`;

interface CommandResult {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}

type GrantView = Record<string, unknown> & { id: string; status: string };
interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { actorId: string; commandId: string; causationId: string };
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileHash = (name: string) => sha256(`file:${name}`);

const PROGRAMME_ID = 'biwaq';
const PERIOD = { from: '2026-01-01', to: '2027-12-31' };
const APPROVAL_PERIOD = { from: '2026-04-01', to: '2027-12-31' };

describe('funding programmes and grants over GraphQL', () => {
  let t: TestApp;
  let districtId: string;
  let measureId: string;
  let measureCounter = 0;

  beforeAll(async () => {
    t = await startApp({
      API_TOKENS: `${ALICE.token}=${ALICE.id}:${ALICE.role},${BOB.token}=${BOB.id}:${BOB.role}`,
    });
    districtId = (
      await ok<{ districtId: string }>(REGISTER_DISTRICT, 'registerDistrict', {
        name: 'Halle-Neustadt',
        municipality: 'Halle (Saale)',
        municipalityKey: '15002000',
        programmes: ['Sozialer Zusammenhalt'],
        designation: { number: 'VII/2019/01234', date: '2019-06-26' },
      })
    ).districtId;
    measureId = await plannedMeasure();
    await ok(
      ADD_PROGRAMME,
      'addFundingProgramme',
      {
        programmeId: PROGRAMME_ID,
        name: 'BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier',
        level: 'FEDERAL',
        fund: 'ESF Plus',
        legalBasis: 'Förderrichtlinie BIWAQ V',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 10,
      },
      AS_BOB,
    );
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  /** Runs a mutation that must succeed and returns its payload. */
  async function ok<T = object>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
    options: Record<string, unknown> = {},
  ): Promise<CommandResult & T> {
    const response = await t.gql<Record<string, CommandResult & T>>(query, { input, options }, headers);
    return dataOf(response)[name];
  }

  /** Runs a mutation that must be refused with `code`, checks that the store did not change, returns the message. */
  async function refused(
    code: string,
    query: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
  ): Promise<string> {
    const before = eventCount();
    const response = await t.gql(query, { input }, headers);
    expect(codesOf(response)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return response.body.errors![0].message;
  }

  function eventCount(): number {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  async function grant(id: string, wait: string | null = null): Promise<GrantView> {
    return dataOf(await t.gql<{ grant: GrantView }>(GRANT, { id, wait }, AS_ALICE)).grant;
  }

  async function streamEvents(streamId: string): Promise<StreamEvent[]> {
    return dataOf(await t.gql<{ streamEvents: StreamEvent[] }>(STREAM_EVENTS, { streamId }, AS_ALICE)).streamEvents;
  }

  async function plannedMeasure(): Promise<string> {
    const { measureId: id } = await ok<{ measureId: string }>(PLAN_MEASURE, 'planMeasure', {
      code: `HN-GR-${String(++measureCounter).padStart(3, '0')}`,
      title: 'Qualification workshop',
      districtId,
      actionFieldIds: ['employment-local-economy'],
      sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
      location: 'Stadtteilzentrum',
      plannedStartDate: '2026-04-01',
      plannedEndDate: '2027-12-31',
      resources: [],
      targetGroups: ['long-term unemployed'],
    });
    return id;
  }

  const application = (overrides: Record<string, unknown> = {}) => ({
    programmeId: PROGRAMME_ID,
    districtId,
    measureIds: [measureId],
    requestedAmount: 80_000_00,
    plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
    period: PERIOD,
    earlyStartRequested: true,
    ...overrides,
  });

  const notice = (grantId: string, overrides: Record<string, unknown> = {}) => ({
    grantId,
    referenceNumber: 'BIWAQ-2026-017',
    authority: 'Bundesverwaltungsamt',
    approvedOn: '2026-03-15',
    purpose: 'Qualification of long-term unemployed residents',
    financingType: 'SHARE',
    maximumAmount: 60_000_00,
    eligibleExpenditure: 100_000_00,
    approvalPeriod: APPROVAL_PERIOD,
    reportDeadlines: [
      { kind: 'INTERIM', budgetYear: 2026, dueOn: '2027-04-30' },
      { kind: 'FINAL', dueOn: '2028-06-30' },
    ],
    ...overrides,
  });

  const expenditure = (grantId: string, overrides: Record<string, unknown> = {}) => ({
    grantId,
    date: '2026-05-10',
    payee: 'Druckerei am Markt GmbH',
    purpose: 'Flyers for the course',
    amount: 300_00,
    budgetLine: '3.2 Öffentlichkeitsarbeit',
    receiptReference: `RE-${randomUUID()}`,
    receiptFileHash: fileHash('flyer'),
    receiptTotal: 500_00,
    ...overrides,
  });

  /** Submitted by Alice, approved by Bob. */
  async function approvedGrant(approval: Record<string, unknown> = {}): Promise<string> {
    const { grantId } = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application());
    await ok(APPROVE, 'approveGrant', notice(grantId, approval), AS_BOB);
    return grantId;
  }

  describe('funding-programme catalogue', () => {
    it('adds and updates programmes; refuses duplicates and bad input', async () => {
      const efre = {
        programmeId: 'efre-sachsen-anhalt',
        name: 'EFRE Sachsen-Anhalt 2021–2027',
        level: 'EU',
        fund: 'EFRE',
        legalBasis: 'Verordnung (EU) 2021/1058',
        generalConditions: 'ANBest-P 2019',
        retentionYears: 5,
      };
      await ok(ADD_PROGRAMME, 'addFundingProgramme', efre, AS_BOB);
      expect(await refused('DOMAIN_RULE', ADD_PROGRAMME, efre, AS_BOB)).toMatch(/already exists/);
      await refused('BAD_USER_INPUT', ADD_PROGRAMME, { ...efre, programmeId: 'other', retentionYears: 7 }, AS_BOB);
      await refused('BAD_USER_INPUT', ADD_PROGRAMME, { ...efre, programmeId: 'Not A Slug' }, AS_BOB);
      await refused('BAD_USER_INPUT', ADD_PROGRAMME, { ...efre, programmeId: 'other', level: 'GALACTIC' }, AS_BOB);
      await refused('NOT_FOUND', UPDATE_PROGRAMME, { programmeId: 'no-such-programme', fund: 'EFRE' }, AS_BOB);
      await refused('BAD_USER_INPUT', UPDATE_PROGRAMME, { programmeId: efre.programmeId, fund: null }, AS_BOB);

      const updated = await ok(UPDATE_PROGRAMME, 'updateFundingProgramme', { programmeId: efre.programmeId, generalConditions: 'ANBest-P 2023' }, AS_BOB);
      const programmes = dataOf(
        await t.gql<{ fundingProgrammes: Record<string, unknown>[] }>(PROGRAMMES, { wait: updated.position }, AS_ALICE),
      ).fundingProgrammes;
      expect(programmes.map((p) => p.id)).toEqual(expect.arrayContaining([PROGRAMME_ID, efre.programmeId]));
      expect(programmes.find((p) => p.id === efre.programmeId)).toEqual({ ...efre, id: efre.programmeId, programmeId: undefined, generalConditions: 'ANBest-P 2023' }.constructor === Object ? expect.objectContaining({ id: efre.programmeId, level: 'EU', generalConditions: 'ANBest-P 2023', retentionYears: 5 }) : null);
      const euOnly = dataOf(await t.gql<{ fundingProgrammes: { id: string }[] }>(PROGRAMMES, { level: 'EU' }, AS_ALICE)).fundingProgrammes;
      expect(euOnly.map((p) => p.id)).toEqual([efre.programmeId]);
    });
  });
});
