import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { createPrivateFileOnce, readPrivateFile } from '../core/private-files';

/** The HS256 secret of the embedded default, created in DATA_DIR on first start when JWT_SECRET is not set. */
const SECRET_FILE = 'jwt-secret';

export class SigningSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningSecretError';
  }
}

export const secretFileOf = (dataDir: string): string => join(dataDir, SECRET_FILE);

/**
 * Reads the secret file; null when it does not exist. A file that other users may read or write is refused rather
 * than used: whoever can read it can mint admin tokens.
 */
export function readSecretFile(dataDir: string): string | null {
  const file = secretFileOf(dataDir);
  const text = readPrivateFile(file, (message) => new SigningSecretError(message));
  if (text === null) return null;
  const secret = text.trim();
  if (Buffer.byteLength(secret, 'utf8') < 32) throw new SigningSecretError(`${file} holds no usable secret (32 bytes or more)`);
  return secret;
}

/**
 * The secret in DATA_DIR, created with 384 random bits (mode 0600) when missing; of two processes starting at once
 * one creates it and the other reads it. `created` says which happened.
 */
export function loadOrCreateSecretFile(dataDir: string): { secret: string; created: boolean } {
  const existing = readSecretFile(dataDir);
  if (existing !== null) return { secret: existing, created: false };
  const secret = randomBytes(48).toString('base64url');
  if (!createPrivateFileOnce(secretFileOf(dataDir), `${secret}\n`)) return { secret: readSecretFile(dataDir)!, created: false };
  return { secret, created: true };
}

/**
 * The secret that scripts (`npm run token`, the demo) sign with: JWT_SECRET, else the secret file in DATA_DIR,
 * which they never create. Refused when tokens come from an identity provider.
 */
export function scriptSigningSecret(config: AppConfig): string {
  if (config.auth.jwksUrl) {
    throw new SigningSecretError('Tokens are issued by the identity provider (JWKS_URL is set); this service signs none');
  }
  const secret = config.auth.jwtSecret ?? readSecretFile(config.dataDir);
  if (secret === null) {
    throw new SigningSecretError(
      `No signing secret: set JWT_SECRET, or start the service once so it creates ${secretFileOf(config.dataDir)} (DATA_DIR)`,
    );
  }
  return secret;
}
