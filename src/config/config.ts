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
  auth: AuthConfig;
  /** Identity of requests without a token; opt-in, and only ever set outside production. */
  devActor: { id: string; role: Role } | null;
  bodyLimit: string;
  /** Upper bound for a query's wait for read models to reach a position. */
  maxReadWaitMs: number;
  projectionBatchSize: number;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Reporting organisation of IATI exports; null: derived per district from its municipality key. */
  iatiOrgRef: string | null;
}

/** How bearer tokens are verified. Exactly one of `jwtSecret` and `jwksUrl` may be set. */
export interface AuthConfig {
  /** HS256 secret (JWT_SECRET); null with neither set: the secret file in DATA_DIR is used (created on first start). */
  jwtSecret: string | null;
  /** JWKS of an identity provider (RS256/ES256 tokens). */
  jwksUrl: string | null;
  issuer: string;
  audience: string;
  /** Dotted path of the claim holding the role name(s), e.g. `realm_access.roles`. */
  roleClaim: string;
  /** Dotted path of the claim holding the district ids. */
  districtsClaim: string;
}

/** Issuer and audience of the tokens the service signs itself (first start, `npm run token`, the demo). */
const OWN_TOKEN_ISSUER = 'stadtteil-ledger';
const DEFAULT_AUDIENCE = 'stadtteil-ledger';

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

const MIN_SECRET_BYTES = 32;
const CLAIM_PATH = /^[^.\s]{1,100}(\.[^.\s]{1,100}){0,9}$/;

function claimPath(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!CLAIM_PATH.test(raw)) {
    throw new ConfigError(`${name} must be a claim name or a dotted path such as realm_access.roles, got "${raw}"`);
  }
  return raw;
}

function authConfig(env: Env, eventStoreKind: 'sqlite' | 'eventstoredb'): AuthConfig {
  const jwtSecret = env.JWT_SECRET || null;
  const jwksUrl = env.JWKS_URL?.trim() || null;
  if (jwtSecret && jwksUrl) {
    throw new ConfigError('Set either JWT_SECRET (tokens signed by this service) or JWKS_URL (an identity provider), not both');
  }
  if (jwtSecret !== null && Buffer.byteLength(jwtSecret, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long (e.g. openssl rand -base64 48)`);
  }
  if (jwksUrl !== null) {
    let protocol: string;
    try {
      protocol = new URL(jwksUrl).protocol;
    } catch {
      throw new ConfigError(`JWKS_URL must be a URL, got "${jwksUrl}"`);
    }
    if (protocol !== 'https:' && protocol !== 'http:') throw new ConfigError(`JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
    if (!env.JWT_ISSUER?.trim()) {
      throw new ConfigError(
        'JWKS_URL needs JWT_ISSUER, the issuer the identity provider writes into its tokens (for Keycloak the realm URL)',
      );
    }
  }
  // The embedded default creates its secret in DATA_DIR; the production setup must say how tokens are verified.
  if (eventStoreKind === 'eventstoredb' && !jwtSecret && !jwksUrl) {
    throw new ConfigError('EVENT_STORE=eventstoredb needs JWT_SECRET or JWKS_URL: configure how bearer tokens are verified');
  }
  return {
    jwtSecret,
    jwksUrl,
    issuer: env.JWT_ISSUER?.trim() || OWN_TOKEN_ISSUER,
    audience: env.JWT_AUDIENCE?.trim() || DEFAULT_AUDIENCE,
    roleClaim: claimPath(env, 'JWT_ROLE_CLAIM', 'role'),
    districtsClaim: claimPath(env, 'JWT_DISTRICTS_CLAIM', 'districts'),
  };
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
    auth: authConfig(env, eventStoreKind),
    devActor: !production && env.DEV_ACTOR ? actor(env.DEV_ACTOR, 'DEV_ACTOR') : null,
    bodyLimit: env.BODY_LIMIT || '1mb',
    maxReadWaitMs: int(env, 'MAX_READ_WAIT_MS', 2000, 0, 2000),
    projectionBatchSize: int(env, 'PROJECTION_BATCH_SIZE', 500, 1, 10000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 100, 120000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    iatiOrgRef: env.IATI_ORG_REF?.trim() || null,
  };
}

/** Files of the embedded default inside DATA_DIR. */
export const SQLITE_FILES = {
  events: 'events.db',
  readModels: 'read-models.db',
} as const;
