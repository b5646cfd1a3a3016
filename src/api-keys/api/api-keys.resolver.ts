import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { ProjectionsService } from '../../../projections/runner/projections.service';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import { deterministicUuid } from '../../core/ids';
import type { Principal } from '../../core/principal';
import { scopeDistricts } from '../../auth/district-scope';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import type { Role } from '../../core/roles';
import { RoleEnum } from '../../graphql/role.enum';
import { IssueApiKeyCommand } from '../application/issue-api-key.handler';
import { apiKeysDecider } from '../domain/api-keys.decider';
import type { ApiKeyIssued } from '../domain/api-keys.events';
import { IssueApiKeyInput, RevokeApiKeyInput } from './api-keys.inputs';

@ObjectType()
export class IssueApiKeyPayload extends CommandPayload {
  @Field(() => ID)
  keyId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The key (sl_…), sent as "Authorization: Bearer <key>". Shown only this once and stored only as a hash; null ' +
      'when the command id was used before (issue a new key if it was lost)',
  })
  apiKey!: string | null;

  @Field()
  name!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => [ID], { nullable: true, description: 'null: every district' })
  districts!: string[] | null;

  @Field(() => String, { nullable: true })
  expiresOn!: string | null;
}

@Resolver()
export class ApiKeysMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => IssueApiKeyPayload, {
    description: 'Issues an API key for an integrator; its secret is shown only in this answer',
  })
  async issueApiKey(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: IssueApiKeyInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<IssueApiKeyPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    // Derived from the command id, so a retried request lands on the same key rather than issuing a second one.
    const keyId = deterministicUuid('apikey', context.commandId);
    const districts = input.districts ? scopeDistricts(input.districts) : null;
    const data = { keyId, name: input.name, role: input.role, districts, expiresOn: input.expiresOn ?? null };
    const { outcome, key } = await this.commandBus.execute(new IssueApiKeyCommand(data, context));
    const issued = outcome.events.find((event) => event.type === 'ApiKeyIssued')?.data as ApiKeyIssued['data'];
    // Usable once the read model has it, normally within milliseconds; the secret is answered even if that takes
    // longer, since it can never be shown again.
    await this.projections.waitForPosition(outcome.position).catch(() => undefined);
    return Object.assign(new IssueApiKeyPayload(), CommandPayload.from(context.commandId, outcome), {
      keyId,
      apiKey: key,
      name: issued.name,
      role: issued.role,
      districts: issued.districts,
      expiresOn: issued.expiresOn,
    });
  }

  @Mutation(() => CommandPayload, {
    description: 'Revokes an API key for good; answers once authentication refuses it (read models caught up)',
  })
  async revokeApiKey(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RevokeApiKeyInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const context = commandContext(request, actor, options, this.clock.now());
    const outcome = await this.dispatch.decide(apiKeysDecider, input.keyId, {
      type: 'RevokeApiKey',
      data: { keyId: input.keyId, reason: input.reason },
      context,
    });
    // Authentication reads the api-keys read model: answer only once the revocation is in force there.
    await this.projections.waitForPosition(outcome.position);
    return CommandPayload.from(context.commandId, outcome);
  }
}
