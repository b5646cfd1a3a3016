import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../projections/projections.module';
import { ProjectionManager } from '../../projections/runner/projection-manager';
import { runDemo } from '../../src/cli/demo';
import { SQLITE_FILES } from '../../src/config/config';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { SqliteReadStoreAdapter } from '../../src/read-store/sqlite/sqlite-read-store.adapter';
import { dataOf, startApp, type TestApp } from '../support/app';
import { TEST_JWT_SECRET } from '../support/auth';
import { type Snapshot, snapshotOf } from '../support/projection-spec';

const quiet = () => undefined;
const allCollections = ALL_PROJECTIONS.flatMap((p) => p.collections.map((c) => c.name));

/**
 * The demo data set and two API keys are loaded through the API, so every projection builds incrementally as the
 * service runs, batch by batch and live. Then every projection is rebuilt from the log: the documents must be
 * identical, including each document's `_position` (the last event applied to it).
 */
describe('rebuilding every projection gives the documents built incrementally', () => {
  let app: TestApp;
  let events: SqliteEventStoreAdapter | undefined;
  let reads: SqliteReadStoreAdapter | undefined;

  beforeAll(async () => {
    app = await startApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    await runDemo({ url: app.url, startInProcess: false, write: quiet, env: { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET } });
    // Webhook endpoints call out, so the demo has none: one here, changed and disabled, feeds that projection too.
    const { registerWebhook } = dataOf(
      await app.gql<{ registerWebhook: { webhookId: string } }>(
        'mutation { registerWebhook(input: { url: "http://127.0.0.1:9/ledger" }) { webhookId } }',
      ),
    );
    const input = { webhookId: registerWebhook.webhookId };
    dataOf(await app.gql('mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { eventCount } }', { input: { ...input, filter: { categories: ['grant'] } } }));
    dataOf(await app.gql('mutation($input: WebhookIdInput!) { disableWebhook(input: $input) { eventCount } }', { input }));
    // The demo issues no API keys; one issued and one revoked key give that read model documents too.
    for (const name of ['Dashboard', 'Retired feed']) {
      const { issueApiKey } = dataOf(
        await app.gql<{ issueApiKey: { keyId: string } }>('mutation ($name: String!) { issueApiKey(input: { name: $name, role: integrator }) { keyId } }', { name }),
      );
      if (name === 'Retired feed') {
        dataOf(await app.gql('mutation ($id: ID!) { revokeApiKey(input: { keyId: $id, reason: "retired" }) { eventCount } }', { id: issueApiKey.keyId }));
      }
    }
    await app.stop();
  }, 120_000);

  afterAll(async () => {
    await reads?.close();
    await events?.close();
    await app?.cleanup();
  });

  it('after the demo data set', async () => {
    events = new SqliteEventStoreAdapter({ filename: join(app.dataDir, SQLITE_FILES.events), pollIntervalMs: 20 });
    reads = new SqliteReadStoreAdapter({ filename: join(app.dataDir, SQLITE_FILES.readModels) });
    const head = await events.headPosition();
    expect(head).not.toBeNull();
    expect(Number(head)).toBeGreaterThan(100);

    const manager = new ProjectionManager(events, reads, ALL_PROJECTIONS, { batchSize: 100, log: quiet });
    await manager.start();
    try {
      expect(await manager.waitFor(head!, 10_000)).toBe(true);
      const incremental: Snapshot = await snapshotOf(reads, allCollections);
      // Every projection produced something from the demo, so the comparison below compares real documents.
      for (const projection of ALL_PROJECTIONS) {
        const docs = projection.collections.reduce((n, c) => n + incremental[c.name].length, 0);
        expect({ projection: projection.name, hasDocuments: docs > 0 }).toEqual({ projection: projection.name, hasDocuments: true });
      }

      for (const projection of ALL_PROJECTIONS) await manager.rebuild(projection.name);
      const statuses = await manager.status();
      expect(statuses.filter((s) => s.state === 'failed')).toEqual([]);
      expect(statuses.map((s) => s.checkpoint)).toEqual(statuses.map(() => head));

      const rebuilt = await snapshotOf(reads, allCollections);
      for (const collection of allCollections) {
        expect({ collection, docs: rebuilt[collection] }).toEqual({ collection, docs: incremental[collection] });
      }
    } finally {
      await manager.stop();
    }
  }, 120_000);
});
