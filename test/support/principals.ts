import type { Role } from '../../src/auth/principal';

/**
 * Acting as someone in tests. For now through the development identity (`x-dev-actor`), which the app accepts
 * only outside production and with DEV_ACTOR set (pass DEV_IDENTITY to startApp); switching tests to minted tokens
 * happens here and nowhere else.
 */

export interface TestPrincipal {
  id: string;
  role: Role;
  /** Districts the principal is limited to; left out: every district. */
  districts?: readonly string[];
}

export const DEV_IDENTITY = { DEV_ACTOR: 'dev-admin:admin' } as const;

/** HTTP headers (GraphQL and exports alike) that identify a request as the principal. */
export function authHeaders({ id, role, districts }: TestPrincipal): Record<string, string> {
  // An empty list would not match the header format, and the request would silently run as the default identity.
  if (districts?.length === 0) throw new Error('A principal limited to no district cannot be expressed');
  return { 'x-dev-actor': districts ? `${id}:${role}:${districts.join(',')}` : `${id}:${role}` };
}
