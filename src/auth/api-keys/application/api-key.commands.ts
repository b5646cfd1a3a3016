import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../../core/decider';
import { CommandPipeline } from '../../../core/command-pipeline.service';
import type { CommandOutcome } from '../../../core/handle-command';
import { newApiKey } from '../api-key-secret';
import type { IssueApiKey, RevokeApiKey } from '../domain/api-keys.commands';
import { apiKeysDecider } from '../domain/api-keys.decider';

/** The outcome of issuing a key, with the key itself; null when the command id was seen before (shown only once). */
export interface IssuedApiKey {
  outcome: CommandOutcome;
  key: string | null;
}

export class IssueApiKeyCommand extends CqrsCommand<IssuedApiKey> {
  constructor(readonly data: Omit<IssueApiKey['data'], 'secretHash'>, readonly context: CommandContext) {
    super();
  }
}

export class RevokeApiKeyCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RevokeApiKey['data'], readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(IssueApiKeyCommand)
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKeyCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  async execute({ data, context }: IssueApiKeyCommand): Promise<IssuedApiKey> {
    const { key, secretHash } = newApiKey(data.keyId);
    const outcome = await this.pipeline.run(apiKeysDecider, data.keyId, {
      type: 'IssueApiKey',
      data: { ...data, secretHash },
      context,
    });
    // A repeated command recorded the hash of another secret: this one would not work, so none is shown.
    return { outcome, key: outcome.repeated ? null : key };
  }
}

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RevokeApiKeyCommand) {
    return this.pipeline.run(apiKeysDecider, data.keyId, { type: 'RevokeApiKey', data, context });
  }
}
