import { assertDistrictInScope } from '../../core/district-scope';
import type { CommandContext, Decider } from '../../core/decider';
import { badInput, notFound, ruleViolated } from '../../core/domain-error';
import type { WebhookCommand } from './webhooks.commands';
import {
  WEBHOOK_CATEGORY,
  type WebhookEvent,
  type WebhookSettings,
} from './webhooks.events';

export type RegisteredWebhook = {
  status: 'active' | 'disabled' | 'removed';
  ownerId: string;
  settings: WebhookSettings;
  secretId: string;
  /** Stream version of the last event. */
  version: number;
  /** Stream version of the last event that changed where or what is delivered, or re-enabled delivery. */
  configVersion: number;
};

export type WebhookState = { status: 'unregistered' } | RegisteredWebhook;

/** How long a rotated-out secret may still sign deliveries, at most (one week). */
export const MAX_KEEP_PREVIOUS_HOURS = 168;

const SETTINGS_FIELDS = ['url', 'filter', 'description'] as const satisfies readonly (keyof WebhookSettings)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const webhooksDecider: Decider<WebhookState, WebhookCommand, WebhookEvent> = {
  category: WEBHOOK_CATEGORY,
  schemaVersion: 1,

  initialState: () => ({ status: 'unregistered' }),

  // An endpoint belongs to the district its filter names; one for every district is only for unscoped callers.
  // The pipeline checks the district the endpoint is in now; a new filter's district is checked by decide.
  districtOf(command, state) {
    if (command.type === 'RegisterWebhook') return command.data.filter.districtId ?? null;
    // Someone else's endpoint is not found, whatever its district: the scope check must not tell that it exists.
    if (state.status === 'unregistered' || !isOwnerOrAdmin(state, command.context)) {
      throw notFound('Webhook', command.data.webhookId);
    }
    return state.settings.filter.districtId ?? null;
  },

  evolve(state, event) {
    if (event.type === 'WebhookRegistered') {
      const { webhookId: _id, ownerId, secretId, ...settings } = event.data;
      return { status: 'active', ownerId, settings, secretId, version: 0, configVersion: 0 };
    }
    if (state.status === 'unregistered') return state;
    const version = state.version + 1;
    switch (event.type) {
      case 'WebhookUpdated':
        return { ...state, settings: { ...state.settings, ...event.data.changes }, version, configVersion: version };
      case 'WebhookDisabled':
        return { ...state, status: 'disabled', version };
      case 'WebhookEnabled':
        return { ...state, status: 'active', version, configVersion: version };
      case 'WebhookRemoved':
        return { ...state, status: 'removed', version };
      case 'WebhookSecretRotated':
        return { ...state, secretId: event.data.secretId, version };
      case 'WebhookRedeliveryRequested':
        return { ...state, version };
    }
  },

  decide(command, state) {
    if (command.type === 'RegisterWebhook') {
      if (state.status !== 'unregistered') {
        throw ruleViolated(
          'WEBHOOK_EXISTS',
          `Webhook ${command.data.webhookId} is already registered`,
          { webhookId: command.data.webhookId },
        );
      }
      const { webhookId, secretId, url, filter, description } = command.data;
      assertWebhookUrl(url);
      const ownerId = command.context.actor.id;
      return [{ type: 'WebhookRegistered', data: { webhookId, ownerId, secretId, url, filter, description } }];
    }
    const { webhookId } = command.data;
    if (command.type === 'GiveUpWebhook') {
      // The worker's view may be outdated: the owner changed, re-enabled or removed the endpoint meanwhile.
      if (state.status !== 'active' || state.configVersion !== command.data.configVersion) return [];
      const { cause, reason, lastFailure } = command.data;
      return [{ type: 'WebhookDisabled', data: { webhookId, cause, reason, lastFailure } }];
    }
    const webhook = ownWebhook(state, webhookId, command.context);
    switch (command.type) {
      case 'UpdateWebhook':
        return update(webhookId, command.data.changes, webhook, command.context);
      case 'DisableWebhook': {
        if (webhook.status === 'disabled') return [];
        const reason = command.context.reason ?? `Disabled by ${command.context.actor.id}`;
        return [{ type: 'WebhookDisabled', data: { webhookId, cause: 'OWNER', reason, lastFailure: null } }];
      }
      case 'EnableWebhook':
        return webhook.status === 'active' ? [] : [{ type: 'WebhookEnabled', data: { webhookId } }];
      case 'RemoveWebhook':
        return [{ type: 'WebhookRemoved', data: { webhookId } }];
      case 'RotateWebhookSecret': {
        const { secretId, keepPreviousForHours } = command.data;
        if (!Number.isInteger(keepPreviousForHours) || keepPreviousForHours < 0 || keepPreviousForHours > MAX_KEEP_PREVIOUS_HOURS) {
          throw badInput(`keepPreviousForHours must be a whole number from 0 to ${MAX_KEEP_PREVIOUS_HOURS}`);
        }
        const previousValidUntil = new Date(command.context.now.getTime() + keepPreviousForHours * 3_600_000);
        return [
          {
            type: 'WebhookSecretRotated',
            data: { webhookId, secretId, previousSecretId: webhook.secretId, previousValidUntil: previousValidUntil.toISOString() },
          },
        ];
      }
      case 'RequestWebhookRedelivery':
        return [{ type: 'WebhookRedeliveryRequested', data: { webhookId, fromCursor: command.data.fromCursor } }];
    }
  },
};

/**
 * The endpoint as its owner (or an administrator) may change it. Anyone else is told it does not exist, so the ids
 * of other integrators' endpoints cannot be probed.
 */
function ownWebhook(state: WebhookState, webhookId: string, context: CommandContext): RegisteredWebhook {
  const visible = state.status !== 'unregistered' && state.status !== 'removed' && isOwnerOrAdmin(state, context);
  if (!visible) throw notFound('Webhook', webhookId);
  return state;
}

const isOwnerOrAdmin = (webhook: RegisteredWebhook, context: CommandContext): boolean =>
  webhook.ownerId === context.actor.id || context.actor.role === 'admin';

function update(
  webhookId: string,
  requested: Partial<WebhookSettings>,
  webhook: RegisteredWebhook,
  context: CommandContext,
): WebhookEvent[] {
  // The pipeline held the caller to the endpoint's current district; it must not move it to one out of their reach.
  if (requested.filter) assertDistrictInScope(context.actor, requested.filter.districtId ?? null);
  const changes: Partial<WebhookSettings> = {};
  const previous: Partial<WebhookSettings> = {};
  for (const field of SETTINGS_FIELDS) {
    const next = requested[field];
    if (next === undefined || same(next, webhook.settings[field])) continue;
    Object.assign(changes, { [field]: next });
    Object.assign(previous, { [field]: webhook.settings[field] });
  }
  if (Object.keys(changes).length === 0) return [];
  if (changes.url !== undefined) assertWebhookUrl(changes.url);
  return [{ type: 'WebhookUpdated', data: { webhookId, changes, previous } }];
}

/** The shape of a webhook URL; whether its host may be called is checked against DNS by the handler. */
export function assertWebhookUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('url is not an absolute URL', { field: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw badInput('url must use https or http', { field: 'url' });
  }
  // The URL is recorded in the event log; credentials have no place there (deliveries are signed instead).
  if (parsed.username || parsed.password) throw badInput('url must not contain credentials', { field: 'url' });
  if (parsed.hash) throw badInput('url must not contain a fragment', { field: 'url' });
}
