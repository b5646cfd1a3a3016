import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type AppConfig, ConfigError, WEBHOOK_SECRET_KEY_FILE } from '../../../config/config';
import type { JsonLogger } from '../../../core/logger';
import { createPrivateFileOnce, readPrivateFile } from '../../../core/private-files';
import { KeyFormatError, parseKeys, SecretBox } from '../../../core/secret-box';

/** DI token of the SecretBox that seals webhook signing secrets in the read store. */
export const WEBHOOK_SECRET_BOX = Symbol('WEBHOOK_SECRET_BOX');

export const webhookKeyFileOf = (dataDir: string): string => join(dataDir, WEBHOOK_SECRET_KEY_FILE);

/**
 * The key ring from WEBHOOK_SECRET_KEY, WEBHOOK_SECRET_KEY_FILE (must exist, mode 0600) or, on the embedded default,
 * DATA_DIR/webhook-secret-key, created with a random key on first start. Kept apart from read-models.db, so a copy
 * of the database alone does not give away the secrets.
 */
export function loadWebhookSecretBox(config: AppConfig, logger: JsonLogger): SecretBox {
  const key = config.webhooks.secretKey;
  if (key.source === 'env') return new SecretBox(key.keys);
  const file = key.source === 'file' ? key.path : webhookKeyFileOf(config.dataDir);
  let text = readPrivateFile(file);
  if (text === null && key.source === 'data-dir') {
    if (createPrivateFileOnce(file, `${randomBytes(32).toString('base64')}\n`)) {
      logger.write('info', 'created the key that encrypts webhook signing secrets; keep it apart from database backups', {
        keyFile: file,
      });
    }
    text = readPrivateFile(file);
  }
  if (text === null) throw new ConfigError(`WEBHOOK_SECRET_KEY_FILE: ${file} does not exist`);
  try {
    return new SecretBox(parseKeys(text, file));
  } catch (error) {
    if (error instanceof KeyFormatError) throw new ConfigError(error.message);
    throw error;
  }
}
