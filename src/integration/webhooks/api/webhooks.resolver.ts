import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../../core/clock';
import { CommandDispatch } from '../../../core/command-dispatch';
import type { CommandOutcome } from '../../../core/handle-command';
import { deterministicUuid } from '../../../core/ids';
import type { Principal } from '../../../core/principal';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../../graphql/request-context';
import {
  type OutcomeWithSecret,
  RegisterWebhookCommand,
  RequestWebhookRedeliveryCommand,
  RotateWebhookSecretCommand,
  UpdateWebhookCommand,
} from '../application/webhook-checks.handler';
import { webhooksDecider } from '../../../webhooks/domain/webhooks.decider';
import { webhookFilterFor } from '../application/webhook-filter';
import type { WebhookSettings } from '../../../webhooks/domain/webhooks.events';
import {
  RedeliverWebhookInput,
  RegisterWebhookInput,
  RotateWebhookSecretInput,
  UpdateWebhookInput,
  WebhookIdInput,
} from './webhooks.inputs';

@ObjectType()
export class WebhookSecretPayload extends CommandPayload {
  @Field(() => ID)
  webhookId!: string;

  @Field({
    description:
      'Signing secret (whsec_ + base64): shown only in this answer, never again. Store it; verify every delivery with it',
  })
  secret!: string;
}

/** Endpoint management for integrators. Every operation acts on the caller's own endpoints (administrators: any). */
@Resolver()
export class WebhooksMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => WebhookSecretPayload, {
    description: 'Registers a webhook endpoint owned by the caller; the answer carries its signing secret, once',
  })
  async registerWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RegisterWebhookInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<WebhookSecretPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from caller and command id: a repeated command finds its endpoint, other callers never reach it.
    const webhookId = deterministicUuid('webhook', actor.id, context.commandId);
    const data = { webhookId, url: input.url, filter: webhookFilterFor(input.filter, actor), description: input.description || null };
    const result: OutcomeWithSecret = await this.commandBus.execute(new RegisterWebhookCommand(data, context));
    return secretPayload(context.commandId, webhookId, result);
  }

  @Mutation(() => CommandPayload, { description: 'Changes the URL, filter or description of a webhook endpoint' })
  async updateWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: UpdateWebhookInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const changes: Partial<WebhookSettings> = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.filter !== undefined ? { filter: webhookFilterFor(input.filter, actor) } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
    };
    const outcome: CommandOutcome = await this.commandBus.execute(
      new UpdateWebhookCommand({ webhookId: input.webhookId, changes }, context),
    );
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Stops deliveries to the endpoint; the reason option is shown to its owner' })
  async disableWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: WebhookIdInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome: CommandOutcome = await this.dispatch.decide(webhooksDecider, input.webhookId, {
      type: 'DisableWebhook',
      data: { webhookId: input.webhookId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, {
    description: 'Resumes deliveries from where they stopped: nothing recorded while it was disabled is skipped',
  })
  async enableWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: WebhookIdInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome: CommandOutcome = await this.dispatch.decide(webhooksDecider, input.webhookId, {
      type: 'EnableWebhook',
      data: { webhookId: input.webhookId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => CommandPayload, { description: 'Removes the endpoint for good; its secrets are deleted' })
  async removeWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: WebhookIdInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome: CommandOutcome = await this.dispatch.decide(webhooksDecider, input.webhookId, {
      type: 'RemoveWebhook',
      data: { webhookId: input.webhookId },
      context,
    });
    return CommandPayload.from(context.commandId, outcome);
  }

  @Mutation(() => WebhookSecretPayload, {
    description: 'Issues a new signing secret (shown once); the previous one keeps signing beside it for a while',
  })
  async rotateWebhookSecret(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RotateWebhookSecretInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<WebhookSecretPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const { webhookId, keepPreviousForHours } = input;
    const result: OutcomeWithSecret = await this.commandBus.execute(
      new RotateWebhookSecretCommand({ webhookId, keepPreviousForHours }, context),
    );
    return secretPayload(context.commandId, webhookId, result);
  }

  @Mutation(() => CommandPayload, {
    description:
      'Delivers again every matching event after fromCursor, in order, with their original webhook-id (receivers de-duplicate)',
  })
  async redeliverWebhook(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RedeliverWebhookInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const data = { webhookId: input.webhookId, fromCursor: input.fromCursor ?? null };
    const outcome: CommandOutcome = await this.commandBus.execute(new RequestWebhookRedeliveryCommand(data, context));
    return CommandPayload.from(context.commandId, outcome);
  }
}

function secretPayload(commandId: string, webhookId: string, { outcome, secret }: OutcomeWithSecret): WebhookSecretPayload {
  return Object.assign(new WebhookSecretPayload(), CommandPayload.from(commandId, outcome), { webhookId, secret });
}
