import { InvalidPositionError } from '../event-store.errors';

/**
 * Positions of the SQLite store: the global position (the events table's AUTOINCREMENT key) as a 16-digit
 * zero-padded decimal string, so positions compare correctly as plain strings.
 */

export const POSITION_DIGITS = 16;

const POSITION_PATTERN = /^\d{16}$/;
const EXPECTED = `a ${POSITION_DIGITS}-digit decimal string`;

export function formatPosition(position: number): string {
  return String(position).padStart(POSITION_DIGITS, '0');
}

/** Parses a position given by a caller; a malformed one is an input error (callers map it to BAD_USER_INPUT). */
export function parsePosition(position: string): number {
  if (typeof position !== 'string' || !POSITION_PATTERN.test(position)) {
    throw new InvalidPositionError(position, EXPECTED);
  }
  const value = Number(position);
  if (!Number.isSafeInteger(value)) throw new InvalidPositionError(position, EXPECTED);
  return value;
}
