import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../event-store/event-store.port';
import type { AppConfig } from '../config/config';

export type { Actor };

/**
 * Resolves the actor of a request from its Authorization header: a bearer token from API_TOKENS, or — outside
 * production only — the development identity when no header is sent. Returns null when nobody is identified.
 * (Proper JWT authentication replaces this with the security work.)
 */
export function resolveActor(config: AppConfig, authorization: string | undefined): Actor | null {
  if (!authorization) return config.devActor;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return null;
  const presented = Buffer.from(match[1]);
  for (const [token, actor] of config.apiTokens) {
    const known = Buffer.from(token);
    if (known.length === presented.length && timingSafeEqual(known, presented)) return actor;
  }
  return null;
}
