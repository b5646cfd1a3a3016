import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLogKeyCommand } from '../../src/cli/log-key';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { systemClock } from '../../src/core/clock';
import { JsonLogger } from '../../src/core/logger';
import { SqliteEventStoreAdapter } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { SqliteLogCheckpointStore } from '../../src/integrity/checkpoint-store/sqlite-log-checkpoint-store.adapter';
import { EventLogVerifier } from '../../src/integrity/event-log-verifier.service';
import { signCheckpoint, type SignedLogCheckpoint } from '../../src/integrity/log-checkpoint';
import { LogCheckpoints } from '../../src/integrity/log-checkpoints.service';
import {
  loadLogSigningKeys,
  LogSigningKeyError,
  publicSigningKey,
  rotateLogSigningKeyFile,
} from '../../src/integrity/log-signing-keys';
import { appendChained } from '../support/events';
import { rewriteEvent, tamperWith } from '../support/tamper';
import { waitFor } from '../support/wait';

/**
 * Signed checkpoints against an attacker with access to the data folder but not to the signing key: real SQLite
 * files, altered with a connection of their own after the append-only triggers were dropped.
 */

describe('signed checkpoints of the event log', () => {
  let root: string;
  let config: AppConfig;
  let store: SqliteEventStoreAdapter;
  let checkpointStore: SqliteLogCheckpointStore;
  let checkpoints: LogCheckpoints;
  let verifier: EventLogVerifier;
  const logger = new JsonLogger('error');

  const eventsFile = () => join(config.dataDir, 'events.db');

  function open(): void {
    store = new SqliteEventStoreAdapter({ filename: eventsFile() });
    checkpointStore = new SqliteLogCheckpointStore(eventsFile());
    const keys = loadLogSigningKeys(config.logSigning);
    checkpoints = new LogCheckpoints(store, checkpointStore, keys, config, systemClock, logger);
    verifier = new EventLogVerifier(store, logger, checkpoints);
  }
  async function close(): Promise<void> {
    await store.close();
    await checkpointStore.close();
  }
  /** The service stopped, the attacker at work, the service started again. */
  async function whileStopped(work: () => void): Promise<void> {
    await close();
    work();
    open();
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-checkpoints-'));
    config = loadConfig({
      DATA_DIR: join(root, 'data'),
      LOG_SIGNING_KEY_FILE: join(root, 'secrets', 'log-signing-key.pem'),
      LOG_CHECKPOINT_INTERVAL_MS: '0',
    });
    open();
  });
  afterEach(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Two streams, interleaved: district-a versions 0–5 and goal-b versions 0–5, 12 events. */
  async function seed(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await appendChained(store, 'district-a', 2);
      await appendChained(store, 'goal-b', 2);
    }
  }

  it('creates the key on first start, mode 0600 in a folder of mode 0700, and reads it back the same', () => {
    const keyFile = config.logSigning.keyFile!;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'secrets')).mode & 0o777).toBe(0o700);
    expect(loadLogSigningKeys(config.logSigning)).toMatchObject({ created: false, current: { keyId: checkpoints.signingKeys()[0].keyId } });
  });

  it('refuses a key file others may read, and a missing one where the service does not create keys', () => {
    chmodSync(config.logSigning.keyFile!, 0o640);
    expect(() => loadLogSigningKeys(config.logSigning)).toThrow(/accessible to other users \(mode 640\)/);
    expect(() => loadLogSigningKeys({ ...config.logSigning, keyFile: join(root, 'nowhere.pem'), createKeyFile: false })).toThrow(
      LogSigningKeyError,
    );
  });

  it('verifies an untouched log against its checkpoint, and signs only what was recorded since', async () => {
    await seed();
    const first = await checkpoints.checkpointNow();
    expect(first.checkpoint).toMatchObject({ eventCount: 12, streams: [{ streamId: 'district-a', version: 5 }, { streamId: 'goal-b', version: 5 }] });
    expect(await checkpoints.checkpointNow()).toEqual(first);

    await appendChained(store, 'goal-b', 1);
    await appendChained(store, 'measure-c', 2);
    const second = await checkpoints.checkpointNow();
    expect(second.checkpoint).toMatchObject({ eventCount: 15, streams: [{ version: 5 }, { version: 6 }, { streamId: 'measure-c', version: 1 }] });
    expect(second.checkpoint.headHash).not.toBe(first.checkpoint.headHash);

    const whole = await verifier.verifyAll();
    expect(whole).toMatchObject({ checkedEvents: 15, checkedStreams: 3, ok: true, firstBreak: null });
    expect(whole.checkpoint).toMatchObject({ source: 'STORED', signature: 'VALID', position: second.checkpoint.position, findingCount: 0 });
    // An earlier checkpoint kept by an auditor still holds: the log only grew since.
    expect(await verifier.verifyAll(first)).toMatchObject({ ok: true, checkpoint: { source: 'SUPPLIED', signature: 'VALID', findingCount: 0 } });
    expect(await verifier.verifyStream('goal-b')).toMatchObject({ ok: true, checkpoint: { findingCount: 0 } });
  });

  it('reports an event edited with every later hash recomputed as a rewrite, though every chain holds', async () => {
    await seed();
    const signed = await checkpoints.checkpointNow();
    await whileStopped(() => tamperWith(eventsFile(), (db) => rewriteEvent(db, 'goal-b', 1, (data) => ({ ...data, n: 99 }))));

    const result = await verifier.verifyAll();
    expect(result).toMatchObject({ ok: false, firstBreak: null, checkedEvents: 12 });
    expect(result.checkpoint).toMatchObject({ signature: 'VALID', truncated: false, rewritten: true, findingCount: 2 });
    expect(result.checkpoint!.findings).toEqual([
      { kind: 'HEAD_HASH_MISMATCH', streamId: null, expected: signed.checkpoint.headHash, found: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { kind: 'STREAM_TIP_MISMATCH', streamId: 'goal-b', expected: signed.checkpoint.streams[1].hash, found: expect.any(String) },
    ]);
    expect(await verifier.verifyStream('goal-b')).toMatchObject({ ok: false, firstBreak: null, checkpoint: { rewritten: true } });
    expect(await verifier.verifyStream('district-a')).toMatchObject({ ok: true });

    // New events on the rewritten stream do not link to the signed tip: the rewrite is never signed over.
    await appendChained(store, 'goal-b', 1);
    await expect(checkpoints.checkpointNow()).rejects.toThrow(/hash chain of goal-b breaks at version 6/);
  });

  it("reports a stream's last events removed as truncation", async () => {
    await seed();
    await appendChained(store, 'district-a', 1);
    await checkpoints.checkpointNow();
    await whileStopped(() => tamperWith(eventsFile(), (db) => db.prepare("DELETE FROM events WHERE stream_id = 'goal-b' AND stream_version >= 4").run()));

    const result = await verifier.verifyAll();
    expect(result).toMatchObject({ ok: false, firstBreak: null });
    expect(result.checkpoint).toMatchObject({ truncated: true, rewritten: false });
    expect(result.checkpoint!.findings).toEqual([
      { kind: 'EVENTS_MISSING', streamId: null, expected: '13', found: '11' },
      { kind: 'STREAM_SHORTER', streamId: 'goal-b', expected: '5', found: '3' },
    ]);
    expect((await verifier.verifyStream('goal-b')).checkpoint!.findings).toEqual([
      { kind: 'STREAM_SHORTER', streamId: 'goal-b', expected: '5', found: '3' },
    ]);
  });

  it('reports the removed tail of the log, and signs no checkpoint over it', async () => {
    await seed();
    const signed = await checkpoints.checkpointNow();
    await whileStopped(() => tamperWith(eventsFile(), (db) => db.prepare('DELETE FROM events WHERE position > 9').run()));

    const result = await verifier.verifyAll();
    expect(result.checkpoint).toMatchObject({ truncated: true, rewritten: false });
    expect(result.checkpoint!.findings.map((finding) => finding.kind)).toEqual([
      'LOG_ENDS_BEFORE_CHECKPOINT',
      'EVENTS_MISSING',
      'STREAM_SHORTER',
      'STREAM_SHORTER',
    ]);
    expect(result.checkpoint!.findings[0]).toMatchObject({ expected: signed.checkpoint.position, found: '0000000000000009' });
    await expect(checkpoints.checkpointNow()).rejects.toThrow(/ends at 0000000000000009, before the latest checkpoint/);
  });

  it('still names the first broken link, and compares with the checkpoint past it', async () => {
    await seed();
    await checkpoints.checkpointNow();
    await whileStopped(() =>
      tamperWith(eventsFile(), (db) => {
        db.prepare("UPDATE events SET data = json_set(data, '$.n', 7) WHERE stream_id = 'district-a' AND stream_version = 0").run();
      }),
    );
    const result = await verifier.verifyAll();
    expect(result).toMatchObject({ ok: false, firstBreak: { streamId: 'district-a', streamVersion: 0, problem: 'hash_mismatch' } });
    // Every event up to the checkpoint was read: the edit changed no stored hash, so the checkpoint still matches.
    expect(result).toMatchObject({ checkedEvents: 12, checkpoint: { findingCount: 0 } });
  });

  it('refuses a checkpoint with a forged signature, or signed by another key, whether handed in or stored', async () => {
    await seed();
    const signed = await checkpoints.checkpointNow();
    const supplied = (candidate: SignedLogCheckpoint) => verifier.verifyAll(candidate);

    const altered: SignedLogCheckpoint = { ...signed, checkpoint: { ...signed.checkpoint, eventCount: 11 } };
    expect(await supplied(altered)).toMatchObject({ ok: false, checkpoint: { signature: 'INVALID', findingCount: 0 } });
    const flipped = Buffer.from(signed.signature, 'base64');
    flipped[0] ^= 1;
    expect(await supplied({ ...signed, signature: flipped.toString('base64') })).toMatchObject({ ok: false, checkpoint: { signature: 'INVALID' } });

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const otherKey = { ...publicSigningKey(publicKey), privateKey };
    const { format: _format, keyId: _keyId, ...fields } = signed.checkpoint;
    expect(await supplied(signCheckpoint(fields, otherKey))).toMatchObject({ ok: false, checkpoint: { signature: 'UNKNOWN_KEY' } });
    // Another key's signature under this service's key id.
    const impostor = signCheckpoint(fields, { ...otherKey, keyId: signed.checkpoint.keyId });
    expect(await supplied(impostor)).toMatchObject({ ok: false, checkpoint: { signature: 'INVALID' } });

    // The stored checkpoint altered in the file: reported, and no new checkpoint is signed on top of it.
    await whileStopped(() =>
      tamperWith(eventsFile(), (db) => db.prepare('UPDATE log_checkpoints SET document = ?').run(JSON.stringify(altered))),
    );
    expect(await verifier.verifyAll()).toMatchObject({ ok: false, checkpoint: { source: 'STORED', signature: 'INVALID' } });
    await appendChained(store, 'goal-b', 1);
    await expect(checkpoints.checkpointNow()).rejects.toThrow(/does not verify \(INVALID\)/);
  });

  it('keeps verifying checkpoints of a rotated key through the previous-keys file, and signs new ones with the new key', async () => {
    await seed();
    const old = await checkpoints.checkpointNow();
    const { previous, current } = rotateLogSigningKeyFile(config.logSigning);
    expect(previous.keyId).toBe(old.checkpoint.keyId);
    expect(statSync(config.logSigning.keyFile!).mode & 0o777).toBe(0o600);
    expect(statSync(config.logSigning.previousKeysFile!).mode & 0o777).toBe(0o600);
    await whileStopped(() => undefined);

    expect(checkpoints.signingKeys().map((key) => key.keyId)).toEqual([current.keyId, previous.keyId]);
    expect(await verifier.verifyAll()).toMatchObject({ ok: true, checkpoint: { keyId: previous.keyId, signature: 'VALID' } });
    await appendChained(store, 'goal-b', 1);
    const next = await checkpoints.checkpointNow();
    expect(next.checkpoint).toMatchObject({ keyId: current.keyId, eventCount: 13 });
    expect(await verifier.verifyAll(old)).toMatchObject({ ok: true, checkpoint: { signature: 'VALID' } });

    // Without the previous keys the old checkpoint is no longer trusted.
    writeFileSync(config.logSigning.previousKeysFile!, '', { mode: 0o600 });
    await whileStopped(() => undefined);
    expect(await verifier.verifyAll(old)).toMatchObject({ ok: false, checkpoint: { signature: 'UNKNOWN_KEY' } });
  });

  it('signs a checkpoint shortly after start and then every LOG_CHECKPOINT_INTERVAL_MS while events are recorded', async () => {
    await seed();
    const scheduled = new LogCheckpoints(store, checkpointStore, loadLogSigningKeys(config.logSigning), {
      ...config,
      logSigning: { ...config.logSigning, checkpointIntervalMs: 1000 },
    }, systemClock, logger);
    await scheduled.onApplicationBootstrap();
    try {
      const signedCount = async () => (await checkpointStore.latest())?.checkpoint.eventCount;
      await waitFor('the checkpoint after start', async () => ((await signedCount()) === 12 ? true : undefined), 5000);
      await appendChained(store, 'goal-b', 1);
      const started = Date.now();
      await waitFor('the next scheduled checkpoint', async () => ((await signedCount()) === 13 ? true : undefined), 5000);
      expect(Date.now() - started).toBeGreaterThan(200);
    } finally {
      await scheduled.beforeApplicationShutdown();
    }
  });

  it('npm run log-key shows the current key and rotates it; it never creates one', () => {
    const env = { DATA_DIR: config.dataDir, LOG_SIGNING_KEY_FILE: config.logSigning.keyFile! };
    const [current] = checkpoints.signingKeys();
    expect(runLogKeyCommand(['show'], env)).toEqual({
      code: 0,
      stdout: `keyId ${current.keyId}\npreviousKeys 0\n${current.publicKeyPem}`,
      stderr: '',
    });
    const rotated = runLogKeyCommand(['rotate'], env);
    expect(rotated).toMatchObject({ code: 0, stdout: expect.stringContaining(`previousKeyId ${current.keyId}\nkeyId `) });
    expect(runLogKeyCommand(['show'], env).stdout).toMatch(/^keyId [0-9a-f]{64}\npreviousKeys 1\n-----BEGIN PUBLIC KEY-----/);
    expect(runLogKeyCommand(['show'], { ...env, LOG_SIGNING_KEY_FILE: join(root, 'elsewhere', 'key.pem') })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/No log signing key at/),
    });
    expect(runLogKeyCommand(['delete'], env).code).toBe(2);
  });
});
