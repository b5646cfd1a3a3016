import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (symmetric scheme `v1`): HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`,
 * keyed with the bytes of the endpoint's secret, base64 in the `webhook-signature` header.
 */

const SECRET_PREFIX = 'whsec_';
/** The specification asks for at least 24 random bytes; 32 match the HMAC-SHA256 block of security. */
const SECRET_BYTES = 32;

export const generateSecret = (): string => SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');

export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError('A webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export function sign(secret: string, webhookId: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${webhookId}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The header value: one signature per secret in force (two while a rotated secret is still honoured). */
export const signatureHeader = (secrets: readonly string[], webhookId: string, timestamp: number, body: string) =>
  secrets.map((secret) => sign(secret, webhookId, timestamp, body)).join(' ');
