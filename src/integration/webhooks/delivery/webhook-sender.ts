import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { assertAllowedAddress, ForbiddenAddressError, guardedLookup, hostOf, type RefusedAddress } from './network-guard';
import { signatureHeader } from './webhook-signature';

/** Structured content mode of the CloudEvents HTTP binding: the whole event, JSON, in the body. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface WebhookRequest {
  url: string;
  /** `webhook-id`: the event id, the same on every attempt, so receivers can de-duplicate. */
  webhookId: string;
  body: string;
  /** Signing secrets in force (the current one first). */
  secrets: readonly string[];
  /** `webhook-timestamp`: when this attempt is made, in Unix seconds. */
  timestamp: number;
}

export interface WebhookResponse {
  statusCode: number | null;
  /** Why the attempt failed without (or despite) a status; null on 2xx. */
  error: string | null;
  durationMs: number;
  retryAfter?: string;
  /** The attempt was cut short by shutdown: not the receiver's failure. */
  aborted: boolean;
  /** The host resolved to an address webhooks may not call; `error` does not say which (see network-guard). */
  refusedAddress?: RefusedAddress;
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  agents: { http: HttpAgent; https: HttpsAgent };
}

/** Response bodies are not read beyond this: the status is what counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** One POST; redirects are not followed (a 3xx is a failure: the owner should update the URL). */
export function postWebhook(target: WebhookRequest, options: SenderOptions, signal: AbortSignal): Promise<WebhookResponse> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const url = new URL(target.url);
  const host = hostOf(url);
  try {
    // A literal address is never looked up, so the guarded lookup would not see it.
    if (isIP(host)) assertAllowedAddress(host, host, options.allowPrivateNetworks);
  } catch (error) {
    return Promise.resolve({ ...failureOf(error), durationMs: elapsed(), aborted: false });
  }
  const secure = url.protocol === 'https:';
  const body = Buffer.from(target.body, 'utf8');
  return new Promise<WebhookResponse>((resolve) => {
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: secure ? options.agents.https : options.agents.http,
      lookup: guardedLookup(options.allowPrivateNetworks),
      headers: {
        'content-type': CLOUDEVENTS_CONTENT_TYPE,
        'content-length': body.length,
        'user-agent': 'stadtteil-ledger-webhooks',
        'webhook-id': target.webhookId,
        'webhook-timestamp': String(target.timestamp),
        'webhook-signature': signatureHeader(target.secrets, target.webhookId, target.timestamp, target.body),
      },
    });
    let settled = false;
    const finish = (result: Omit<WebhookResponse, 'durationMs' | 'aborted'>, aborted = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve({ ...result, durationMs: elapsed(), aborted });
    };
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, error: `no complete response within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish({ statusCode: null, error: 'cut short by shutdown' }, true);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(failureOf(error)));
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      const ok = statusCode >= 200 && statusCode < 300;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined;
      const result = { statusCode, error: ok ? null : `HTTP ${statusCode}`, retryAfter };
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) {
          res.destroy();
          finish(result);
        }
      });
      res.on('end', () => finish(result));
      res.on('error', () => finish(result));
    });
    if (signal.aborted) onAbort();
    else req.end(body);
  });
}

function failureOf(error: unknown): Pick<WebhookResponse, 'statusCode' | 'error' | 'refusedAddress'> {
  if (error instanceof ForbiddenAddressError) return { statusCode: null, error: error.message, refusedAddress: error.refused };
  return { statusCode: null, error: messageOf(error) };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
