import { createServer, Agent as HttpAgent, type IncomingMessage, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FORBIDDEN_HOST_MESSAGE } from '../../src/integration/webhooks/delivery/network-guard';
import { postWebhook, type SenderOptions } from '../../src/integration/webhooks/delivery/webhook-sender';
import { generateSecret } from '../../src/integration/webhooks/delivery/webhook-signature';

/** The sender against a real local server: the address guard at connection time, redirects, timeouts, abort. */
describe('webhook sender', () => {
  let server: Server;
  let port: number;
  const requests: IncomingMessage[] = [];
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const options = (allowPrivateNetworks: boolean, timeoutMs = 1000): SenderOptions => ({ allowPrivateNetworks, timeoutMs, agents });
  const target = (path: string, host = '127.0.0.1') => ({
    url: `http://${host}:${port}${path}`,
    webhookId: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
    body: '{"specversion":"1.0"}',
    secrets: [generateSecret()],
    timestamp: 1_772_000_000,
  });
  const signal = () => new AbortController().signal;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      req.resume();
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/ok' });
        res.end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end(), 2000).unref();
      } else {
        res.writeHead(req.url === '/busy' ? 503 : 204, req.url === '/busy' ? { 'retry-after': '7' } : {});
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    agents.http.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => requests.splice(0));

  it('refuses a loopback address, literal or behind a name, unless private networks are allowed', async () => {
    const literal = await postWebhook(target('/ok'), options(false), signal());
    expect(literal).toMatchObject({ statusCode: null, error: expect.stringMatching(/loopback/), aborted: false });
    const named = await postWebhook(target('/ok', 'localhost'), options(false), signal());
    expect(named).toMatchObject({ statusCode: null, error: expect.stringMatching(/loopback/) });
    // The delivery log learns only that the host is not allowed; the address is for the server log.
    expect(named.error).toBe(FORBIDDEN_HOST_MESSAGE);
    expect(named.refusedAddress).toMatchObject({ host: 'localhost', addressClass: 'loopback' });
    expect(literal.refusedAddress).toEqual({ host: '127.0.0.1', address: '127.0.0.1', addressClass: 'loopback' });
    expect(requests).toHaveLength(0);

    const allowed = await postWebhook(target('/ok'), options(true), signal());
    expect(allowed).toMatchObject({ statusCode: 204, error: null });
    expect(requests).toHaveLength(1);
    expect(requests[0].headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'webhook-id': '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
      'webhook-timestamp': '1772000000',
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('does not follow redirects, reports Retry-After, and gives up on a slow answer after the timeout', async () => {
    expect(await postWebhook(target('/redirect'), options(true), signal())).toMatchObject({ statusCode: 302, error: 'HTTP 302' });
    expect(requests.map((r) => r.url)).toEqual(['/redirect']);
    expect(await postWebhook(target('/busy'), options(true), signal())).toMatchObject({ statusCode: 503, retryAfter: '7' });
    const slow = await postWebhook(target('/slow'), options(true, 200), signal());
    expect(slow).toMatchObject({ statusCode: null, error: 'no complete response within 200 ms', aborted: false });
    expect(slow.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('is cut short by an abort, and says so', async () => {
    const controller = new AbortController();
    const pending = postWebhook(target('/slow'), options(true), controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ statusCode: null, aborted: true });
  });
});
