import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Where GraphiQL's page lives (outside production): GET on the GraphQL endpoint. */
export const GRAPHIQL_PATH = '/graphql';
/** Its scripts and styles, served by the service too (src/graphql/graphiql.ts). */
export const GRAPHIQL_ASSETS_PATH = '/graphiql';

/** The API serves JSON, CSV and XML: nothing in a response may load, run, frame or submit anything. */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The nonce of one GraphiQL page: its dialogs insert <style> elements (react-remove-scroll), which carry it. New for
 * every response, made when the policy or the page first asks.
 */
export function styleNonce(response: Response): string {
  return ((response.locals as { styleNonce?: string }).styleNonce ??= randomBytes(16).toString('base64'));
}

type Directives = Record<string, (string | ((request: IncomingMessage, response: ServerResponse) => string))[]>;

/** GraphiQL's page loads its scripts and styles from this origin only; no inline script runs. */
const GRAPHIQL_POLICY: Directives = {
  ...API_POLICY,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", (_request, response) => `'nonce-${styleNonce(response as Response)}'`],
  // GraphiQL's stylesheet embeds its fonts and icons.
  fontSrc: ['data:'],
  imgSrc: ["'self'", 'data:'],
  // Queries over HTTP and subscriptions over WebSocket, both to this origin.
  connectSrc: ["'self'"],
};

const headersWith = (directives: Directives) =>
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
