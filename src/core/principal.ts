import type { Request } from 'express';
import type { ScopedActor } from './decider';
import type { Role } from './roles';

/**
 * Who is calling, as authentication established it. Events record `id`, `role` and, for an API key, `onBehalfOf`
 * (the person it acts for); the district scope and the credential's kind stay with the request.
 */
export interface Principal extends ScopedActor {
  role: Role;
  /** How the caller was identified. */
  via: 'jwt' | 'api-key' | 'dev';
  /** Set when `via` is `api-key`. */
  apiKeyId?: string;
}

/** An HTTP request after the authentication middleware ran. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal | null;
  /** Why a presented credential was refused (expired, wrong signature, …); shown in the UNAUTHENTICATED error. */
  authFailure?: string;
}

export const principalOfRequest = (request: Request): Principal | null =>
  (request as AuthenticatedRequest).principal ?? null;
