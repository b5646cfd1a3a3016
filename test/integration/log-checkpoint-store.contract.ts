import { generateKeyPairSync } from 'node:crypto';
import type { LogCheckpointStore } from '../../src/integrity/checkpoint-store/log-checkpoint-store.port';
import { KEPT_CHECKPOINTS } from '../../src/integrity/checkpoint-store/log-checkpoint-store.port';
import { signCheckpoint, type SignedLogCheckpoint } from '../../src/integrity/log-checkpoint';
import { publicSigningKey } from '../../src/integrity/log-signing-keys';

/** The behaviour every LogCheckpointStore adapter must show; each test opens an empty store. */
export function describeLogCheckpointStoreContract(
  adapterName: string,
  open: () => Promise<{ store: LogCheckpointStore; cleanup: () => Promise<void> }>,
): void {
  describe(`LogCheckpointStore contract: ${adapterName}`, () => {
    let store: LogCheckpointStore;
    let cleanup: () => Promise<void>;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = { ...publicSigningKey(publicKey), privateKey };

    const checkpointAt = (position: number, createdAt = '2026-03-01T10:00:00.000Z'): SignedLogCheckpoint =>
      signCheckpoint(
        {
          createdAt,
          position: String(position).padStart(16, '0'),
          eventCount: position,
          headHash: 'a'.repeat(64),
          streams: [{ streamId: 'district-ä', version: position - 1, hash: 'b'.repeat(64) }],
        },
        key,
      );

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('has no checkpoint at first', async () => {
      expect(await store.latest()).toBeNull();
    });

    it('gives back the checkpoint with the highest position exactly as it was added', async () => {
      const [first, second] = [checkpointAt(5), checkpointAt(9)];
      await store.add(second);
      await store.add(first);
      expect(JSON.stringify(await store.latest())).toBe(JSON.stringify(second));
      const again = checkpointAt(9, '2026-03-01T11:00:00.000Z');
      await store.add(again);
      expect(await store.latest()).toEqual(again);
    });

    it(`gives the newest checkpoint once older ones are pruned to ${KEPT_CHECKPOINTS}`, async () => {
      for (let position = 1; position <= KEPT_CHECKPOINTS + 5; position++) await store.add(checkpointAt(position));
      expect((await store.latest())?.checkpoint.position).toBe(String(KEPT_CHECKPOINTS + 5).padStart(16, '0'));
    });
  });
}
