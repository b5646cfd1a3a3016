import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';
import { authHeaders, bearer, type TestUser } from '../support/auth';
import { countEvents } from '../support/events';

/**
 * Four-eyes through API keys, over GraphQL: an administrator who applied for a grant issues themself a
 * funding_officer key and tries to approve with it (also through a key issued with a key, with a second token of
 * the same subject, another spelling of it, or a subject or development identity spelled like the key). Each is
 * refused and records nothing; someone else approves. The audit trail and the event envelope show key and person.
 */

jest.setTimeout(60_000);

const ANNA: TestUser = { id: 'anna', role: 'admin' };
const BOB: TestUser = { id: 'bob', role: 'funding_officer' };
const AS_ANNA: Record<string, string> = {};
const AS_BOB: Record<string, string> = {};

const RESULT = 'commandId streamId position eventCount';
const mutation = (name: string, input: string, payload = RESULT) => `
  mutation Run($input: ${input}!) { ${name}(input: $input) { ${payload} } }`;
const REGISTER_DISTRICT = mutation('registerDistrict', 'RegisterDistrictInput', `${RESULT} districtId`);
const PLAN_MEASURE = mutation('planMeasure', 'PlanMeasureInput', `${RESULT} measureId`);
const ADD_PROGRAMME = mutation('addFundingProgramme', 'AddFundingProgrammeInput');
const SUBMIT = mutation('submitGrantApplication', 'SubmitGrantApplicationInput', `${RESULT} grantId`);
const APPROVE = mutation('approveGrant', 'ApproveGrantInput');
const ISSUE_KEY = mutation('issueApiKey', 'IssueApiKeyInput', `${RESULT} keyId apiKey`);
const ME = '{ me { id personId role authenticatedBy } }';
const AUDIT = `query ($filter: AuditTrailFilterInput, $wait: String) {
  auditTrail(filter: $filter, first: 100, waitForPosition: $wait) {
    edges { node { eventType entityId actorId actorRole personId actorName personName } }
  }
}`;
const STREAM = `query ($streamId: String!) { streamEvents(streamId: $streamId) { type metadata { actorId onBehalfOf } } }`;
const RECORD_PROFILE = `mutation ($input: RecordUserProfileInput!) { recordUserProfile(input: $input) { userId } }`;

interface Payload {
  position: string;
  eventCount: number;
  [field: string]: unknown;
}
interface AuditNode {
  eventType: string;
  entityId: string;
  actorId: string;
  actorRole: string;
  personId: string | null;
  actorName: string | null;
  personName: string | null;
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);
const withKey = (key: string) => ({ authorization: `Bearer ${key}` });

describe('four-eyes through an API key', () => {
  let t: TestApp;
  let store: EventStore;
  let grantId: string;

  beforeAll(async () => {
    t = await startApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    Object.assign(AS_ANNA, await bearer(ANNA));
    Object.assign(AS_BOB, await bearer(BOB));
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  async function ok(query: string, name: string, input: Record<string, unknown>, headers: Record<string, string>): Promise<Payload> {
    return dataOf(await t.gql<Record<string, Payload>>(query, { input }, headers))[name];
  }

  /** A command that must be refused with `code`, leaving the event log as it was; returns the message. */
  async function refused(code: string, query: string, input: Record<string, unknown>, headers: Record<string, string>): Promise<string> {
    const before = await countEvents(store);
    const response = await t.gql(query, { input }, headers);
    expect(codesOf(response)).toEqual([code]);
    expect(await countEvents(store)).toBe(before);
    return response.body.errors![0].message;
  }

  const approval = () => ({
    grantId,
    referenceNumber: 'BIWAQ-2026-017',
    authority: 'Bundesverwaltungsamt',
    approvedOn: '2026-03-15',
    purpose: 'Qualification of long-term unemployed residents',
    financingType: 'SHARE',
    maximumAmount: 60_000_00,
    eligibleExpenditure: 100_000_00,
    approvalPeriod: { from: '2026-04-01', to: '2027-12-31' },
    reportDeadlines: [],
  });

  it('refuses the applicant’s own key, a key issued with it, a second token and another spelling; someone else approves', async () => {
    // Anna, an administrator, sets the scene and applies for the grant with her own token.
    const { districtId } = await ok(REGISTER_DISTRICT, 'registerDistrict', {
      name: 'Halle-Neustadt',
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: 'VII/2019/01234', date: '2019-06-26' },
    }, AS_ANNA);
    const { measureId } = await ok(PLAN_MEASURE, 'planMeasure', {
      code: 'HN-4E-001',
      title: 'Qualification workshop',
      districtId,
      actionFieldIds: ['employment-local-economy'],
      sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
      location: 'Stadtteilzentrum',
      plannedStartDate: '2026-04-01',
      plannedEndDate: '2027-12-31',
      resources: [],
      targetGroups: ['long-term unemployed'],
    }, AS_ANNA);
    await ok(ADD_PROGRAMME, 'addFundingProgramme', {
      programmeId: 'biwaq',
      name: 'BIWAQ',
      level: 'FEDERAL',
      fund: 'ESF Plus',
      legalBasis: 'Förderrichtlinie BIWAQ V',
      generalConditions: 'ANBest-P 2019',
      retentionYears: 10,
    }, AS_ANNA);
    grantId = (await ok(SUBMIT, 'submitGrantApplication', {
      programmeId: 'biwaq',
      districtId,
      measureIds: [measureId],
      requestedAmount: 80_000_00,
      plan: { totalEligibleCost: 100_000_00, ownShare: 10_000_00, thirdPartyFunds: 10_000_00 },
      period: { from: '2026-01-01', to: '2027-12-31' },
      earlyStartRequested: false,
    }, AS_ANNA)).grantId as string;

    // The attack: a funding_officer key for herself acts as apikey-<id>, but for Anna.
    const officerKey = (await ok(ISSUE_KEY, 'issueApiKey', { name: 'Anna als Bewilligerin', role: 'funding_officer' }, AS_ANNA)).apiKey as string;
    expect(await refused('DOMAIN_RULE', APPROVE, approval(), withKey(officerKey))).toMatch(/someone other than the applicant \(four-eyes/);
    expect(dataOf(await t.gql(ME, {}, withKey(officerKey)))).toMatchObject({
      me: { personId: 'anna', role: 'funding_officer', authenticatedBy: 'api-key' },
    });

    // A chain: an admin key issues the funding_officer key; it still acts for Anna.
    const adminKey = (await ok(ISSUE_KEY, 'issueApiKey', { name: 'Anna Skripte', role: 'admin' }, AS_ANNA)).apiKey as string;
    const chained = await ok(ISSUE_KEY, 'issueApiKey', { name: 'Anna über Schlüssel', role: 'funding_officer' }, withKey(adminKey));
    expect(await refused('DOMAIN_RULE', APPROVE, approval(), withKey(chained.apiKey as string))).toMatch(/four-eyes/);

    // A second token with another role and the same subject, or the subject in capitals: the same person.
    expect(await refused('DOMAIN_RULE', APPROVE, approval(), await bearer({ id: 'anna', role: 'funding_officer' }))).toMatch(/four-eyes/);
    expect(await refused('DOMAIN_RULE', APPROVE, approval(), await bearer({ id: 'ANNA', role: 'funding_officer' }))).toMatch(/four-eyes/);

    // A token subject or development identity spelled like the key would pass for someone else: refused outright.
    const keyActorId = `apikey-${chained.keyId as string}`;
    const masquerade = [await bearer({ id: keyActorId, role: 'funding_officer' }), authHeaders({ id: keyActorId, role: 'funding_officer' })];
    for (const headers of masquerade) {
      expect(await refused('UNAUTHENTICATED', APPROVE, approval(), headers)).toMatch(/keeps for its own principals/);
    }
    expect(codesOf(await t.gql(ME, {}, await bearer({ id: 'system', role: 'admin' })))).toEqual(['UNAUTHENTICATED']);

    // Bob is someone else.
    const approved = await ok(APPROVE, 'approveGrant', approval(), AS_BOB);
    expect(approved.eventCount).toBe(1);
  });

  it('shows the key and the person it acts for in the envelope, the audit trail and the user directory names', async () => {
    dataOf(await t.gql(RECORD_PROFILE, { input: { userId: 'anna', displayName: 'Anna Admin' } }, AS_ANNA));
    const issues = dataOf(await t.gql<{ auditTrail: { edges: { node: AuditNode }[] } }>(
      AUDIT,
      { filter: { eventTypes: ['ApiKeyIssued'] }, wait: await store.headPosition() },
      AS_ANNA,
    )).auditTrail.edges.map((e) => e.node);
    expect(issues).toHaveLength(3);
    const byKey = issues[2];
    expect(byKey).toMatchObject({ actorId: expect.stringMatching(/^apikey-/), actorRole: 'admin', personId: 'anna', actorName: null, personName: 'Anna Admin' });
    expect(issues.slice(0, 2).map((n) => [n.actorId, n.personId])).toEqual([['anna', 'anna'], ['anna', 'anna']]);

    // Everything Anna did, directly or through her keys.
    const annas = dataOf(await t.gql<{ auditTrail: { edges: { node: AuditNode }[] } }>(AUDIT, { filter: { personId: 'anna' } }, AS_ANNA))
      .auditTrail.edges.map((e) => e.node);
    expect(annas.map((n) => n.eventType)).toContain('GrantApplicationSubmitted');
    expect(annas.filter((n) => n.actorId.startsWith('apikey-'))).toHaveLength(1);
    expect(annas.map((n) => n.eventType)).not.toContain('GrantApproved');

    const [issuedByKey] = dataOf(await t.gql<{ streamEvents: { metadata: { actorId: string; onBehalfOf: string | null } }[] }>(
      STREAM,
      { streamId: `apikey-${byKey.entityId}` },
      AS_ANNA,
    )).streamEvents;
    expect(issuedByKey.metadata).toEqual({ actorId: byKey.actorId, onBehalfOf: 'anna' });
  });
});
