import type Database from 'better-sqlite3';
import type { CollectionSpec, Doc, FindOptions, Page, Scalar, SortField } from '../read-store.port';
import {
  assertCollectionName,
  assertDoc,
  assertFieldPath,
  keysetBranches,
  keysetLeadingBound,
  planFind,
  toPage,
  type FindPlan,
  type Predicate,
} from '../read-store.query';

/**
 * Synchronous collection operations on one better-sqlite3 connection. The adapter decides which connection
 * (reader or writer) and when (inside its write queue or not); this class only speaks SQL.
 *
 * Layout: one table `rm_<collection>` (id TEXT PRIMARY KEY, doc TEXT holding the JSON document). Fields are read with
 * `json_extract(doc, '$."a"."b"')`; declared indexes are expression indexes over exactly the same text, which is what
 * lets SQLite's planner use them. Collection names and field paths are validated identifiers before they are
 * embedded in SQL; values are always bound parameters.
 */

type SqlValue = string | number | null;

const STATEMENT_CACHE_SIZE = 256;

export function tableName(collection: string): string {
  assertCollectionName(collection);
  return `rm_${collection}`;
}

export function indexName(table: string, fields: readonly string[]): string {
  return `ix:${table}(${fields.join(',')})`;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function jsonPath(field: string): string {
  return `$${field
    .split('.')
    .map((segment) => `."${segment}"`)
    .join('')}`;
}

/** `id` is a real column (also the primary key); every other field lives in the JSON. */
function valueExpr(field: string): string {
  return field === 'id' ? 'id' : `json_extract(doc, '${jsonPath(field)}')`;
}

function typeExpr(field: string): string {
  return `json_type(doc, '${jsonPath(field)}')`;
}

/**
 * json_extract turns true/false into 1/0 and objects into JSON text, so comparisons also check the JSON type to keep
 * MongoDB's typed semantics (1 is not true, '{}' is not an object). `0` means "can never match".
 */
function typeGuard(field: string, value: string | number | boolean): string | null {
  if (field === 'id') return typeof value === 'string' ? null : '0';
  if (typeof value === 'string') return `${typeExpr(field)} = 'text'`;
  if (typeof value === 'number') return `${typeExpr(field)} IN ('integer', 'real')`;
  return `${typeExpr(field)} = '${value ? 'true' : 'false'}'`;
}

/** Collects bound parameters in the order their placeholders appear. */
class Params {
  readonly values: SqlValue[] = [];

  bind(value: Scalar): string {
    this.values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return '?';
  }
}

function equalsSql(field: string, value: Scalar, params: Params): string {
  if (value === null) return `${valueExpr(field)} IS NULL`;
  const guard = typeGuard(field, value);
  if (guard === '0') return '0';
  const comparison = `${valueExpr(field)} = ${params.bind(value)}`;
  return guard === null ? comparison : `(${comparison} AND ${guard})`;
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function predicateSql(predicate: Predicate, params: Params): string {
  const expr = valueExpr(predicate.field);
  switch (predicate.op) {
    case 'eq':
      return equalsSql(predicate.field, predicate.value, params);
    case 'ne':
      // IFNULL: a missing field makes the comparison NULL, and "not equal" must include missing documents.
      return predicate.value === null
        ? `${expr} IS NOT NULL`
        : `NOT IFNULL(${equalsSql(predicate.field, predicate.value, params)}, 0)`;
    case 'in': {
      const alternatives = predicate.values.map((value) => equalsSql(predicate.field, value, params));
      return alternatives.length === 0 ? '0' : `(${alternatives.join(' OR ')})`;
    }
    default: {
      const guard = typeGuard(predicate.field, predicate.value);
      if (guard === '0') return '0';
      const comparison = `${expr} ${RANGE_SQL[predicate.op]} ${params.bind(predicate.value)}`;
      return guard === null ? comparison : `(${comparison} AND ${guard})`;
    }
  }
}

/** Keyset comparisons use plain SQLite ordering, the same ordering ORDER BY applies (NULL first). */
function keysetSql(plan: FindPlan, params: Params): string[] {
  if (plan.after === null) return [];
  const clauses: string[] = [];
  const lead = keysetLeadingBound(plan.sort, plan.after);
  if (lead !== null) {
    const expr = valueExpr(lead.field);
    clauses.push(lead.op === 'isNull' ? `${expr} IS NULL` : `${expr} >= ${params.bind(lead.value)}`);
  }
  const branches = keysetBranches(plan.sort, plan.after).map(({ equal, beyond }) => {
    const terms = equal.map(({ field, value }) =>
      value === null ? `${valueExpr(field)} IS NULL` : `${valueExpr(field)} = ${params.bind(value)}`,
    );
    const expr = valueExpr(beyond.field);
    if (beyond.value === null) terms.push(`${expr} IS NOT NULL`);
    else if (beyond.direction === 'asc') terms.push(`${expr} > ${params.bind(beyond.value)}`);
    else terms.push(`(${expr} < ${params.bind(beyond.value)} OR ${expr} IS NULL)`);
    return `(${terms.join(' AND ')})`;
  });
  clauses.push(branches.length === 0 ? '0' : `(${branches.join(' OR ')})`);
  return clauses;
}

function orderBySql(sort: readonly SortField[]): string {
  return sort.map(({ field, direction }) => `${valueExpr(field)} ${direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
}

/**
 * Duck-typed on purpose: better-sqlite3's SqliteError may come from another realm (e.g. when Jest shares the native
 * module between test files), where `instanceof Error` is false.
 */
function isMissingTable(error: unknown): boolean {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message.startsWith('no such table');
}

/** The fixed statements of one collection, built once: the projection runner issues them thousands of times a batch. */
interface CollectionSql {
  table: string;
  get: string;
  getMany: string;
  upsert: string;
  delete: string;
}

function collectionSql(collection: string): CollectionSql {
  const table = tableName(collection);
  const quoted = quote(table);
  return {
    table,
    get: `SELECT doc FROM ${quoted} WHERE id = ?`,
    // One JSON array parameter instead of N placeholders: no variable limit, one cached statement.
    getMany: `SELECT doc FROM ${quoted} WHERE id IN (SELECT value FROM json_each(?))`,
    upsert: `INSERT INTO ${quoted} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
    delete: `DELETE FROM ${quoted} WHERE id = ?`,
  };
}

export class SqliteCollections {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly sqlByCollection = new Map<string, CollectionSql>();

  constructor(private readonly db: Database.Database) {}

  get<T extends Doc>(collection: string, id: string): T | null {
    const sql = this.sqlOf(collection);
    return this.whenPresent(null, () => {
      const row = this.statement(sql.get).get(id) as { doc: string } | undefined;
      return row === undefined ? null : (JSON.parse(row.doc) as T);
    });
  }

  getMany<T extends Doc>(collection: string, ids: readonly string[]): T[] {
    const sql = this.sqlOf(collection);
    if (ids.length === 0) return [];
    return this.whenPresent([], () => this.docs<T>(this.statement(sql.getMany).all(JSON.stringify(ids))));
  }

  find<T extends Doc>(collection: string, options?: FindOptions): Page<T> {
    const table = tableName(collection);
    const plan = planFind(options);
    const { sql, params } = this.findSql(table, plan);
    const rows = this.whenPresent([], () => this.docs<T>(this.statement(sql).all(...params)));
    return toPage(rows, plan);
  }

  /** The query plan SQLite picks for `find` (diagnostics and tests). */
  explainFind(collection: string, options?: FindOptions): string[] {
    const { sql, params } = this.findSql(tableName(collection), planFind(options));
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((row) => row.detail);
  }

  put(collection: string, doc: Doc): void {
    const sql = this.sqlOf(collection);
    assertDoc(doc);
    const json = JSON.stringify(doc);
    try {
      this.statement(sql.upsert).run(doc.id, json);
    } catch (error) {
      // Like MongoDB, writing to a collection that was never ensured creates it (without indexes).
      if (!isMissingTable(error)) throw error;
      this.createTable(sql.table);
      this.statement(sql.upsert).run(doc.id, json);
    }
  }

  delete(collection: string, id: string): void {
    const sql = this.sqlOf(collection);
    this.whenPresent(undefined, () => {
      this.statement(sql.delete).run(id);
    });
  }

  ensure(spec: CollectionSpec): void {
    const table = tableName(spec.name);
    const indexes = this.indexStatements(table, spec);
    this.db
      .transaction(() => {
        this.createTable(table);
        for (const sql of indexes) this.db.exec(sql);
      })
      .immediate();
  }

  drop(collection: string): void {
    this.db.exec(`DROP TABLE IF EXISTS ${quote(tableName(collection))}`);
  }

  /**
   * Drop target, rename source to target, declare the spec's indexes, all in one SQLite transaction: readers on other
   * connections keep seeing the old target until COMMIT. Index names embed the table name, so the source's indexes
   * are dropped and re-created under the target's name (a short index build inside the swap).
   */
  replace(source: string, target: string, spec: CollectionSpec): void {
    const from = tableName(source);
    const to = tableName(target);
    if (from === to) throw new Error(`Cannot replace collection "${target}" with itself`);
    const indexes = this.indexStatements(to, spec);
    this.db
      .transaction(() => {
        const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(from);
        if (exists === undefined) {
          throw new Error(`Cannot replace collection "${target}": source collection "${source}" does not exist`);
        }
        const own = this.db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
          .all(from) as { name: string }[];
        for (const { name } of own) this.db.exec(`DROP INDEX ${quote(name)}`);
        this.db.exec(`DROP TABLE IF EXISTS ${quote(to)}`);
        this.db.exec(`ALTER TABLE ${quote(from)} RENAME TO ${quote(to)}`);
        for (const sql of indexes) this.db.exec(sql);
      })
      .immediate();
  }

  private createTable(table: string): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${quote(table)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  }

  private indexStatements(table: string, spec: CollectionSpec): string[] {
    return (spec.indexes ?? []).flatMap((fields) => {
      if (fields.length === 0) throw new TypeError(`An index of collection "${spec.name}" lists no fields`);
      fields.forEach(assertFieldPath);
      if (fields.length === 1 && fields[0] === 'id') return []; // the primary key already is that index
      // id is appended so "ORDER BY field, id" (the keyset tie-breaker) is served by the index without a sort step.
      const columns = fields.includes('id') ? fields : [...fields, 'id'];
      const expressions = columns.map(valueExpr).join(', ');
      return [`CREATE INDEX IF NOT EXISTS ${quote(indexName(table, fields))} ON ${quote(table)} (${expressions})`];
    });
  }

  private findSql(table: string, plan: FindPlan): { sql: string; params: SqlValue[] } {
    const params = new Params();
    const where = [...plan.predicates.map((predicate) => predicateSql(predicate, params)), ...keysetSql(plan, params)];
    const limit = params.bind(plan.limit + 1);
    const sql =
      `SELECT doc FROM ${quote(table)}` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${orderBySql(plan.sort)} LIMIT ${limit}`;
    return { sql, params: params.values };
  }

  private docs<T extends Doc>(rows: unknown[]): T[] {
    return (rows as { doc: string }[]).map((row) => JSON.parse(row.doc) as T);
  }

  /** Reads and deletes on a collection that does not exist behave as on an empty one, as in MongoDB. */
  private whenPresent<R>(fallback: R, work: () => R): R {
    try {
      return work();
    } catch (error) {
      if (isMissingTable(error)) return fallback;
      throw error;
    }
  }

  /** Validates the name on first use only; the same SQL strings are reused, so statement lookups stay cheap. */
  private sqlOf(collection: string): CollectionSql {
    let sql = this.sqlByCollection.get(collection);
    if (sql === undefined) {
      sql = collectionSql(collection);
      this.sqlByCollection.set(collection, sql);
    }
    return sql;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        // Filters vary, so cap the cache; dropping the oldest entry is enough.
        const oldest = this.statements.keys().next();
        if (oldest.done !== true) this.statements.delete(oldest.value);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
