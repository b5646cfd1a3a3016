import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Where GraphiQL's page lives (outside production): GET on the GraphQL endpoint. */
const GRAPHIQL_PATH = '/graphql';
/** The page @nestjs/apollo serves for `graphiql: true` loads React and GraphiQL from here and runs an inline script. */
const GRAPHIQL_ASSETS = 'https://unpkg.com';

/** The API serves JSON, CSV and XML: nothing in a response may load, run, frame or submit anything. */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

const GRAPHIQL_POLICY = {
  ...API_POLICY,
  scriptSrc: ["'unsafe-inline'", GRAPHIQL_ASSETS],
  styleSrc: ["'unsafe-inline'", GRAPHIQL_ASSETS],
  fontSrc: [GRAPHIQL_ASSETS, 'data:'],
  imgSrc: ["'self'", 'data:'],
  // Queries over HTTP and subscriptions over WebSocket, both to this origin.
  connectSrc: ["'self'"],
};

const headersWith = (directives: Record<string, string[]>) =>
  helmet({ contentSecurityPolicy: { useDefaults: false, directives }, frameguard: { action: 'deny' } });

/**
 * Security headers (helmet) with a strict content security policy. Outside production the GraphiQL page alone gets
 * the policy it needs to load; in production there is no such page.
 */
export function securityHeaders(production: boolean) {
  const api = headersWith(API_POLICY);
  if (production) return api;
  const graphiql = headersWith(GRAPHIQL_POLICY);
  return (request: Request, response: Response, next: NextFunction): void =>
    (request.method === 'GET' && request.path === GRAPHIQL_PATH ? graphiql : api)(request, response, next);
}

/**
 * CORS for an allow-list of exact origins. A request from any other origin (and every cross-origin request when the
 * list is empty) gets no CORS headers at all, so the browser refuses it.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  const allowed = new Set(origins);
  return {
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    // Browsers may read only safelisted response headers unless told otherwise.
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  };
}
