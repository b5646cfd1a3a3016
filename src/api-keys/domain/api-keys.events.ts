import type { DomainEvent } from '../../core/decider';
import type { Role } from '../../core/roles';

// Event data are type aliases, not interfaces, so that they are assignable to JSON objects.

/** What an API key lets its holder do: one role, and the districts it covers (null: every district). */
export type ApiKeyScope = {
  role: Role;
  districts: string[] | null;
};

/**
 * `secretHash` is the SHA-256 of the key's random secret: enough to check a presented key, useless for making one.
 * The audit trail leaves it out all the same.
 */
export type ApiKeyIssued = DomainEvent<
  'ApiKeyIssued',
  ApiKeyScope & {
    keyId: string;
    /** What the key is for, e.g. "Fördermittel-Dashboard Land Sachsen-Anhalt". */
    name: string;
    /** Last day the key is accepted (German calendar); null: until revoked. */
    expiresOn: string | null;
    secretHash: string;
  }
>;

export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { keyId: string; reason: string }>;

export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;

export const API_KEY_EVENT_TYPES = ['ApiKeyIssued', 'ApiKeyRevoked'] as const;

/** Event data fields no reader is shown: the hash of a key's secret proves nothing to them (audit trail, streamEvents). */
export const UNSHOWN_EVENT_FIELDS: readonly string[] = ['secretHash'];
