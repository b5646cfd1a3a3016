import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encryption of small secrets at rest (AES-256-GCM, node:crypto) with a key ring: the first key seals, every key
 * opens, so a key can be replaced without losing what the old one sealed. A sealed value names its key by a short
 * id and is bound to a context (e.g. the id of the document holding it): copied elsewhere, it no longer opens.
 *
 * Format: `v1:<key id>:<iv>:<ciphertext>:<tag>`, each part base64url.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A key list that is not one or more base64 keys of 32 bytes. */
export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/** A sealed value that no configured key opens, or that was altered. */
export class UnsealError extends Error {
  constructor(
    message: string,
    readonly keyId: string | null,
  ) {
    super(message);
    this.name = 'UnsealError';
  }
}

/**
 * Keys separated by commas, spaces or line breaks, each the base64 (or base64url) of 32 random bytes, e.g. from
 * `openssl rand -base64 32`. `source` names them in messages, never their value.
 */
export function parseKeys(text: string, source: string): Buffer[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) {
    throw new KeyFormatError(`${source} holds no key (expected the base64 of 32 random bytes, e.g. openssl rand -base64 32)`);
  }
  return parts.map((part, i) => {
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(part) ? Buffer.from(part, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      throw new KeyFormatError(`${source}: key ${i + 1} is not the base64 of ${KEY_BYTES} bytes (e.g. openssl rand -base64 32)`);
    }
    return key;
  });
}

/** A short public name of a key (a MAC of a constant under it): tells which key sealed a value, reveals nothing. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('stadtteil-ledger secret-box key id').digest('base64url').slice(0, 8);
}

export class SecretBox {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** Id of the key that seals. */
  readonly keyId: string;

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0 || keys.some((key) => key.length !== KEY_BYTES)) {
      throw new KeyFormatError(`SecretBox needs one or more keys of ${KEY_BYTES} bytes`);
    }
    this.keys = new Map(keys.map((key) => [keyIdOf(key), key]));
    this.keyId = keyIdOf(keys[0]);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.keyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  /** The plaintext; UnsealError when the value is malformed, its key is not in the ring, or it was altered. */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split(':');
    if (version !== VERSION || rest.length > 0 || tag === undefined) throw new UnsealError('not a sealed value', null);
    const key = this.keys.get(keyId);
    if (!key) throw new UnsealError(`sealed with key ${keyId}, which is not configured`, keyId);
    try {
      // A fixed tag length: GCM would otherwise accept a truncated tag, which is easier to forge.
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnsealError(`sealed with key ${keyId} but does not authenticate (altered, or moved from elsewhere)`, keyId);
    }
  }

  /** Whether `sealed` was sealed with the current key (otherwise it should be sealed again). */
  isCurrent(sealed: string): boolean {
    return sealed.split(':')[1] === this.keyId;
  }
}
