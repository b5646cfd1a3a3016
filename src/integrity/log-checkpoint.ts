import { createHash, sign, verify } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json';
import { badInput } from '../core/domain-error';
import type { LogSigningKeys, PublicSigningKey } from './log-signing-keys';

/**
 * A signed checkpoint of the whole event log: how far it reached (position, event count), a head hash over every
 * event in log order, and each stream's last version and hash. Signed with a key outside DATA_DIR, so whoever can
 * rewrite the data (and recompute every per-stream hash) still cannot make the log match a checkpoint again.
 */

export const LOG_CHECKPOINT_FORMAT = 'stadtteil-ledger/log-checkpoint/v1';
export const SIGNATURE_ALGORITHM = 'Ed25519';

/** A stream's last event at the checkpoint's position. */
export interface StreamTip {
  streamId: string;
  /** Stream version of that event (0-based). */
  version: number;
  hash: string;
}

export interface LogCheckpoint {
  format: typeof LOG_CHECKPOINT_FORMAT;
  createdAt: string;
  /** Position of the last event covered; positions of this store compare as strings. */
  position: string;
  /** Events up to and including `position`. */
  eventCount: number;
  /** H_n = SHA-256(H_{n-1} ‖ hash of event n), hex, over the events in log order; H_0 is the empty string. */
  headHash: string;
  /** Ordered by streamId. */
  streams: StreamTip[];
  /** Key id of the signing key (SHA-256 of its public key's DER). */
  keyId: string;
}

/** The checkpoint as stored and exported. */
export interface SignedLogCheckpoint {
  /** Written with its keys sorted and without whitespace: exactly the bytes the signature covers. */
  checkpoint: LogCheckpoint;
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** Base64 Ed25519 signature over the canonical JSON of `checkpoint`. */
  signature: string;
  /** The signing key's public key (SPKI PEM), for convenience: an auditor checks against the key she trusts. */
  publicKey: string;
}

export const HEAD_HASH_START = '';

/** One step of the head hash over the whole log (both hashes as hex text). */
export const nextHeadHash = (head: string, eventHash: string): string =>
  createHash('sha256').update(head).update(eventHash).digest('hex');

export const signedBytes = (checkpoint: LogCheckpoint): Buffer => Buffer.from(canonicalJson(checkpoint), 'utf8');

export function signCheckpoint(
  fields: Omit<LogCheckpoint, 'format' | 'keyId'>,
  key: LogSigningKeys['current'],
): SignedLogCheckpoint {
  const unsorted: LogCheckpoint = { format: LOG_CHECKPOINT_FORMAT, ...fields, keyId: key.keyId };
  // Rebuilt from its canonical text, so the object's own key order is the signed one (JSON.stringify reproduces it).
  const checkpoint = JSON.parse(canonicalJson(unsorted)) as LogCheckpoint;
  return {
    checkpoint,
    algorithm: SIGNATURE_ALGORITHM,
    signature: sign(null, signedBytes(checkpoint), key.privateKey).toString('base64'),
    publicKey: key.publicKeyPem,
  };
}

/** VALID: signed by a key the service trusts; UNKNOWN_KEY: by a key it does not know; INVALID: not by the key named. */
export type SignatureCheck = 'VALID' | 'INVALID' | 'UNKNOWN_KEY';

export function checkSignature(signed: SignedLogCheckpoint, trusted: ReadonlyMap<string, PublicSigningKey>): SignatureCheck {
  const key = trusted.get(signed.checkpoint.keyId);
  if (!key) return 'UNKNOWN_KEY';
  const signature = Buffer.from(signed.signature, 'base64');
  return verify(null, signedBytes(signed.checkpoint), key.key, signature) ? 'VALID' : 'INVALID';
}

// --- a checkpoint handed in by a caller -------------------------------------------------------------------------

const HEX_HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_STREAM_ID_LENGTH = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Checks the shape of a checkpoint file (as exported) before anything is computed with it; BAD_USER_INPUT names the
 * first field that does not fit. Whether it is genuine is the signature's business (checkSignature).
 */
export function parseSignedCheckpoint(value: unknown, isPosition: (position: string) => boolean): SignedLogCheckpoint {
  const refuse = (field: string, expected: string) =>
    badInput(`The checkpoint is not a log checkpoint file: ${field} must be ${expected}`, { field });
  if (!isRecord(value)) throw refuse('the file', 'an object as GET /exports/log-checkpoint.json gives it');
  const { checkpoint, algorithm, signature, publicKey } = value;
  if (algorithm !== SIGNATURE_ALGORITHM) throw refuse('algorithm', `"${SIGNATURE_ALGORITHM}"`);
  if (typeof signature !== 'string' || !BASE64.test(signature) || Buffer.from(signature, 'base64').length !== 64) {
    throw refuse('signature', 'a base64 Ed25519 signature (64 bytes)');
  }
  if (!isRecord(checkpoint)) throw refuse('checkpoint', 'an object');
  const { format, createdAt, position, eventCount, headHash, streams, keyId } = checkpoint;
  if (format !== LOG_CHECKPOINT_FORMAT) throw refuse('checkpoint.format', `"${LOG_CHECKPOINT_FORMAT}"`);
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw refuse('checkpoint.createdAt', 'a timestamp');
  if (typeof position !== 'string' || !isPosition(position)) throw refuse('checkpoint.position', 'a position of this event store');
  if (!isCount(eventCount)) throw refuse('checkpoint.eventCount', 'a whole number');
  if (typeof headHash !== 'string' || !HEX_HASH.test(headHash)) throw refuse('checkpoint.headHash', 'a SHA-256 hash in hex');
  if (typeof keyId !== 'string' || !HEX_HASH.test(keyId)) throw refuse('checkpoint.keyId', 'a key id (SHA-256 in hex)');
  if (!Array.isArray(streams)) throw refuse('checkpoint.streams', 'a list');
  streams.forEach((tip: unknown, i) => {
    const ok =
      isRecord(tip) &&
      typeof tip.streamId === 'string' &&
      tip.streamId.length > 0 &&
      tip.streamId.length <= MAX_STREAM_ID_LENGTH &&
      isCount(tip.version) &&
      typeof tip.hash === 'string' &&
      HEX_HASH.test(tip.hash);
    if (!ok) throw refuse(`checkpoint.streams[${i}]`, '{ streamId, version, hash }');
  });
  return {
    checkpoint: checkpoint as unknown as LogCheckpoint,
    algorithm: SIGNATURE_ALGORITHM,
    signature,
    publicKey: typeof publicKey === 'string' ? publicKey : '',
  };
}
