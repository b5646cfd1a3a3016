import { mintToken } from '../../src/auth/jwt';
import type { Role } from '../../src/core/roles';
import { loadConfig } from '../../src/config/config';
import { dataOf, type GqlClient, type GraphQLErrorShape } from './app';

/**
 * Authentication in tests: `startApp` and `startServerProcess` sign with TEST_JWT_SECRET and, outside production,
 * let requests without a token act as DEV_ADMIN. Pass `JWT_SECRET: ''` or `DEV_ACTOR: ''` to test without them.
 */
export const TEST_JWT_SECRET = 'test-only-signing-secret-0123456789abcdefghij';
export const DEV_ADMIN = 'dev-admin:admin';

/** The authentication defaults of the test helpers, below whatever the test sets itself. */
export function withTestAuth(env: Record<string, string>): Record<string, string> {
  return { JWT_SECRET: TEST_JWT_SECRET, DEV_ACTOR: env.NODE_ENV === 'production' ? '' : DEV_ADMIN, ...env };
}

export interface TestUser {
  id: string;
  role: Role;
  /** Omitted: no districts claim (a district manager then manages none, other roles cover all). */
  districts?: readonly string[];
}

/** `{ authorization: 'Bearer <jwt>' }` for a user: a token as the service signs it, valid for an hour. */
export async function bearer(user: TestUser, env: Record<string, string> = {}): Promise<{ authorization: string }> {
  const config = loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env });
  const token = await mintToken(
    config.auth,
    config.auth.jwtSecret!,
    { subject: user.id, role: user.role, districts: user.districts ?? null },
    3600,
  );
  return { authorization: `Bearer ${token}` };
}

/** startApp's environment for tests that act through the development identity. */
export const DEV_IDENTITY = { DEV_ACTOR: DEV_ADMIN } as const;

/**
 * `x-dev-actor` headers (GraphQL and exports alike) for a user, districts included: the development identity, which
 * the app accepts outside production with DEV_ACTOR set, and which can cover every district.
 */
export function authHeaders({ id, role, districts }: TestUser): Record<string, string> {
  // An empty list would not match the header format, and the request would silently run as the default identity.
  if (districts?.length === 0) throw new Error('A principal limited to no district cannot be expressed');
  return { 'x-dev-actor': districts ? `${id}:${role}:${districts.join(',')}` : `${id}:${role}` };
}

/**
 * Headers for a user of a test about something other than district scope. A district manager without `districts`
 * acts through the development identity, which covers every district (a token covers only the districts it names,
 * and these tests register theirs as they go); everyone else sends a signed token.
 */
export async function credentialsFor(user: TestUser): Promise<Record<string, string>> {
  if (user.role === 'district_manager' && user.districts === undefined) return authHeaders(user);
  return bearer(user);
}

const ME = '{ me { id role } }';

/**
 * Who the service takes the caller to be: the actor id and role its events would record (`me`). The GraphQL errors
 * come back when the caller is refused.
 */
export async function recordedActor(
  gql: GqlClient,
  headers: Record<string, string>,
): Promise<{ actorId: string; actorRole: string } | { errors: GraphQLErrorShape[] }> {
  const response = await gql<{ me: { id: string; role: string } }>(ME, {}, headers);
  if (response.body.errors?.length) return { errors: response.body.errors };
  const { me } = dataOf(response);
  return { actorId: me.id, actorRole: me.role };
}
