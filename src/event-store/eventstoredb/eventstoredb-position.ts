import type { Position } from '@eventstore/db-client';
import { InvalidPositionError } from '../event-store.errors';

/**
 * Codec between EventStoreDB `$all` positions ({ commit, prepare } as unsigned 64-bit bigints) and the port's opaque
 * position strings. The string is 16 lowercase hex digits of `commit` followed by 16 of `prepare`: fixed width, so
 * plain string comparison orders positions exactly as EventStoreDB orders `$all` (commit first, then prepare).
 */

const HEX_DIGITS = 16;
const MAX_U64 = (1n << 64n) - 1n;
const ENCODED = /^[0-9a-f]{32}$/;
const EXPECTED = 'an EventStoreDB position: 32 lowercase hex digits (16 commit + 16 prepare)';

export function encodePosition(position: Position): string {
  return toHex(position.commit, 'commit') + toHex(position.prepare, 'prepare');
}

/** True for the canonical encoded form, the only one encodePosition produces and decodePosition accepts. */
export function isEncodedPosition(value: unknown): value is string {
  return typeof value === 'string' && ENCODED.test(value);
}

/** Parses a position given by a caller; a malformed one is an input error (InvalidPositionError → BAD_USER_INPUT). */
export function decodePosition(encoded: string): Position {
  // Only the canonical form is accepted, so decode(encode(p)) and encode(decode(s)) are both identities.
  if (!isEncodedPosition(encoded)) throw new InvalidPositionError(encoded, EXPECTED);
  return {
    commit: BigInt(`0x${encoded.slice(0, HEX_DIGITS)}`),
    prepare: BigInt(`0x${encoded.slice(HEX_DIGITS)}`),
  };
}

/** Negative when a is before b in `$all`, 0 when equal, positive when after. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * Stream reads carry the `$all` position only on servers newer than 22.6 (see RecordedEvent.position in the client's
 * types/events.d.ts); older servers leave the protobuf fields at 0 or send the "no position" sentinel (2^64-1).
 * Neither can be the position of a user event, so both count as unknown.
 */
export function isKnownPosition(position: Position | undefined): position is Position {
  if (!position) return false;
  if (position.commit === 0n && position.prepare === 0n) return false;
  return position.commit !== MAX_U64 && position.prepare !== MAX_U64;
}

function toHex(value: bigint, part: string): string {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_U64) {
    throw new Error(`Cannot encode EventStoreDB position: ${part} ${String(value)} is not an unsigned 64-bit integer`);
  }
  return value.toString(16).padStart(HEX_DIGITS, '0');
}
