import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  SignJWT,
} from 'jose';
import type { AuthConfig } from '../config/config';
import { isUuid } from '../core/ids';
import { isReservedActorId } from '../core/persons';
import { scopeDistricts } from './district-scope';
import { type Principal } from '../core/principal';
import { ROLES, type Role } from '../core/roles';

/** Clocks of the service and of an identity provider never agree to the second. */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_SUBJECT_LENGTH = 200;

/**
 * A presented credential was refused. The message is shown to the client; `detail` only goes to the log, at `warn`
 * when the service itself is in trouble (identity provider unreachable), else at `debug` (any client can send junk).
 */
export class AuthenticationFailure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
    readonly logLevel: 'debug' | 'warn' = 'debug',
  ) {
    super(message);
    this.name = 'AuthenticationFailure';
  }
}

/** Why a subject or development identity spelled like an API key (`apikey-…`) or the service (`system`) is refused. */
export const RESERVED_ID = 'The identity names an id the service keeps for its own principals (apikey-…, system)';

/** Who a token speaks for: the subject, one role and the districts (null: every district). */
export interface TokenSubject {
  subject: string;
  role: Role;
  districts: readonly string[] | null;
}

type Claims = Record<string, unknown>;

/** The value at a dotted claim path (`realm_access.roles`), or undefined. */
function claimAt(payload: Claims, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Claims)[key];
  }
  return value;
}

function withClaim(payload: Claims, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = payload;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target = (typeof next === 'object' && next !== null ? next : (target[key] = {})) as Claims;
  }
  target[keys[keys.length - 1]] = value;
}

/**
 * Signs an HS256 token for this service (first start, `npm run token`, the demo), with the role and districts at the
 * configured claim paths so the service reads them back as written.
 */
export async function mintToken(
  auth: AuthConfig,
  secret: string,
  { subject, role, districts }: TokenSubject,
  lifetimeSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const claims: Claims = {};
  withClaim(claims, auth.roleClaim, role);
  if (districts !== null) withClaim(claims, auth.districtsClaim, [...districts]);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(secretKey(secret));
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

/**
 * The principal a verified token names. The role claim may hold one name or a list (Keycloak's `realm_access.roles`);
 * names that are not roles of this service are ignored, and of several roles the first in ROLES order wins (admin,
 * district_manager, funding_officer, auditor, integrator, viewer). A district manager without a districts claim
 * manages no district; every other role without one covers all districts.
 */
function principalOfClaims(payload: JWTPayload, auth: AuthConfig): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
    throw new AuthenticationFailure('The token names no valid subject (sub)');
  }
  // `apikey-…` or `system` would pass for an API key or the service itself, and so for another person.
  if (isReservedActorId(subject)) throw new AuthenticationFailure(RESERVED_ID);
  const roleClaim = claimAt(payload, auth.roleClaim);
  const names = typeof roleClaim === 'string' ? [roleClaim] : Array.isArray(roleClaim) ? roleClaim : [];
  const role = ROLES.find((candidate) => names.includes(candidate));
  if (!role) throw new AuthenticationFailure('The token grants no role of this service');
  const districtsClaim = claimAt(payload, auth.districtsClaim);
  let districts: string[] | null;
  if (districtsClaim === undefined || districtsClaim === null) {
    districts = role === 'district_manager' ? [] : null;
  } else if (Array.isArray(districtsClaim) && districtsClaim.every((id) => typeof id === 'string' && isUuid(id))) {
    districts = scopeDistricts(districtsClaim);
  } else {
    throw new AuthenticationFailure('The token’s districts claim must be a list of district ids');
  }
  return { id: subject, role, districts, via: 'jwt' };
}

const keysUnavailable = (detail: string) =>
  new AuthenticationFailure('The keys of the identity provider could not be fetched; retry later', detail, 'warn');

/** jose's refusals as messages a client can act on; nothing internal. */
function failureOf(error: unknown): AuthenticationFailure {
  if (error instanceof AuthenticationFailure) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof errors.JWTExpired) return new AuthenticationFailure('The token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationFailure('The token signature is invalid');
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthenticationFailure('The token is signed with an algorithm this service does not accept');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationFailure('The token is signed with a key this service does not know');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return new AuthenticationFailure('The token is meant for another service (audience)');
      case 'iss':
        return new AuthenticationFailure('The token comes from an issuer this service does not trust');
      case 'exp':
        return new AuthenticationFailure('The token has no valid expiry (exp)');
      case 'sub':
        return new AuthenticationFailure('The token names no valid subject (sub)');
      case 'nbf':
        return new AuthenticationFailure('The token is not valid yet');
      default:
        return new AuthenticationFailure('The token’s claims are invalid', detail);
    }
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return keysUnavailable(detail);
  return new AuthenticationFailure('The token is malformed', detail);
}

/**
 * Verifies bearer tokens: HS256 with the service's secret, or RS256/ES256 with the keys an identity provider
 * publishes (JWKS). The algorithms are pinned per mode, so a token signed with HS256 over an identity provider's
 * public key is refused rather than checked against it. `exp` and `sub` are required; issuer and audience must match.
 */
export class JwtVerifier {
  private constructor(
    private readonly auth: AuthConfig,
    /** jwtVerify bound to the key (or key set) and the algorithms of the mode. */
    private readonly check: (token: string, options: JWTVerifyOptions) => Promise<JWTVerifyResult>,
  ) {}

  static withSecret(auth: AuthConfig, secret: string): JwtVerifier {
    const key = secretKey(secret);
    return new JwtVerifier(auth, (token, options) => jwtVerify(token, key, { ...options, algorithms: ['HS256'] }));
  }

  static withJwks(auth: AuthConfig, jwksUrl: string): JwtVerifier {
    const published = createRemoteJWKSet(new URL(jwksUrl));
    // jose reports what it finds in a key set as its own errors; anything else means the set could not be fetched.
    const keyOf: JWTVerifyGetKey = async (header, token) => {
      try {
        return await published(header, token);
      } catch (error) {
        if (error instanceof errors.JOSEError) throw error;
        throw keysUnavailable(error instanceof Error ? error.message : String(error));
      }
    };
    return new JwtVerifier(auth, (token, options) => jwtVerify(token, keyOf, { ...options, algorithms: ['RS256', 'ES256'] }));
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await this.check(token, {
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return principalOfClaims(payload, this.auth);
    } catch (error) {
      throw failureOf(error);
    }
  }
}
