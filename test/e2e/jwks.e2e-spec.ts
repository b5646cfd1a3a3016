import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { recordedActor } from '../support/auth';
import { startApp, type TestApp } from '../support/app';

/**
 * Tokens from an identity provider: a local HTTP server publishes a JWKS with an RS256 and an ES256 key, as Keycloak
 * does at its realm's certs URL, and the service is configured like the README's Keycloak example (issuer = realm
 * URL, roles in realm_access.roles). Tokens signed with either key are accepted; an unknown kid, a foreign key under
 * a known kid, HS256 over the public key, another audience and expired tokens are refused.
 */

jest.setTimeout(60_000);

const ISSUER = 'https://sso.example.org/realms/stadtteil';
const AUDIENCE = 'stadtteil-ledger-api';

interface Signer {
  alg: 'RS256' | 'ES256';
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
}

describe('tokens of an identity provider, verified against its JWKS', () => {
  let jwksServer: Server;
  let jwksRequests = 0;
  let t: TestApp;
  let rsa: Signer;
  let ec: Signer;
  let rsaPublicPem: string;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = { alg: 'RS256', kid: 'rsa-2026', privateKey: rsaPair.privateKey };
    ec = { alg: 'ES256', kid: 'ec-2026', privateKey: ecPair.privateKey };
    rsaPublicPem = await exportSPKI(rsaPair.publicKey);
    const keys: JWK[] = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: rsa.kid, alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: ec.kid, alg: 'ES256', use: 'sig' },
    ];
    jwksServer = createServer((request, response) => {
      jwksRequests += 1;
      if (request.url !== '/realms/stadtteil/protocol/openid-connect/certs') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    t = await startApp({
      JWT_SECRET: '',
      DEV_ACTOR: '',
      JWKS_URL: `http://127.0.0.1:${port}/realms/stadtteil/protocol/openid-connect/certs`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_ROLE_CLAIM: 'realm_access.roles',
    });
  });

  afterAll(async () => {
    await t?.cleanup();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  /** A Keycloak-shaped access token. */
  function token(signer: Signer, claims: Record<string, unknown> = {}, kid = signer.kid): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: 'f3b1c2d4-keycloak-user',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now,
      exp: now + 300,
      typ: 'Bearer',
      azp: 'stadtteil-ledger-frontend',
      realm_access: { roles: ['offline_access', 'default-roles-stadtteil', 'funding_officer'] },
      ...claims,
    })
      .setProtectedHeader({ alg: signer.alg, kid, typ: 'JWT' })
      .sign(signer.privateKey);
  }

  const as = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  async function refusal(jwt: string): Promise<string> {
    const outcome = await recordedActor(t.gql, as(jwt));
    if (!('errors' in outcome)) throw new Error(`accepted as ${JSON.stringify(outcome)}`);
    expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    return outcome.errors[0].message;
  }

  it('accepts RS256 and ES256 tokens signed with the published keys, with the role from realm_access.roles', async () => {
    expect(await recordedActor(t.gql, as(await token(rsa)))).toEqual({ actorId: 'f3b1c2d4-keycloak-user', actorRole: 'funding_officer' });
    const auditor = await token(ec, { sub: 'pruefer-7', realm_access: { roles: ['auditor', 'viewer'] } });
    expect(await recordedActor(t.gql, as(auditor))).toEqual({ actorId: 'pruefer-7', actorRole: 'auditor' });
    // The key set is fetched once and then cached.
    expect(jwksRequests).toBe(1);
  });

  it('refuses a token whose kid the JWKS does not publish', async () => {
    expect(await refusal(await token(rsa, {}, 'rotated-away'))).toBe('The token is signed with a key this service does not know');
  });

  it('refuses a token signed with another key under a published kid', async () => {
    const impostor: Signer = { ...rsa, privateKey: (await generateKeyPair('RS256')).privateKey };
    expect(await refusal(await token(impostor))).toBe('The token signature is invalid');
  });

  it('refuses an HS256 token whose secret is the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const confused = await new SignJWT({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, exp: now + 300, realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .sign(new TextEncoder().encode(rsaPublicPem));
    expect(await refusal(confused)).toBe('The token is signed with an algorithm this service does not accept');
  });

  it('refuses expired tokens, tokens for another audience or from another realm, and tokens without a role of ours', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect(await refusal(await token(ec, { iat: past - 300, exp: past }))).toBe('The token has expired');
    expect(await refusal(await token(rsa, { aud: 'account' }))).toBe('The token is meant for another service (audience)');
    expect(await refusal(await token(rsa, { iss: 'https://sso.example.org/realms/other' }))).toBe(
      'The token comes from an issuer this service does not trust',
    );
    expect(await refusal(await token(ec, { realm_access: { roles: ['offline_access'] } }))).toBe('The token grants no role of this service');
  });

  it('refuses requests without a token, as no development identity is set; health stays open', async () => {
    const response = await t.gql('{ actionFields { id } }');
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.body.errors?.[0].message).toBe('A valid bearer token is required');
    const health = await t.gql<{ health: { ready: boolean } }>('{ health { ready } }');
    expect(health.body.data?.health.ready).toBe(true);
  });

  it('says so when the identity provider cannot be reached, and recovers nothing from it', async () => {
    const unreachable = await startApp({
      JWT_SECRET: '',
      DEV_ACTOR: '',
      JWKS_URL: 'http://127.0.0.1:1/realms/stadtteil/protocol/openid-connect/certs',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_ROLE_CLAIM: 'realm_access.roles',
    });
    try {
      const outcome = await recordedActor(unreachable.gql, as(await token(rsa)));
      expect(outcome).toEqual({
        errors: [expect.objectContaining({ message: 'The keys of the identity provider could not be fetched; retry later' })],
      });
    } finally {
      await unreachable.cleanup();
    }
  });
});
