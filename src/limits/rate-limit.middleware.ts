import type { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from '../core/principal';
import { rateLimited } from './limit-exceeded.error';
import { identityKey, type RateLimiter } from './rate-limiter';

/** Liveness and readiness probes are never throttled. */
const EXEMPT_PATH = /^\/health(\/|$)/;

/**
 * Express middleware, after authentication: every request but the health probes takes a token of its identity.
 * Over the limit: 429 with Retry-After and the error in the GraphQL shape, before the body is even read.
 */
export function rateLimitRequests(limiter: RateLimiter) {
  return (request: AuthenticatedRequest, response: Response, next: NextFunction): void => {
    if (EXEMPT_PATH.test(request.path)) return next();
    const decision = limiter.take(identityKey(request.principal, request.ip));
    if (decision.allowed) return next();
    const error = rateLimited(decision.retryAfterSeconds);
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    response.status(429).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
  };
}
