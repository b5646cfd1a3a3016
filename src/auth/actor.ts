import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { AppConfig } from '../config/config';
import { type AuthenticatedRequest, isRole, type Principal } from './principal';

/** `<id>:<role>` or `<id>:<role>:<districtId>,<districtId>…` (a development identity limited to those districts). */
const DEV_ACTOR_HEADER = /^([\w.@-]{1,100}):([a-z_]{1,40})(?::([\w-]{1,100}(?:,[\w-]{1,100}){0,99}))?$/;

/**
 * Resolves the caller of a request: a bearer token from API_TOKENS; or — outside production only, where
 * `config.devActor` is set — the development identity when no Authorization header is sent, which an
 * `x-dev-actor: <id>:<role>[:<districtId>,…]` header may replace (so a local demo can show four-eyes rules with two
 * people, and district scope with a district manager of one district). Returns null when nobody is identified.
 */
export function resolveActor(
  config: AppConfig,
  authorization: string | undefined,
  devActorHeader?: string,
): Principal | null {
  if (!authorization) {
    if (!config.devActor) return null;
    const match = devActorHeader ? DEV_ACTOR_HEADER.exec(devActorHeader) : null;
    if (match && isRole(match[2])) {
      return { id: match[1], role: match[2], districts: match[3]?.split(',') ?? null, via: 'dev' };
    }
    return { ...config.devActor, districts: null, via: 'dev' };
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return null;
  const presented = Buffer.from(match[1]);
  for (const [token, actor] of config.apiTokens) {
    const known = Buffer.from(token);
    if (known.length === presented.length && timingSafeEqual(known, presented)) {
      return { ...actor, districts: null, via: 'static-token' };
    }
  }
  return null;
}

/** Express middleware: identifies the caller once per request, for GraphQL and the HTTP endpoints alike. */
export function authenticate(config: AppConfig) {
  return (request: AuthenticatedRequest, _response: Response, next: NextFunction): void => {
    const devActor = request.headers['x-dev-actor'];
    request.principal = resolveActor(config, request.headers.authorization, typeof devActor === 'string' ? devActor : undefined);
    next();
  };
}
