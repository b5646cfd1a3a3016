import { resolve } from 'node:path';
import { isRole, ROLES, type Role } from '../auth/principal';

/**
 * All configuration comes from the environment, with defaults that run the embedded store under ./data.
 * Every variable is documented in the README's configuration table; keep the two in step.
 */
export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  eventStore: { kind: 'sqlite' } | { kind: 'eventstoredb'; url: string };
  readStore: { kind: 'sqlite' } | { kind: 'mongodb'; url: string; dbName?: string };
  /** Bearer tokens accepted until real authentication arrives: token → actor. */
  apiTokens: Map<string, { id: string; role: Role }>;
  /** Identity used for requests without a token; only ever set outside production. */
  devActor: { id: string; role: Role } | null;
  bodyLimit: string;
  /** Upper bound for a query's wait for read models to reach a position. */
  maxReadWaitMs: number;
  projectionBatchSize: number;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Reporting organisation of IATI exports; null: derived per district from its municipality key. */
  iatiOrgRef: string | null;
  /** CloudEvents `source` of the events integrators receive (a URI reference naming this deployment). */
  eventSource: string;
  /** Events a subscriber may fall behind by before its subscription is closed (it resumes from its cursor). */
  subscriptionBufferEvents: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function actor(spec: string, source: string): { id: string; role: Role } {
  const [id, role] = spec.split(':');
  if (!id || !role) throw new ConfigError(`${source}: expected "<actorId>:<role>", got "${spec}"`);
  if (!isRole(role)) throw new ConfigError(`${source}: role must be one of ${ROLES.join(', ')}, got "${role}"`);
  return { id, role };
}

/** API_TOKENS="secret1=alice:admin,secret2=bob:funding_officer" */
function parseTokens(raw: string | undefined): Map<string, { id: string; role: Role }> {
  const tokens = new Map<string, { id: string; role: Role }>();
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new ConfigError(`API_TOKENS: expected "<token>=<actorId>:<role>", got "${entry}"`);
    const token = entry.slice(0, eq);
    if (token.length < 16) throw new ConfigError('API_TOKENS: each token must be at least 16 characters long');
    tokens.set(token, actor(entry.slice(eq + 1), 'API_TOKENS'));
  }
  return tokens;
}

/** A URI reference without spaces: an absolute URI (`urn:…`, `https://…`) or an absolute path. */
const URI_REFERENCE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:|\/)[^\s]{0,199}$/;

function eventSource(env: Env): string {
  const raw = env.EVENT_SOURCE?.trim();
  if (!raw) return 'urn:stadtteil-ledger';
  if (!URI_REFERENCE.test(raw)) {
    throw new ConfigError(`EVENT_SOURCE must be an absolute URI or path without spaces (≤ 200 chars), got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const eventStoreKind = oneOf(env, 'EVENT_STORE', ['sqlite', 'eventstoredb'] as const, 'sqlite');
  const readStoreKind = oneOf(env, 'READ_STORE', ['sqlite', 'mongodb'] as const, 'sqlite');
  if (eventStoreKind === 'eventstoredb' && !env.EVENTSTORE_URL) {
    throw new ConfigError('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false)');
  }
  if (readStoreKind === 'mongodb' && !env.MONGODB_URL) {
    throw new ConfigError('READ_STORE=mongodb needs MONGODB_URL (e.g. mongodb://localhost:27017/?replicaSet=rs0)');
  }
  if (production && env.DEV_ACTOR) throw new ConfigError('DEV_ACTOR is not allowed when NODE_ENV=production');
  return {
    production,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    eventStore:
      eventStoreKind === 'eventstoredb' ? { kind: 'eventstoredb', url: env.EVENTSTORE_URL! } : { kind: 'sqlite' },
    readStore:
      readStoreKind === 'mongodb'
        ? { kind: 'mongodb', url: env.MONGODB_URL!, dbName: env.MONGODB_DB || undefined }
        : { kind: 'sqlite' },
    apiTokens: parseTokens(env.API_TOKENS),
    devActor: production ? null : actor(env.DEV_ACTOR || 'dev-admin:admin', 'DEV_ACTOR'),
    bodyLimit: env.BODY_LIMIT || '1mb',
    maxReadWaitMs: int(env, 'MAX_READ_WAIT_MS', 2000, 0, 2000),
    projectionBatchSize: int(env, 'PROJECTION_BATCH_SIZE', 500, 1, 10000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 100, 120000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    iatiOrgRef: env.IATI_ORG_REF?.trim() || null,
    eventSource: eventSource(env),
    subscriptionBufferEvents: int(env, 'SUBSCRIPTION_BUFFER_EVENTS', 1000, 10, 100000),
  };
}

/** Files of the embedded default inside DATA_DIR. */
export const SQLITE_FILES = {
  events: 'events.db',
  readModels: 'read-models.db',
} as const;
