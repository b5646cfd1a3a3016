import { Command as CqrsCommand, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import { CommandPipeline } from '../../core/command-pipeline.service';
import type { CommandOutcome } from '../../core/handle-command';
import { newApiKey } from '../../auth/api-key-secret';
import type { IssueApiKey } from '../domain/api-keys.commands';
import { apiKeysDecider } from '../domain/api-keys.decider';

// Issuing keeps a handler of its own: it makes the key, of which only the hash is recorded. Revoking is a plain
// command (CommandDispatch).

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
