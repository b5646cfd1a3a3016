import { isoDay } from '../../core/calendar-dates';
import type { ApiKeyRecord } from '../../../projections/api-keys/api-keys.projection';

const ACTOR_PREFIX = 'apikey-';

/** The actor id of an API key's holder: what its events record and who owns what it registers. */
export const apiKeyActorId = (keyId: string): string => `${ACTOR_PREFIX}${keyId}`;

/** The key an actor id stands for; null for any other actor (a token's subject, which nothing here can revoke). */
export const apiKeyIdOf = (actorId: string): string | null =>
  actorId.startsWith(ACTOR_PREFIX) ? actorId.slice(ACTOR_PREFIX.length) : null;

/** Why a key no longer speaks for its holder; null while it does. `expiresOn` is its last valid day (German calendar). */
export function apiKeyLapse(key: Pick<ApiKeyRecord, 'status' | 'expiresOn'>, now: Date): 'revoked' | 'expired' | null {
  if (key.status === 'revoked') return 'revoked';
  if (key.expiresOn !== null && key.expiresOn < isoDay(now)) return 'expired';
  return null;
}
