import { createHash } from 'node:crypto';
import type { Scalar, SortField } from './read-store.port';

/**
 * Page cursors, shared by every ReadStore adapter so the format lives in one place.
 *
 * A cursor is keyset position: the sort values and the id of the last item of a page, plus a short signature of the
 * sort it was made for. It travels as base64url(JSON) and is opaque to clients.
 */

/** Thrown for a cursor that is not one of ours or belongs to another sort. API layers map it to BAD_USER_INPUT. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
  }
}

/** Where the previous page ended: `values[i]` belongs to `sort[i]`; the final sort key is always `id`. */
export interface CursorPosition {
  values: Scalar[];
  id: string;
}

const VERSION = 1;
/** Far above any honest cursor; stops a client from making us decode megabytes. */
const MAX_CURSOR_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A cursor only fits the sort it was made for; the signature catches reuse with another sort. */
function signature(sort: readonly SortField[]): string {
  const text = sort.map((key) => `${key.field}:${key.direction}`).join(',');
  return createHash('sha256').update(text).digest('base64url').slice(0, 8);
}

/** @param sort the normalised sort, ending with the `id` key. */
export function encodeCursor(sort: readonly SortField[], position: CursorPosition): string {
  const payload = [VERSION, signature(sort), position.id, ...position.values];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** @param sort the normalised sort, ending with the `id` key. */
export function decodeCursor(cursor: string, sort: readonly SortField[]): CursorPosition {
  const wellFormed = typeof cursor === 'string' && cursor.length <= MAX_CURSOR_LENGTH && BASE64URL.test(cursor);
  if (!wellFormed) {
    throw new InvalidCursorError('not a cursor string');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cannot be decoded');
  }
  if (!Array.isArray(payload) || payload[0] !== VERSION) {
    throw new InvalidCursorError('unknown format');
  }
  const [, sig, id, ...values] = payload as unknown[];
  if (sig !== signature(sort)) {
    throw new InvalidCursorError('it was made for a different sort');
  }
  if (typeof id !== 'string' || values.length !== sort.length - 1 || !values.every(isScalar)) {
    throw new InvalidCursorError('malformed position');
  }
  return { id, values };
}

export function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
