import { decodeCursor, encodeCursor, isScalar, type CursorPosition } from './read-store.cursor';
import type { Doc, FieldCondition, Filter, FindOptions, Page, Scalar, SortField } from './read-store.port';

/**
 * Validation and normalisation shared by the ReadStore adapters, so both accept exactly the same input and the
 * adapters only translate an already-checked plan into SQL or a MongoDB query.
 *
 * Semantics both adapters implement (proved by test/integration/read-store.contract.ts):
 * - A missing field and an explicit `null` are the same thing: `{ f: null }` and `$in: [null]` match both,
 *   `{ f: { $ne: null } }` matches neither, `$ne: v` matches documents where the field is missing or null.
 * - Comparisons are typed (MongoDB's type bracketing): `1` never equals `true` or `'1'`; `$gt: 0` only matches numbers,
 *   `$gt: ''` only strings. Strings compare by UTF-8 bytes (binary collation).
 * - Sorting puts null/missing first in `asc` and last in `desc`; `id` ascending breaks ties.
 *   A sort field should hold one JSON type (plus null/missing); mixing types in one sorted field is unsupported.
 * - Filter and sort fields must hold scalars; matching against array- or object-valued fields is unsupported.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';

export type Predicate =
  | { field: string; op: 'eq' | 'ne'; value: Scalar }
  | { field: string; op: RangeOperator; value: string | number }
  | { field: string; op: 'in'; values: Scalar[] };

export interface FindPlan {
  predicates: Predicate[];
  /** The requested sort, always ending with an `id` key. */
  sort: SortField[];
  limit: number;
  after: CursorPosition | null;
}

/** One alternative of the keyset condition: the earlier keys equal the cursor's, this key lies beyond it. */
export interface KeysetBranch {
  equal: { field: string; value: Scalar }[];
  beyond: { field: string; direction: SortField['direction']; value: Scalar };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Identifier segments only: keeps paths safe to embed in SQL and free of MongoDB's positional `a.0` meaning. */
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_PATH_LENGTH = 200;

export function assertCollectionName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(`Invalid collection name ${JSON.stringify(name)}: use 1-64 letters, digits and underscores`);
  }
}

export function assertFieldPath(path: string): void {
  const segments = typeof path === 'string' && path.length <= MAX_PATH_LENGTH ? path.split('.') : [];
  if (segments.length === 0 || !segments.every((segment) => SEGMENT.test(segment)) || segments[0] === '_id') {
    throw new TypeError(
      `Invalid field path ${JSON.stringify(path)}: ` +
        'use dot-separated identifiers (letters, digits, underscores; not starting with a digit), not _id',
    );
  }
}

export function assertDoc(doc: Doc): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new TypeError('A read-store document must be a JSON object');
  }
  if (typeof doc.id !== 'string' || doc.id.length === 0) {
    throw new TypeError('A read-store document needs a non-empty string id');
  }
  if ('_id' in doc) {
    throw new TypeError(`Document ${JSON.stringify(doc.id)} must not have an _id field (the store keys by id)`);
  }
}

/** The field's value, or undefined when any step of the path is missing or not an object. */
export function valueAt(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function planFind(options: FindOptions = {}): FindPlan {
  const sort = normaliseSort(options.sort ?? []);
  const after = options.after === undefined || options.after === null ? null : decodeCursor(options.after, sort);
  return { predicates: normaliseFilter(options.filter ?? {}), sort, limit: normaliseLimit(options.limit), after };
}

/** Builds the page from up to `limit + 1` rows: the extra row only proves there is a next page. */
export function toPage<T extends Doc>(rows: T[], plan: FindPlan): Page<T> {
  const hasNextPage = rows.length > plan.limit;
  const items = hasNextPage ? rows.slice(0, plan.limit) : rows;
  const cursors = items.map((item) => encodeCursor(plan.sort, positionOf(item, plan.sort)));
  return { items, cursors, hasNextPage, endCursor: cursors.at(-1) ?? null };
}

/**
 * Rows after the cursor in (sort, id) order: OR over the keys of "all earlier keys equal, this key beyond".
 * Beyond `null` in a descending key there is nothing (nulls come last), so that branch is left out.
 */
export function keysetBranches(sort: readonly SortField[], after: CursorPosition): KeysetBranch[] {
  const values = [...after.values, after.id];
  const branches: KeysetBranch[] = [];
  sort.forEach((key, index) => {
    const value = values[index];
    if (key.direction === 'desc' && value === null) return;
    const equal = sort.slice(0, index).map((earlier, i) => ({ field: earlier.field, value: values[i] }));
    branches.push({ equal, beyond: { field: key.field, direction: key.direction, value } });
  });
  return branches;
}

/**
 * A redundant bound on the first sort key that lets an index range scan start at the cursor instead of testing the
 * OR of branches on every row. Only the two cases that are a single range are returned.
 */
export function keysetLeadingBound(
  sort: readonly SortField[],
  after: CursorPosition,
): { field: string; op: 'gte'; value: Exclude<Scalar, null> } | { field: string; op: 'isNull' } | null {
  const [first] = sort;
  const value = sort.length === 1 ? after.id : after.values[0];
  if (first.direction === 'asc' && value !== null) return { field: first.field, op: 'gte', value };
  if (first.direction === 'desc' && value === null) return { field: first.field, op: 'isNull' };
  return null;
}

function positionOf(doc: Doc, sort: readonly SortField[]): CursorPosition {
  const values = sort.slice(0, -1).map(({ field }) => {
    const value = valueAt(doc, field) ?? null;
    if (!isScalar(value)) {
      throw new TypeError(`Cannot page by ${field}: document ${JSON.stringify(doc.id)} holds a non-scalar value there`);
    }
    return value;
  });
  return { values, id: doc.id };
}

function normaliseLimit(limit: number | undefined | null): number {
  if (limit === undefined || limit === null) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  }
  return Math.min(limit, MAX_LIMIT);
}

function normaliseSort(sort: readonly SortField[]): SortField[] {
  const keys: SortField[] = [];
  for (const { field, direction } of sort) {
    assertFieldPath(field);
    if (direction !== 'asc' && direction !== 'desc') {
      throw new TypeError(`Sort direction for ${field} must be 'asc' or 'desc'`);
    }
    if (keys.some((key) => key.field === field)) {
      throw new TypeError(`Sort field ${field} is listed twice`);
    }
    keys.push({ field, direction });
    // id is unique: keys after it could never decide anything.
    if (field === 'id') return keys;
  }
  keys.push({ field: 'id', direction: 'asc' });
  return keys;
}

// A Map, not an object literal: operator names come from callers and must not reach Object.prototype.
const RANGE_OPERATORS = new Map<string, RangeOperator>([
  ['$gt', 'gt'],
  ['$gte', 'gte'],
  ['$lt', 'lt'],
  ['$lte', 'lte'],
]);

/** Conditions whose value is `undefined` are ignored, so callers can pass optional arguments straight through. */
function normaliseFilter(filter: Filter): Predicate[] {
  const predicates: Predicate[] = [];
  for (const [field, condition] of Object.entries(filter) as [string, FieldCondition | undefined][]) {
    assertFieldPath(field);
    if (condition === undefined) continue;
    if (isScalar(condition)) {
      predicates.push({ field, op: 'eq', value: condition });
      continue;
    }
    if (typeof condition !== 'object' || Array.isArray(condition)) {
      throw new TypeError(`Condition on ${field} must be a scalar or an operator object`);
    }
    for (const [operator, operand] of Object.entries(condition) as [string, unknown][]) {
      if (operand === undefined) continue;
      predicates.push(operatorPredicate(field, operator, operand));
    }
  }
  return predicates;
}

function operatorPredicate(field: string, operator: string, operand: unknown): Predicate {
  const invalid = (expected: string) =>
    new TypeError(`${operator} on ${field} expects ${expected}, got ${JSON.stringify(operand)}`);
  if (operator === '$eq' || operator === '$ne') {
    if (!isScalar(operand)) throw invalid('a string, finite number, boolean or null');
    return { field, op: operator === '$eq' ? 'eq' : 'ne', value: operand };
  }
  if (operator === '$in') {
    if (!Array.isArray(operand) || !operand.every(isScalar)) throw invalid('an array of scalars');
    return { field, op: 'in', values: [...operand] };
  }
  const range = RANGE_OPERATORS.get(operator);
  if (range !== undefined) {
    if (typeof operand !== 'string' && !(typeof operand === 'number' && Number.isFinite(operand))) {
      throw invalid('a string or a finite number');
    }
    return { field, op: range, value: operand };
  }
  throw new TypeError(`Unsupported operator ${operator} on ${field} (use $eq $ne $gt $gte $lt $lte $in)`);
}
