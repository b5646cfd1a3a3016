import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';

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
 * than used: whoever can read it can mint admin tokens (the permission check does not apply on Windows).
 */
export function readSecretFile(dataDir: string): string | null {
  const file = secretFileOf(dataDir);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SigningSecretError(
      `${file} is accessible to other users (mode ${(mode & 0o777).toString(8)}); restrict it with: chmod 600 ${file}`,
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret, 'utf8') < 32) throw new SigningSecretError(`${file} holds no usable secret (32 bytes or more)`);
  return secret;
}

/**
 * The secret in DATA_DIR, created with 384 random bits when missing. It is written to a private temporary file
 * (mode 0600) and then hard-linked into place, which fails if the file exists: of two processes starting at once
 * one creates it and the other reads it, never a half-written file. `created` says which happened.
 */
export function loadOrCreateSecretFile(dataDir: string): { secret: string; created: boolean } {
  const existing = readSecretFile(dataDir);
  if (existing !== null) return { secret: existing, created: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const temporary = join(dataDir, `${SECRET_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, `${secret}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, secretFileOf(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: readSecretFile(dataDir)!, created: false };
  } finally {
    unlinkSync(temporary);
  }
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
