import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandDispatch } from '../../src/core/command-dispatch';
import type { CommandContext } from '../../src/core/decider';
import { deterministicUuid } from '../../src/core/ids';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { grantsDecider } from '../../src/funding/domain/grants.decider';
import type { RuleCode } from '../../src/core/domain-rules';
import { dataOf, type GqlResponse, type GraphQLErrorShape, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';

/**
 * Funding programmes and grants over GraphQL/HTTP on the embedded SQLite stores: the whole grant lifecycle with
 * its refusals (each leaving the store unchanged), the receipt reservation under 20 concurrent declarations, and
 * its compensation. Two identities: Alice applies and declares, Bob decides (four-eyes).
 */

jest.setTimeout(90_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ALICE: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

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
    t = await startApp();
    Object.assign(AS_ALICE, await credentialsFor(ALICE));
    Object.assign(AS_BOB, await credentialsFor(BOB));
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

  /** Runs a mutation that must be refused with `code`, checks that the store did not change, returns the error. */
  async function refusal(
    code: string,
    query: string,
    input: Record<string, unknown>,
    headers: Record<string, string> = AS_ALICE,
  ): Promise<GraphQLErrorShape> {
    const before = eventCount();
    const response = await t.gql(query, { input }, headers);
    expect(codesOf(response)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return response.body.errors![0];
  }

  const refused = async (...args: Parameters<typeof refusal>): Promise<string> => (await refusal(...args)).message;

  /** Refused by the business rule `rule`, told by its stable code (extensions.rule), with the store unchanged. */
  async function violates(rule: RuleCode, query: string, input: Record<string, unknown>, headers = AS_ALICE): Promise<void> {
    expect((await refusal('DOMAIN_RULE', query, input, headers)).extensions?.rule).toBe(rule);
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

  const expenditure = (grantId: string, overrides: Record<string, unknown> = {}) => {
    const receiptReference = `RE-${randomUUID()}`;
    return {
      grantId,
      date: '2026-05-10',
      payee: 'Druckerei am Markt GmbH',
      purpose: 'Flyers for the course',
      amount: 300_00,
      budgetLine: '3.2 Öffentlichkeitsarbeit',
      receiptReference,
      // One file per receipt: the receipt's reservation stream is keyed by the file's hash.
      receiptFileHash: fileHash(receiptReference),
      receiptTotal: 500_00,
      ...overrides,
    };
  };

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

      const updated = await ok(
        UPDATE_PROGRAMME,
        'updateFundingProgramme',
        { programmeId: efre.programmeId, generalConditions: 'ANBest-P 2023' },
        AS_BOB,
      );
      type ProgrammeView = { id: string; [field: string]: unknown };
      const all = dataOf(
        await t.gql<{ fundingProgrammes: ProgrammeView[] }>(PROGRAMMES, { wait: updated.position }, AS_ALICE),
      ).fundingProgrammes;
      const { programmeId: _id, ...terms } = efre;
      expect(all.find((p) => p.id === efre.programmeId)).toEqual({
        id: efre.programmeId,
        ...terms,
        generalConditions: 'ANBest-P 2023',
      });
      expect(all.find((p) => p.id === PROGRAMME_ID)).toMatchObject({ level: 'FEDERAL', fund: 'ESF Plus', retentionYears: 10 });
      const euOnly = dataOf(await t.gql<{ fundingProgrammes: ProgrammeView[] }>(PROGRAMMES, { level: 'EU' }, AS_ALICE));
      expect(euOnly.fundingProgrammes.map((p) => p.id)).toEqual([efre.programmeId]);
    });
  });

  describe('grant lifecycle', () => {
    it('walks application → approval → disbursement → expenditure → proofs → repayment → closed, refusing what the rules forbid', async () => {
      // Application, and what it refers to.
      await violates('GRANT_PLAN_UNBALANCED', SUBMIT, application({ requestedAmount: 85_000_00 }));
      await refused('DOMAIN_RULE', SUBMIT, application({ programmeId: 'no-such-programme' }));
      await refused('DOMAIN_RULE', SUBMIT, application({ measureIds: [randomUUID()] }));
      await refused('DOMAIN_RULE', SUBMIT, application({ districtId: randomUUID() }));
      await refused('BAD_USER_INPUT', SUBMIT, application({ requestedAmount: 80_000.5 }));
      await refused('BAD_USER_INPUT', SUBMIT, application({ period: { from: '2026-02-30', to: '2027-12-31' } }));
      await refused('BAD_USER_INPUT', SUBMIT, application({ measureIds: [] }));
      await refused('BAD_USER_INPUT', SUBMIT, application({ measureIds: [measureId, measureId] }));
      await refused('BAD_USER_INPUT', SUBMIT, application({ earlyStartRequested: undefined }));

      const submitCommandId = randomUUID();
      const submitted = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application(), AS_ALICE, {
        commandId: submitCommandId,
      });
      const { grantId } = submitted;
      expect(submitted).toMatchObject({ streamId: `grant-${grantId}`, streamVersion: 0, eventCount: 1, repeated: false });
      expect(await grant(grantId, submitted.position)).toMatchObject({
        status: 'SUBMITTED',
        programmeId: PROGRAMME_ID,
        programmeLevel: 'FEDERAL',
        fund: 'ESF Plus',
        districtId,
        measureIds: [measureId],
        applicantId: ALICE.id,
        requestedAmount: 80_000_00,
        approval: null,
        approvedAmount: 0,
      });
      // The measure was linked by a sub-command of the submission.
      const linked = (await streamEvents(`measure-${measureId}`)).filter((e) => e.type === 'GrantLinkedToMeasure');
      expect(linked.at(-1)).toMatchObject({
        data: { measureId, grantId },
        metadata: { commandId: deterministicUuid(submitCommandId, 'link', grantId, measureId), causationId: submitCommandId },
      });
      // Repeating the submission's command id records nothing new.
      const again = await ok(SUBMIT, 'submitGrantApplication', application(), AS_ALICE, { commandId: submitCommandId });
      expect(again).toMatchObject({ repeated: true, streamVersion: 0 });
      const measureView = dataOf(await t.gql<{ measure: { grantIds: string[] } }>(MEASURE_GRANTS, { id: measureId, wait: again.position }, AS_ALICE));
      expect(measureView.measure.grantIds.filter((id) => id === grantId)).toHaveLength(1);

      // Supplement; early start (never by the applicant).
      await refused('DOMAIN_RULE', SUPPLEMENT, { grantId, requestedAmount: 90_000_00, reason: 'unbalanced' });
      await refused('BAD_USER_INPUT', SUPPLEMENT, { grantId, plan: null, reason: 'clear the plan' });
      await ok(SUPPLEMENT, 'supplementGrantApplication', {
        grantId,
        requestedAmount: 90_000_00,
        plan: { totalEligibleCost: 110_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        reason: 'Higher rent for the course room',
      });
      // The applicant, a district manager, takes no funding decisions at all (the role table refuses them).
      expect(await refused('FORBIDDEN', PERMIT_EARLY_START, { grantId, permittedFrom: '2026-02-01' })).toMatch(/may not use/);
      await ok(PERMIT_EARLY_START, 'permitEarlyStart', { grantId, permittedFrom: '2026-02-01' }, AS_BOB);

      // Approval: never by the applicant, never above the request.
      expect(await refused('FORBIDDEN', APPROVE, notice(grantId))).toMatch(/may not use/);
      await violates('GRANT_APPROVAL_ABOVE_REQUESTED', APPROVE, notice(grantId, { maximumAmount: 90_000_01, eligibleExpenditure: 110_000_00 }), AS_BOB);
      await refused('BAD_USER_INPUT', APPROVE, notice(grantId, { financingType: 'GIFT' }), AS_BOB);
      await refused('BAD_USER_INPUT', APPROVE, notice(grantId, { reportDeadlines: [{ kind: 'INTERIM', dueOn: '2027-04-30' }] }), AS_BOB);
      await ok(APPROVE, 'approveGrant', notice(grantId), AS_BOB);
      expect(await refused('DOMAIN_RULE', WITHDRAW, { grantId, reason: 'too late' })).toMatch(/before a decision/);
      await refused('DOMAIN_RULE', APPROVE, notice(grantId), AS_BOB);

      // Disbursements: not by the applicant, not over the maximum, only within the period, for the next two months.
      const disburse = (amount: number, paidOn: string, neededBy = paidOn) => ({ grantId, amount, paidOn, neededBy });
      expect(await refused('FORBIDDEN', DISBURSE, disburse(10_000_00, '2026-05-02'))).toMatch(/may not use/);
      await violates('GRANT_DISBURSEMENT_ABOVE_APPROVED', DISBURSE, disburse(60_000_01, '2026-05-02'), AS_BOB);
      await violates('GRANT_DISBURSEMENT_OUTSIDE_PERIOD', DISBURSE, disburse(10_000_00, '2026-03-31'), AS_BOB);
      await violates('GRANT_DISBURSEMENT_OUTSIDE_PERIOD', DISBURSE, disburse(10_000_00, '2028-01-03'), AS_BOB);
      await violates('GRANT_DISBURSEMENT_NEED_TOO_LATE', DISBURSE, disburse(10_000_00, '2026-05-02', '2026-07-03'), AS_BOB);
      await ok(DISBURSE, 'disburseGrantFunds', disburse(40_000_00, '2026-05-02', '2026-07-02'), AS_BOB);
      await ok(DISBURSE, 'disburseGrantFunds', disburse(20_000_00, '2026-09-01'), AS_BOB);
      await violates('GRANT_DISBURSEMENT_ABOVE_APPROVED', DISBURSE, disburse(1, '2026-09-02'), AS_BOB);

      // Amendment: a new version; never below what was disbursed.
      const cut = { grantId, version: 2, amendedOn: '2026-10-01', reason: 'cut', maximumAmount: 59_999_99 };
      await violates('GRANT_MAXIMUM_BELOW_DISBURSED', AMEND, cut, AS_BOB);
      await violates('GRANT_AMENDMENT_VERSION', AMEND, { grantId, version: 3, amendedOn: '2026-10-01', reason: 'skip', maximumAmount: 70_000_00 }, AS_BOB);
      await ok(AMEND, 'amendGrant', { grantId, version: 2, amendedOn: '2026-10-01', reason: 'Second course', maximumAmount: 70_000_00 }, AS_BOB);
      await ok(DISBURSE, 'disburseGrantFunds', disburse(5_000_00, '2026-10-15'), AS_BOB);

      // Expenditures (Belege).
      const receipt = expenditure(grantId, { amount: 1_200_00, receiptTotal: 1_500_00, receiptFileHash: fileHash('course') });
      await violates('GRANT_EXPENDITURE_OUTSIDE_PERIOD', RECORD_EXPENDITURE, { ...receipt, date: '2026-03-31' });
      await violates('GRANT_EXPENDITURE_ABOVE_RECEIPT', RECORD_EXPENDITURE, { ...receipt, amount: 1_500_01 });
      await refused('BAD_USER_INPUT', RECORD_EXPENDITURE, { ...receipt, receiptFileHash: 'not-a-hash' });
      await refused('BAD_USER_INPUT', RECORD_EXPENDITURE, { ...receipt, receiptReference: ' RE-1 ' });
      const expenditureCommandId = randomUUID();
      const declared = await ok<{ expenditureId: string }>(RECORD_EXPENDITURE, 'recordExpenditure', receipt, AS_ALICE, {
        commandId: expenditureCommandId,
      });
      const repeated = await ok<{ expenditureId: string }>(RECORD_EXPENDITURE, 'recordExpenditure', receipt, AS_ALICE, {
        commandId: expenditureCommandId,
      });
      expect(repeated).toMatchObject({ repeated: true, expenditureId: declared.expenditureId });
      const receiptEvents = await streamEvents(`receipt-${receipt.receiptFileHash}`);
      expect(receiptEvents).toEqual([
        expect.objectContaining({
          type: 'ReceiptShareReserved',
          data: expect.objectContaining({ grantId, expenditureId: declared.expenditureId, amount: 1_200_00, declaredAfter: 1_200_00 }),
          metadata: expect.objectContaining({
            commandId: deterministicUuid(expenditureCommandId, 'reserve', grantId, declared.expenditureId),
            causationId: expenditureCommandId,
          }),
        }),
      ]);

      // Interim proof: submitted, queried, answered, accepted — never by who submitted it.
      const interim = { grantId, kind: 'INTERIM', budgetYear: 2026 };
      const interimReport = { ...interim, reportSummary: '12 participants, 9 certificates', statementTotal: 30_000_00, receiptsCount: 41 };
      await refused('DOMAIN_RULE', SUBMIT_PROOF, { ...interimReport, budgetYear: 2025 });
      await ok(SUBMIT_PROOF, 'submitProofOfUse', interimReport);
      await refused('DOMAIN_RULE', SUBMIT_PROOF, interimReport);
      await ok(QUERY_PROOF, 'queryProofOfUse', { ...interim, questions: ['Receipt 17 is missing'] }, AS_BOB);
      expect(await refused('DOMAIN_RULE', ACCEPT_PROOF, interim, AS_BOB)).toMatch(/queried/);
      await ok(SUBMIT_PROOF, 'submitProofOfUse', { ...interimReport, receiptsCount: 42 });
      expect(await refused('FORBIDDEN', ACCEPT_PROOF, interim)).toMatch(/may not use/);
      await ok(ACCEPT_PROOF, 'acceptProofOfUse', interim, AS_BOB);

      // Closing needs the accepted final proof and no open repayment.
      expect(await refused('DOMAIN_RULE', CLOSE, { grantId }, AS_BOB)).toMatch(/final proof of use/);
      const final = { grantId, kind: 'FINAL' };
      await refused('BAD_USER_INPUT', SUBMIT_PROOF, { ...final, budgetYear: 2027, reportSummary: 'x', statementTotal: 1, receiptsCount: 1 });
      await ok(SUBMIT_PROOF, 'submitProofOfUse', { ...final, reportSummary: 'Measure completed', statementTotal: 64_000_00, receiptsCount: 96 });
      await ok(ACCEPT_PROOF, 'acceptProofOfUse', final, AS_BOB);

      // Repayment: at most what was disbursed; received in part, the rest written off.
      const demand = { grantId, amount: 3_000_00, interest: 45_00, reason: 'Course 3 cancelled', legalBasis: '§ 49a VwVfG', dueOn: '2028-03-31' };
      await refused('FORBIDDEN', DEMAND_REPAYMENT, demand);
      await violates('GRANT_REPAYMENT_ABOVE_DISBURSED', DEMAND_REPAYMENT, { ...demand, amount: 65_000_01 }, AS_BOB);
      const { demandId } = await ok<{ demandId: string }>(DEMAND_REPAYMENT, 'demandRepayment', demand, AS_BOB);
      expect(await refused('DOMAIN_RULE', CLOSE, { grantId }, AS_BOB)).toMatch(/repayment is open/);
      await violates('GRANT_REPAYMENT_ABOVE_OUTSTANDING', REPAYMENT_RECEIVED, { grantId, demandId, amount: 3_045_01, receivedOn: '2028-03-15' }, AS_BOB);
      await refused('NOT_FOUND', REPAYMENT_RECEIVED, { grantId, demandId: randomUUID(), amount: 1, receivedOn: '2028-03-15' }, AS_BOB);
      await ok(REPAYMENT_RECEIVED, 'recordRepaymentReceived', { grantId, demandId, amount: 3_000_00, receivedOn: '2028-03-15' }, AS_BOB);
      await ok(WRITE_OFF, 'writeOffRepayment', { grantId, demandId, reason: 'Below the collection threshold' }, AS_BOB);

      expect(await refused('FORBIDDEN', CLOSE, { grantId })).toMatch(/may not use/);
      const closed = await ok(CLOSE, 'closeGrant', { grantId }, AS_BOB);
      await refused('DOMAIN_RULE', DISBURSE, disburse(1, '2026-11-02'), AS_BOB);

      expect(await grant(grantId, closed.position)).toMatchObject({
        status: 'CLOSED',
        requestedAmount: 90_000_00,
        plan: { totalEligibleCost: 110_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        earlyStartPermittedFrom: '2026-02-01',
        approval: { version: 2, maximumAmount: 70_000_00, financingType: 'SHARE', referenceNumber: 'BIWAQ-2026-017' },
        approvalVersions: [
          { version: 1, decidedOn: '2026-03-15', reason: null, maximumAmount: 60_000_00, approvalPeriod: APPROVAL_PERIOD },
          { version: 2, decidedOn: '2026-10-01', reason: 'Second course', maximumAmount: 70_000_00, approvalPeriod: APPROVAL_PERIOD },
        ],
        approvedAmount: 70_000_00,
        disbursed: 65_000_00,
        remaining: 5_000_00,
        spent: 1_200_00,
        repaid: 3_000_00,
        writtenOff: 45_00,
        disbursements: [
          expect.objectContaining({ amount: 40_000_00, paidOn: '2026-05-02', neededBy: '2026-07-02' }),
          expect.objectContaining({ amount: 20_000_00 }),
          expect.objectContaining({ amount: 5_000_00 }),
        ],
        expenditures: [expect.objectContaining({ expenditureId: declared.expenditureId, amount: 1_200_00, receiptTotal: 1_500_00 })],
        proofs: [
          { kind: 'INTERIM', budgetYear: 2026, status: 'ACCEPTED', submissions: 2, submittedBy: ALICE.id, questions: ['Receipt 17 is missing'], acceptedBy: BOB.id, statementTotal: 30_000_00, receiptsCount: 42 },
          { kind: 'FINAL', budgetYear: null, status: 'ACCEPTED', submissions: 1, submittedBy: ALICE.id, questions: [], acceptedBy: BOB.id, statementTotal: 64_000_00, receiptsCount: 96 },
        ],
        repayments: [{ demandId, amount: 3_000_00, interest: 45_00, received: 3_000_00, writtenOff: 45_00, outstanding: 0 }],
      });

      // The list filters by district, programme and status.
      const closedHere = dataOf(
        await t.gql<{ grants: { edges: { node: GrantView }[] } }>(GRANTS, { districtId, programmeId: PROGRAMME_ID, status: 'CLOSED', first: 50 }, AS_ALICE),
      );
      expect(closedHere.grants.edges.map((e) => e.node.id)).toContain(grantId);
      const submittedOnly = dataOf(await t.gql<{ grants: { edges: { node: GrantView }[] } }>(GRANTS, { status: 'SUBMITTED', first: 50 }, AS_ALICE));
      expect(submittedOnly.grants.edges.map((e) => e.node.id)).not.toContain(grantId);
      expect(codesOf(await t.gql(GRANTS, { status: 'NOPE' }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await t.gql(GRANTS, { districtId: 'not-a-uuid' }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await t.gql(GRANTS, { first: 201 }, AS_ALICE))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await t.gql(GRANT, { id: randomUUID() }, AS_ALICE))).toEqual(['NOT_FOUND']);
      expect(codesOf(await t.gql(GRANT, { id: grantId }, { authorization: 'Bearer not-a-configured-token-0000' }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    });

    it('withdraws, rejects and revokes, each by the right person at the right time', async () => {
      const { grantId: toWithdraw } = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application());
      const withdrawn = await ok(WITHDRAW, 'withdrawGrantApplication', { grantId: toWithdraw, reason: 'Sponsor withdrew' });
      expect(await grant(toWithdraw, withdrawn.position)).toMatchObject({ status: 'WITHDRAWN', statusReason: 'Sponsor withdrew' });
      await refused('DOMAIN_RULE', APPROVE, notice(toWithdraw), AS_BOB);

      const { grantId: toReject } = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application());
      const rejection = { grantId: toReject, reason: 'Programme funds exhausted', rejectedOn: '2026-03-01' };
      expect(await refused('FORBIDDEN', REJECT, rejection)).toMatch(/may not use/);
      const rejected = await ok(REJECT, 'rejectGrantApplication', rejection, AS_BOB);
      // Four-eyes binds the funder's side too: an application a funding officer recorded is decided by someone else.
      const { grantId: recordedByBob } = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application(), AS_BOB);
      await violates('GRANT_FOUR_EYES', REJECT, { ...rejection, grantId: recordedByBob }, AS_BOB);
      expect(await grant(toReject, rejected.position)).toMatchObject({ status: 'REJECTED' });
      await refused('DOMAIN_RULE', PERMIT_EARLY_START, { grantId: toReject, permittedFrom: '2026-02-01' }, AS_BOB);

      const toRevoke = await approvedGrant();
      await ok(DISBURSE, 'disburseGrantFunds', { grantId: toRevoke, amount: 10_000_00, paidOn: '2026-05-02', neededBy: '2026-05-02' }, AS_BOB);
      const revocation = { grantId: toRevoke, reason: 'Purpose not achieved', revokedOn: '2026-06-01' };
      expect(await refused('FORBIDDEN', REVOKE, revocation)).toMatch(/may not use/);
      await ok(REVOKE, 'revokeGrant', revocation, AS_BOB);
      expect(await refused('DOMAIN_RULE', DISBURSE, { grantId: toRevoke, amount: 1, paidOn: '2026-06-02', neededBy: '2026-06-02' }, AS_BOB)).toMatch(
        /revoked/,
      );
      const demanded = await ok(
        DEMAND_REPAYMENT,
        'demandRepayment',
        { grantId: toRevoke, amount: 10_000_00, interest: 0, reason: 'Revoked', legalBasis: '§ 49a VwVfG', dueOn: '2026-07-31' },
        AS_BOB,
      );
      expect(await grant(toRevoke, demanded.position)).toMatchObject({
        status: 'REVOKED',
        statusReason: 'Purpose not achieved',
        repayments: [{ amount: 10_000_00, outstanding: 10_000_00 }],
      });

      await refused('NOT_FOUND', WITHDRAW, { grantId: randomUUID(), reason: 'nothing there' });
      await refused('BAD_USER_INPUT', WITHDRAW, { grantId: 'grant-1', reason: 'not a uuid' });
      await refused('BAD_USER_INPUT', WITHDRAW, { grantId: toReject, reason: '' });
    });
  });

  describe('receipt reservation (no double funding)', () => {
    it('a command id reused for another grant is no repeat: the receipt cannot be declared twice that way', async () => {
      const [first, second] = await Promise.all([approvedGrant(), approvedGrant()]);
      const commandId = randomUUID();
      const receipt = expenditure(first, { amount: 500_00, receiptTotal: 500_00 });
      await ok(RECORD_EXPENDITURE, 'recordExpenditure', receipt, AS_ALICE, { commandId });
      const again = await t.gql(RECORD_EXPENDITURE, { input: { ...receipt, grantId: second }, options: { commandId } }, AS_ALICE);
      expect(codesOf(again)).toEqual(['DOMAIN_RULE']);
      const recorded = (await streamEvents(`grant-${second}`)).filter((e) => e.type === 'ExpenditureRecorded');
      expect(recorded).toHaveLength(0);
    });

    it('never declares a receipt beyond its total under 20 concurrent declarations across grants', async () => {
      const grantIds = await Promise.all(Array.from({ length: 4 }, () => approvedGrant()));
      const receiptReference = `RE-CONCURRENT-${randomUUID()}`;
      const declare = (i: number) =>
        t.gql<{ recordExpenditure: CommandResult & { expenditureId: string } }>(
          RECORD_EXPENDITURE,
          {
            input: expenditure(grantIds[i % grantIds.length], {
              receiptReference,
              amount: 30_00,
              receiptTotal: 100_00,
              receiptFileHash: fileHash('shared'),
            }),
          },
          AS_ALICE,
        );
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => declare(i)));

      const accepted = responses.filter((r) => !r.body.errors?.length);
      const refusals = responses.flatMap((r) => codesOf(r));
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      expect(accepted.length * 30_00).toBeLessThanOrEqual(100_00);
      expect(accepted.length + refusals.length).toBe(20);
      for (const code of refusals) expect(['DOMAIN_RULE', 'CONFLICT']).toContain(code);

      // The receipt stream and the grants agree: what stands reserved is exactly what the grants recorded.
      const receiptEvents = await streamEvents(`receipt-${fileHash('shared')}`);
      const reserved = receiptEvents.reduce(
        (sum, e) => sum + (e.type === 'ReceiptShareReserved' ? 1 : e.type === 'ReceiptShareReleased' ? -1 : 0) * Number(e.data.amount),
        0,
      );
      const grantEvents = (await Promise.all(grantIds.map((id) => streamEvents(`grant-${id}`)))).flat();
      const recorded = grantEvents.filter((e) => e.type === 'ExpenditureRecorded' && e.data.receiptReference === receiptReference);
      expect(recorded).toHaveLength(accepted.length);
      expect(reserved).toBe(accepted.length * 30_00);
      expect(reserved).toBeLessThanOrEqual(100_00);
      let running = 0;
      for (const e of receiptEvents) {
        running += (e.type === 'ReceiptShareReserved' ? 1 : -1) * Number(e.data.amount);
        expect(running).toBeLessThanOrEqual(100_00);
      }
    });

    it('releases the reservation when the grant refuses after it was made (compensation)', async () => {
      const grantId = await approvedGrant();
      const otherGrantId = await approvedGrant();
      const store = t.app.get<EventStore>(EVENT_STORE);
      const dispatch = t.app.get(CommandDispatch);
      const append = store.append.bind(store);
      // Between the reservation and the grant's append, Bob revokes the grant: the append meets a newer version,
      // the pipeline re-decides against the revoked grant, and the handler must release the share.
      let revokedInBetween = false;
      const spy = jest.spyOn(store, 'append').mockImplementation(async (streamId, events, expected) => {
        if (!revokedInBetween && streamId === `grant-${grantId}` && events.some((e) => e.type === 'ExpenditureRecorded')) {
          revokedInBetween = true;
          const revokeId = randomUUID();
          const context: CommandContext = {
            commandId: revokeId,
            actor: { id: BOB.id, role: BOB.role, districts: null },
            now: new Date(),
            correlationId: revokeId,
            causationId: revokeId,
          };
          await dispatch.decide(grantsDecider, grantId, {
            type: 'RevokeGrant',
            data: { grantId, reason: 'Sponsor insolvent', revokedOn: '2026-06-01' },
            context,
          });
        }
        return append(streamId, events, expected);
      });
      const receipt = expenditure(grantId, { amount: 400_00, receiptTotal: 500_00 });
      const commandId = randomUUID();
      try {
        const response = await t.gql(RECORD_EXPENDITURE, { input: receipt, options: { commandId } }, AS_ALICE);
        expect(codesOf(response)).toEqual(['DOMAIN_RULE']);
        expect(response.body.errors![0].message).toMatch(/revoked/);
      } finally {
        spy.mockRestore();
      }
      expect(revokedInBetween).toBe(true);

      const receiptEvents = await streamEvents(`receipt-${receipt.receiptFileHash}`);
      const expenditureId = String(receiptEvents[0]?.data.expenditureId);
      expect(receiptEvents.map((e) => [e.type, e.data.amount, e.metadata.commandId, e.metadata.causationId])).toEqual([
        ['ReceiptShareReserved', 400_00, deterministicUuid(commandId, 'reserve', grantId, expenditureId), commandId],
        ['ReceiptShareReleased', 400_00, deterministicUuid(commandId, 'release', grantId, expenditureId), commandId],
      ]);
      expect((await streamEvents(`grant-${grantId}`)).map((e) => e.type)).not.toContain('ExpenditureRecorded');

      // Replaying the command is refused (the grant is revoked) and reserves nothing; the freed total is usable elsewhere.
      const replay = await t.gql(RECORD_EXPENDITURE, { input: receipt, options: { commandId } }, AS_ALICE);
      expect(codesOf(replay)).toEqual(['DOMAIN_RULE']);
      expect(await streamEvents(`receipt-${receipt.receiptFileHash}`)).toHaveLength(2);
      await ok(RECORD_EXPENDITURE, 'recordExpenditure', { ...receipt, grantId: otherGrantId, amount: 500_00 });
      await violates('RECEIPT_ABOVE_TOTAL', RECORD_EXPENDITURE, { ...receipt, grantId: otherGrantId, amount: 1 });
    });
  });
});
