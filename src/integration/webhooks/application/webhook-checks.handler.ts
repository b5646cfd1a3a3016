import { Inject } from '@nestjs/common';
import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { type CommandContext, streamName } from '../../../core/decider';
import { CommandPipeline } from '../../../core/command-pipeline.service';
import { badInput, commandIdReused } from '../../../core/domain-error';
import { decideOnly, type CommandOutcome } from '../../../core/handle-command';
import { deterministicUuid } from '../../../core/ids';
import { LOGGER, type JsonLogger } from '../../../core/logger';
import type { RecordedEvent } from '../../../core/envelope';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { assertHostAllowed, ForbiddenAddressError, hostOf } from '../delivery/network-guard';
import type { RegisterWebhook, RequestWebhookRedelivery, UpdateWebhook } from '../../../webhooks/domain/webhooks.commands';
import { assertWebhookUrl, webhooksDecider } from '../../../webhooks/domain/webhooks.decider';
import type { WebhookRegistered, WebhookSecretRotated } from '../../../webhooks/domain/webhooks.events';
import { WebhookSecrets } from './webhook-secrets';

// The webhook use cases that check something outside the stream first (the URL's host, the cursor) or hand out a
// signing secret. Disabling, enabling, removing and giving up are plain commands (CommandDispatch).

/** What a command that hands out a signing secret returns: the secret is shown this once. */
export type OutcomeWithSecret = { outcome: CommandOutcome; secret: string };

export class RegisterWebhookCommand extends CqrsCommand<OutcomeWithSecret> {
  constructor(readonly data: Omit<RegisterWebhook['data'], 'secretId'>, readonly context: CommandContext) {
    super();
  }
}

export class UpdateWebhookCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: UpdateWebhook['data'], readonly context: CommandContext) {
    super();
  }
}

export class RotateWebhookSecretCommand extends CqrsCommand<OutcomeWithSecret> {
  constructor(readonly data: { webhookId: string; keepPreviousForHours: number }, readonly context: CommandContext) {
    super();
  }
}

export class RequestWebhookRedeliveryCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RequestWebhookRedelivery['data'], readonly context: CommandContext) {
    super();
  }
}

/**
 * Refuses a URL whose host is off limits now; deliveries check again on every connection. The caller learns only
 * that the host is not allowed; which address it resolved to goes to the server log.
 */
async function assertReachableUrl(url: string, allowPrivateNetworks: boolean, logger: JsonLogger): Promise<void> {
  assertWebhookUrl(url);
  const host = hostOf(new URL(url));
  try {
    await assertHostAllowed(host, allowPrivateNetworks);
  } catch (error) {
    if (error instanceof ForbiddenAddressError) {
      logger.write('warn', 'webhook URL refused: the host resolves to an address webhooks may not call', {
        component: 'webhooks',
        ...error.refused,
      });
      throw badInput(error.message, { field: 'url' });
    }
    throw badInput(`The host ${host} of the url cannot be resolved`, { field: 'url' });
  }
}

/** The secret of each new secret id is derived from the command, so a retried command hands out the same one. */
const secretIdFor = (webhookId: string, commandId: string) => deterministicUuid('webhook-secret', webhookId, commandId);

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute({ data, context }: RegisterWebhookCommand): Promise<OutcomeWithSecret> {
    await assertReachableUrl(data.url, this.config.webhooks.allowPrivateNetworks, this.logger);
    const secretId = secretIdFor(data.webhookId, context.commandId);
    // Stored before the event that names it (see WebhookSecrets).
    const secret = await this.secrets.obtain(secretId, data.webhookId, context.now);
    const outcome = await this.pipeline.run(webhooksDecider, data.webhookId, {
      type: 'RegisterWebhook',
      data: { ...data, secretId },
      context,
    });
    if (!outcome.repeated) return { outcome, secret };
    const [registered] = outcome.events as unknown as WebhookRegistered[];
    // A repeated command id returns the secret again, but only to whoever registered the endpoint.
    if (outcome.events[0].metadata.actorId !== context.actor.id || registered.data.secretId !== secretId) {
      throw commandIdReused(context.commandId);
    }
    return { outcome, secret };
  }
}

@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async execute({ data, context }: UpdateWebhookCommand) {
    if (data.changes.url !== undefined) {
      await assertReachableUrl(data.changes.url, this.config.webhooks.allowPrivateNetworks, this.logger);
    }
    return this.pipeline.run(webhooksDecider, data.webhookId, { type: 'UpdateWebhook', data, context });
  }
}

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly secrets: WebhookSecrets,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: RotateWebhookSecretCommand): Promise<OutcomeWithSecret> {
    const secretId = secretIdFor(data.webhookId, context.commandId);
    const command = { type: 'RotateWebhookSecret' as const, data: { ...data, secretId }, context };
    // Only the owner gets as far as creating a secret.
    await decideOnly(this.store, webhooksDecider, streamName(webhooksDecider.category, data.webhookId), command);
    const secret = await this.secrets.obtain(secretId, data.webhookId, context.now);
    const outcome = await this.pipeline.run(webhooksDecider, data.webhookId, command);
    const history = await this.store.readStream(streamName(webhooksDecider.category, data.webhookId));
    await this.secrets.remove(retiredSecretIds(history, context.now));
    return { outcome, secret };
  }
}

/**
 * Secrets no delivery signs with again: each one a rotation replaced, but the last replaced one while it is still
 * honoured. Only ids that recorded events name are considered, so a secret written for a rotation still in flight
 * is never among them.
 */
function retiredSecretIds(history: readonly RecordedEvent[], now: Date): string[] {
  const rotations = history
    .filter((event) => event.type === 'WebhookSecretRotated')
    .map((event) => (event as unknown as WebhookSecretRotated).data);
  const last = rotations.at(-1);
  return rotations
    .filter((rotation) => rotation !== last || Date.parse(rotation.previousValidUntil) <= now.getTime())
    .map((rotation) => rotation.previousSecretId);
}

@CommandHandler(RequestWebhookRedeliveryCommand)
export class RequestWebhookRedeliveryHandler implements ICommandHandler<RequestWebhookRedeliveryCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ data, context }: RequestWebhookRedeliveryCommand) {
    if (data.fromCursor !== null) {
      const head = await this.store.headPosition();
      if (!this.store.isPosition(data.fromCursor) || head === null || data.fromCursor > head) {
        throw badInput('fromCursor is not a cursor of an event of this service', { field: 'fromCursor' });
      }
    }
    return this.pipeline.run(webhooksDecider, data.webhookId, { type: 'RequestWebhookRedelivery', data, context });
  }
}
