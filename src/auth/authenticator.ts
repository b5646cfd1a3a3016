import type { AppConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { JsonLogger } from '../core/logger';
import type { StateStore } from '../state-store/state-store.port';
import { apiKeyActorId, isReservedActorId } from '../core/persons';
import { apiKeyLapse } from './api-key-holder';
import type { ApiKeyLookup } from './api-key-lookup.port';
import { looksLikeApiKey, parseApiKey, secretMatches } from './api-key-secret';
import { ApiKeyUsage } from './api-key-usage';
import { scopeDistricts } from './district-scope';
import { AuthenticationFailure, JwtVerifier, mintToken, RESERVED_ID } from './jwt';
import { type Principal } from '../core/principal';
import { isRole } from '../core/roles';
import { loadOrCreateSecretFile, secretFileOf } from './signing-secret';

/** What a caller presents: the Authorization header (or connection parameter) and, in development, x-dev-actor. */
export interface Credentials {
  authorization?: string;
  devActor?: string;
}

/** The principal, or null with the reason a presented credential was refused. */
export interface Authentication {
  principal: Principal | null;
  failure?: string;
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** `<id>:<role>` or `<id>:<role>:<districtId>,<districtId>…` (a development identity limited to those districts). */
const DEV_ACTOR = /^([\w.@-]{1,100}):([a-z_]{1,40})(?::([\w-]{1,100}(?:,[\w-]{1,100}){0,99}))?$/;
/** Lifetime of the admin token printed on first start. */
const FIRST_ADMIN_TOKEN_SECONDS = 30 * 24 * 60 * 60;

/**
 * The one place that turns a credential into a Principal, for HTTP requests, WebSocket connections and exports
 * alike: a JWT (HS256 with the service's secret, or RS256/ES256 from an identity provider's JWKS), an API key
 * (`sl_…`, same header), or — outside production and only with DEV_ACTOR set — the development identity.
 */
export class Authenticator {
  private constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtVerifier,
    private readonly apiKeys: ApiKeyLookup,
    private readonly usage: ApiKeyUsage,
    private readonly logger: JsonLogger,
    private readonly clock: Clock,
  ) {}

  static async create(
    config: AppConfig,
    apiKeys: ApiKeyLookup,
    stateStore: StateStore,
    logger: JsonLogger,
    clock: Clock,
  ): Promise<Authenticator> {
    const usage = new ApiKeyUsage(stateStore);
    await usage.ensureCollection();
    return new Authenticator(config, await tokenVerifier(config, logger, clock), apiKeys, usage, logger, clock);
  }

  async authenticate({ authorization, devActor }: Credentials): Promise<Authentication> {
    if (!authorization) return this.developmentIdentity(devActor);
    const match = BEARER.exec(authorization.trim());
    if (!match) return { principal: null, failure: 'The Authorization header must read "Bearer <token>"' };
    const token = match[1];
    try {
      return { principal: looksLikeApiKey(token) ? await this.apiKeyPrincipal(token) : await this.jwt.verify(token) };
    } catch (error) {
      if (error instanceof AuthenticationFailure) {
        if (error.detail) {
          this.logger.write(error.logLevel, 'credential refused', { reason: error.message, detail: error.detail });
        }
        return { principal: null, failure: error.message };
      }
      this.logger.write('error', 'authentication failed unexpectedly', {
        message: error instanceof Error ? error.message : String(error),
      });
      return { principal: null, failure: 'The credential could not be checked; retry later' };
    }
  }

  /** Only when DEV_ACTOR is set (never in production): requests without a token act as it, or as x-dev-actor. */
  private developmentIdentity(header: string | undefined): Authentication {
    if (!this.config.devActor) return { principal: null };
    const match = header ? DEV_ACTOR.exec(header) : null;
    // Spelled like a key or the service it would pass for one; refused rather than run as DEV_ACTOR instead.
    if (match && isReservedActorId(match[1])) return { principal: null, failure: RESERVED_ID };
    if (match && isRole(match[2])) {
      const districts = match[3] === undefined ? null : scopeDistricts(match[3].split(','));
      return { principal: { id: match[1], role: match[2], districts, via: 'dev' } };
    }
    return { principal: { ...this.config.devActor, districts: null, via: 'dev' } };
  }

  private async apiKeyPrincipal(token: string): Promise<Principal> {
    const presented = parseApiKey(token);
    if (!presented) throw new AuthenticationFailure('The API key is malformed');
    const key = await this.apiKeys.find(presented.keyId);
    if (!key || !secretMatches(presented.secret, key.secretHash)) throw new AuthenticationFailure('The API key is not valid');
    const now = this.clock.now();
    const lapse = apiKeyLapse(key, now);
    if (lapse === 'revoked') throw new AuthenticationFailure('The API key has been revoked');
    if (lapse === 'expired') throw new AuthenticationFailure('The API key has expired');
    // A key acts for a person; one whose person is not known must not act at all (four-eyes would not hold). A
    // document without the field is from before keys named their person, while the read model is being rebuilt.
    if (!('personId' in key)) throw new AuthenticationFailure('The API key cannot be checked yet; retry later');
    if (key.personId === null) throw new AuthenticationFailure('The person behind the API key is not known; issue a new key');
    this.usage.record(key.id, now).catch((error: unknown) =>
      this.logger.write('warn', 'could not record the use of an API key', {
        keyId: key.id,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    return {
      id: apiKeyActorId(key.id),
      role: key.role,
      districts: key.districts,
      via: 'api-key',
      apiKeyId: key.id,
      onBehalfOf: key.personId,
    };
  }
}

/**
 * JWKS_URL, else JWT_SECRET, else the secret file in DATA_DIR. When that file is created (first start), one admin
 * token is logged, once: a restart finds the file and logs nothing.
 */
async function tokenVerifier(config: AppConfig, logger: JsonLogger, clock: Clock): Promise<JwtVerifier> {
  if (config.auth.jwksUrl) return JwtVerifier.withJwks(config.auth, config.auth.jwksUrl);
  if (config.auth.jwtSecret) return JwtVerifier.withSecret(config.auth, config.auth.jwtSecret);
  const { secret, created } = loadOrCreateSecretFile(config.dataDir);
  if (created) {
    const now = clock.now();
    const admin = { subject: 'admin', role: 'admin', districts: null } as const;
    const adminToken = await mintToken(config.auth, secret, admin, FIRST_ADMIN_TOKEN_SECONDS, now);
    logger.announce('FIRST START: created the token signing secret and an admin token; the token is shown only this once', {
      secretFile: secretFileOf(config.dataDir),
      adminToken,
      subject: 'admin',
      expiresAt: new Date(now.getTime() + FIRST_ADMIN_TOKEN_SECONDS * 1000).toISOString(),
    });
  }
  return JwtVerifier.withSecret(config.auth, secret);
}
