import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../event-store/event-store.port';
import type { AppConfig } from '../config/config';

export type { Actor };

const DEV_ACTOR_HEADER = /^([\w.@-]{1,100}):([a-z_]{1,40})$/;

/**
 * Resolves the actor of a request: a bearer token from API_TOKENS; or — outside production only, where
 * `config.devActor` is set — the development identity when no Authorization header is sent, which an
 * `x-dev-actor: <id>:<role>` header may replace (so a local demo can show four-eyes rules with two people).
 * Returns null when nobody is identified. (JWT authentication replaces this with the security work.)
 */
export function resolveActor(
  config: AppConfig,
  authorization: string | undefined,
  devActorHeader?: string,
): Actor | null {
  if (!authorization) {
    if (!config.devActor) return null;
    const match = devActorHeader ? DEV_ACTOR_HEADER.exec(devActorHeader) : null;
    return match ? { id: match[1], role: match[2] } : config.devActor;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return null;
  const presented = Buffer.from(match[1]);
  for (const [token, actor] of config.apiTokens) {
    const known = Buffer.from(token);
    if (known.length === presented.length && timingSafeEqual(known, presented)) return actor;
  }
  return null;
}
