import type { Request } from 'express';
import type { ScopedActor } from '../core/decider';

/** The roles of the service; what each may do is the authorization table's business. */
export const ROLES = ['admin', 'district_manager', 'funding_officer', 'auditor', 'integrator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

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
