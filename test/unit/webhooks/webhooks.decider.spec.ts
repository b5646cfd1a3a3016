import { assertCommandInScope } from '../../../src/auth/district-scope';
import type { ScopedActor } from '../../../src/core/decider';
import type { WebhookCommand } from '../../../src/webhooks/domain/webhooks.commands';
import { webhooksDecider } from '../../../src/webhooks/domain/webhooks.decider';
import type { WebhookEvent } from '../../../src/webhooks/domain/webhooks.events';
import { context, deciderSpec } from '../../support/decider-spec';

const webhookId = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';
const owner = context({ actor: { id: 'acme', role: 'integrator', districts: null } });
const stranger = context({ actor: { id: 'globex', role: 'integrator', districts: null } });
const admin = context({ actor: { id: 'root', role: 'admin', districts: null } });
const system = context({ actor: { id: 'system', role: 'system', districts: null } });
const spec = deciderSpec(webhooksDecider);

const registered: WebhookEvent = {
  type: 'WebhookRegistered',
  data: {
    webhookId,
    ownerId: 'acme',
    secretId: 's1',
    url: 'https://hooks.example.org/ledger',
    filter: { categories: ['grant'] },
    description: null,
  },
};
const failure = { eventId: 'e1', cursor: '00000000000000000007', statusCode: 500, error: 'HTTP 500', attempts: 5, failingSince: '2026-03-01T09:00:00.000Z' };
const giveUp = (configVersion: number): WebhookCommand => ({
  type: 'GiveUpWebhook',
  data: { webhookId, configVersion, cause: 'DELIVERY_FAILURES', reason: 'kept failing', lastFailure: failure },
  context: system,
});

describe('webhooks decider', () => {
  it('registers an endpoint owned by the registering principal', () => {
    const { ownerId: _o, ...data } = registered.data;
    spec.given([]).when({ type: 'RegisterWebhook', data, context: owner }).then([registered]);
  });

  it.each([
    ['ftp://hooks.example.org/x', /https or http/],
    ['https://user:secret@hooks.example.org/x', /credentials/],
    ['https://hooks.example.org/x#frag', /fragment/],
    ['hooks.example.org/x', /absolute URL/],
  ])('refuses the URL %s', (url, message) => {
    const { ownerId: _o, ...data } = registered.data;
    spec.given([]).when({ type: 'RegisterWebhook', data: { ...data, url }, context: owner }).thenThrows('BAD_USER_INPUT', message);
  });

  it('lets only the owner or an administrator act on an endpoint; to anyone else it does not exist', () => {
    const disable: WebhookCommand = { type: 'DisableWebhook', data: { webhookId }, context: stranger };
    spec.given([registered]).when(disable).thenThrows('NOT_FOUND');
    spec.given([registered]).when({ ...disable, context: admin }).then([
      { type: 'WebhookDisabled', data: { webhookId, cause: 'OWNER', reason: 'Disabled by root', lastFailure: null } },
    ]);
    spec.given([registered]).when({ ...disable, context: { ...owner, reason: 'Maintenance' } }).then([
      { type: 'WebhookDisabled', data: { webhookId, cause: 'OWNER', reason: 'Maintenance', lastFailure: null } },
    ]);
  });

  it('records only changed settings, with their previous values', () => {
    spec
      .given([registered])
      .when({
        type: 'UpdateWebhook',
        data: { webhookId, changes: { url: registered.data.url, filter: { categories: ['grant', 'measure'] } } },
        context: owner,
      })
      .then([
        {
          type: 'WebhookUpdated',
          data: { webhookId, changes: { filter: { categories: ['grant', 'measure'] } }, previous: { filter: { categories: ['grant'] } } },
        },
      ]);
    spec.given([registered]).when({ type: 'UpdateWebhook', data: { webhookId, changes: { url: registered.data.url } }, context: owner }).then([]);
  });

  it('gives up an endpoint only while the configuration the failures were counted against is in force', () => {
    const disabled: WebhookEvent = { type: 'WebhookDisabled', data: { webhookId, cause: 'DELIVERY_FAILURES', reason: 'kept failing', lastFailure: failure } };
    spec.given([registered]).when(giveUp(0)).then([disabled]);
    const moved: WebhookEvent = {
      type: 'WebhookUpdated',
      data: { webhookId, changes: { url: 'https://other.example.org/' }, previous: { url: registered.data.url } },
    };
    spec.given([registered, moved]).when(giveUp(0)).then([]);
    spec.given([registered, moved]).when(giveUp(1)).then([{ ...disabled }]);
    const enabled: WebhookEvent = { type: 'WebhookEnabled', data: { webhookId } };
    spec.given([registered, disabled, enabled]).when(giveUp(0)).then([]);
    spec.given([registered, disabled, enabled]).when(giveUp(2)).then([disabled]);
    spec.given([registered, disabled]).when(giveUp(0)).then([]);
  });

  it('enables and disables idempotently, and forgets a removed endpoint', () => {
    const enable: WebhookCommand = { type: 'EnableWebhook', data: { webhookId }, context: owner };
    spec.given([registered]).when(enable).then([]);
    const removed: WebhookEvent = { type: 'WebhookRemoved', data: { webhookId } };
    spec.given([registered]).when({ type: 'RemoveWebhook', data: { webhookId }, context: owner }).then([removed]);
    spec.given([registered, removed]).when(enable).thenThrows('NOT_FOUND');
  });

  it('rotates the secret, keeping the previous one for the hours asked (at most a week)', () => {
    const rotate = (keepPreviousForHours: number): WebhookCommand => ({
      type: 'RotateWebhookSecret',
      data: { webhookId, secretId: 's2', keepPreviousForHours },
      context: owner,
    });
    spec.given([registered]).when(rotate(24)).then([
      {
        type: 'WebhookSecretRotated',
        data: { webhookId, secretId: 's2', previousSecretId: 's1', previousValidUntil: '2026-03-02T10:00:00.000Z' },
      },
    ]);
    spec.given([registered]).when(rotate(169)).thenThrows('BAD_USER_INPUT');
  });

  it('records a redelivery request from a cursor', () => {
    spec
      .given([registered])
      .when({ type: 'RequestWebhookRedelivery', data: { webhookId, fromCursor: '00000000000000000003' }, context: owner })
      .then([{ type: 'WebhookRedeliveryRequested', data: { webhookId, fromCursor: '00000000000000000003' } }]);
  });

  describe('district scope (the pipeline checks districtOf before decide)', () => {
    const A = '0b6f2f7e-3c5e-4a53-9a55-1f0e5bd1a00a';
    const B = '0b6f2f7e-3c5e-4a53-9a55-1f0e5bd1a00b';
    const inA: WebhookEvent = { ...registered, data: { ...registered.data, filter: { categories: ['grant'], districtId: A } } } as WebhookEvent;
    const stateOf = (events: WebhookEvent[]) => events.reduce(webhooksDecider.evolve, webhooksDecider.initialState());
    const as = (actor: ScopedActor) => context({ actor });
    const repoint = (actor: ScopedActor, districtId: string): WebhookCommand => ({
      type: 'UpdateWebhook',
      data: { webhookId, changes: { url: 'https://elsewhere.example.org/', filter: { districtId } } },
      context: as(actor),
    });
    const inScope = (command: WebhookCommand, events: WebhookEvent[]) => () =>
      assertCommandInScope(webhooksDecider, command, stateOf(events));

    it('lets an administrator of another district neither repoint the endpoint nor move it into their district: to them it does not exist', () => {
      const adminOfB = { id: 'boss-b', role: 'admin', districts: [B] };
      const missing = expect.objectContaining({ code: 'NOT_FOUND', message: `Webhook ${webhookId} not found` });
      expect(inScope(repoint(adminOfB, B), [inA])).toThrow(missing);
      expect(inScope({ type: 'DisableWebhook', data: { webhookId }, context: as(adminOfB) }, [inA])).toThrow(missing);
      // Exactly as an endpoint never registered.
      expect(inScope(repoint(adminOfB, B), [])).toThrow(missing);
    });

    it('lets an administrator of the endpoint\'s district change it within that district only', () => {
      const adminOfA = { id: 'boss-a', role: 'admin', districts: [A] };
      expect(inScope(repoint(adminOfA, A), [inA])).not.toThrow();
      spec.given([inA]).when(repoint(adminOfA, A)).then([
        {
          type: 'WebhookUpdated',
          data: {
            webhookId,
            changes: { url: 'https://elsewhere.example.org/', filter: { districtId: A } },
            previous: { url: registered.data.url, filter: { categories: ['grant'], districtId: A } },
          },
        },
      ]);
      expect(inScope(repoint(adminOfA, B), [inA])).not.toThrow();
      spec.given([inA]).when(repoint(adminOfA, B)).thenThrows('FORBIDDEN');
      spec.given([registered]).when(repoint({ id: 'root', role: 'admin', districts: null }, B)).then([
        {
          type: 'WebhookUpdated',
          data: {
            webhookId,
            changes: { url: 'https://elsewhere.example.org/', filter: { districtId: B } },
            previous: { url: registered.data.url, filter: { categories: ['grant'] } },
          },
        },
      ]);
    });

    it('answers a limited caller who does not own the endpoint NOT_FOUND, as for an id nobody registered', () => {
      const strangerInB = { id: 'globex', role: 'integrator', districts: [B] };
      const strangerInA = { ...strangerInB, districts: [A] };
      for (const events of [[inA], [] as WebhookEvent[]]) {
        expect(inScope(repoint(strangerInB, B), events)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
        expect(inScope(repoint(strangerInA, A), events)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
      }
      const ownerInA = { id: 'acme', role: 'integrator', districts: [A] };
      const removed: WebhookEvent = { type: 'WebhookRemoved', data: { webhookId } };
      // The owner's repeated command reaches the pipeline's idempotency answer.
      expect(inScope({ type: 'RemoveWebhook', data: { webhookId }, context: as(ownerInA) }, [inA, removed])).not.toThrow();
    });
  });
});
