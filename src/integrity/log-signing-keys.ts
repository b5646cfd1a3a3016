import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LogSigningConfig } from '../config/config';
import { createPrivateFileOnce, readPrivateFile } from '../core/private-files';

/**
 * The Ed25519 key that signs checkpoints of the event log, and the public keys of the keys it replaced. The private
 * key never enters the log or DATA_DIR; the public keys are published (checkpoint export, `logSigningKeys`) so an
 * auditor can check a checkpoint without the service.
 */

export class LogSigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogSigningKeyError';
  }
}

export interface PublicSigningKey {
  /** SHA-256 (hex) of the public key's DER (SubjectPublicKeyInfo): `openssl pkey -pubin -outform DER | sha256sum`. */
  keyId: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  key: KeyObject;
}

export interface LogSigningKeys {
  current: PublicSigningKey & { privateKey: KeyObject };
  /** Current and earlier keys by key id: only these make a checkpoint's signature count. */
  trusted: ReadonlyMap<string, PublicSigningKey>;
}

const PUBLIC_KEY_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

export function publicSigningKey(key: KeyObject): PublicSigningKey {
  const der = key.export({ type: 'spki', format: 'der' });
  return {
    keyId: createHash('sha256').update(der).digest('hex'),
    publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
    key,
  };
}

const fail = (message: string) => new LogSigningKeyError(message);

function privateKeyOf(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw fail(`${source} holds no private key in PEM`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw fail(`${source} holds a ${key.asymmetricKeyType} key; an Ed25519 key is needed`);
  return key;
}

const newKeyPem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The private key: from the environment, else the key file, created on the embedded default when missing. */
function loadPrivateKey(config: LogSigningConfig): { key: KeyObject; created: boolean } {
  if (config.keyPem) return { key: privateKeyOf(config.keyPem, 'LOG_SIGNING_KEY'), created: false };
  const file = config.keyFile!;
  let pem = readPrivateFile(file, fail);
  let created = false;
  if (pem === null) {
    if (!config.createKeyFile) {
      throw fail(
        `No log signing key at ${file}: set LOG_SIGNING_KEY or LOG_SIGNING_KEY_FILE (only the embedded default creates one)`,
      );
    }
    // 0700: nobody else may even list the folder that holds the key.
    created = createPrivateFileOnce(file, newKeyPem());
    pem = readPrivateFile(file, fail)!;
  }
  return { key: privateKeyOf(pem, file), created };
}

/**
 * Public keys of earlier signing keys (PEM blocks one after another); none when the file does not exist. Adding a
 * key here makes the service trust checkpoints signed with it, so the file is held to the key file's permissions.
 */
export function readPreviousKeys(file: string | null): PublicSigningKey[] {
  if (file === null) return [];
  const text = readPrivateFile(file, fail);
  if (text === null) return [];
  return [...text.matchAll(PUBLIC_KEY_BLOCK)].map(([pem], i) => {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw fail(`Public key ${i + 1} in ${file} cannot be read`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw fail(`Public key ${i + 1} in ${file} is not an Ed25519 key`);
    return publicSigningKey(key);
  });
}

export function loadLogSigningKeys(config: LogSigningConfig): LogSigningKeys & { created: boolean } {
  const { key: privateKey, created } = loadPrivateKey(config);
  const current = { ...publicSigningKey(createPublicKey(privateKey)), privateKey };
  const trusted = new Map<string, PublicSigningKey>();
  for (const previous of readPreviousKeys(config.previousKeysFile)) trusted.set(previous.keyId, previous);
  trusted.set(current.keyId, current);
  return { current, trusted, created };
}

/**
 * Replaces the key file with a new key after appending the old public key to the previous-keys file, so checkpoints
 * signed so far keep verifying. The new key is written beside the old one and renamed over it (one step). The
 * running service signs with the old key until it is restarted.
 */
export function rotateLogSigningKeyFile(config: LogSigningConfig): { previous: PublicSigningKey; current: PublicSigningKey } {
  if (config.keyPem || !config.keyFile) {
    throw fail('LOG_SIGNING_KEY is set: rotate it where it is kept, and add the old public key to LOG_SIGNING_PREVIOUS_KEYS_FILE');
  }
  if (!config.previousKeysFile) throw fail('LOG_SIGNING_PREVIOUS_KEYS_FILE is needed to keep the old public key');
  const pem = readPrivateFile(config.keyFile, fail);
  if (pem === null) throw fail(`No log signing key at ${config.keyFile} to rotate`);
  const previous = publicSigningKey(createPublicKey(privateKeyOf(pem, config.keyFile)));
  // Read first: a previous-keys file others may write is refused before anything changes.
  if (!readPreviousKeys(config.previousKeysFile).some((key) => key.keyId === previous.keyId)) {
    appendFileSync(config.previousKeysFile, previous.publicKeyPem, { mode: 0o600 });
  }
  const replacement = newKeyPem();
  const temporary = join(dirname(config.keyFile), `${basename(config.keyFile)}.${randomBytes(6).toString('hex')}.new`);
  writeFileSync(temporary, replacement, { flag: 'wx', mode: 0o600 });
  renameSync(temporary, config.keyFile);
  return { previous, current: publicSigningKey(createPublicKey(privateKeyOf(replacement, config.keyFile))) };
}
