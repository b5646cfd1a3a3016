import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tableName } from '../../src/read-store/sqlite/sqlite-collections';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { COLLECTIONS_MOVED_FROM_READ_STORE } from '../../src/state-store/move-from-read-store';
import { SqliteStateStoreAdapter } from '../../src/state-store/sqlite/sqlite-state-store.adapter';
import { dataOf, newDataDir, startApp, type TestApp } from '../support/app';
import { waitFor } from '../support/wait';
import { startReceiver } from '../support/webhook-receiver';

/**
 * State that is no projection lives in DATA_DIR/state.db: a data folder of the older layout (that state inside
 * read-models.db) is moved over at start and keeps working (profile, API-key usage, webhook secret, delivery
 * checkpoint and log); deleting read-models.db afterwards loses none of it, the read models are rebuilt.
 */

jest.setTimeout(90_000);

const ENV = {
  DEV_ACTOR: 'dev-admin:admin',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_MS: '10',
  WEBHOOK_RETRY_MAX_MS: '40',
  WEBHOOK_POLL_INTERVAL_MS: '20',
};
const REGISTER_WEBHOOK = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhookId secret position } }`;
const REGISTER_DISTRICT = `mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId position } }`;
const RECORD_PROFILE = `mutation($input: RecordUserProfileInput!) { recordUserProfile(input: $input) { userId } }`;
const PROFILE = `query($id: ID!) { userProfile(id: $id) { userId displayName email } }`;
const ISSUE_KEY = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { keyId position } }`;
const API_KEYS = `query($wait: String) { apiKeys(first: 50, waitForPosition: $wait) { edges { node { id lastUsedAt } } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { edges { node { eventId outcome } } } }`;
const LAST_USED = '2024-03-01T10:00:00.000Z';

describe('state store: apart from the read models', () => {
  const dataDir = newDataDir('stadtteil-state-');
  const file = (name: string) => join(dataDir, name);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let t: TestApp | null = null;
  let webhookId: string;
  let keyId: string;
  let keyPosition: string;
  let districts = 0;

  beforeAll(async () => {
    receiver = await startReceiver(() => 204);
  });

  afterAll(async () => {
    await t?.stop();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    t = await startApp({ ...ENV, DATA_DIR: dataDir });
  };
  const stop = async () => {
    await t!.stop();
    t = null;
  };

  /** Records a district and returns the delivery the receiver verified with the secret it trusts. */
  async function delivered(): Promise<{ subject: string; signatureValid: boolean }> {
    districts += 1;
    const input = {
      name: `Quartier ${districts}`,
      municipality: 'Halle (Saale)',
      municipalityKey: '15002000',
      programmes: ['Sozialer Zusammenhalt'],
      designation: { number: `S/2020/${districts}`, date: '2020-05-27' },
    };
    const { districtId } = dataOf(await t!.gql<{ registerDistrict: { districtId: string } }>(REGISTER_DISTRICT, { input })).registerDistrict;
    const subject = `district-${districtId}`;
    const delivery = await waitFor('the delivery', () => receiver.accepted('/hook').find((r) => r.event.subject === subject));
    return { subject, signatureValid: delivery.signatureValid };
  }

  /** Everything that is no projection, read through the API. */
  async function expectStateIntact(): Promise<void> {
    expect(dataOf(await t!.gql<{ userProfile: unknown }>(PROFILE, { id: 'state-anna-1' })).userProfile).toEqual({
      userId: 'state-anna-1',
      displayName: 'Anna Schmidt',
      email: 'anna@example.org',
    });
    const keys = dataOf(await t!.gql<{ apiKeys: { edges: { node: { id: string; lastUsedAt: string | null } }[] } }>(API_KEYS, { wait: keyPosition })).apiKeys;
    expect(keys.edges.map((e) => e.node)).toContainEqual({ id: keyId, lastUsedAt: LAST_USED });
    const log = dataOf(await t!.gql<{ webhookDeliveries: { edges: unknown[] } }>(DELIVERIES, { id: webhookId })).webhookDeliveries;
    expect(log.edges.length).toBeGreaterThanOrEqual(1);
    // The secret still signs, and the delivery checkpoint holds: nothing delivered before is sent again.
    expect((await delivered()).signatureValid).toBe(true);
    const subjects = receiver.accepted('/hook').map((r) => r.event.subject);
    expect(subjects.length).toBe(new Set(subjects).size);
  }

  it('moves the state of a data folder of the older layout out of read-models.db at start', async () => {
    await start();
    const hook = dataOf(
      await t!.gql<{ registerWebhook: { webhookId: string; secret: string } }>(REGISTER_WEBHOOK, {
        input: { url: receiver.url('/hook'), description: 'state store test' },
      }),
    ).registerWebhook;
    webhookId = hook.webhookId;
    receiver.trust('/hook', hook.secret);
    expect((await delivered()).signatureValid).toBe(true);
    dataOf(await t!.gql(RECORD_PROFILE, { input: { userId: 'state-anna-1', displayName: 'Anna Schmidt', email: 'anna@example.org' } }));
    ({ keyId, position: keyPosition } = dataOf(
      await t!.gql<{ issueApiKey: { keyId: string; position: string } }>(ISSUE_KEY, { input: { name: 'Dashboard', role: 'viewer' } }),
    ).issueApiKey);
    await stop();

    // The older layout: the same collections, written by the same document tables, inside read-models.db.
    const readStore = new SqliteReadStoreAdapter({ filename: file('read-models.db') });
    const stateStore = new SqliteStateStoreAdapter(file('state.db'));
    for (const name of COLLECTIONS_MOVED_FROM_READ_STORE) {
      for (const doc of (await stateStore.find(name, { limit: 1000 })).items) await readStore.put(name, doc);
    }
    await readStore.put('api_key_usage', { id: keyId, lastUsedAt: LAST_USED });
    await stateStore.close();
    await readStore.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file(`state.db${suffix}`), { force: true });

    await start();
    expect(existsSync(file('state.db'))).toBe(true);
    const db = new Database(file('read-models.db'), { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
      for (const name of COLLECTIONS_MOVED_FROM_READ_STORE) expect(tables.map((r) => r.name)).not.toContain(tableName(name));
    } finally {
      db.close();
    }
    await expectStateIntact();
  });

  it('loses none of it when read-models.db is deleted: the read models are rebuilt, the state stays', async () => {
    await stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file(`read-models.db${suffix}`), { force: true });
    await start();
    await expectStateIntact();
  });
});
