import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { JwtVerifier, mintToken, type TokenSubject } from '../../../src/auth/jwt';
import { loadConfig } from '../../../src/config/config';

/**
 * Bearer token verification: what passes (HS256 signed with the service's secret, issuer and audience matching,
 * not expired) and every way a token is refused, each with its own message.
 */

const SECRET = 'unit-test-signing-secret-0123456789abcdef';
const auth = loadConfig({ JWT_SECRET: SECRET }).auth;
const verifier = JwtVerifier.withSecret(auth, SECRET);
const DISTRICT = '6f1c2b0e-3c1d-4c7a-9a55-0e4f3d1b2a10';

const manager: TokenSubject = { subject: 'alice', role: 'district_manager', districts: [DISTRICT] };
const HOUR = 3600;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function refusal(token: string, jwt: JwtVerifier = verifier): Promise<string> {
  try {
    await jwt.verify(token);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

/** A token with any claims, signed HS256 with `secret` (the service's unless said otherwise). */
function signed(claims: Record<string, unknown>, secret: string | Uint8Array = SECRET): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

const validClaims = (extra: Record<string, unknown> = {}) => ({
  sub: 'alice',
  iss: 'stadtteil-ledger',
  aud: 'stadtteil-ledger',
  exp: nowSeconds() + HOUR,
  role: 'viewer',
  ...extra,
});

describe('JWT verification', () => {
  it('accepts a token the service signed, with the role and districts it names', async () => {
    expect(await verifier.verify(await mintToken(auth, SECRET, manager, HOUR))).toEqual({
      id: 'alice',
      role: 'district_manager',
      districts: [DISTRICT],
      via: 'jwt',
    });
  });

  it('reads a missing districts claim as no district for a district manager and as all districts otherwise', async () => {
    const withoutDistricts = (role: TokenSubject['role']) => mintToken(auth, SECRET, { subject: 'x', role, districts: null }, HOUR);
    expect((await verifier.verify(await withoutDistricts('district_manager'))).districts).toEqual([]);
    expect((await verifier.verify(await withoutDistricts('auditor'))).districts).toBeNull();
    expect(await refusal(await signed(validClaims({ districts: ['not-a-uuid'] })))).toBe(
      'The token’s districts claim must be a list of district ids',
    );
    expect(await refusal(await signed(validClaims({ districts: DISTRICT })))).toMatch(/districts claim/);
  });

  it('refuses an expired token, but tolerates clocks that differ by a few seconds', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR * 1000);
    expect(await refusal(await mintToken(auth, SECRET, manager, HOUR, twoHoursAgo))).toBe('The token has expired');
    const justExpired = await signed(validClaims({ exp: nowSeconds() - 10 }));
    expect((await verifier.verify(justExpired)).id).toBe('alice');
  });

  it('refuses a token without expiry or subject', async () => {
    const { exp: _exp, ...noExpiry } = validClaims();
    expect(await refusal(await signed(noExpiry))).toBe('The token has no valid expiry (exp)');
    const { sub: _sub, ...noSubject } = validClaims();
    expect(await refusal(await signed(noSubject))).toBe('The token names no valid subject (sub)');
  });

  it('refuses a subject spelled like an API key or the service, which would pass for another principal', async () => {
    for (const sub of ['apikey-7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00', 'APIKEY-anything', 'system', 'System']) {
      expect([sub, await refusal(await signed(validClaims({ sub, role: 'funding_officer' })))]).toEqual([
        sub,
        'The identity names an id the service keeps for its own principals (apikey-…, system)',
      ]);
    }
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await mintToken(auth, 'another-secret-of-at-least-32-bytes!!', manager, HOUR);
    expect(await refusal(forged)).toBe('The token signature is invalid');
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const otherAudience = loadConfig({ JWT_SECRET: SECRET, JWT_AUDIENCE: 'another-service' }).auth;
    expect(await refusal(await mintToken(otherAudience, SECRET, manager, HOUR))).toBe('The token is meant for another service (audience)');
    const otherIssuer = loadConfig({ JWT_SECRET: SECRET, JWT_ISSUER: 'https://evil.example.org' }).auth;
    expect(await refusal(await mintToken(otherIssuer, SECRET, manager, HOUR))).toBe('The token comes from an issuer this service does not trust');
  });

  it('refuses an unsigned token (alg none) and garbage', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`;
    expect(await refusal(unsigned)).toBe('The token is signed with an algorithm this service does not accept');
    expect(await refusal('not.a.token')).toBe('The token is malformed');
    expect(await refusal('garbage')).toBe('The token is malformed');
  });

  it('reads roles from a dotted claim path, ignores unknown names and picks by the order of ROLES', async () => {
    const keycloak = loadConfig({ JWT_SECRET: SECRET, JWT_ROLE_CLAIM: 'realm_access.roles' }).auth;
    const jwt = JwtVerifier.withSecret(keycloak, SECRET);
    const roles = (names: unknown) => signed(validClaims({ role: undefined, realm_access: { roles: names } }));
    expect((await jwt.verify(await roles(['offline_access', 'viewer', 'funding_officer']))).role).toBe('funding_officer');
    expect((await jwt.verify(await roles(['auditor', 'admin']))).role).toBe('admin');
    expect(await refusal(await roles(['offline_access', 'uma_authorization']), jwt)).toBe('The token grants no role of this service');
    expect(await refusal(await signed(validClaims({ role: 'superuser' })))).toBe('The token grants no role of this service');
    // Tokens minted for such a configuration carry the role where the service looks for it.
    expect((await jwt.verify(await mintToken(keycloak, SECRET, manager, HOUR))).role).toBe('district_manager');
  });

  it('never checks an HS256 token against an identity provider’s public key', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const publicPem = await exportSPKI(publicKey);
    const idp = loadConfig({
      JWKS_URL: 'http://127.0.0.1:1/certs',
      JWT_ISSUER: 'stadtteil-ledger',
    }).auth;
    const jwt = JwtVerifier.withJwks(idp, idp.jwksUrl!);
    // The classic confusion attack: the public key, which anybody may know, used as an HMAC secret.
    const confused = await signed(validClaims({ role: 'admin' }), new TextEncoder().encode(publicPem));
    expect(await refusal(confused, jwt)).toBe('The token is signed with an algorithm this service does not accept');
  });
});
