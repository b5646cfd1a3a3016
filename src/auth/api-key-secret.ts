import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys read `sl_<keyId>_<secret>`: the key id finds the key, the secret (256 random bits, base64url) proves it.
 * Only the SHA-256 of the secret is stored; a hash of that much randomness needs no salt or slow hashing.
 */
const API_KEY_PREFIX = 'sl_';
const API_KEY = /^sl_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new key for `keyId`: the full key, shown once, and the hash that is kept. */
export function newApiKey(keyId: string): { key: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}${keyId}_${secret}`, secretHash: hashApiKeySecret(secret) };
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

/** Key id and secret of a well-formed key; null otherwise. */
export function parseApiKey(token: string): { keyId: string; secret: string } | null {
  const match = API_KEY.exec(token);
  return match ? { keyId: match[1], secret: match[2] } : null;
}

/** Compares in constant time, so response times tell nothing about how much of a guess was right. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const expected = Buffer.from(secretHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
