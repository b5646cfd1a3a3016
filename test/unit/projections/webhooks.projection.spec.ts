import { randomUUID } from 'node:crypto';
import { WEBHOOKS_COLLECTION, webhooksProjection } from '../../../projections/webhooks/webhooks.projection';
import type { WebhookDoc } from '../../../src/webhooks/ports/webhook-endpoints.port';
import { toWebhookEndpoint } from '../../../projections/webhooks/webhooks.resolver';
import { type GivenEvent, runProjectionTwice, withoutPosition } from '../../support/projection-spec';

const webhookId = randomUUID();
const streamId = `webhook-${webhookId}`;
const at = (time: string) => ({ recordedAt: `2026-03-01T${time}:00.000Z`, actorId: 'acme', actorRole: 'integrator' });
const failure = { eventId: 'e9', cursor: '00000000000000000009', statusCode: 410, error: 'HTTP 410', attempts: 1, failingSince: '2026-03-01T10:30:00.000Z' };

const given: GivenEvent[] = [
  {
    streamId,
    type: 'WebhookRegistered',
    metadata: at('10:00'),
    data: { webhookId, ownerId: 'acme', secretId: 's1', url: 'https://a.example.org/', filter: {}, description: 'CRM' },
  },
  {
    streamId,
    type: 'WebhookUpdated',
    metadata: at('10:10'),
    data: { webhookId, changes: { filter: { categories: ['grant'] } }, previous: { filter: {} } },
  },
  {
    streamId,
    type: 'WebhookSecretRotated',
    metadata: at('10:20'),
    data: { webhookId, secretId: 's2', previousSecretId: 's1', previousValidUntil: '2026-03-02T10:20:00.000Z' },
  },
  {
    streamId,
    type: 'WebhookDisabled',
    metadata: at('10:30'),
    data: { webhookId, cause: 'ENDPOINT_GONE', reason: 'The endpoint answered 410 Gone', lastFailure: failure },
  },
  { streamId, type: 'WebhookRedeliveryRequested', metadata: at('10:40'), data: { webhookId, fromCursor: null } },
];

describe('webhooks projection', () => {
  it('keeps the endpoint list: settings, secret ids, why it was disabled, the latest redelivery request; twice the same', async () => {
    const result = await runProjectionTwice(webhooksProjection, given);
    try {
      expect(result.second).toEqual(result.first);
      const [doc] = withoutPosition(result.first[WEBHOOKS_COLLECTION]);
      expect(doc).toMatchObject({
        id: webhookId,
        ownerId: 'acme',
        url: 'https://a.example.org/',
        filter: { categories: ['grant'] },
        description: 'CRM',
        status: 'DISABLED',
        secretId: 's2',
        previousSecret: { secretId: 's1', validUntil: '2026-03-02T10:20:00.000Z' },
        secretRotatedAt: '2026-03-01T10:20:00.000Z',
        disabled: { cause: 'ENDPOINT_GONE', reason: 'The endpoint answered 410 Gone', at: '2026-03-01T10:30:00.000Z', lastFailure: failure },
        registeredAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:40:00.000Z',
        version: 4,
        configVersion: 1,
        redelivery: { fromCursor: null, requestedAt: '2026-03-01T10:40:00.000Z' },
      });
      expect(typeof doc.registeredCursor).toBe('string');
      // No secret ever reaches the read model or the API shape.
      expect(JSON.stringify(doc)).not.toMatch(/whsec_/);
      expect(toWebhookEndpoint(result.first[WEBHOOKS_COLLECTION][0] as WebhookDoc).previousSecretValidUntil).toBe(
        '2026-03-02T10:20:00.000Z',
      );
    } finally {
      await result.close();
    }
  });

  it('re-enabling clears the reason and starts a new configuration; removal hides the endpoint', async () => {
    const result = await runProjectionTwice(webhooksProjection, [
      ...given,
      { streamId, type: 'WebhookEnabled', metadata: at('10:50'), data: { webhookId } },
      { streamId, type: 'WebhookRemoved', metadata: at('11:00'), data: { webhookId } },
    ]);
    try {
      const [doc] = withoutPosition(result.first[WEBHOOKS_COLLECTION]);
      expect(doc).toMatchObject({ status: 'REMOVED', disabled: null, configVersion: 5, version: 6 });
    } finally {
      await result.close();
    }
  });
});
