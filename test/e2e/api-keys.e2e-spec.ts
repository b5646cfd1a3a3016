import { createHash, randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { IssueApiKeyCommand } from '../../src/api-keys/application/issue-api-key.handler';
import { isoDay } from '../../src/core/calendar-dates';
import type { CommandContext } from '../../src/core/decider';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { bearer, recordedActor, type TestUser } from '../support/auth';
import { dataOf, type GqlResponse, startApp, type TestApp } from '../support/app';

/**
 * API keys for integrators over GraphQL and HTTP: issued with the secret shown once, used with the same header as a
 * token, last use recorded (and kept through a rebuild of the read models), revoked and then refused; expired keys
 * refused; the secret's hash never shown, neither in the key list nor in the audit trail, its exports or the stream's
 * events (while the stored event keeps it and its hash chain holds).
 */

jest.setTimeout(60_000);

const ADMIN: TestUser = { id: 'admin-1', role: 'admin' };
const AS_ADMIN: Record<string, string> = {};
const DISTRICT = '6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10';

const ISSUE = `mutation ($input: IssueApiKeyInput!, $options: CommandOptionsInput) {
  issueApiKey(input: $input, options: $options) {
    commandId keyId apiKey name role districts expiresOn position eventCount repeated
  }
}`;
const REVOKE = `mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { position eventCount } }`;
const API_KEYS = `query ($wait: String) {
  apiKeys(first: 50, waitForPosition: $wait) {
    edges { node { id name role districts expiresOn expired status issuedAt issuedBy revokedAt revokedBy revocationReason lastUsedAt } }
  }
}`;

interface Issued {
  commandId: string;
  keyId: string;
  apiKey: string | null;
  name: string;
  role: string;
  districts: string[] | null;
  expiresOn: string | null;
  position: string;
  eventCount: number;
  repeated: boolean;
}

interface ApiKeyNode {
  id: string;
  name: string;
  role: string;
  districts: string[] | null;
  expiresOn: string | null;
  expired: boolean;
  status: string;
  issuedBy: string;
  revokedBy: string | null;
  revocationReason: string | null;
  lastUsedAt: string | null;
}

const codesOf = (response: GqlResponse<unknown>) => (response.body.errors ?? []).map((e) => e.extensions?.code);
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ DEV_ACTOR: '' });
    Object.assign(AS_ADMIN, await bearer(ADMIN));
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  async function issue(input: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<Issued> {
    return dataOf(await t.gql<{ issueApiKey: Issued }>(ISSUE, { input, options }, AS_ADMIN)).issueApiKey;
  }

  async function listed(keyId: string, wait?: string): Promise<ApiKeyNode> {
    const { apiKeys } = dataOf(await t.gql<{ apiKeys: { edges: { node: ApiKeyNode }[] } }>(API_KEYS, { wait }, AS_ADMIN));
    const found = apiKeys.edges.map((e) => e.node).find((node) => node.id === keyId);
    if (!found) throw new Error(`API key ${keyId} is not listed`);
    return found;
  }

  async function lastUsedAt(keyId: string): Promise<string | null> {
    // The use is recorded beside the request, not before its answer.
    for (let attempt = 0; attempt < 50; attempt++) {
      const { lastUsedAt: at } = await listed(keyId);
      if (at !== null) return at;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  it('issues a key shown once, which then authenticates as the key with its role; its use is recorded; revoked it is refused', async () => {
    const commandId = randomUUID();
    const options = { commandId, reason: 'dashboard of the state administration' };
    const issued = await issue({ name: 'Fördermittel-Dashboard Land', role: 'integrator', districts: [DISTRICT] }, options);
    expect(issued).toMatchObject({ name: 'Fördermittel-Dashboard Land', role: 'integrator', districts: [DISTRICT], expiresOn: null, eventCount: 1, repeated: false });
    expect(issued.apiKey).toMatch(new RegExp(`^sl_${issued.keyId}_[A-Za-z0-9_-]{43}$`));
    const key = issued.apiKey!;

    // A retried request issues nothing new and cannot show the secret again.
    const again = await issue({ name: 'Fördermittel-Dashboard Land', role: 'integrator', districts: [DISTRICT] }, options);
    expect(again).toMatchObject({ keyId: issued.keyId, apiKey: null, repeated: true, eventCount: 1 });

    expect(await listed(issued.keyId, issued.position)).toMatchObject({
      status: 'ACTIVE',
      expired: false,
      issuedBy: ADMIN.id,
      lastUsedAt: null,
    });

    expect(await recordedActor(t.gql, as(key))).toEqual({ actorId: `apikey-${issued.keyId}`, actorRole: 'integrator' });
    const usedAt = await lastUsedAt(issued.keyId);
    expect(usedAt).not.toBeNull();
    expect(Date.now() - Date.parse(usedAt!)).toBeLessThan(60_000);

    // The same key id with another secret, and keys that are not well-formed, are refused.
    const guessed = `sl_${issued.keyId}_${'A'.repeat(43)}`;
    const wrong = await t.gql('{ actionFields { id } }', {}, as(guessed));
    expect(codesOf(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.body.errors?.[0].message).toBe('The API key is not valid');
    expect((await t.gql('{ actionFields { id } }', {}, as('sl_garbage'))).body.errors?.[0].message).toBe('The API key is malformed');

    const revoked = dataOf(await t.gql<{ revokeApiKey: { eventCount: number } }>(REVOKE, { input: { keyId: issued.keyId, reason: 'key leaked' } }, AS_ADMIN));
    expect(revoked.revokeApiKey.eventCount).toBe(1);
    // revokeApiKey answers once the revocation is in force: the very next request is refused.
    const refused = await t.gql('{ actionFields { id } }', {}, as(key));
    expect(codesOf(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.body.errors?.[0].message).toBe('The API key has been revoked');
    expect(await listed(issued.keyId)).toMatchObject({ status: 'REVOKED', revokedBy: ADMIN.id, revocationReason: 'key leaked', lastUsedAt: usedAt });

    expect(codesOf(await t.gql(REVOKE, { input: { keyId: issued.keyId, reason: 'again' } }, AS_ADMIN))).toEqual(['DOMAIN_RULE']);
    expect(codesOf(await t.gql(REVOKE, { input: { keyId: randomUUID(), reason: 'unknown' } }, AS_ADMIN))).toEqual(['NOT_FOUND']);
  });

  it('keeps the last use through a rebuild of the read models', async () => {
    const issued = await issue({ name: 'Rebuild check', role: 'viewer' });
    expect(await recordedActor(t.gql, as(issued.apiKey!))).toEqual({ actorId: `apikey-${issued.keyId}`, actorRole: 'viewer' });
    const usedAt = await lastUsedAt(issued.keyId);
    expect(usedAt).not.toBeNull();

    const rebuilt = await t.gql<{ rebuildProjection: boolean }>('mutation { rebuildProjection(name: "api-keys") }', {}, AS_ADMIN);
    expect(dataOf(rebuilt).rebuildProjection).toBe(true);
    expect(await listed(issued.keyId)).toMatchObject({ status: 'ACTIVE', lastUsedAt: usedAt });
    expect(await recordedActor(t.gql, as(issued.apiKey!))).toMatchObject({ actorRole: 'viewer' });
  });

  it('refuses a key past its last day, and refuses to issue one whose last day has passed', async () => {
    // Issued in 2020 for that year: the decider judges the date against the command's time.
    const commandId = randomUUID();
    const keyId = randomUUID();
    const context: CommandContext = {
      commandId,
      actor: { id: ADMIN.id, role: ADMIN.role, districts: null },
      now: new Date('2020-03-01T10:00:00Z'),
      correlationId: commandId,
      causationId: commandId,
    };
    const { outcome, key } = await t.app
      .get(CommandBus)
      .execute(new IssueApiKeyCommand({ keyId, name: 'Pilot 2020', role: 'viewer', districts: null, expiresOn: '2020-12-31' }, context));
    expect(await listed(keyId, outcome.position!)).toMatchObject({ expiresOn: '2020-12-31', expired: true, status: 'ACTIVE' });
    const refused = await t.gql('{ actionFields { id } }', {}, as(key!));
    expect(refused.body.errors?.[0].message).toBe('The API key has expired');

    const late = await t.gql(ISSUE, { input: { name: 'Too late', role: 'viewer', expiresOn: '2020-12-31' } }, AS_ADMIN);
    expect(codesOf(late)).toEqual(['BAD_USER_INPUT']);
    const lastDayToday = await issue({ name: 'Last day today', role: 'viewer', expiresOn: isoDay(new Date()) });
    expect(lastDayToday.apiKey).not.toBeNull();
  });

  it('validates what a key covers', async () => {
    const bad = (input: Record<string, unknown>) => t.gql(ISSUE, { input: { name: 'x', role: 'viewer', ...input } }, AS_ADMIN);
    expect(codesOf(await bad({ role: 'superuser' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await bad({ districts: ['not-a-uuid'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await bad({ expiresOn: '2026-02-30' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await bad({ name: '' }))).toEqual(['BAD_USER_INPUT']);
    // A district manager's key must name its districts.
    expect(codesOf(await bad({ role: 'district_manager' }))).toEqual(['BAD_USER_INPUT']);
    const manager = await issue({ name: 'Stadtteilbüro', role: 'district_manager', districts: [DISTRICT, DISTRICT] });
    expect(manager.districts).toEqual([DISTRICT]);
  });

  it('never shows the secret’s hash: not in the key list, the audit trail, its exports or the stream’s events', async () => {
    const issued = await issue({ name: 'Audit check', role: 'auditor' });
    const secretHash = sha256(issued.apiKey!.slice(`sl_${issued.keyId}_`.length));

    const fields = dataOf(await t.gql<{ __type: { fields: { name: string }[] } }>('{ __type(name: "ApiKey") { fields { name } } }', {}, AS_ADMIN));
    expect(fields.__type.fields.map((f) => f.name)).not.toContain('secretHash');

    const audit = dataOf(
      await t.gql<{ auditTrail: { edges: { node: { eventType: string; summary: string; actorId: string; changes: { field: string; to: unknown }[] } }[] } }>(
        `query ($wait: String, $id: ID) { auditTrail(filter: { entityType: "apikey", entityId: $id }, waitForPosition: $wait) {
          edges { node { eventType summary actorId changes { field to } } } } }`,
        { wait: issued.position, id: issued.keyId },
        AS_ADMIN,
      ),
    );
    const [entry] = audit.auditTrail.edges.map((e) => e.node);
    expect(entry).toMatchObject({ eventType: 'ApiKeyIssued', actorId: ADMIN.id });
    expect(entry.summary).toMatch(/^API key .* "Audit check" issued for role auditor, all districts, until revoked$/);
    expect(entry.changes.map((c) => c.field).sort()).toEqual(['name', 'role']);

    for (const format of ['csv', 'json']) {
      const response = await fetch(`${t.baseUrl}/exports/audit-trail.${format}?entityType=apikey`, { headers: AS_ADMIN });
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toContain(issued.keyId);
      expect(body).not.toContain(secretHash);
    }

    const streamId = `apikey-${issued.keyId}`;
    const shown = dataOf(
      await t.gql<{ streamEvents: { type: string; data: Record<string, unknown> }[] }>(
        'query ($id: String!) { streamEvents(streamId: $id) { type data } }',
        { id: streamId },
        AS_ADMIN,
      ),
    ).streamEvents;
    expect(shown.map((e) => [e.type, e.data.secretHash, e.data.name])).toEqual([['ApiKeyIssued', '[redacted]', 'Audit check']]);
    expect(JSON.stringify(shown)).not.toContain(secretHash);
    // Only the answer is redacted: the stored event keeps the hash, and its chain still holds.
    const [stored] = await t.app.get<EventStore>(EVENT_STORE).readStream(streamId);
    expect(stored.data.secretHash).toBe(secretHash);
    const VERIFY = 'query ($id: String) { verifyEventLog(streamId: $id) { ok } }';
    const check = dataOf(await t.gql<{ verifyEventLog: { ok: boolean } }>(VERIFY, { id: streamId }, AS_ADMIN));
    expect(check.verifyEventLog.ok).toBe(true);
  });
});
