import { createPrivateKey } from 'node:crypto';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseBytes } from 'bytes';
import { isRole, ROLES, type Role } from '../core/roles';
import { isReservedActorId } from '../core/persons';
import { KeyFormatError, parseKeys } from '../core/secret-box';

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
  /** Largest request body as configured (`1mb`), for messages… */
  bodyLimit: string;
  /** …and in bytes: also the largest WebSocket message. */
  bodyLimitBytes: number;
  /** Deepest field nesting an operation may have, on HTTP and WebSocket alike. */
  maxQueryDepth: number;
  /** Cost budget of one operation: every field costs 1, a paged field its page size times its selection. */
  maxQueryComplexity: number;
  /** Token bucket per identity: refill per minute and bucket size; null when rate limiting is off. */
  rateLimit: { perMinute: number; burst: number } | null;
  /** Browser origins allowed to call the API cross-origin (exact match); empty: none. */
  corsOrigins: readonly string[];
  /** Upper bound for a query's wait for read models to reach a position. */
  maxReadWaitMs: number;
  projectionBatchSize: number;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Reporting organisation of IATI exports; null: derived per district from its municipality key. */
  iatiOrgRef: string | null;
  /** CloudEvents `source` of the events integrators receive (a URI reference naming this deployment). */
  eventSource: string;
  subscriptions: SubscriptionLimits;
  /** How often an open WebSocket connection's credentials are checked again (expiry, revoked API keys). */
  webSocketCredentialCheckMs: number;
  webhooks: WebhookConfig;
  logSigning: LogSigningConfig;
}

/** The key that signs checkpoints of the event log, kept outside DATA_DIR, and how often checkpoints are made. */
export interface LogSigningConfig {
  /** The private key as PEM (LOG_SIGNING_KEY); null: it is read from `keyFile`. */
  keyPem: string | null;
  /** Absolute path of the private key file; null when the key comes from the environment. */
  keyFile: string | null;
  /** The key file is created when missing (embedded default); otherwise a missing file stops the start. */
  createKeyFile: boolean;
  /** Public keys of earlier signing keys, still trusted for the checkpoints they signed; null: none. */
  previousKeysFile: string | null;
  /** How often a checkpoint is made when events were recorded since the last one; 0: on demand only. */
  checkpointIntervalMs: number;
}

/**
 * What the integrators' `events` subscriptions may hold and how many there may be. Sizes are bytes of events as
 * stored (eventSize): every subscription is granted `bufferBytes` out of `totalBufferBytes` while it is open.
 */
export interface SubscriptionLimits {
  /** Events a subscriber may fall behind by before its subscription is closed (it resumes from its cursor). */
  bufferEvents: number;
  /** Bytes of events one subscription may hold: its replay page, or the live events it has not taken yet. */
  bufferBytes: number;
  /** Bytes granted to all open subscriptions together; a subscription that would exceed it is refused. */
  totalBufferBytes: number;
  /** Open subscriptions per WebSocket connection. */
  perConnection: number;
  /** Open subscriptions per identity (person), over all its connections to this process. */
  perIdentity: number;
}

/** Delivery of webhooks: timing of retries, when an endpoint is given up, and which networks may be called. */
export interface WebhookConfig {
  /** Calls to private, loopback and link-local addresses are allowed (tests, local development). */
  allowPrivateNetworks: boolean;
  /** Per request, connection to the end of the response. */
  timeoutMs: number;
  /** First retry delay; each further one doubles, up to retryMaxMs; the actual wait is random below it (full jitter). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failed attempts after which an endpoint is disabled. */
  maxAttempts: number;
  /** An endpoint failing for longer than this is disabled, however few attempts were made. */
  failureWindowMs: number;
  /** How often new events and endpoint changes are looked for. */
  pollIntervalMs: number;
  /** Attempts older than this are removed from the delivery log. */
  deliveryLogRetentionDays: number;
  /** The key ring that encrypts the signing secrets at rest; first key current, the others only open. */
  secretKey: WebhookSecretKeySource;
}

/**
 * Where the webhook secret key comes from: WEBHOOK_SECRET_KEY, WEBHOOK_SECRET_KEY_FILE, or on the embedded default
 * DATA_DIR/webhook-secret-key (created on first start). Never from the read store that holds what it encrypts.
 */
export type WebhookSecretKeySource =
  | { source: 'env'; keys: readonly Buffer[] }
  | { source: 'file'; path: string }
  | { source: 'data-dir' };

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

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

/** BODY_LIMIT in the notation of Express's body parser (`1mb`, `512kb`, a number of bytes), read the same way. */
function bodyLimit(env: Env): Pick<AppConfig, 'bodyLimit' | 'bodyLimitBytes'> {
  const text = env.BODY_LIMIT || '1mb';
  const bytes = parseBytes(text);
  if (bytes === null || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigError(`BODY_LIMIT must be a size such as 1mb, 512kb or 65536 (bytes), got "${text}"`);
  }
  return { bodyLimit: text, bodyLimitBytes: bytes };
}

function webhookSecretKey(env: Env, production: boolean, readStoreKind: 'sqlite' | 'mongodb'): WebhookSecretKeySource {
  const keys = env.WEBHOOK_SECRET_KEY?.trim();
  const file = env.WEBHOOK_SECRET_KEY_FILE?.trim();
  if (keys && file) throw new ConfigError('Set either WEBHOOK_SECRET_KEY or WEBHOOK_SECRET_KEY_FILE, not both');
  if (keys) {
    try {
      return { source: 'env', keys: parseKeys(keys, 'WEBHOOK_SECRET_KEY') };
    } catch (error) {
      if (error instanceof KeyFormatError) throw new ConfigError(error.message);
      throw error;
    }
  }
  if (file) return { source: 'file', path: resolve(file) };
  // With MongoDB the service's own folder is often not kept (a container): a key created there would be lost with
  // it, and every secret it encrypts with the key. Production has to say where the key lives.
  if (production && readStoreKind === 'mongodb') {
    throw new ConfigError(
      'READ_STORE=mongodb with NODE_ENV=production needs WEBHOOK_SECRET_KEY or WEBHOOK_SECRET_KEY_FILE ' +
        '(the key that encrypts webhook signing secrets; e.g. openssl rand -base64 32)',
    );
  }
  return { source: 'data-dir' };
}

function webhookConfig(env: Env, production: boolean, readStoreKind: 'sqlite' | 'mongodb'): WebhookConfig {
  const retryBaseMs = int(env, 'WEBHOOK_RETRY_BASE_MS', 5000, 1, 3_600_000);
  const retryMaxMs = int(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, 86_400_000);
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError(`WEBHOOK_RETRY_MAX_MS (${retryMaxMs}) must not be below WEBHOOK_RETRY_BASE_MS (${retryBaseMs})`);
  }
  return {
    allowPrivateNetworks: bool(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100, 60_000),
    retryBaseMs,
    retryMaxMs,
    maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 50, 1, 1000),
    failureWindowMs: int(env, 'WEBHOOK_FAILURE_WINDOW_MS', 259_200_000, 1000, 2_592_000_000),
    pollIntervalMs: int(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000, 10, 60_000),
    deliveryLogRetentionDays: int(env, 'WEBHOOK_DELIVERY_LOG_RETENTION_DAYS', 30, 1, 3650),
    secretKey: webhookSecretKey(env, production, readStoreKind),
  };
}

function actor(spec: string, source: string): { id: string; role: Role } {
  const [id, role] = spec.split(':');
  if (!id || !role) throw new ConfigError(`${source}: expected "<actorId>:<role>", got "${spec}"`);
  if (!isRole(role)) throw new ConfigError(`${source}: role must be one of ${ROLES.join(', ')}, got "${role}"`);
  if (isReservedActorId(id)) throw new ConfigError(`${source}: "${id}" is an id the service keeps for API keys (apikey-…) or itself (system)`);
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
    // Whoever can change the keys in transit can sign any token.
    if (protocol === 'http:' && env.NODE_ENV === 'production') {
      throw new ConfigError(`JWKS_URL must use https when NODE_ENV=production, got "${jwksUrl}"`);
    }
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

/** True when `path` is `dir` itself or lies below it. */
const isInside = (path: string, dir: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** PEM from the environment; `\\n` stands for a line break where an environment cannot hold one. */
function signingKeyPem(raw: string): string {
  const pem = raw.replace(/\\n/g, '\n').trim();
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  if (type !== 'ed25519') {
    throw new ConfigError('LOG_SIGNING_KEY must be an Ed25519 private key in PEM (e.g. openssl genpkey -algorithm ed25519)');
  }
  return pem;
}

/**
 * The checkpoint signing key lives outside DATA_DIR: whoever can change the data folder must not be able to sign.
 * The embedded default creates `./secrets/log-signing-key.pem` on first start; EventStoreDB setups bring their own.
 */
function logSigningConfig(env: Env, dataDir: string, eventStoreKind: 'sqlite' | 'eventstoredb'): LogSigningConfig {
  const keyPemRaw = env.LOG_SIGNING_KEY?.trim() || null;
  const keyFileRaw = env.LOG_SIGNING_KEY_FILE?.trim() || null;
  if (keyPemRaw && keyFileRaw) throw new ConfigError('Set either LOG_SIGNING_KEY or LOG_SIGNING_KEY_FILE, not both');
  const keyFile = keyPemRaw ? null : resolve(keyFileRaw ?? './secrets/log-signing-key.pem');
  const previousRaw = env.LOG_SIGNING_PREVIOUS_KEYS_FILE?.trim() || null;
  const previousKeysFile = previousRaw
    ? resolve(previousRaw)
    : keyFile && join(dirname(keyFile), 'log-signing-previous-keys.pem');
  for (const [name, file] of [['LOG_SIGNING_KEY_FILE', keyFile], ['LOG_SIGNING_PREVIOUS_KEYS_FILE', previousKeysFile]] as const) {
    if (file && isInside(file, dataDir)) {
      throw new ConfigError(`${name} (${file}) must lie outside DATA_DIR (${dataDir}): whoever can change the data must not hold the key`);
    }
  }
  const checkpointIntervalMs = int(env, 'LOG_CHECKPOINT_INTERVAL_MS', 3_600_000, 0, 604_800_000);
  if (checkpointIntervalMs > 0 && checkpointIntervalMs < 1000) {
    throw new ConfigError(`LOG_CHECKPOINT_INTERVAL_MS must be 0 (on demand only) or from 1000 to 604800000, got "${checkpointIntervalMs}"`);
  }
  return {
    keyPem: keyPemRaw && signingKeyPem(keyPemRaw),
    keyFile,
    createKeyFile: keyFile !== null && eventStoreKind === 'sqlite',
    previousKeysFile,
    checkpointIntervalMs,
  };
}

/** CORS_ORIGINS="https://dashboard.example.org,http://localhost:5173": exact origins, no paths, no wildcards. */
function parseOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      const parsed = URL.canParse(origin) ? new URL(origin) : null;
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
        throw new ConfigError(
          `CORS_ORIGINS: expected origins like "https://dashboard.example.org" (scheme, lower-case host, optional port; no path), got "${origin}"`,
        );
      }
      return origin;
    });
}

function parseRateLimit(env: Env): AppConfig['rateLimit'] {
  const perMinute = int(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000);
  if (perMinute === 0) return null;
  return { perMinute, burst: int(env, 'RATE_LIMIT_BURST', perMinute, 1, 1_000_000) };
}

const MIB = 1024 * 1024;

function subscriptionLimits(env: Env): SubscriptionLimits {
  const bufferBytes = int(env, 'SUBSCRIPTION_BUFFER_BYTES', MIB, 64 * 1024, 256 * MIB);
  const totalBufferBytes = int(env, 'SUBSCRIPTIONS_TOTAL_BUFFER_BYTES', 128 * MIB, MIB, 64 * 1024 * MIB);
  if (totalBufferBytes < bufferBytes) {
    throw new ConfigError(
      `SUBSCRIPTIONS_TOTAL_BUFFER_BYTES (${totalBufferBytes}) must not be below SUBSCRIPTION_BUFFER_BYTES (${bufferBytes})`,
    );
  }
  return {
    bufferEvents: int(env, 'SUBSCRIPTION_BUFFER_EVENTS', 1000, 10, 100000),
    bufferBytes,
    totalBufferBytes,
    perConnection: int(env, 'SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 1000),
    perIdentity: int(env, 'SUBSCRIPTIONS_PER_IDENTITY', 50, 1, 100_000),
  };
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
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    production,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    eventStore:
      eventStoreKind === 'eventstoredb' ? { kind: 'eventstoredb', url: env.EVENTSTORE_URL! } : { kind: 'sqlite' },
    readStore:
      readStoreKind === 'mongodb'
        ? { kind: 'mongodb', url: env.MONGODB_URL!, dbName: env.MONGODB_DB || undefined }
        : { kind: 'sqlite' },
    auth: authConfig(env, eventStoreKind),
    devActor: !production && env.DEV_ACTOR ? actor(env.DEV_ACTOR, 'DEV_ACTOR') : null,
    ...bodyLimit(env),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 15, 2, 100),
    maxQueryComplexity: int(env, 'MAX_QUERY_COMPLEXITY', 25_000, 10, 10_000_000),
    rateLimit: parseRateLimit(env),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    maxReadWaitMs: int(env, 'MAX_READ_WAIT_MS', 2000, 0, 2000),
    projectionBatchSize: int(env, 'PROJECTION_BATCH_SIZE', 500, 1, 10000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 100, 120000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    iatiOrgRef: env.IATI_ORG_REF?.trim() || null,
    eventSource: eventSource(env),
    subscriptions: subscriptionLimits(env),
    webSocketCredentialCheckMs: int(env, 'WS_CREDENTIAL_CHECK_MS', 30000, 100, 3600000),
    webhooks: webhookConfig(env, production, readStoreKind),
    logSigning: logSigningConfig(env, dataDir, eventStoreKind),
  };
}

/** Files of the embedded default inside DATA_DIR. */
export const SQLITE_FILES = {
  events: 'events.db',
  readModels: 'read-models.db',
  /** State that is no projection (user directory, webhook secrets and deliveries, API-key usage): no rebuild brings it back. */
  state: 'state.db',
  /** Signed checkpoints of an EventStoreDB log when the read store is SQLite too (else they sit in events.db or MongoDB). */
  logCheckpoints: 'log-checkpoints.db',
} as const;

/** The webhook secret key of the embedded default, created in DATA_DIR on first start. */
export const WEBHOOK_SECRET_KEY_FILE = 'webhook-secret-key';

/** Whether the service keeps anything in DATA_DIR: a SQLite store, the token signing secret or the webhook secret key. */
export function usesDataDir(config: AppConfig): boolean {
  return (
    config.eventStore.kind === 'sqlite' ||
    config.readStore.kind === 'sqlite' ||
    (config.auth.jwtSecret === null && config.auth.jwksUrl === null) ||
    config.webhooks.secretKey.source === 'data-dir'
  );
}
