import type { Document } from 'mongodb';
import type { CollectionSpec, Scalar } from '../read-store.port';
import {
  assertFieldPath,
  keysetBranches,
  keysetLeadingBound,
  type FindPlan,
  type Predicate,
} from '../read-store.query';

/**
 * Pure translation of a validated FindPlan into MongoDB query documents (kept apart from the adapter so it can be unit
 * tested without a server). MongoDB's own semantics are the reference the SQLite adapter imitates: `{ $eq: null }`
 * matches null and missing, `$ne` matches missing, comparisons are type-bracketed, null sorts first.
 */

export const DEFAULT_DATABASE = 'stadtteil_ledger';

/** Documents are stored with `_id` = id; the `id` field itself is not stored. */
export function mongoField(field: string): string {
  return field === 'id' ? '_id' : field;
}

/** Always an operator object (never `{ f: value }`), so a value can never be read as an operator. */
function condition(field: string, operator: string, value: Scalar | Scalar[]): Document {
  return { [mongoField(field)]: { [operator]: value } };
}

export function predicateFilter(predicate: Predicate): Document {
  if (predicate.op === 'in') return condition(predicate.field, '$in', predicate.values);
  return condition(predicate.field, `$${predicate.op}`, predicate.value);
}

/** Keyset pagination: an `$or` over the sort keys, plus a leading range on the first key for the index. */
function keysetFilters(plan: FindPlan): Document[] {
  if (plan.after === null) return [];
  const filters: Document[] = [];
  const lead = keysetLeadingBound(plan.sort, plan.after);
  if (lead !== null) {
    filters.push(lead.op === 'isNull' ? condition(lead.field, '$eq', null) : condition(lead.field, '$gte', lead.value));
  }
  const branches = keysetBranches(plan.sort, plan.after).map(({ equal, beyond }) => {
    const terms = equal.map(({ field, value }) => condition(field, '$eq', value));
    if (beyond.value === null) terms.push(condition(beyond.field, '$ne', null));
    else if (beyond.direction === 'asc') terms.push(condition(beyond.field, '$gt', beyond.value));
    // Nulls sort last in descending order, so they still lie beyond any value.
    else terms.push({ $or: [condition(beyond.field, '$lt', beyond.value), condition(beyond.field, '$eq', null)] });
    return terms.length === 1 ? terms[0] : { $and: terms };
  });
  filters.push(branches.length === 0 ? { _id: { $in: [] } } : { $or: branches });
  return filters;
}

export function findFilter(plan: FindPlan): Document {
  const filters = [...plan.predicates.map(predicateFilter), ...keysetFilters(plan)];
  if (filters.length === 0) return {};
  return filters.length === 1 ? filters[0] : { $and: filters };
}

/** Key/direction pairs rather than an object, so key order can never be reshuffled. */
export function findSort(plan: FindPlan): [string, 1 | -1][] {
  return plan.sort.map(({ field, direction }) => [mongoField(field), direction === 'asc' ? 1 : -1]);
}

/** One key per declared index, with `_id` appended so the keyset tie-breaker is covered (as in SQLite). */
export function indexKeys(spec: CollectionSpec): Map<string, 1>[] {
  return (spec.indexes ?? []).flatMap((fields) => {
    if (fields.length === 0) throw new TypeError(`An index of collection "${spec.name}" lists no fields`);
    fields.forEach(assertFieldPath);
    if (fields.length === 1 && fields[0] === 'id') return []; // _id is always indexed
    const columns = fields.includes('id') ? fields : [...fields, 'id'];
    return [new Map(columns.map((field): [string, 1] => [mongoField(field), 1]))];
  });
}

/** The explicit name, else the database in the connection string's path, else DEFAULT_DATABASE. */
export function databaseName(url: string, explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  // Hosts never contain '/' (the URI spec requires userinfo to percent-encode it), so the path starts at the first '/'.
  const path = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(url)?.[1];
  const name = path === undefined ? '' : decodeURIComponent(path);
  return name === '' ? DEFAULT_DATABASE : name;
}
