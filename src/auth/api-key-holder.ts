import { isoDay } from '../core/calendar-dates';
import type { ApiKeyCredential } from './api-key-lookup.port';

/** Why a key no longer speaks for its holder; null while it does. `expiresOn` is its last valid day (German calendar). */
export function apiKeyLapse(key: Pick<ApiKeyCredential, 'status' | 'expiresOn'>, now: Date): 'revoked' | 'expired' | null {
  if (key.status === 'revoked') return 'revoked';
  if (key.expiresOn !== null && key.expiresOn < isoDay(now)) return 'expired';
  return null;
}
