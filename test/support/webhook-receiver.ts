import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A local webhook receiver for tests: records every delivery and checks its signature on its own. */

/** A delivery as the receiver saw it, with its own verdict on the signature. */
export interface Received {
  path: string;
  webhookId: string;
  timestamp: number;
  contentType: string;
  /** The webhook-signature header as sent. */
  signature: string;
  body: string;
  event: { id: string; type: string; subject: string; cursor: string; specversion: string; source: string };
  signatureValid: boolean;
  answered: number | 'hang';
}

export type Answer = (path: string, webhookId: string, attemptForId: number) => number | 'hang';

/** Standard Webhooks verification written from the specification, independent of the service's code. */
export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startReceiver(answer: Answer) {
  const secrets = new Map<string, string[]>();
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const webhookId = String(req.headers['webhook-id']);
      const timestamp = String(req.headers['webhook-timestamp']);
      const key = `${path} ${webhookId}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const reply = answer(path, webhookId, attempt);
      const signature = String(req.headers['webhook-signature']);
      const signatureValid = (secrets.get(path) ?? []).some((secret) =>
        verifySignature(secret, webhookId, timestamp, body, signature),
      );
      received.push({
        path,
        webhookId,
        timestamp: Number(timestamp),
        contentType: String(req.headers['content-type']),
        signature,
        body,
        event: JSON.parse(body) as Received['event'],
        signatureValid,
        answered: reply,
      });
      if (reply === 'hang') return;
      res.statusCode = reply;
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** Secrets a path's deliveries may be signed with (current and rotated-out). */
    trust: (path: string, ...pathSecrets: string[]) => secrets.set(path, pathSecrets),
    received,
    /** Deliveries the receiver acknowledged (2xx), in arrival order. */
    accepted: (path: string) => received.filter((r) => r.path === path && typeof r.answered === 'number' && r.answered < 300),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
