import type { Role } from '../core/roles';

/**
 * What authentication needs to know of an API key. The API-key read model answers (projections/api-keys binds
 * API_KEY_LOOKUP), so that auth reads no read model's internals.
 */
export interface ApiKeyCredential {
  id: string;
  role: Role;
  /** Districts the key covers; null: every district. */
  districts: readonly string[] | null;
  status: 'active' | 'revoked';
  /** Last valid day (German calendar); null: until revoked. */
  expiresOn: string | null;
  /** The person the key acts for; null when it cannot be traced. Absent on a record from before keys named their person. */
  personId?: string | null;
  /** Hash of the key's secret. */
  secretHash: string;
}

export interface ApiKeyLookup {
  /** The key with this id, or null when there is none. */
  find(keyId: string): Promise<ApiKeyCredential | null>;
}

export const API_KEY_LOOKUP = Symbol('API_KEY_LOOKUP');
