import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import type { RecordedEvent } from '../../../src/core/envelope';
import { formatPosition } from '../../../src/event-store/sqlite/sqlite-position';
import { CheckpointComparison, compareStreamWithCheckpoint } from '../../../src/integrity/checkpoint-comparison';
import {
  checkSignature,
  type LogCheckpoint,
  nextHeadHash,
  parseSignedCheckpoint,
  signCheckpoint,
  type StreamTip,
} from '../../../src/integrity/log-checkpoint';
import { publicSigningKey } from '../../../src/integrity/log-signing-keys';

const newKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...publicSigningKey(publicKey), privateKey };
};
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const isPosition = (value: string) => /^\d{16}$/.test(value);

/** An event as the comparison sees it: position, stream, version and stored hash. */
const event = (position: number, streamId: string, streamVersion: number): RecordedEvent => ({
  eventId: `e${position}`,
  type: 'Noted',
  data: {},
  streamId,
  streamVersion,
  position: formatPosition(position),
  metadata: { hash: hashOf(`${streamId}/${streamVersion}`) } as RecordedEvent['metadata'],
});

/** The checkpoint these events give at their last position. */
function checkpointOf(events: RecordedEvent[]): LogCheckpoint {
  const tips = new Map<string, StreamTip>();
  for (const e of events) tips.set(e.streamId, { streamId: e.streamId, version: e.streamVersion, hash: e.metadata.hash });
  return {
    format: 'stadtteil-ledger/log-checkpoint/v1',
    createdAt: '2026-03-01T10:00:00.000Z',
    position: events[events.length - 1].position,
    eventCount: events.length,
    headHash: events.reduce((head, e) => nextHeadHash(head, e.metadata.hash), ''),
    streams: [...tips.values()].sort((a, b) => a.streamId.localeCompare(b.streamId)),
    keyId: '0'.repeat(64),
  };
}

function compare(checkpoint: LogCheckpoint, log: RecordedEvent[]) {
  const comparison = new CheckpointComparison(checkpoint);
  for (const e of log) comparison.add(e);
  return comparison.findings(log.length > 0 ? log[log.length - 1].position : null);
}

const LOG = [event(1, 'district-a', 0), event(2, 'goal-b', 0), event(3, 'district-a', 1), event(4, 'goal-b', 1)];

describe('log checkpoint', () => {
  it('chains the head hash over the event hashes in log order: H_n = SHA-256(H_{n-1} ‖ hash_n), H_0 empty', () => {
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    expect(nextHeadHash(nextHeadHash('', a), b)).toBe(hashOf(hashOf(a) + b));
  });

  it('signs the canonical JSON of the checkpoint, which the exported file reproduces for plain node:crypto', () => {
    const key = newKey();
    const { format: _format, keyId: _keyId, ...fields } = checkpointOf(LOG);
    const file = JSON.parse(JSON.stringify(signCheckpoint(fields, key), null, 2)) as ReturnType<typeof signCheckpoint>;
    // As an auditor would, with nothing of this code base.
    const bytes = Buffer.from(JSON.stringify(file.checkpoint));
    expect(verify(null, bytes, createPublicKey(file.publicKey), Buffer.from(file.signature, 'base64'))).toBe(true);
    expect(file.checkpoint.keyId).toBe(createHash('sha256').update(key.key.export({ type: 'spki', format: 'der' })).digest('hex'));
    expect(checkSignature(file, new Map([[key.keyId, key]]))).toBe('VALID');
    expect(checkSignature(file, new Map())).toBe('UNKNOWN_KEY');
    const altered = { ...file, checkpoint: { ...file.checkpoint, streams: file.checkpoint.streams.slice(1) } };
    expect(checkSignature(altered, new Map([[key.keyId, key]]))).toBe('INVALID');
  });

  it('takes a checkpoint file only in its exported shape, naming the first field that does not fit', () => {
    const { format: _format, keyId: _keyId, ...fields } = checkpointOf(LOG);
    const file = signCheckpoint(fields, newKey());
    expect(parseSignedCheckpoint(JSON.parse(JSON.stringify(file)), isPosition)).toEqual(file);
    const refused = (value: unknown) => {
      try {
        parseSignedCheckpoint(value, isPosition);
        return null;
      } catch (error) {
        return { code: (error as { code?: string }).code, field: (error as { details?: { field?: string } }).details?.field };
      }
    };
    expect(refused('checkpoint')).toEqual({ code: 'BAD_USER_INPUT', field: 'the file' });
    expect(refused({ ...file, algorithm: 'RS256' })).toEqual({ code: 'BAD_USER_INPUT', field: 'algorithm' });
    expect(refused({ ...file, signature: 'c2ln' })).toEqual({ code: 'BAD_USER_INPUT', field: 'signature' });
    expect(refused({ ...file, checkpoint: { ...file.checkpoint, position: '12' } })).toEqual({ code: 'BAD_USER_INPUT', field: 'checkpoint.position' });
    expect(refused({ ...file, checkpoint: { ...file.checkpoint, eventCount: -1 } })).toEqual({ code: 'BAD_USER_INPUT', field: 'checkpoint.eventCount' });
    expect(refused({ ...file, checkpoint: { ...file.checkpoint, streams: [{ streamId: 'x', version: 1 }] } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'checkpoint.streams[0]',
    });
  });

  describe('comparison with the log', () => {
    const checkpoint = checkpointOf(LOG);
    const kinds = (log: RecordedEvent[]) => compare(checkpoint, log).findings.map((f) => [f.kind, f.streamId, f.expected, f.found]);

    it('finds nothing in the same log, or in one that only grew beyond the checkpoint', () => {
      expect(compare(checkpoint, LOG)).toEqual({ truncated: false, rewritten: false, findings: [], findingCount: 0 });
      expect(compare(checkpoint, [...LOG, event(5, 'measure-c', 0)]).findingCount).toBe(0);
    });

    it('tells truncation from rewrites', () => {
      expect(kinds([LOG[0], LOG[2]])).toEqual([
        ['LOG_ENDS_BEFORE_CHECKPOINT', null, '0000000000000004', '0000000000000003'],
        ['EVENTS_MISSING', null, '4', '2'],
        ['STREAM_MISSING', 'goal-b', '1', null],
      ]);
      // An event slipped into goal-b before the checkpoint position, the stream's later events renumbered.
      const inserted = [LOG[0], LOG[1], event(2, 'goal-b', 1), LOG[2], event(4, 'goal-b', 2)];
      expect(kinds(inserted)).toEqual([
        ['EVENTS_ADDED', null, '4', '5'],
        ['STREAM_LONGER', 'goal-b', '1', '2'],
      ]);
      expect(kinds([LOG[0], LOG[1], LOG[2], event(4, 'grant-d', 0)])).toEqual([
        ['HEAD_HASH_MISMATCH', null, checkpoint.headHash, expect.any(String)],
        ['STREAM_SHORTER', 'goal-b', '1', '0'],
        ['STREAM_NOT_IN_CHECKPOINT', 'grant-d', null, '0'],
      ]);
      expect(compare(checkpoint, [LOG[0], LOG[2]])).toMatchObject({ truncated: true, rewritten: false });
      expect(compare(checkpoint, inserted)).toMatchObject({ truncated: false, rewritten: true });
    });

    it("compares one stream's tip at the checkpoint position", () => {
      expect(compareStreamWithCheckpoint(checkpoint, 'goal-b', [LOG[1], LOG[3], event(9, 'goal-b', 2)]).findingCount).toBe(0);
      expect(compareStreamWithCheckpoint(checkpoint, 'goal-b', [LOG[1]]).findings).toEqual([
        { kind: 'STREAM_SHORTER', streamId: 'goal-b', expected: '1', found: '0' },
      ]);
      expect(compareStreamWithCheckpoint(checkpoint, 'measure-c', [event(9, 'measure-c', 0)]).findingCount).toBe(0);
    });
  });
});
