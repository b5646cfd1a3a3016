import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dataOf, type GqlResponse, type GraphQLErrorShape, startApp, type TestApp } from '../support/app';
import { credentialsFor, type TestUser } from '../support/auth';
import { wsClient } from '../support/ws';

/**
 * What a client relies on over GraphQL/HTTP and graphql-ws: an edit made from a stale screen
 * (`options.expectedVersion` older than the record) answers CONFLICT with the current version and records nothing,
 * and every business-rule refusal names its stable rule code in `extensions.rule`.
 */

jest.setTimeout(60_000);

const ALICE: TestUser = { id: 'alice', role: 'district_manager' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const CAROL: TestUser = { id: 'carol', role: 'funding_officer' };
const AS: Record<string, Record<string, string>> = {};

const PAYLOAD = 'commandId streamId streamVersion position eventCount repeated';
const mutation = (name: string, inputType: string, extra = '') => `
  mutation($input: ${inputType}!, $options: CommandOptionsInput) {
    ${name}(input: $input, options: $options) { ${PAYLOAD} ${extra} }
  }`;
const REGISTER = mutation('registerDistrict', 'RegisterDistrictInput', 'districtId');
const UPDATE_PROFILE = mutation('updateDistrictProfile', 'UpdateDistrictProfileInput');
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput', 'measureId');
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', 'grantId');
const APPROVE = mutation('approveGrant', 'ApproveGrantInput');
const REJECT = mutation('rejectGrantApplication', 'RejectGrantApplicationInput');
const DISBURSE = mutation('disburseGrantFunds', 'DisburseGrantFundsInput');
const RECORD_EXPENDITURE = mutation('recordExpenditure', 'RecordExpenditureInput');
const APPROVE_MEASURE = mutation('approveMeasure', 'ApproveMeasureInput');
const START_MEASURE = mutation('startMeasure', 'StartMeasureInput');
const DISTRICT = 'query($id: ID!, $wait: String) { district(id: $id, waitForPosition: $wait) { id name version } }';
const GRANT = 'query($id: ID!, $wait: String) { grant(id: $id, waitForPosition: $wait) { id disbursed version } }';

interface Payload {
  commandId: string;
  streamId: string;
  streamVersion: number;
  position: string | null;
  eventCount: number;
  repeated: boolean;
}

const errorsOf = (response: GqlResponse<unknown>): GraphQLErrorShape[] => response.body.errors ?? [];

describe('stale edits and rule codes over GraphQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    for (const user of [ALICE, BOB, CAROL]) AS[user.id] = await credentialsFor(user);
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  function eventCount(): number {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  async function run(
    query: string,
    input: Record<string, unknown>,
    options: Record<string, unknown> = {},
    as: TestUser = ALICE,
  ): Promise<GqlResponse<Record<string, Payload>>> {
    return t.gql<Record<string, Payload>>(query, { input, options }, AS[as.id]);
  }

  async function ok<T = object>(
    query: string,
    name: string,
    input: Record<string, unknown>,
    options: Record<string, unknown> = {},
    as: TestUser = ALICE,
  ): Promise<Payload & T> {
    return dataOf(await run(query, input, options, as))[name] as Payload & T;
  }

  /** A mutation that must be refused with `code`; the store must be unchanged. Returns the one error. */
  async function refused(
    code: string,
    query: string,
    input: Record<string, unknown>,
    options: Record<string, unknown> = {},
    as: TestUser = ALICE,
  ): Promise<GraphQLErrorShape> {
    const before = eventCount();
    const response = await run(query, input, options, as);
    expect(errorsOf(response).map((e) => e.extensions?.code)).toEqual([code]);
    expect(eventCount()).toBe(before);
    return errorsOf(response)[0];
  }

  const district = (name = 'Halle-Neustadt') => ({
    name,
    municipality: 'Halle (Saale)',
    municipalityKey: '15002000',
    programmes: ['Sozialer Zusammenhalt'],
    designation: { number: 'VII/2019/01234', date: '2019-06-26' },
  });

  async function readDistrict(id: string, wait: string | null): Promise<{ name: string; version: number }> {
    return dataOf(await t.gql<{ district: { name: string; version: number } }>(DISTRICT, { id, wait }, AS.alice)).district;
  }

  describe('expectedVersion', () => {
    it('applies an edit made at the version the client read; a second edit from the same stale screen answers CONFLICT', async () => {
      const registered = await ok<{ districtId: string }>(REGISTER, 'registerDistrict', district());
      const { districtId } = registered;
      const renamed = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, name: 'Neustadt' });

      // Two clients show the district at the same version N.
      const screenA = await readDistrict(districtId, renamed.position);
      const screenB = await readDistrict(districtId, renamed.position);
      expect(screenA.version).toBe(renamed.streamVersion);
      expect(screenB.version).toBe(screenA.version);
      const seen = screenA.version;

      const applied = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, name: 'Halle-Neustadt' }, { expectedVersion: seen });
      expect(applied).toMatchObject({ eventCount: 1, streamVersion: seen + 1 });

      const stale = await refused('CONFLICT', UPDATE_PROFILE, { districtId, areaHectares: 940 }, { expectedVersion: seen });
      expect(stale.extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: seen, currentVersion: seen + 1 });
      expect((await readDistrict(districtId, applied.position)).version).toBe(seen + 1);

      // Sent again with the version it now shows, the edit applies; without expectedVersion nothing is compared.
      const retried = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, areaHectares: 940 }, { expectedVersion: seen + 1 });
      expect(retried.streamVersion).toBe(seen + 2);
      const unguarded = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, areaHectares: 941 });
      expect(unguarded).toMatchObject({ eventCount: 1, streamVersion: seen + 3 });
    });

    it('takes -1 for a record that does not exist yet, and refuses it once the record exists', async () => {
      const districtId = randomUUID();
      const created = await ok(REGISTER, 'registerDistrict', { ...district('Magdeburg'), districtId }, { expectedVersion: -1 });
      expect(created.streamVersion).toBe(0);
      const again = await refused('CONFLICT', REGISTER, { ...district('Magdeburg'), districtId }, { expectedVersion: -1 });
      expect(again.extensions).toMatchObject({ expectedVersion: -1, currentVersion: 0 });
      await refused('BAD_USER_INPUT', UPDATE_PROFILE, { districtId, name: 'x' }, { expectedVersion: -2 });
    });

    it('answers a repeated command id with its first outcome, even when the record has moved on since', async () => {
      const { districtId, streamVersion } = await ok<{ districtId: string }>(REGISTER, 'registerDistrict', district('Repeat'));
      const commandId = randomUUID();
      const first = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, name: 'Repeat 2' }, { commandId, expectedVersion: streamVersion });
      await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, name: 'Repeat 3' });
      const before = eventCount();
      const repeated = await ok(UPDATE_PROFILE, 'updateDistrictProfile', { districtId, name: 'Repeat 2' }, { commandId, expectedVersion: streamVersion });
      expect(repeated).toMatchObject({ repeated: true, position: first.position });
      expect(eventCount()).toBe(before);
    });

    describe('on a grant', () => {
      let grantId: string;
      let measureId: string;
      let districtId: string;

      beforeAll(async () => {
        districtId = (await ok<{ districtId: string }>(REGISTER, 'registerDistrict', district('Grant district'))).districtId;
        measureId = (
          await ok<{ measureId: string }>(PLAN_MEASURE, 'planMeasure', {
            code: 'EV-001',
            title: 'Qualification workshop',
            districtId,
            actionFieldIds: ['employment-local-economy'],
            sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
            location: 'Stadtteilzentrum',
            plannedStartDate: '2026-04-01',
            plannedEndDate: '2027-12-31',
            resources: [],
            targetGroups: ['long-term unemployed'],
          })
        ).measureId;
        await ok(
          ADD_PROGRAMME,
          'addFundingProgramme',
          {
            programmeId: 'biwaq',
            name: 'BIWAQ',
            level: 'FEDERAL',
            fund: 'ESF Plus',
            legalBasis: 'Förderrichtlinie BIWAQ',
            generalConditions: 'ANBest-P',
            retentionYears: 10,
          },
          {},
          BOB,
        );
        // Only the grant stream is compared: linking the grant to its measure (another stream) is not refused.
        const submitted = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application(), { expectedVersion: -1 });
        grantId = submitted.grantId;
        await ok(APPROVE, 'approveGrant', approval(grantId), { expectedVersion: submitted.streamVersion }, BOB);
      });

      const application = () => ({
        programmeId: 'biwaq',
        districtId,
        measureIds: [measureId],
        requestedAmount: 80_000_00,
        plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
        period: { from: '2026-01-01', to: '2027-12-31' },
        earlyStartRequested: false,
      });

      const approval = (id: string) => ({
        grantId: id,
        referenceNumber: 'BIWAQ-2026-017',
        authority: 'Bundesverwaltungsamt',
        approvedOn: '2026-03-15',
        purpose: 'Qualification of long-term unemployed residents',
        financingType: 'SHARE',
        maximumAmount: 60_000_00,
        eligibleExpenditure: 100_000_00,
        approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
        reportDeadlines: [{ kind: 'FINAL', dueOn: '2028-06-30' }],
      });

      const disbursement = (amount: number) => ({ grantId, amount, paidOn: '2026-05-02', neededBy: '2026-05-02' });

      it('lets one of two officers who saw version N disburse; the other gets CONFLICT with N+1 and nothing is recorded', async () => {
        const GRANT_AT = async (wait: string | null) =>
          dataOf(await t.gql<{ grant: { disbursed: number; version: number } }>(GRANT, { id: grantId, wait }, AS.bob)).grant;
        const seenByBob = await GRANT_AT(null);
        const seenByCarol = await GRANT_AT(null);
        const n = seenByBob.version;
        expect(seenByCarol.version).toBe(n);

        const paid = await ok(DISBURSE, 'disburseGrantFunds', disbursement(10_000_00), { expectedVersion: n }, BOB);
        expect(paid.streamVersion).toBe(n + 1);
        const stale = await refused('CONFLICT', DISBURSE, disbursement(10_000_00), { expectedVersion: n }, CAROL);
        expect(stale.extensions).toMatchObject({ expectedVersion: n, currentVersion: n + 1, streamId: `grant-${grantId}` });
        expect(await GRANT_AT(paid.position)).toMatchObject({ disbursed: 10_000_00, version: n + 1 });
      });

      it('compares an expenditure with the grant before its receipt is reserved (no event on any stream)', async () => {
        const { version } = dataOf(await t.gql<{ grant: { version: number } }>(GRANT, { id: grantId }, AS.alice)).grant;
        const receiptReference = `RE-${randomUUID()}`;
        const expenditure = {
          grantId,
          date: '2026-05-10',
          payee: 'Druckerei am Markt GmbH',
          purpose: 'Flyers for the course',
          amount: 300_00,
          budgetLine: '3.2 Öffentlichkeitsarbeit',
          receiptReference,
          receiptFileHash: createHash('sha256').update(receiptReference).digest('hex'),
          receiptTotal: 500_00,
        };
        const stale = await refused('CONFLICT', RECORD_EXPENDITURE, expenditure, { expectedVersion: version - 1 });
        expect(stale.extensions).toMatchObject({ currentVersion: version });
        const recorded = await ok(RECORD_EXPENDITURE, 'recordExpenditure', expenditure, { expectedVersion: version });
        expect(recorded.streamVersion).toBe(version + 1);
      });

      it('names the rule a refusal broke in extensions.rule', async () => {
        const aboveApproved = await refused('DOMAIN_RULE', DISBURSE, disbursement(60_000_01), {}, BOB);
        expect(aboveApproved.extensions).toMatchObject({ rule: 'GRANT_DISBURSEMENT_ABOVE_APPROVED', maximumAmount: 60_000_00 });
        // Bob may record applications too, but never decide on his own.
        const { grantId: bobsGrant } = await ok<{ grantId: string }>(SUBMIT, 'submitGrantApplication', application(), {}, BOB);
        const byApplicant = await refused('DOMAIN_RULE', APPROVE, approval(bobsGrant), {}, BOB);
        expect(byApplicant.extensions?.rule).toBe('GRANT_FOUR_EYES');
        const rejection = { grantId: bobsGrant, reason: 'Recorded twice', rejectedOn: '2026-03-16' };
        await ok(REJECT, 'rejectGrantApplication', rejection, {}, CAROL);
      });

      // Last: once started, the measure can no longer be funded by a new application.
      it('compares a measure start with the measure before any linked grant confirms it', async () => {
        const approved = await ok(APPROVE_MEASURE, 'approveMeasure', { measureId, approvedOn: '2026-03-20' }, {}, BOB);
        const start = { measureId, actualStartDate: '2026-05-04' };
        const stale = await refused('CONFLICT', START_MEASURE, start, { expectedVersion: approved.streamVersion - 1 });
        expect(stale.extensions).toMatchObject({ streamId: `measure-${measureId}`, currentVersion: approved.streamVersion });
        const started = await ok(START_MEASURE, 'startMeasure', start, { expectedVersion: approved.streamVersion });
        expect(started.streamVersion).toBe(approved.streamVersion + 1);
      });
    });
  });

  it('names the rule over graphql-ws as well', async () => {
    const { districtId } = await ok<{ districtId: string }>(REGISTER, 'registerDistrict', district('Over the socket'));
    const ws = wsClient(t.url);
    try {
      const result = await ws.run(REGISTER, { input: { ...district('Over the socket'), districtId } });
      expect(result.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'DOMAIN_RULE', rule: 'DISTRICT_EXISTS' }),
      ]);
    } finally {
      await ws.close();
    }
  });
});
