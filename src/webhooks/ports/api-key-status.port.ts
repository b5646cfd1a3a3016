export const API_KEY_STATUS_LOOKUP = Symbol('API_KEY_STATUS_LOOKUP');

/** Why an API key no longer acts: revoked, past its end date, or never issued. */
export type ApiKeyLapse = { lapse: 'revoked' | 'expired' | 'unknown'; expiresOn: string | null };

/**
 * Whether the API key that registered an endpoint still stands. The keys are a read model (projections/api-keys);
 * delivery asks through this port, so the webhooks context does not read the projection's collection itself.
 */
export interface ApiKeyStatusLookup {
  /** Null while the key stands at `now`. */
  lapseOf(keyId: string, now: Date): Promise<ApiKeyLapse | null>;
}
