import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { keyIdOf } from '../../src/core/secret-box';
import { tableName } from '../../src/read-store/sqlite/sqlite-collections';
import { dataOf, newDataDir, type ServerProcess, startServerProcess } from '../support/app';
import { waitFor } from '../support/wait';
import { startReceiver } from '../support/webhook-receiver';

/**
 * The built service on the embedded default keeps its data folder to itself: created 0700, every file in it 0600
 * (the SQLite -wal and -shm files, the token signing secret and the webhook secret key included), and it refuses to
 * start on a folder or a file that others may access. Webhook signing secrets are encrypted at rest with a key kept
 * outside state.db: no file of the folder holds one in clear, also after secrets that an older version stored
 * in clear were sealed at start, and after a key rotation; deliveries verify throughout. Needs `npx nest build`.
 */

jest.setTimeout(120_000);

const ENV = {
  JWT_SECRET: '', // the embedded default: DATA_DIR/jwt-secret
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_BASE_MS: '10',
  WEBHOOK_RETRY_MAX_MS: '40',
};
const REGISTER_WEBHOOK = `
  mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhookId secret } }`;
const REGISTER_DISTRICT = `
  mutation($input: RegisterDistrictInput!) { registerDistrict(input: $input) { districtId position } }`;

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('a private data folder, and webhook secrets encrypted at rest', () => {
  const root = newDataDir('stadtteil-private-');
  // Not there yet: the first start creates it.
  const dataDir = join(root, 'data');
  const readModels = join(dataDir, 'read-models.db');
  const state = join(dataDir, 'state.db');
  let server: ServerProcess | null = null;
  /** Every process started, so that none outlives the suite (a start expected to fail may not). */
  const started: ServerProcess[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hook: { webhookId: string; secret: string };
  let districts = 0;

  beforeAll(async () => {
    receiver = await startReceiver(() => 204);
  });

  afterAll(async () => {
    for (const process of started.filter((p) => p.child.exitCode === null && p.child.signalCode === null)) {
      process.kill('SIGTERM');
      await process.waitForExit();
    }
    await receiver.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
    server = await startServerProcess({ ...ENV, ...env, DATA_DIR: dataDir });
    started.push(server);
    return server;
  }

  async function stop(): Promise<void> {
    server!.kill('SIGTERM');
    expect((await server!.waitForExit()).code).toBe(0);
    server = null;
  }

  /** The start fails; resolves to what the service said on stderr. */
  async function refusedStart(env: Record<string, string> = {}): Promise<string> {
    const failure = await startServerProcess({ ...ENV, ...env, DATA_DIR: dataDir }).then(
      (unexpected) => {
        started.push(unexpected);
        throw new Error('the service started');
      },
      (error: Error) => error.message,
    );
    return failure.slice(failure.indexOf('stderr:'));
  }

  /** Records an event and waits until the receiver accepted its delivery; returns whether the signature verified. */
  async function deliveredAndVerified(): Promise<boolean> {
    const { registerDistrict } = dataOf(
      await server!.gql<{ registerDistrict: { districtId: string } }>(REGISTER_DISTRICT, {
        input: {
          name: `Quartier ${++districts}`,
          municipality: 'Halle (Saale)',
          municipalityKey: '15002000',
          programmes: ['Sozialer Zusammenhalt'],
          designation: { number: `V/2020/${districts}`, date: '2020-05-27' },
        },
      }),
    );
    const delivery = await waitFor('the delivery', () =>
      receiver.accepted('/hook').find((r) => r.event.subject === `district-${registerDistrict.districtId}`),
    );
    return delivery.signatureValid;
  }

  /** Files of the data folder that contain `text` (as UTF-8 bytes). */
  function filesContaining(text: string): string[] {
    const needle = Buffer.from(text, 'utf8');
    return readdirSync(dataDir).filter((name) => readFileSync(join(dataDir, name)).includes(needle));
  }

  const storedSecretDocs = () => {
    const db = new Database(state, { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare<[], { doc: string }>(`SELECT doc FROM "${tableName('webhook_secrets')}"`)
        .all()
        .map((row) => JSON.parse(row.doc) as Record<string, string>);
    } finally {
      db.close();
    }
  };

  it('creates the data folder 0700 and every file in it 0600, the SQLite -wal and -shm files included', async () => {
    await start();
    hook = dataOf(
      await server!.gql<{ registerWebhook: { webhookId: string; secret: string } }>(REGISTER_WEBHOOK, {
        input: { url: receiver.url('/hook'), description: 'privacy test' },
      }),
    ).registerWebhook;
    receiver.trust('/hook', hook.secret);
    expect(await deliveredAndVerified()).toBe(true);

    expect(modeOf(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'events.db',
        'events.db-shm',
        'events.db-wal',
        'jwt-secret',
        'read-models.db',
        'read-models.db-shm',
        'read-models.db-wal',
        'state.db',
        'state.db-shm',
        'state.db-wal',
        'webhook-secret-key',
      ]),
    );
    expect(files.map((name) => [name, modeOf(join(dataDir, name)).toString(8)])).toEqual(files.map((name) => [name, '600']));
  });

  it('keeps the webhook secret out of every file of the data folder (databases and their WAL), and deliveries verify', async () => {
    expect(statSync(`${state}-wal`).size).toBeGreaterThan(0);
    expect(filesContaining(hook.secret)).toEqual([]);
    // The key part alone, too (a secret is whsec_ + base64 of its 32 bytes).
    expect(filesContaining(hook.secret.slice('whsec_'.length))).toEqual([]);
    const [doc] = storedSecretDocs();
    expect(doc).toEqual({ id: expect.any(String), webhookId: hook.webhookId, sealed: expect.stringMatching(/^v1:/), createdAt: expect.any(String) });
    expect(await deliveredAndVerified()).toBe(true);
  });

  it('refuses to start on a data folder that others may access, naming the chmod to run', async () => {
    await stop();
    chmodSync(dataDir, 0o755);
    try {
      expect(await refusedStart()).toContain(
        `Refusing to start: ${dataDir} is accessible to other users (mode 755); restrict it with: chmod 700 ${dataDir}`,
      );
    } finally {
      chmodSync(dataDir, 0o700);
    }
  });

  it('refuses to start when a file in it may be read by others', async () => {
    chmodSync(readModels, 0o644);
    try {
      expect(await refusedStart()).toContain(
        `Refusing to start: ${readModels} is accessible to other users (mode 644); restrict it with: chmod 600 ${readModels}`,
      );
    } finally {
      chmodSync(readModels, 0o600);
    }
  });

  it('encrypts at start a secret that an earlier version stored in clear, leaves no trace of it, and still delivers', async () => {
    const db = new Database(state);
    const [doc] = storedSecretDocs();
    db.prepare(`UPDATE "${tableName('webhook_secrets')}" SET doc = ?`).run(
      JSON.stringify({ id: doc.id, webhookId: doc.webhookId, secret: hook.secret, createdAt: doc.createdAt }),
    );
    db.close();
    expect(filesContaining(hook.secret)).toEqual(['state.db']);

    await start();
    expect(server!.stdout.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ message: 'encrypted webhook signing secrets with the current key', secrets: 1 }),
    );
    expect(filesContaining(hook.secret)).toEqual([]);
    expect(storedSecretDocs()).toEqual([{ ...doc, sealed: expect.stringMatching(/^v1:/) }]);
    expect(await deliveredAndVerified()).toBe(true);
  });

  it('rotates the key: with the new key first and the old one after it every secret is sealed again; a wrong key stops the start', async () => {
    await stop();
    const oldKey = readFileSync(join(dataDir, 'webhook-secret-key'), 'utf8').trim();
    const newKey = randomBytes(32).toString('base64');
    const keyIdAt = () => storedSecretDocs()[0].sealed.split(':')[1];
    expect(keyIdAt()).toBe(keyIdOf(Buffer.from(oldKey, 'base64')));

    await start({ WEBHOOK_SECRET_KEY: `${newKey},${oldKey}` });
    expect(keyIdAt()).toBe(keyIdOf(Buffer.from(newKey, 'base64')));
    expect(await deliveredAndVerified()).toBe(true);
    await stop();

    // Once sealed again, the old key is no longer needed; without the new key the secrets cannot be opened.
    await start({ WEBHOOK_SECRET_KEY: newKey });
    expect(await deliveredAndVerified()).toBe(true);
    await stop();
    expect(await refusedStart()).toContain(
      `Refusing to start: Webhook signing secrets that the configured key does not open (1 sealed with key ${keyIdOf(Buffer.from(newKey, 'base64'))}`,
    );
    expect(filesContaining(hook.secret)).toEqual([]);
  });
});
