import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandBus } from '@nestjs/cqrs';
import { IssueApiKeyCommand } from '../../src/api-keys/application/issue-api-key.handler';
import type { ScopedActor, CommandContext } from '../../src/core/decider';
import { type OutcomeWithSecret, RegisterWebhookCommand } from '../../src/integration/webhooks/application/webhook-checks.handler';
import { WebhookSecrets } from '../../src/integration/webhooks/application/webhook-secrets';
import { tableName } from '../../src/read-store/sqlite/sqlite-collections';
import { dataOf, newDataDir, startApp, type TestApp } from '../support/app';
import { waitFor } from '../support/wait';
import { type Received, startReceiver, verifySignature } from '../support/webhook-receiver';

/**
 * Webhooks end to end: a real HTTP receiver in the test verifies every signature with its own HMAC, fails some
 * deliveries on purpose (500s, timeouts), and still ends with every event exactly once by webhook-id, in store
 * order; 410 disables the endpoint with a visible reason; filters hold; redelivery from a cursor; private addresses
 * are refused without the allow flag; a restart in the middle loses nothing.
 */

jest.setTimeout(60_000);

const FAST_DELIVERY = {
  DEV_ACTOR: 'dev-admin:admin',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_MS: '10',
  WEBHOOK_RETRY_MAX_MS: '40',
  WEBHOOK_TIMEOUT_MS: '300',
  WEBHOOK_POLL_INTERVAL_MS: '20',
};

const PAYLOAD = 'commandId streamId streamVersion position eventCount repeated';
const REGISTER = `
  mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhookId secret ${PAYLOAD} } }`;
const REDELIVER = `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { ${PAYLOAD} } }`;
const ENABLE = `mutation($input: WebhookIdInput!) { enableWebhook(input: $input) { ${PAYLOAD} } }`;
const DISABLE = `mutation($input: WebhookIdInput!, $options: CommandOptionsInput) {
  disableWebhook(input: $input, options: $options) { ${PAYLOAD} } }`;
const REMOVE = `mutation($input: WebhookIdInput!) { removeWebhook(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { ${PAYLOAD} } }`;
const ROTATE = `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret ${PAYLOAD} } }`;
const WEBHOOK = `
  query($id: ID!, $wait: String) {
    webhook(id: $id, waitForPosition: $wait) {
      id ownerId url status filter { types categories districtId } secretRotatedAt previousSecretValidUntil
      disabled { cause reason at lastFailure { eventId cursor statusCode error attempts failingSince } }
      delivery { cursor consecutiveFailures nextAttemptAt lastFailure { statusCode error } }
    }
  }`;
const WEBHOOKS = `query($wait: String) { webhooks(first: 50, waitForPosition: $wait) { edges { node { id ownerId } } } }`;
const DELIVERIES = `
  query($id: ID!, $first: Int, $after: String) {
    webhookDeliveries(webhookId: $id, first: $first, after: $after) {
      edges { node { attemptedAt eventId eventType cursor attempt outcome statusCode error durationMs } }
      pageInfo { endCursor hasNextPage }
    }
  }`;
const REGISTER_DISTRICT = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId ${PAYLOAD} } }`;
const UPDATE_DISTRICT = `
  mutation($input: UpdateDistrictProfileInput!) { updateDistrictProfile(input: $input) { ${PAYLOAD} } }`;
const ADD_PROGRAMME = `
  mutation($input: AddFundingProgrammeInput!) { addFundingProgramme(input: $input) { ${PAYLOAD} } }`;
const ISSUE_KEY = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { keyId apiKey position } }`;
const REVOKE_KEY = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { position } }`;
const AUDIT_TRAIL = `
  query($filter: AuditTrailFilterInput, $wait: String) {
    auditTrail(filter: $filter, first: 50, waitForPosition: $wait) {
      edges { node { eventType entityType entityId districtId actorId summary } }
    }
  }`;

interface Payload {
  position: string | null;
  eventCount: number;
}
interface WebhookView {
  id: string;
  ownerId: string;
  url: string;
  status: 'ACTIVE' | 'DISABLED';
  filter: { types: string[] | null; categories: string[] | null; districtId: string | null };
  secretRotatedAt: string | null;
  previousSecretValidUntil: string | null;
  disabled: {
    cause: string;
    reason: string;
    at: string;
    lastFailure: { eventId: string; cursor: string; statusCode: number | null; error: string | null; attempts: number } | null;
  } | null;
  delivery: { cursor: string | null; consecutiveFailures: number; nextAttemptAt: string | null } | null;
}
interface DeliveryView {
  eventId: string;
  eventType: string;
  cursor: string;
  attempt: number;
  outcome: 'DELIVERED' | 'FAILED';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Rows of a SQLite file of the app, read while it runs. */
function queryFile<T>(app: TestApp, file: 'events.db' | 'read-models.db' | 'state.db', sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(app.dataDir, file), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The secrets stored for an endpoint (they are stored encrypted: opened through the app's own key). */
const storedSecretsOf = (app: TestApp, webhookId: string) =>
  Promise.all(
    queryFile<{ id: string; doc: string }>(app, 'state.db', `SELECT id, doc FROM "${tableName('webhook_secrets')}"`)
      .filter((row) => (JSON.parse(row.doc) as { webhookId: string }).webhookId === webhookId)
      .map(async (row) => (await app.app.get(WebhookSecrets).get(row.id))!),
  );

/** First acknowledgement per webhook-id, in arrival order: what a de-duplicating receiver processes. */
const firstAcceptedIds = (deliveries: readonly Received[]) => [...new Set(deliveries.map((d) => d.webhookId))];

let counter = 0;
const districtInput = () => ({
  name: `Quartier ${++counter}`,
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: `V/2020/${counter}`, date: '2020-05-27' },
});

async function registerWebhook(app: TestApp, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const result = dataOf(await app.gql<{ registerWebhook: Payload & { webhookId: string; secret: string } }>(REGISTER, { input }, headers));
  return result.registerWebhook;
}

async function webhookOf(app: TestApp, id: string, wait?: string | null): Promise<WebhookView> {
  return dataOf(await app.gql<{ webhook: WebhookView }>(WEBHOOK, { id, wait })).webhook;
}

async function deliveriesOf(app: TestApp, id: string): Promise<DeliveryView[]> {
  const all: DeliveryView[] = [];
  let after: string | null = null;
  do {
    const page: { webhookDeliveries: { edges: { node: DeliveryView }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } =
      dataOf(await app.gql(DELIVERIES, { id, first: 200, after }));
    all.push(...page.webhookDeliveries.edges.map((e) => e.node));
    after = page.webhookDeliveries.pageInfo.hasNextPage ? page.webhookDeliveries.pageInfo.endCursor : null;
  } while (after);
  return all;
}

/** Records `count` district events; returns their positions in store order. */
async function recordDistrictEvents(app: TestApp, count: number): Promise<{ districtIds: string[]; positions: string[] }> {
  const districtIds: string[] = [];
  const positions: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0 || districtIds.length === 0) {
      const { registerDistrict } = dataOf(
        await app.gql<{ registerDistrict: Payload & { districtId: string } }>(REGISTER_DISTRICT, { input: districtInput() }),
      );
      districtIds.push(registerDistrict.districtId);
      positions.push(registerDistrict.position!);
    } else {
      const { updateDistrictProfile } = dataOf(
        await app.gql<{ updateDistrictProfile: Payload }>(UPDATE_DISTRICT, {
          input: { districtId: districtIds.at(-1), areaHectares: 100 + i },
        }),
      );
      positions.push(updateDistrictProfile.position!);
    }
  }
  return { districtIds, positions };
}

/** The event ids of the given positions, read back from the store through the API. */
async function eventIdsAt(app: TestApp, districtIds: string[], positions: string[]): Promise<string[]> {
  const byPosition = new Map<string, string>();
  for (const districtId of districtIds) {
    const { streamEvents } = dataOf(
      await app.gql<{ streamEvents: { eventId: string; position: string }[] }>(
        'query($s: String!) { streamEvents(streamId: $s) { eventId position } }',
        { s: `district-${districtId}` },
      ),
    );
    for (const e of streamEvents) byPosition.set(e.position, e.eventId);
  }
  return positions.map((p) => byPosition.get(p)!);
}

describe('webhooks', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: TestApp;

  afterEach(async () => {
    await app?.cleanup();
    await receiver?.close();
  });

  it('delivers every event exactly once by webhook-id, in store order, signed, through 500s and timeouts; a hanging endpoint holds up nobody else', async () => {
    // Every third event (in the order they first arrive) fails first with a 500, every fifth hangs past the timeout
    // once; /slow never answers.
    const ordinals = new Map<string, number>();
    receiver = await startReceiver((path, id, attempt) => {
      if (path === '/slow') return 'hang';
      if (!ordinals.has(id)) ordinals.set(id, ordinals.size + 1);
      const n = ordinals.get(id)!;
      if (attempt === 1 && n % 3 === 0) return 500;
      if (attempt <= 2 && n % 5 === 0) return 'hang';
      return 204;
    });
    app = await startApp(FAST_DELIVERY);

    const all = await registerWebhook(app, { url: receiver.url('/all'), description: 'everything' });
    receiver.trust('/all', all.secret);
    expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(all.secret.slice(6), 'base64')).toHaveLength(32);
    const slow = await registerWebhook(app, { url: receiver.url('/slow') });
    receiver.trust('/slow', slow.secret);
    const updates = await registerWebhook(app, {
      url: receiver.url('/updates'),
      filter: { types: ['stadtteil-ledger.DistrictProfileUpdated'] },
    });
    receiver.trust('/updates', updates.secret);
    await webhookOf(app, updates.webhookId, updates.position);

    const { districtIds, positions } = await recordDistrictEvents(app, 14);
    // A funding programme is not a district event: /all gets it, /updates does not.
    const programme = dataOf(
      await app.gql<{ addFundingProgramme: Payload }>(ADD_PROGRAMME, {
        input: { programmeId: 'esf-plus-biwaq', name: 'BIWAQ', level: 'FEDERAL', fund: 'ESF Plus', legalBasis: 'Förderrichtlinie BIWAQ', generalConditions: 'ANBest-P 2019', retentionYears: 10 },
      }),
    ).addFundingProgramme;
    const districtEventIds = await eventIdsAt(app, districtIds, positions);

    const accepted = await waitFor('every event at /all', () => {
      const ids = firstAcceptedIds(receiver.accepted('/all'));
      return ids.length >= districtEventIds.length + programme.eventCount ? ids : undefined;
    });
    // Store order: the district events in the order recorded, then the programme; no webhook endpoint events.
    expect(accepted.slice(0, districtEventIds.length)).toEqual(districtEventIds);
    expect(accepted).toHaveLength(districtEventIds.length + programme.eventCount);
    // Nothing acknowledged was sent again.
    expect(receiver.accepted('/all')).toHaveLength(accepted.length);
    const atAll = receiver.received.filter((r) => r.path === '/all');
    expect(atAll.every((r) => r.signatureValid)).toBe(true);
    expect(atAll.every((r) => r.event.id === r.webhookId && r.event.specversion === '1.0')).toBe(true);
    expect(atAll.every((r) => r.contentType.startsWith('application/cloudevents+json'))).toBe(true);
    expect(atAll.some((r) => r.event.subject.startsWith('webhook-'))).toBe(false);
    expect(atAll.some((r) => r.answered === 500)).toBe(true);
    expect(atAll.some((r) => r.answered === 'hang')).toBe(true);
    // Timestamps are the time of each attempt, in seconds.
    expect(atAll.every((r) => Math.abs(r.timestamp - Date.now() / 1000) < 120)).toBe(true);

    const updatedIds = districtEventIds.filter((_, i) => i % 2 === 1);
    const atUpdates = await waitFor('the profile updates', () => {
      const ids = firstAcceptedIds(receiver.accepted('/updates'));
      return ids.length >= updatedIds.length ? ids : undefined;
    });
    expect(atUpdates).toEqual(updatedIds);
    expect(receiver.received.filter((r) => r.path === '/updates').every((r) => r.event.type === 'stadtteil-ledger.DistrictProfileUpdated')).toBe(true);

    // The hanging endpoint is still on its first event and counting failures.
    const slowView = await webhookOf(app, slow.webhookId);
    expect(slowView.status).toBe('ACTIVE');
    expect(slowView.delivery?.consecutiveFailures).toBeGreaterThan(0);
    expect(new Set(receiver.received.filter((r) => r.path === '/slow').map((r) => r.webhookId)).size).toBe(1);

    // The delivery log shows the failed attempts and the deliveries, newest first.
    const log = await deliveriesOf(app, all.webhookId);
    const delivered = log.filter((d) => d.outcome === 'DELIVERED');
    expect(new Set(delivered.map((d) => d.eventId))).toEqual(new Set(accepted));
    expect(log.some((d) => d.outcome === 'FAILED' && d.statusCode === 500 && d.attempt === 1)).toBe(true);
    expect(log.some((d) => d.outcome === 'FAILED' && d.statusCode === null && /within 300 ms/.test(d.error ?? ''))).toBe(true);
    expect(log.some((d) => d.attempt > 1 && d.outcome === 'DELIVERED')).toBe(true);
    const cursors = delivered.map((d) => d.cursor);
    expect(cursors).toEqual([...cursors].sort().reverse());
  });

  it('disables an endpoint that answers 410, with the reason for its owner; owners see only their own endpoints', async () => {
    receiver = await startReceiver((path) => (path === '/gone' ? 410 : 200));
    app = await startApp(FAST_DELIVERY);
    const integrator = { 'x-dev-actor': 'acme:integrator' };
    const gone = await registerWebhook(app, { url: receiver.url('/gone') }, integrator);
    receiver.trust('/gone', gone.secret);
    await recordDistrictEvents(app, 1);

    const view = await waitFor('the endpoint to be disabled', async () => {
      const current = await webhookOf(app, gone.webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(view.ownerId).toBe('acme');
    expect(view.disabled).toMatchObject({ cause: 'ENDPOINT_GONE', reason: expect.stringMatching(/410/) });
    expect(view.disabled?.lastFailure).toMatchObject({ statusCode: 410, attempts: 1 });
    expect(receiver.received.filter((r) => r.path === '/gone')).toHaveLength(1);
    expect(receiver.received[0].signatureValid).toBe(true);

    // The owner sees it; another integrator neither sees nor touches it.
    const ownList = dataOf(await app.gql<{ webhooks: { edges: { node: { id: string } }[] } }>(WEBHOOKS, {}, integrator));
    expect(ownList.webhooks.edges.map((e) => e.node.id)).toEqual([gone.webhookId]);
    const other = { 'x-dev-actor': 'globex:integrator' };
    const otherList = dataOf(await app.gql<{ webhooks: { edges: unknown[] } }>(WEBHOOKS, {}, other));
    expect(otherList.webhooks.edges).toEqual([]);
    const probe = await app.gql(WEBHOOK, { id: gone.webhookId }, other);
    expect(probe.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const hijack = await app.gql(ENABLE, { input: { webhookId: gone.webhookId } }, other);
    expect(hijack.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const peek = await app.gql(DELIVERIES, { id: gone.webhookId }, other);
    expect(peek.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // Enabled again it resumes with the same event; an owner's disable records the owner's reason.
    dataOf(await app.gql(ENABLE, { input: { webhookId: gone.webhookId } }, integrator));
    await waitFor('the second 410', () => (receiver.received.length >= 2 ? true : undefined));
    expect(receiver.received[1].webhookId).toBe(receiver.received[0].webhookId);
    const disabledAgain = await waitFor('the endpoint to be disabled again', async () => {
      const current = await webhookOf(app, gone.webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(disabledAgain.disabled?.cause).toBe('ENDPOINT_GONE');
  });

  it('gives up on an endpoint that keeps failing after WEBHOOK_MAX_ATTEMPTS, and redelivers from a cursor with the same webhook-ids', async () => {
    let failing = true;
    receiver = await startReceiver(() => (failing ? 503 : 200));
    app = await startApp({ ...FAST_DELIVERY, WEBHOOK_MAX_ATTEMPTS: '3' });
    const hook = await registerWebhook(app, { url: receiver.url('/hook'), filter: { categories: ['district'] } });
    receiver.trust('/hook', hook.secret);
    const { districtIds, positions } = await recordDistrictEvents(app, 4);
    const ids = await eventIdsAt(app, districtIds, positions);

    const disabled = await waitFor('the endpoint to be given up', async () => {
      const current = await webhookOf(app, hook.webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(disabled.disabled).toMatchObject({ cause: 'DELIVERY_FAILURES', reason: expect.stringMatching(/3 times/) });
    expect(disabled.disabled?.lastFailure).toMatchObject({ eventId: ids[0], statusCode: 503, attempts: 3 });
    expect(receiver.received).toHaveLength(3);

    // Enabled again, delivery resumes at the event that failed; nothing is skipped.
    failing = false;
    dataOf(await app.gql(ENABLE, { input: { webhookId: hook.webhookId } }));
    await waitFor('all four events', () => (firstAcceptedIds(receiver.accepted('/hook')).length === 4 ? true : undefined));
    expect(firstAcceptedIds(receiver.accepted('/hook'))).toEqual(ids);

    // Redelivery after the cursor of the second event: the third and fourth come again, same ids, same order.
    const before = receiver.accepted('/hook').length;
    const secondCursor = receiver.accepted('/hook')[1].event.cursor;
    dataOf(await app.gql(REDELIVER, { input: { webhookId: hook.webhookId, fromCursor: secondCursor } }));
    await waitFor('the redelivery', () => (receiver.accepted('/hook').length >= before + 2 ? true : undefined));
    expect(receiver.accepted('/hook').slice(before).map((r) => r.webhookId)).toEqual(ids.slice(2));
    const bad = await app.gql(REDELIVER, { input: { webhookId: hook.webhookId, fromCursor: 'not-a-cursor' } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // Disabled by the owner with a reason; removed, it is gone.
    dataOf(await app.gql(DISABLE, { input: { webhookId: hook.webhookId }, options: { reason: 'Maintenance' } }));
    const paused = await waitFor('the owner disable', async () => {
      const current = await webhookOf(app, hook.webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(paused.disabled).toMatchObject({ cause: 'OWNER', reason: 'Maintenance' });
    const removed = dataOf(await app.gql<{ removeWebhook: Payload }>(REMOVE, { input: { webhookId: hook.webhookId } }));
    const afterRemoval = await app.gql(WEBHOOK, { id: hook.webhookId, wait: removed.removeWebhook.position });
    expect(afterRemoval.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await waitFor('the secret to be deleted', async () => ((await storedSecretsOf(app, hook.webhookId)).length === 0 ? true : undefined));
  });

  it('signs with the new and, for a while, the previous secret after a rotation; the filter and URL can change', async () => {
    receiver = await startReceiver(() => 200);
    app = await startApp(FAST_DELIVERY);
    const hook = await registerWebhook(app, { url: receiver.url('/a'), filter: { categories: ['district'] } });
    const rotated = dataOf(
      await app.gql<{ rotateWebhookSecret: Payload & { secret: string } }>(ROTATE, {
        input: { webhookId: hook.webhookId, keepPreviousForHours: 1 },
      }),
    ).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(hook.secret);
    receiver.trust('/a', rotated.secret);
    const view = await webhookOf(app, hook.webhookId, rotated.position);
    expect(view.secretRotatedAt).not.toBeNull();
    expect(Date.parse(view.previousSecretValidUntil!) - Date.parse(view.secretRotatedAt!)).toBe(3_600_000);
    // The secrets are in the read store, never in the event log that auditors receive.
    expect((await storedSecretsOf(app, hook.webhookId)).sort()).toEqual([hook.secret, rotated.secret].sort());
    const leaked = queryFile(app, 'events.db', "SELECT position FROM events WHERE data LIKE '%whsec_%' OR metadata LIKE '%whsec_%'");
    expect(leaked).toEqual([]);

    await recordDistrictEvents(app, 1);
    const [first] = await waitFor('a delivery', () => (receiver.received.length > 0 ? receiver.received : undefined));
    expect(first.signatureValid).toBe(true);
    const signatures = first.signature.split(' ');
    expect(signatures).toHaveLength(2);
    expect(verifySignature(hook.secret, first.webhookId, String(first.timestamp), first.body, signatures[1])).toBe(true);

    // Moved to another path with another filter: later events go there, only those that match.
    const moved = dataOf(
      await app.gql<{ updateWebhook: Payload }>(UPDATE, {
        input: { webhookId: hook.webhookId, url: receiver.url('/b'), filter: { categories: ['catalogue'] } },
      }),
    ).updateWebhook;
    receiver.trust('/b', rotated.secret);
    await webhookOf(app, hook.webhookId, moved.position);
    await recordDistrictEvents(app, 1);
    dataOf(
      await app.gql(ADD_PROGRAMME, {
        input: { programmeId: 'efre', name: 'EFRE', level: 'EU', fund: 'EFRE', legalBasis: 'VO (EU) 2021/1058', generalConditions: 'ANBest-P 2019', retentionYears: 10 },
      }),
    );
    const atB = await waitFor('the programme at /b', () => (receiver.accepted('/b').length > 0 ? receiver.accepted('/b') : undefined));
    expect(atB.map((r) => r.event.subject.split('-')[0])).toEqual(['catalogue']);
    expect(atB[0].signatureValid).toBe(true);
    expect(receiver.received.filter((r) => r.path === '/a')).toHaveLength(1);

    // Rotated again, the first secret signs nothing any more and is deleted; kept for 0 hours, so is the second.
    const again = dataOf(
      await app.gql<{ rotateWebhookSecret: Payload & { secret: string } }>(ROTATE, {
        input: { webhookId: hook.webhookId, keepPreviousForHours: 1 },
      }),
    ).rotateWebhookSecret;
    expect((await storedSecretsOf(app, hook.webhookId)).sort()).toEqual([rotated.secret, again.secret].sort());
    const last = dataOf(
      await app.gql<{ rotateWebhookSecret: Payload & { secret: string } }>(ROTATE, {
        input: { webhookId: hook.webhookId, keepPreviousForHours: 0 },
      }),
    ).rotateWebhookSecret;
    expect(await storedSecretsOf(app, hook.webhookId)).toEqual([last.secret]);
  });

  it('stops delivering to an endpoint registered with an API key once the key is revoked, and says why', async () => {
    receiver = await startReceiver(() => 204);
    app = await startApp(FAST_DELIVERY);
    const issued = dataOf(
      await app.gql<{ issueApiKey: { keyId: string; apiKey: string } }>(ISSUE_KEY, { input: { name: 'CRM Quartier', role: 'integrator' } }),
    ).issueApiKey;
    const asKey = { authorization: `Bearer ${issued.apiKey}` };
    const hook = await registerWebhook(app, { url: receiver.url('/crm'), filter: { categories: ['district'] } }, asKey);
    receiver.trust('/crm', hook.secret);
    expect((await webhookOf(app, hook.webhookId, hook.position)).ownerId).toBe(`apikey-${issued.keyId}`);
    await recordDistrictEvents(app, 2);
    await waitFor('the first deliveries', () => (firstAcceptedIds(receiver.accepted('/crm')).length === 2 ? true : undefined));

    const revoked = dataOf(
      await app.gql<{ revokeApiKey: Payload }>(REVOKE_KEY, { input: { keyId: issued.keyId, reason: 'integration decommissioned' } }),
    ).revokeApiKey;
    await webhookOf(app, hook.webhookId, revoked.position);
    await recordDistrictEvents(app, 2);
    const view = await waitFor('the endpoint to be disabled', async () => {
      const current = await webhookOf(app, hook.webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(view.disabled).toMatchObject({
      cause: 'OWNER_REVOKED',
      reason: `The API key ${issued.keyId} that registered the endpoint was revoked; nothing more is delivered to it`,
      lastFailure: null,
    });

    // Enabled again by an administrator, it is disabled again before anything is sent.
    dataOf(await app.gql(ENABLE, { input: { webhookId: hook.webhookId } }));
    await recordDistrictEvents(app, 1);
    await waitFor('the endpoint to be disabled again', async () => {
      const current = await webhookOf(app, hook.webhookId);
      return current.status === 'DISABLED' && current.disabled?.at !== view.disabled?.at ? current : undefined;
    });
    expect(receiver.received.filter((r) => r.path === '/crm')).toHaveLength(2);
    expect(await deliveriesOf(app, hook.webhookId)).toHaveLength(2);

    // The audit trail tells the story of the endpoint.
    const audit = dataOf(
      await app.gql<{ auditTrail: { edges: { node: { eventType: string; entityType: string; entityId: string; actorId: string; summary: string } }[] } }>(
        AUDIT_TRAIL,
        { filter: { entityType: 'webhook', entityId: hook.webhookId } },
      ),
    ).auditTrail.edges.map((e) => e.node);
    expect(audit.map((e) => [e.eventType, e.actorId])).toEqual([
      ['WebhookRegistered', `apikey-${issued.keyId}`],
      ['WebhookDisabled', 'system'],
      ['WebhookEnabled', 'dev-admin'],
      ['WebhookDisabled', 'system'],
    ]);
    expect(audit[1].summary).toMatch(/disabled \(owner revoked\): The API key .* was revoked/);
  });

  it('stops delivering to an endpoint whose API key is past its last day', async () => {
    receiver = await startReceiver(() => 204);
    app = await startApp(FAST_DELIVERY);
    const commandBus = app.app.get(CommandBus);
    const contextAt = (actor: ScopedActor, now: Date): CommandContext => {
      const commandId = randomUUID();
      return { commandId, actor, now, correlationId: commandId, causationId: commandId };
    };
    // Issued back then, the key expired at the end of 2020; its endpoint was registered while it was valid.
    const keyId = randomUUID();
    const issuedAt = new Date('2020-06-01T10:00:00Z');
    await commandBus.execute(
      new IssueApiKeyCommand(
        { keyId, name: 'Pilot 2020', role: 'integrator', districts: null, expiresOn: '2020-12-31' },
        contextAt({ id: 'dev-admin', role: 'admin', districts: null }, issuedAt),
      ),
    );
    const webhookId = randomUUID();
    const { outcome } = await commandBus.execute<RegisterWebhookCommand, OutcomeWithSecret>(
      new RegisterWebhookCommand(
        { webhookId, url: receiver.url('/pilot'), filter: { categories: ['district'] }, description: null },
        contextAt({ id: `apikey-${keyId}`, role: 'integrator', districts: null }, new Date()),
      ),
    );
    await webhookOf(app, webhookId, outcome.position);
    await recordDistrictEvents(app, 1);
    const view = await waitFor('the endpoint to be disabled', async () => {
      const current = await webhookOf(app, webhookId);
      return current.status === 'DISABLED' ? current : undefined;
    });
    expect(view.disabled).toMatchObject({ cause: 'OWNER_REVOKED', reason: expect.stringMatching(/expired after 2020-12-31/) });
    expect(receiver.received).toEqual([]);
  });

  it('keeps district-limited callers to endpoints of their districts, in lists, reads and changes', async () => {
    receiver = await startReceiver(() => 204);
    app = await startApp(FAST_DELIVERY);
    const [inA, inB] = [1, 2].map((n) => `0b6f2f7e-3c5e-4a53-9a55-1f0e5bd1a00${n}`);
    const adminOfA = { 'x-dev-actor': `boss-a:admin:${inA}` };
    const adminOfB = { 'x-dev-actor': `boss-b:admin:${inB}` };
    const integratorOfB = { 'x-dev-actor': `acme:integrator:${inB}` };
    const hookB = await registerWebhook(app, { url: receiver.url('/b'), filter: { districtId: inB } }, integratorOfB);
    const hookA = await registerWebhook(app, { url: receiver.url('/a'), filter: { districtId: inA } }, adminOfA);
    await webhookOf(app, hookA.webhookId, hookA.position);

    const listed = async (headers: Record<string, string>) =>
      dataOf(await app.gql<{ webhooks: { edges: { node: { id: string } }[] } }>(WEBHOOKS, {}, headers)).webhooks.edges.map((e) => e.node.id);
    expect(await listed(adminOfA)).toEqual([hookA.webhookId]);
    expect(await listed(adminOfB)).toEqual([hookB.webhookId]);
    expect((await listed({})).sort()).toEqual([hookA.webhookId, hookB.webhookId].sort());
    const codeOf = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
      (await app.gql(query, variables, headers)).body.errors?.[0].extensions?.code;
    // Another district's endpoint answers exactly as an unknown one.
    const errorOf = async (query: string, variables: Record<string, unknown>, id: string) =>
      JSON.stringify((await app.gql(query, variables, adminOfA)).body.errors).split(id).join('<id>');
    const unknownId = randomUUID();
    for (const query of [WEBHOOK, DELIVERIES]) {
      expect(await codeOf(query, { id: hookB.webhookId }, adminOfA)).toBe('NOT_FOUND');
      expect(await errorOf(query, { id: hookB.webhookId }, hookB.webhookId)).toBe(await errorOf(query, { id: unknownId }, unknownId));
    }

    // Repointing another district's endpoint, even moving it into one's own district, is refused as for an unknown one.
    const repoint = (webhookId: string) => ({ input: { webhookId, url: receiver.url('/taken'), filter: { districtId: inA } } });
    expect(await codeOf(UPDATE, repoint(hookB.webhookId), adminOfA)).toBe('NOT_FOUND');
    expect(await errorOf(UPDATE, repoint(hookB.webhookId), hookB.webhookId)).toBe(await errorOf(UPDATE, repoint(unknownId), unknownId));
    // Moving one's own endpoint out of one's districts too.
    expect(await codeOf(UPDATE, { input: { webhookId: hookB.webhookId, filter: { districtId: inA } } }, adminOfB)).toBe('FORBIDDEN');
    const view = await webhookOf(app, hookB.webhookId);
    expect(view).toMatchObject({ url: receiver.url('/b'), filter: { districtId: inB } });
    const moved = dataOf(await app.gql<{ updateWebhook: Payload }>(UPDATE, { input: { webhookId: hookB.webhookId, url: receiver.url('/b2') } }, adminOfB));
    expect((await webhookOf(app, hookB.webhookId, moved.updateWebhook.position)).url).toBe(receiver.url('/b2'));
  });

  it('chooses endpoint ids itself: a client cannot pick one, and the same command id of two callers makes two endpoints', async () => {
    app = await startApp(FAST_DELIVERY);
    const chosen = await app.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/x', webhookId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99' } });
    expect(chosen.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const commandId = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const register = (actor: string) =>
      app.gql<{ registerWebhook: { webhookId: string; secret: string } }>(
        `mutation($input: RegisterWebhookInput!, $options: CommandOptionsInput) {
          registerWebhook(input: $input, options: $options) { webhookId secret } }`,
        { input: { url: 'http://127.0.0.1:9/x' }, options: { commandId } },
        { 'x-dev-actor': `${actor}:integrator` },
      );
    const acme = dataOf(await register('acme')).registerWebhook;
    const globex = dataOf(await register('globex')).registerWebhook;
    expect(globex.webhookId).not.toBe(acme.webhookId);
    // The same caller repeating the command gets the same endpoint and secret.
    expect(dataOf(await register('acme')).registerWebhook).toEqual(acme);
  });

  it('refuses private, loopback and link-local URLs unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is on; metadata addresses always', async () => {
    app = await startApp({ DEV_ACTOR: 'dev-admin:admin' });
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://[::ffff:192.168.1.1]/x', 'http://169.254.169.254/latest']) {
      const refused = await app.gql(REGISTER, { input: { url } });
      expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    for (const url of ['ftp://example.org/x', 'https://user:pw@example.org/x', 'not a url']) {
      const refused = await app.gql(REGISTER, { input: { url } });
      expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    // The answer does not say which address the host resolved to: registration is no probe of the network.
    const named = await app.gql(REGISTER, { input: { url: 'http://localhost:9/x' } });
    expect(named.body.errors?.[0].message).toBe(
      "The webhook URL's host is not allowed (private, loopback, link-local or reserved address)",
    );
    const list = dataOf(await app.gql<{ webhooks: { edges: unknown[] } }>(WEBHOOKS, {}));
    expect(list.webhooks.edges).toEqual([]);
    await app.cleanup();

    app = await startApp(FAST_DELIVERY);
    expect((await app.gql(REGISTER, { input: { url: 'http://127.0.0.1:9/x' } })).body.errors).toBeUndefined();
    const metadata = await app.gql(REGISTER, { input: { url: 'http://169.254.169.254/latest' } });
    expect(metadata.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('loses nothing across a restart in the middle of deliveries: the checkpoint resumes', async () => {
    let up = true;
    receiver = await startReceiver((_path, _id, attempt) => (up ? (attempt === 1 ? 500 : 200) : 503));
    const dataDir = newDataDir();
    // Enough attempts that the outage does not get the endpoint disabled.
    const env = { ...FAST_DELIVERY, WEBHOOK_MAX_ATTEMPTS: '1000', DATA_DIR: dataDir };
    app = await startApp(env);
    const hook = await registerWebhook(app, { url: receiver.url('/r'), filter: { categories: ['district'] } });
    receiver.trust('/r', hook.secret);
    const first = await recordDistrictEvents(app, 6);
    await waitFor('some deliveries', () => (firstAcceptedIds(receiver.accepted('/r')).length >= 2 ? true : undefined));
    up = false;
    const second = await recordDistrictEvents(app, 4);
    const expected = [
      ...(await eventIdsAt(app, first.districtIds, first.positions)),
      ...(await eventIdsAt(app, second.districtIds, second.positions)),
    ];
    await app.stop();
    const deliveredBeforeRestart = firstAcceptedIds(receiver.accepted('/r'));
    expect(deliveredBeforeRestart.length).toBeLessThan(expected.length);
    const requestsBeforeRestart = receiver.received.length;

    up = true;
    app = await startApp(env);
    const third = await recordDistrictEvents(app, 2);
    expected.push(...(await eventIdsAt(app, third.districtIds, third.positions)));
    const ids = await waitFor('every event after the restart', () => {
      const seen = firstAcceptedIds(receiver.accepted('/r'));
      return seen.length >= expected.length ? seen : undefined;
    });
    expect(ids).toEqual(expected);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    // Resumed from the checkpoint: nothing acknowledged before the restart was sent again.
    const resent = receiver.received.slice(requestsBeforeRestart).filter((r) => deliveredBeforeRestart.includes(r.webhookId));
    expect(resent).toEqual([]);
  });
});

