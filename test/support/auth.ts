import { randomUUID } from 'node:crypto';
import { mintToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/principal';
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

const ADD_PROGRAMME = `mutation ($input: AddFundingProgrammeInput!) { addFundingProgramme(input: $input) { streamId streamVersion } }`;
const STREAM_EVENTS = `query ($streamId: String!, $from: Int!) {
  streamEvents(streamId: $streamId, fromVersion: $from, first: 1) { metadata { actorId actorRole } } }`;

/**
 * Who the service takes the caller to be, as it records it: the actor of a small write (a funding programme with a
 * fresh id). The GraphQL errors come back when the caller is refused.
 */
export async function recordedActor(
  gql: GqlClient,
  headers: Record<string, string>,
): Promise<{ actorId: string; actorRole: string } | { errors: GraphQLErrorShape[] }> {
  const programmeId = `who-${randomUUID().slice(0, 8)}`;
  const input = {
    programmeId,
    name: `Programme ${programmeId}`,
    level: 'MUNICIPAL',
    fund: 'Verfügungsfonds',
    legalBasis: 'Richtlinie',
    generalConditions: 'ANBest-P 2019',
    retentionYears: 5,
  };
  const added = await gql<{ addFundingProgramme: { streamId: string; streamVersion: number } }>(ADD_PROGRAMME, { input }, headers);
  if (added.body.errors?.length) return { errors: added.body.errors };
  const { streamId, streamVersion } = dataOf(added).addFundingProgramme;
  const events = await gql<{ streamEvents: { metadata: { actorId: string; actorRole: string } }[] }>(
    STREAM_EVENTS,
    { streamId, from: streamVersion },
    headers,
  );
  return dataOf(events).streamEvents[0].metadata;
}
